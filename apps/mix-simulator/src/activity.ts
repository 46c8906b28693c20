const HOUR_MS = 3_600_000;

// Relative activity per local hour of a working day: little at night, peaks at the morning and
// evening rush hours, a dip at lunch.
const HOURS = [
  0.1, 0.08, 0.06, 0.06, 0.15, 0.5, 1.3, 2.2, 2.0, 1.4, 1.2, 1.3, 1.0, 1.2, 1.3, 1.4, 1.7, 2.2, 2.0, 1.2, 0.7,
  0.5, 0.3, 0.15,
];
// Sunday .. Saturday: fleets work less on Saturdays and little on Sundays.
const DAYS = [0.25, 1, 1, 1, 1, 1.05, 0.6];

/**
 * How busy the fleet is at `ms` relative to an average working-day hour (mean ≈ 1 over a week),
 * in local time at `offsetHours` from UTC (Brazil: -3).
 */
export function activityWeight(ms: number, offsetHours: number): number {
  const local = new Date(ms + offsetHours * HOUR_MS);
  const raw = HOURS[local.getUTCHours()] * DAYS[local.getUTCDay()];
  return raw / MEAN;
}

const MEAN = (HOURS.reduce((a, b) => a + b, 0) / 24) * (DAYS.reduce((a, b) => a + b, 0) / 7);
