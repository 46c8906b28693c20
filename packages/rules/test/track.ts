import type { RuleSettings } from '@pioneira/contracts';
import type { RuleFix } from '../src';

/** The defaults of migration 030, as one object, for the pure tests. */
export const SETTINGS: RuleSettings = {
  timeZone: 'America/Sao_Paulo',
  speedLimitKmh: 80,
  overspeedToleranceKmh: 7,
  overspeedMinSeconds: 10,
  harshAccelerationMs2: 3,
  harshBrakingMs2: 3.5,
  harshCorneringMs2: 3,
  harshMaxFixGapSeconds: 5,
  idleMaxSeconds: 300,
  movingSpeedKmh: 5,
  maxFixGapSeconds: 300,
  stopMinSeconds: 120,
  tripMinDistanceM: 500,
  tripMinSeconds: 300,
  tripStopMinSeconds: 300,
  tripMaxGapSeconds: 900,
  allowedHours: null,
  drivingTime: true,
  continuousDrivingMaxMinutes: 330,
  restMinMinutes: 30,
  restFractionMinMinutes: 10,
  dailyRestMinMinutes: 660,
  dailyRestFirstMinMinutes: 480,
  mealBreakMinMinutes: 60,
  workdayMinutes: 480,
  overtimeMinutes: 120,
};

/** 2026-03-02 12:00 UTC (09:00 in São Paulo), a Monday. */
export const T0 = Date.UTC(2026, 2, 2, 12);

/** A fix `seconds` after T0 with a speed; the rest defaulted (no ignition reported). */
export const at = (seconds: number, speedKmh: number | null, extra: Partial<RuleFix> = {}): RuleFix => ({
  t: T0 + seconds * 1000,
  latitude: -23.55 + seconds * 1e-6,
  longitude: -46.63,
  speedKmh,
  course: 90,
  ignition: null,
  motion: null,
  deviceFlag: null,
  driverUniqueId: null,
  ...extra,
});

/** A fix every `every` seconds from `from` to `to` (inclusive) at `speed`. */
export const run = (from: number, to: number, every: number, speed: number, extra: Partial<RuleFix> = {}) => {
  const fixes: RuleFix[] = [];
  for (let s = from; s <= to; s += every) fixes.push(at(s, speed, extra));
  return fixes;
};
