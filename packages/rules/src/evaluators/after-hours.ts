import type { RuleSettings } from '@pioneira/contracts';
import { offsetMinutes } from '@pioneira/core/time';
import {
  type Episode,
  type Evaluator,
  episodeOf,
  extendSpan,
  gapTooLong,
  NONE,
  openSpan,
  type Span,
} from '../episode';
import type { RuleFix } from '../fix';

export interface AfterHoursState {
  open: Span | null;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
// Time-zone offsets change at most at whole hours here: one Intl call per zone and hour, not per fix.
const offsets = new Map<string, number>();
// The zone and hour asked last, with its offset: consecutive fixes of a track share them.
let lastZone = '';
let lastHour = Number.NaN;
let lastOffset = 0;

function offsetAt(t: number, timeZone: string): number {
  const hour = Math.floor(t / HOUR);
  if (hour === lastHour && timeZone === lastZone) return lastOffset;
  const key = `${timeZone}|${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 10_000) offsets.clear();
    offset = offsetMinutes(new Date(hour * HOUR), timeZone);
    offsets.set(key, offset);
  }
  lastZone = timeZone;
  lastHour = hour;
  lastOffset = offset;
  return offset;
}

/** Weekday (0 = Sunday) and minute of the day of `t` in `timeZone`. */
export function localClock(t: number, timeZone: string): { day: number; minute: number } {
  const local = t + offsetAt(t, timeZone) * 60_000;
  return { day: localDay(local), minute: localMinute(local) };
}

// 1970-01-01 was a Thursday (4).
const localDay = (local: number) => (((Math.floor(local / DAY) + 4) % 7) + 7) % 7;
const localMinute = (local: number) => Math.floor((((local % DAY) + DAY) % DAY) / 60_000);

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

/** A window with its times parsed once (the settings' arrays are kept as they were read). */
interface ParsedWindow {
  days: number[];
  from: number;
  to: number;
}
const parsed = new WeakMap<AllowedWindow[], ParsedWindow[]>();

function parsedOf(windows: AllowedWindow[]): ParsedWindow[] {
  let list = parsed.get(windows);
  if (!list) {
    list = windows.map((w) => ({ days: w.days, from: minutesOf(w.from), to: minutesOf(w.to) }));
    parsed.set(windows, list);
  }
  return list;
}

/** Whether `t` falls in one of `windows` in `timeZone` (none given: always). */
export function inWindows(t: number, windows: AllowedWindow[] | null | undefined, timeZone: string): boolean {
  if (!windows || windows.length === 0) return true;
  const local = t + offsetAt(t, timeZone) * 60_000;
  const day = localDay(local);
  const minute = localMinute(local);
  for (const w of parsedOf(windows)) {
    if (w.from <= w.to) {
      if (w.days.includes(day) && minute >= w.from && minute < w.to) return true;
    } else if (
      (w.days.includes(day) && minute >= w.from) ||
      (w.days.includes((day + 6) % 7) && minute < w.to)
    )
      // The window passes midnight: its evening belongs to `day`, its early hours to the day after.
      return true;
  }
  return false;
}

function closed(open: Span, end: RuleFix | null): Episode[] {
  const seconds = Math.round(((end ? end.t : open.lastT) - open.t) / 1000);
  return [
    episodeOf('after-hours', open, end, { value: seconds, limit: null, units: 's', peakSpeedKmh: null }),
  ];
}

/** Use outside the allowed hours: moving or with the engine on while no allowed window is open. */
export const afterHours: Evaluator<AfterHoursState> = {
  initial: () => ({ open: null }),
  step(state, fix, settings) {
    let open = state.open;
    let episodes = NONE;
    if (open && gapTooLong(open, fix, settings)) {
      episodes = closed(open, null);
      open = null;
    }
    const inUse = (fix.speedKmh !== null && fix.speedKmh >= settings.movingSpeedKmh) || fix.ignition === true;
    if (inUse && !isAllowed(fix.t, settings)) open = open ? extendSpan(open, fix) : openSpan(fix);
    else if (open) {
      episodes = closed(open, fix);
      open = null;
    }
    return { state: open === null && state.open === null ? state : { open }, episodes };
  },
};
