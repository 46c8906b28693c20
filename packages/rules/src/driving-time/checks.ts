import type { RuleSettings } from '@pioneira/contracts';
import type { DrivingSegment } from '../evaluators/driving';
import { formatMinutes } from './duration';

/** The Lei 13.103 checks, each an entry `rules.<name>` of the event_types catalogue. */
export type DrivingTimeRule = 'continuous-driving' | 'daily-rest' | 'workday';

export type DrivingTimeSettings = Pick<
  RuleSettings,
  | 'continuousDrivingMaxMinutes'
  | 'restMinMinutes'
  | 'restFractionMinMinutes'
  | 'dailyRestMinMinutes'
  | 'dailyRestFirstMinMinutes'
  | 'mealBreakMinMinutes'
  | 'workdayMinutes'
  | 'overtimeMinutes'
>;

export interface DrivingTimeViolation {
  rule: DrivingTimeRule;
  startedAt: number;
  endedAt: number;
  measuredMinutes: number;
  limitMinutes: number;
  /** The measure in words (pt-BR), as the infraction form prints it. */
  text: string;
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** A driver's driving periods from every vehicle, sorted, overlaps (two devices) merged. */
export function timeline(segments: DrivingSegment[]): DrivingSegment[] {
  const sorted = [...segments].sort((a, b) => a.startedAt - b.startedAt);
  const merged: DrivingSegment[] = [];
  for (const seg of sorted) {
    const last = merged.at(-1);
    if (last && seg.startedAt <= last.endedAt) last.endedAt = Math.max(last.endedAt, seg.endedAt);
    else merged.push({ ...seg });
  }
  return merged;
}

/**
 * CTB art. 67-C: at most `continuousDrivingMaxMinutes` of driving without a rest of
 * `restMinMinutes`, which may be split in stops of at least `restFractionMinMinutes` each (shorter
 * stops are neither driving nor rest). One violation per stretch between completed rests.
 */
export function checkContinuousDriving(
  segments: DrivingSegment[],
  s: DrivingTimeSettings,
): DrivingTimeViolation[] {
  const violations: DrivingTimeViolation[] = [];
  let start: number | null = null;
  let driving = 0;
  let rest = 0;
  let lastEnd: number | null = null;
  const finish = () => {
    if (start !== null && lastEnd !== null && driving > s.continuousDrivingMaxMinutes * MIN) {
      const measured = driving / MIN;
      violations.push({
        rule: 'continuous-driving',
        startedAt: start,
        endedAt: lastEnd,
        measuredMinutes: Math.round(measured),
        limitMinutes: s.continuousDrivingMaxMinutes,
        text: `dirigiu ${formatMinutes(measured)} sem pausa; limite ${formatMinutes(s.continuousDrivingMaxMinutes)}`,
      });
    }
    start = null;
    driving = 0;
    rest = 0;
  };
  for (const seg of timeline(segments)) {
    if (lastEnd !== null) {
      const stop = seg.startedAt - lastEnd;
      if (stop >= s.restFractionMinMinutes * MIN) rest += stop;
      if (rest >= s.restMinMinutes * MIN) finish();
    }
    start ??= seg.startedAt;
    driving += seg.endedAt - seg.startedAt;
    lastEnd = seg.endedAt;
  }
  finish();
  return violations;
}

/** Working days: driving periods separated by less than the first daily-rest period (8 h). */
export function journeys(segments: DrivingSegment[], s: DrivingTimeSettings): DrivingSegment[][] {
  const days: DrivingSegment[][] = [];
  for (const seg of timeline(segments)) {
    const day = days.at(-1);
    const last = day?.at(-1);
    if (day && last && seg.startedAt - last.endedAt < s.dailyRestFirstMinMinutes * MIN) day.push(seg);
    else days.push([seg]);
  }
  return days;
}

/**
 * CTB art. 67-C §3 and CLT art. 235-C §3: within the 24 h from the start of each working day, at
 * least `dailyRestMinMinutes` of rest (stops of at least `restFractionMinMinutes`), one of them at
 * least `dailyRestFirstMinMinutes` uninterrupted. A day is judged once `until` (the newest fix known
 * for the driver) is past its 24 h.
 */
export function checkDailyRest(
  segments: DrivingSegment[],
  s: DrivingTimeSettings,
  until: number,
): DrivingTimeViolation[] {
  const all = timeline(segments);
  const violations: DrivingTimeViolation[] = [];
  for (const day of journeys(all, s)) {
    const from = day[0].startedAt;
    const to = from + DAY;
    if (until < to) continue;
    let rest = 0;
    let longest = 0;
    let cursor = from;
    for (const seg of all) {
      if (seg.endedAt <= from) continue;
      if (seg.startedAt >= to) break;
      const stop = Math.max(0, Math.min(seg.startedAt, to) - cursor);
      if (stop >= s.restFractionMinMinutes * MIN) rest += stop;
      longest = Math.max(longest, stop);
      cursor = Math.min(seg.endedAt, to);
    }
    const tail = to - cursor;
    if (tail >= s.restFractionMinMinutes * MIN) rest += tail;
    longest = Math.max(longest, tail);
    if (rest >= s.dailyRestMinMinutes * MIN && longest >= s.dailyRestFirstMinMinutes * MIN) continue;
    violations.push({
      rule: 'daily-rest',
      startedAt: from,
      endedAt: to,
      measuredMinutes: Math.round(rest / MIN),
      limitMinutes: s.dailyRestMinMinutes,
      text:
        `descansou ${formatMinutes(rest / MIN)} em 24 h (maior período ${formatMinutes(longest / MIN)}); ` +
        `mínimo ${formatMinutes(s.dailyRestMinMinutes)}, o primeiro de ${formatMinutes(s.dailyRestFirstMinMinutes)}`,
    });
  }
  return violations;
}

/**
 * CLT art. 235-C: a working day (first to last driving, less the stops of at least
 * `mealBreakMinMinutes`) of at most `workdayMinutes` plus `overtimeMinutes`.
 */
export function checkWorkday(segments: DrivingSegment[], s: DrivingTimeSettings): DrivingTimeViolation[] {
  const limit = s.workdayMinutes + s.overtimeMinutes;
  const violations: DrivingTimeViolation[] = [];
  for (const day of journeys(segments, s)) {
    const from = day[0].startedAt;
    const to = day[day.length - 1].endedAt;
    let breaks = 0;
    for (let i = 1; i < day.length; i++) {
      const stop = day[i].startedAt - day[i - 1].endedAt;
      if (stop >= s.mealBreakMinMinutes * MIN) breaks += stop;
    }
    const worked = (to - from - breaks) / MIN;
    if (worked <= limit) continue;
    violations.push({
      rule: 'workday',
      startedAt: from,
      endedAt: to,
      measuredMinutes: Math.round(worked),
      limitMinutes: limit,
      text: `jornada de ${formatMinutes(worked)}; limite ${formatMinutes(limit)} (${formatMinutes(s.workdayMinutes)} + ${formatMinutes(s.overtimeMinutes)} de horas extras)`,
    });
  }
  return violations;
}

/** Every driving-time check over one driver's timeline. */
export function checkDrivingTime(
  segments: DrivingSegment[],
  s: DrivingTimeSettings,
  until: number,
): DrivingTimeViolation[] {
  return [
    ...checkContinuousDriving(segments, s),
    ...checkDailyRest(segments, s, until),
    ...checkWorkday(segments, s),
  ];
}
