import type { RuleSettings } from '@pioneira/contracts';
import { offsetMinutes } from '@pioneira/core/time';
import { type Evaluator, episodeOf, extendSpan, gapTooLong, NONE, openSpan, type Span } from '../episode';

export interface AfterHoursState {
  open: Span | null;
}

const HOUR = 3_600_000;
// Time-zone offsets change at most at whole hours here: one Intl call per zone and hour, not per fix.
const offsets = new Map<string, number>();

/** Weekday (0 = Sunday) and minute of the day of `t` in `timeZone`. */
export function localClock(t: number, timeZone: string): { day: number; minute: number } {
  const key = `${timeZone}|${Math.floor(t / HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 10_000) offsets.clear();
    offset = offsetMinutes(new Date(Math.floor(t / HOUR) * HOUR), timeZone);
    offsets.set(key, offset);
  }
  const local = new Date(t + offset * 60_000);
  return { day: local.getUTCDay(), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `t` falls in one of the allowed windows (none configured: always allowed). */
export function isAllowed(t: number, settings: RuleSettings): boolean {
  return inWindows(t, settings.allowedHours, settings.timeZone);
}

/** A weekly window: weekdays (0 = Sunday) and local `HH:MM` from–to, which may pass midnight. */
export interface AllowedWindow {
  days: number[];
  from: string;
  to: string;
}

/** Whether `t` falls in one of `windows` in `timeZone` (none given: always). */
export function inWindows(t: number, windows: AllowedWindow[] | null | undefined, timeZone: string): boolean {
  if (!windows || windows.length === 0) return true;
  const { day, minute } = localClock(t, timeZone);
  return windows.some((w) => {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    if (from <= to) return w.days.includes(day) && minute >= from && minute < to;
    // The window passes midnight: its evening belongs to `day`, its early hours to the day after.
    return (w.days.includes(day) && minute >= from) || (w.days.includes((day + 6) % 7) && minute < to);
  });
}

/** Use outside the allowed hours: moving or with the engine on while no allowed window is open. */
export const afterHours: Evaluator<AfterHoursState> = {
  initial: () => ({ open: null }),
  step(state, fix, settings) {
    let open = state.open;
    let episodes = NONE;
    const close = (end: typeof fix | null) => {
      if (!open) return;
      const seconds = Math.round(((end ? end.t : open.lastT) - open.t) / 1000);
      episodes = [
        episodeOf('after-hours', open, end, { value: seconds, limit: null, units: 's', peakSpeedKmh: null }),
      ];
      open = null;
    };
    if (open && gapTooLong(open, fix, settings)) close(null);
    const inUse = (fix.speedKmh !== null && fix.speedKmh >= settings.movingSpeedKmh) || fix.ignition === true;
    if (inUse && !isAllowed(fix.t, settings)) open = open ? extendSpan(open, fix) : openSpan(fix);
    else close(fix);
    return { state: { open }, episodes };
  },
};
