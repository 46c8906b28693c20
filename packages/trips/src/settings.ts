/** Segmentation thresholds (a row of `trip_settings`, per vehicle category). */
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
