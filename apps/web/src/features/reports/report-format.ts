import type { Formatters } from '@/lib/format';

/** "2 h 05" for durations (seconds), the way fleet reports read them. */
export function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')}` : `${m} min`;
}

export const km = (format: Formatters, value: number) =>
  `${format.number(value, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} km`;

export const kmh = (format: Formatters, value: number | null) =>
  value === null ? '—' : `${format.number(value, { maximumFractionDigits: 0 })} km/h`;
