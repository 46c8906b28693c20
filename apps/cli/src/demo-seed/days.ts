import { fromLocal } from '@pioneira/parcels';

/** The demo lives in São Paulo: days are São Paulo calendar days. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Days since 1970-01-01 of this calendar date: a stable seed for the day's generators. */
  number: number;
}

const DAY_MS = 86_400_000;
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Sao_Paulo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The São Paulo calendar day an instant falls on. */
export function localDayOf(at: number): LocalDay {
  const [year, month, day] = parts.format(new Date(at)).split('-').map(Number) as [number, number, number];
  const number = Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
  return { year, month, day, number, weekday: new Date(number * DAY_MS).getUTCDay() };
}

export function localDayNumbered(number: number): LocalDay {
  const date = new Date(number * DAY_MS);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    number,
  };
}

/** The UTC instant of a São Paulo wall time on `day`, `minutes` after midnight (may pass 24 h). */
export function atLocal(day: LocalDay, minutes: number): number {
  return fromLocal(day.year, day.month, day.day, 0, 0, 0) + Math.round(minutes * 60_000);
}

/** Every São Paulo day that has some instant in [from, to). */
export function daysBetween(from: number, to: number): LocalDay[] {
  if (to <= from) return [];
  const first = localDayOf(from).number;
  const last = localDayOf(to - 1).number;
  return Array.from({ length: last - first + 1 }, (_, i) => localDayNumbered(first + i));
}

/** A seed mixing small integers (device, day, salt) into 32 bits. */
export function seedOf(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h = Math.imul(h ^ (v & 0xffff), 0x01000193);
    h = Math.imul(h ^ (v >>> 16), 0x01000193);
  }
  return h >>> 0;
}
