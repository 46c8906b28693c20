import type { AttributeValue, DecodedPosition } from '@pioneira/protocols';

/** A position ready for storage: the device resolved to its compact number, units as stored. */
export interface PositionRow {
  deviceNum: number;
  /** Fix time, epoch milliseconds (UTC). */
  t: number;
  latE7: number;
  lonE7: number;
  /** Tenths of km/h. */
  speedDkmh: number | null;
  course: number | null;
  altitude: number | null;
  accuracy: number | null;
  /** JSON text of the attributes, or null when there are none. */
  attributes: string | null;
}

const SMALLINT_MAX = 32_767;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(value)));

/** Converts a decoded fix into its stored form (integer degrees × 10^7, tenths of km/h, smallints). */
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
    speedDkmh: position.speedKmh === null ? null : clamp(position.speedKmh * 10, 0, SMALLINT_MAX),
    course: position.course === null ? null : clamp(position.course, 0, 359.4) % 360,
    altitude: position.altitude === null ? null : clamp(position.altitude, -SMALLINT_MAX, SMALLINT_MAX),
    accuracy: position.accuracy === null ? null : clamp(position.accuracy, 0, SMALLINT_MAX),
    attributes: attributes && Object.keys(attributes).length > 0 ? JSON.stringify(attributes) : null,
  };
}
