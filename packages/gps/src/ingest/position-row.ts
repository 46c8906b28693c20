import type { AttributeValue, DecodedPosition } from '@pioneira/protocols';

/** A position ready for storage: the device resolved to its compact number, units as stored. */
export interface PositionRow {
  deviceNum: number;
  /** Fix time, epoch milliseconds (UTC). */
  t: number;
  latE7: number;
  lonE7: number;
  /** km/h, to 0.001 (stored as float4). */
  speedKmh: number | null;
  /** Degrees clockwise from north in [0, 360), to 0.001 (stored as float4). */
  course: number | null;
  altitude: number | null;
  accuracy: number | null;
  /** JSON text of the attributes, or null when there are none. */
  attributes: string | null;
}

const SMALLINT_MAX = 32_767;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));
/** To 0.001 within [min, max]: finer than any tracker reports, and exact in float4 over these ranges. */
const thousandths = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.round(value * 1000) / 1000));
/** Faster than anything on the ground; what a broken tracker sends above it is clamped. */
const SPEED_MAX_KMH = 2_000;

/** Converts a decoded fix into its stored form (integer degrees × 10^7, km/h and degrees to 0.001, smallints). */
export function toRow(
  deviceNum: number,
  position: Pick<
    DecodedPosition,
    'fixedAt' | 'latitude' | 'longitude' | 'speedKmh' | 'course' | 'altitude' | 'accuracy'
  > & { attributes?: Record<string, AttributeValue> },
): PositionRow {
  const attributes = position.attributes;
  return {
    deviceNum,
    t: position.fixedAt.getTime(),
    latE7: Math.round(position.latitude * 1e7),
    lonE7: Math.round(position.longitude * 1e7),
    speedKmh: position.speedKmh === null ? null : thousandths(position.speedKmh, 0, SPEED_MAX_KMH),
    course: position.course === null ? null : thousandths(position.course, 0, 360) % 360,
    altitude: position.altitude === null ? null : clamp(position.altitude, -SMALLINT_MAX, SMALLINT_MAX),
    accuracy: position.accuracy === null ? null : clamp(position.accuracy, 0, SMALLINT_MAX),
    attributes: attributes && Object.keys(attributes).length > 0 ? JSON.stringify(attributes) : null,
  };
}
