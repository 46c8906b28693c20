/** One position as the segmenter sees it: time in epoch ms, what the device reported, null if not. */
export interface Fix {
  t: number;
  lat: number;
  lon: number;
  speedKmh: number | null;
  ignition: boolean | null;
  odometerM: number | null;
  engineSeconds: number | null;
  fuelUsedL: number | null;
  /** Driver identification read by the device (iButton, RFID card, `driverUniqueId`), if any. */
  driverKey?: string | null;
}

type Attributes = Record<string, unknown> | null | undefined;

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** Ignition as each protocol reports it: OsmAnd/JSON `ignition`, Teltonika AVL IO 239. */
export function ignitionOf(attributes: Attributes): boolean | null {
  if (!attributes) return null;
  const value = attributes.ignition ?? attributes.io239;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (value === 'true' || value === 'false') return value === 'true';
  return null;
}

/** The driver identification of a fix: `driverUniqueId` (OsmAnd/JSON) or Teltonika IO 78 (iButton). */
export function driverKeyOf(attributes: Attributes): string | null {
  if (!attributes) return null;
  const value = attributes.driverUniqueId ?? attributes.io78;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  // IO 78 is 0 while no iButton is attached.
  if (typeof value === 'number' && Number.isFinite(value) && value !== 0) return String(value);
  return null;
}

/**
 * The counters a fix may carry: total odometer in metres (`odometer`, Teltonika IO 16), engine hours
 * (`engineHours`, hours) and fuel used (`fuelUsed`, litres; Teltonika IO 83 in tenths of a litre).
 */
export function countersOf(attributes: Attributes) {
  if (!attributes) return { odometerM: null, engineSeconds: null, fuelUsedL: null };
  const hours = num(attributes.engineHours);
  const fuelTenths = num(attributes.io83);
  return {
    odometerM: num(attributes.odometer) ?? num(attributes.io16),
    engineSeconds: hours === null ? null : hours * 3600,
    fuelUsedL: num(attributes.fuelUsed) ?? (fuelTenths === null ? null : fuelTenths / 10),
  };
}

/**
 * A fix from its position and the attributes stored with it (null when it has none: most fixes,
 * which then cost one object and no attribute lookups).
 */
export function fixOf(
  t: number,
  lat: number,
  lon: number,
  speedKmh: number | null,
  attributes: Attributes,
): Fix {
  if (!attributes)
    return {
      t,
      lat,
      lon,
      speedKmh,
      ignition: null,
      odometerM: null,
      engineSeconds: null,
      fuelUsedL: null,
      driverKey: null,
    };
  return {
    t,
    lat,
    lon,
    speedKmh,
    ignition: ignitionOf(attributes),
    ...countersOf(attributes),
    driverKey: driverKeyOf(attributes),
  };
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres. */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
