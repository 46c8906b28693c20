import type { TeltonikaRecordInput } from '@pioneira/protocols';

/** One GPS fix a simulated device reports. Speeds in km/h, times in UTC. */
export interface Fix {
  fixedAt: Date;
  latitude: number;
  longitude: number;
  speedKmh: number;
  /** Degrees from north. */
  course: number;
  altitude: number;
  ignition: boolean;
  odometerMetres: number;
  /** Phone battery, % (OsmAnd devices only). */
  batteryLevel?: number;
}

const KMH_PER_KNOT = 1.852;

// Teltonika FMB AVL ids: ignition, movement, GSM signal, external voltage (mV), total odometer (m).
export const TELTONIKA_IO = { ignition: 239, movement: 240, gsm: 21, voltage: 66, odometer: 16 } as const;

/** The Traccar Client (legacy Android) query string: speed in knots, time in Unix seconds. */
export function osmandQuery(identifier: string, fix: Fix): URLSearchParams {
  const params = new URLSearchParams({
    id: identifier,
    timestamp: String(Math.floor(fix.fixedAt.getTime() / 1000)),
    lat: fix.latitude.toFixed(7),
    lon: fix.longitude.toFixed(7),
    speed: (fix.speedKmh / KMH_PER_KNOT).toFixed(2),
    bearing: String(fix.course),
    altitude: String(fix.altitude),
    accuracy: '5',
  });
  if (fix.batteryLevel !== undefined) params.set('batt', String(fix.batteryLevel));
  params.set('ignition', String(fix.ignition));
  return params;
}

/** The body of `POST /ingest/positions`. */
export function jsonBatchBody(fixes: Fix[]) {
  return {
    positions: fixes.map((fix) => ({
      fixedAt: fix.fixedAt.toISOString(),
      latitude: fix.latitude,
      longitude: fix.longitude,
      speedKmh: fix.speedKmh,
      course: fix.course,
      altitude: fix.altitude,
      attributes: { ignition: fix.ignition, odometer: fix.odometerMetres },
    })),
  };
}

/** One AVL record as an FMB tracker wired to the ignition would send it (speed in whole km/h). */
export function teltonikaRecord(fix: Fix): TeltonikaRecordInput {
  const moving = fix.speedKmh > 0;
  return {
    fixedAt: fix.fixedAt,
    latitude: fix.latitude,
    longitude: fix.longitude,
    altitude: fix.altitude,
    angle: fix.course,
    satellites: 9 + (Math.round(fix.latitude * 1e5) & 3),
    speedKmh: fix.speedKmh,
    priority: 0,
    io: [
      { id: TELTONIKA_IO.ignition, size: 1, value: fix.ignition ? 1 : 0 },
      { id: TELTONIKA_IO.movement, size: 1, value: moving ? 1 : 0 },
      { id: TELTONIKA_IO.gsm, size: 1, value: 4 },
      { id: TELTONIKA_IO.voltage, size: 2, value: fix.ignition ? 13_800 : 12_400 },
      { id: TELTONIKA_IO.odometer, size: 4, value: fix.odometerMetres },
    ],
  };
}
