import { offsetMinutes } from '@pioneira/core/time';

/** One window of a weekly calendar, in local wall time: `day` 0 = Sunday, `to` may be "24:00". */
export interface CalendarWindow {
  day: number;
  from: string;
  to: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What is wrong with a calendar, or undefined when it is valid. */
export function calendarProblem(calendar: CalendarWindow[]): string | undefined {
  for (const [i, w] of calendar.entries()) {
    if (!Number.isInteger(w.day) || w.day < 0 || w.day > 6)
      return `calendar[${i}].day must be 0 (Sunday) to 6 (Saturday).`;
    if (!HHMM.test(w.from) || !HHMM.test(w.to)) return `calendar[${i}] times must be HH:MM (00:00 to 24:00).`;
    if (minutesOf(w.from) >= minutesOf(w.to))
      return `calendar[${i}] must end after it starts (${w.from}–${w.to}); split a window that crosses midnight in two days.`;
  }
  return undefined;
}

/** Whether an instant falls in the calendar, read in `timeZone`; no calendar means always. */
export function inCalendar(calendar: CalendarWindow[] | null, at: Date, timeZone: string): boolean {
  if (!calendar) return true;
  const local = new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000);
  const day = local.getUTCDay();
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return calendar.some((w) => w.day === day && minute >= minutesOf(w.from) && minute < minutesOf(w.to));
}
