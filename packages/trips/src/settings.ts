/**
 * Segmentation thresholds: rule settings (`rule_settings`, defaults < the vehicle's rule category <
 * the vehicle), edited on the rules page like every other threshold.
 */
export interface TripSettings {
  /** A trip covers at least this distance… */
  minTripDistanceM: number;
  /** …and lasts at least this long; shorter movements stay part of the stop around them. */
  minTripSeconds: number;
  /** Being still this long ends a trip; a stop lasts at least this long. */
  minStopSeconds: number;
  /** At or above this speed a fix is moving (with ignition off it never is). */
  movingSpeedKmh: number;
  /** A silence longer than this ends the trip at the last fix: the gap is never driving. */
  maxGapSeconds: number;
}

export const DEFAULT_TRIP_SETTINGS: Readonly<TripSettings> = Object.freeze({
  minTripDistanceM: 500,
  minTripSeconds: 300,
  minStopSeconds: 300,
  movingSpeedKmh: 5,
  maxGapSeconds: 900,
});

const SETTING_KEYS: Record<keyof TripSettings, string> = {
  minTripDistanceM: 'tripMinDistanceM',
  minTripSeconds: 'tripMinSeconds',
  minStopSeconds: 'tripStopMinSeconds',
  movingSpeedKmh: 'movingSpeedKmh',
  maxGapSeconds: 'tripMaxGapSeconds',
};

/** The thresholds in merged rule settings; a key missing or not a finite number falls back to the default. */
export function tripSettingsOf(settings: Record<string, unknown> | null | undefined): TripSettings {
  const result = { ...DEFAULT_TRIP_SETTINGS };
  for (const [field, key] of Object.entries(SETTING_KEYS) as Array<[keyof TripSettings, string]>) {
    const value = settings?.[key];
    if (typeof value === 'number' && Number.isFinite(value)) result[field] = value;
  }
  return result;
}
