/** A window as the hours editor holds it (the driving rules' `HoursWindow`): days and a from–to. */
export interface HoursWindow {
  days: number[];
  from: string;
  to: string;
}

/** One window of an alert rule's calendar as the API takes it: one day, `to` after `from` (up to 24:00). */
export interface CalendarWindow {
  day: number;
  from: string;
  to: string;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The editor's windows (days and a from–to, as the driving rules' allowed hours) as the API's
 * calendar: an end of 00:00 is midnight (24:00), and a window that ends before it starts crosses
 * midnight, so it continues on the next day. Undefined when a window is incomplete or empty.
 */
export function toCalendar(windows: HoursWindow[]): CalendarWindow[] | undefined {
  const out = new Map<string, CalendarWindow>();
  const add = (w: CalendarWindow) => out.set(`${w.day} ${w.from} ${w.to}`, w);
  for (const w of windows) {
    if (w.days.length === 0 || !HHMM.test(w.from) || !HHMM.test(w.to)) return undefined;
    const to = w.to === '00:00' ? '24:00' : w.to;
    const crosses = to !== '24:00' && minutes(to) < minutes(w.from);
    if (!crosses && minutes(to) <= minutes(w.from)) return undefined;
    for (const day of w.days) {
      add({ day, from: w.from, to: crosses ? '24:00' : to });
      if (crosses) add({ day: (day + 1) % 7, from: '00:00', to: w.to });
    }
  }
  return [...out.values()].sort((a, b) => a.day - b.day || minutes(a.from) - minutes(b.from));
}

/** The API's calendar as the editor's windows: the days that share a from–to in one window. */
export function fromCalendar(calendar: CalendarWindow[] | null): HoursWindow[] {
  const windows = new Map<string, HoursWindow>();
  for (const w of calendar ?? []) {
    const to = w.to === '24:00' ? '00:00' : w.to;
    const key = `${w.from}-${to}`;
    const window = windows.get(key) ?? { days: [], from: w.from, to };
    if (!window.days.includes(w.day)) window.days.push(w.day);
    windows.set(key, window);
  }
  return [...windows.values()]
    .map((w) => ({ ...w, days: [...w.days].sort((a, b) => a - b) }))
    .sort((a, b) => minutes(a.from) - minutes(b.from));
}
