import type { Queryable } from '@pioneira/core';
import { wireSpeedKmh } from '@pioneira/gps';
import { type Fix, fixOf } from './fix';
import type { Segment, SegmenterState, StopSegment, TripSegment } from './segmenter';
import { type TripSettings, tripSettingsOf } from './settings';

/** A device's segmenter state, locked for the transaction, with its thresholds and attribution. */
export interface LockedDevice {
  deviceNum: number;
  state: SegmenterState | null;
  lastT: number | null;
  settings: TripSettings;
  vehicleId: string | null;
  driverId: string | null;
}

/** What a change to trips or stops touched: the days to recompute for its vehicle and driver. */
export interface Touched {
  vehicleId: string | null;
  driverId: string | null;
  from: number;
  to: number;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

/**
 * Locks the state rows of these devices (creating missing ones), in device order so concurrent
 * consumers never deadlock. Unknown device numbers (deleted devices) are left out.
 */
export async function lockDevices(tx: Queryable, deviceNums: number[]): Promise<LockedDevice[]> {
  const nums = [...new Set(deviceNums)].sort((a, b) => a - b);
  // Both statements go out at once (postgres.js pipelines a transaction's queries): one round trip.
  const [, rows] = await Promise.all([
    tx`
    INSERT INTO trip_states (device_num, state)
    SELECT d.num, 'null'::jsonb FROM devices d WHERE d.num = ANY(${nums}::int4[])
    ORDER BY d.num
    ON CONFLICT (device_num) DO NOTHING`,
    tx`
    SELECT s.device_num, s.state, s.last_fixed_at, d.vehicle_id,
           d.driver_id,
           coalesce(x.settings, '{}') || coalesce(c.settings, '{}') || coalesce(o.settings, '{}') AS settings
    FROM trip_states s
    JOIN devices d ON d.num = s.device_num
    LEFT JOIN vehicles v ON v.id = d.vehicle_id
    LEFT JOIN rule_settings x ON x.scope = 'default' AND x.scope_key = 'default'
    LEFT JOIN rule_settings c ON c.scope = 'category' AND c.scope_key = v.rule_category
    LEFT JOIN rule_settings o ON o.scope = 'vehicle' AND o.scope_key = v.id::text
    WHERE s.device_num = ANY(${nums}::int4[])
    ORDER BY s.device_num
    FOR UPDATE OF s`,
  ]);
  return rows.map((r) => ({
    deviceNum: r.device_num as number,
    state: r.state as SegmenterState | null,
    lastT: ms(r.last_fixed_at as Date | null),
    vehicleId: r.vehicle_id as string | null,
    driverId: r.driver_id as string | null,
    settings: tripSettingsOf(r.settings as Record<string, unknown>),
  }));
}

/** Stored fixes of a device after `afterT` (or from `fromT` included), oldest first, at most `limit`. */
export async function readFixes(
  tx: Queryable,
  deviceNum: number,
  bound: { afterT: number | null } | { fromT: number | null },
  limit: number,
): Promise<Fix[]> {
  const after = 'afterT' in bound ? bound.afterT : null;
  const from = 'fromT' in bound ? bound.fromT : null;
  const rows = await tx`
    SELECT (extract(epoch FROM p.fixed_at) * 1000)::float8 AS t, p.lat_e7, p.lon_e7, p.speed_kmh,
           a.attributes
    FROM positions p
    LEFT JOIN position_attributes a ON a.device_num = p.device_num AND a.fixed_at = p.fixed_at
    WHERE p.device_num = ${deviceNum}
      AND (${after}::float8 IS NULL OR p.fixed_at > to_timestamp(${after}::float8 / 1000))
      AND (${from}::float8 IS NULL OR p.fixed_at >= to_timestamp(${from}::float8 / 1000))
    ORDER BY p.fixed_at
    LIMIT ${limit}`;
  return rows.map(toFix);
}

/**
 * A stored fix as the segmenter sees it. The speed is rounded as the event log carries it (stored to
 * 0.001 as float4, so first back to its thousandths), so a stretch segmented from the log's messages
 * and the same stretch re-segmented from PostgreSQL decide the same.
 */
function toFix(r: Record<string, unknown>): Fix {
  const speed = r.speed_kmh as number | null;
  return fixOf(
    Math.round(r.t as number),
    (r.lat_e7 as number) / 1e7,
    (r.lon_e7 as number) / 1e7,
    speed === null ? null : wireSpeedKmh(Math.round(speed * 1000) / 1000),
    r.attributes as Record<string, unknown> | null,
  );
}

/**
 * The stored attributes of each device's fixes from `fromT` to `toT` (both included), by fix time:
 * what the log's messages do not carry. Most fixes have none, so this is mostly an empty index scan.
 */
export async function readAttributesMany(
  tx: Queryable,
  ranges: Array<{ deviceNum: number; fromT: number; toT: number }>,
): Promise<Map<number, Map<number, Record<string, unknown>>>> {
  const found = new Map<number, Map<number, Record<string, unknown>>>();
  if (ranges.length === 0) return found;
  const rows = await tx`
    SELECT q.num, (extract(epoch FROM a.fixed_at) * 1000)::float8 AS t, a.attributes
    FROM unnest(${ranges.map((r) => r.deviceNum)}::int4[], ${ranges.map((r) => r.fromT)}::float8[],
                ${ranges.map((r) => r.toT)}::float8[]) AS q(num, f, l)
    JOIN position_attributes a ON a.device_num = q.num
      AND a.fixed_at BETWEEN 'epoch'::timestamptz + q.f * interval '1 millisecond'
                         AND 'epoch'::timestamptz + q.l * interval '1 millisecond'`;
  for (const r of rows) {
    const num = r.num as number;
    let byT = found.get(num);
    if (!byT) {
      byT = new Map();
      found.set(num, byT);
    }
    byT.set(Math.round(r.t as number), r.attributes as Record<string, unknown>);
  }
  return found;
}

/** Stored fixes after each device's `afterT` (all of them when null), oldest first, at most `limit` each. */
export async function readFixesMany(
  tx: Queryable,
  devices: Array<{ deviceNum: number; afterT: number | null }>,
  limit: number,
): Promise<Map<number, Fix[]>> {
  const found = new Map<number, Fix[]>(devices.map((d) => [d.deviceNum, []]));
  if (devices.length === 0) return found;
  const rows = await tx`
    SELECT q.num, f.*
    FROM unnest(${devices.map((d) => d.deviceNum)}::int4[], ${devices.map((d) => d.afterT)}::float8[]) AS q(num, after)
    CROSS JOIN LATERAL (
      SELECT (extract(epoch FROM p.fixed_at) * 1000)::float8 AS t, p.lat_e7, p.lon_e7, p.speed_kmh, a.attributes
      FROM positions p
      LEFT JOIN position_attributes a ON a.device_num = p.device_num AND a.fixed_at = p.fixed_at
      WHERE p.device_num = q.num AND (q.after IS NULL OR p.fixed_at > to_timestamp(q.after / 1000))
      ORDER BY p.fixed_at LIMIT ${limit}
    ) f
    ORDER BY q.num, f.t`;
  for (const r of rows) found.get(r.num as number)?.push(toFix(r));
  return found;
}

/** The latest start of a stored segment of the device at or before `t`, or null if none. */
export async function segmentStartAtOrBefore(tx: Queryable, deviceNum: number, t: number) {
  const [row] = await tx`
    SELECT greatest(
      (SELECT max(started_at) FROM trips WHERE source = 'device' AND device_num = ${deviceNum}
         AND started_at <= to_timestamp(${t}::float8 / 1000)),
      (SELECT max(started_at) FROM stops WHERE device_num = ${deviceNum}
         AND started_at <= to_timestamp(${t}::float8 / 1000))) AS start`;
  return ms(row.start as Date | null);
}

/** A closed segment with the device and attribution it belongs to. */
export type Owned<S extends Segment = Segment> = S & {
  deviceNum: number;
  vehicleId: string | null;
  driverId: string | null;
};

/**
 * Re-segmenting a device from `fromT`: deletes its stored segments from then on that the new ones
 * (`keep`) do not replace, and returns what they covered.
 */
export async function deleteSegmentsFrom(
  tx: Queryable,
  deviceNum: number,
  fromT: number,
  keep: Segment[],
): Promise<Touched[]> {
  const keepTrips = keep.filter((s) => s.kind === 'trip').map((s) => s.startedAt);
  const keepStops = keep.filter((s) => s.kind === 'stop').map((s) => s.startedAt);
  const gone = await tx`
    WITH t AS (
      DELETE FROM trips WHERE source = 'device' AND device_num = ${deviceNum}
        AND started_at >= to_timestamp(${fromT}::float8 / 1000)
        AND (extract(epoch FROM started_at) * 1000)::float8 <> ALL(${keepTrips}::float8[])
      RETURNING vehicle_id, driver_id, started_at, ended_at),
    s AS (
      DELETE FROM stops WHERE device_num = ${deviceNum}
        AND started_at >= to_timestamp(${fromT}::float8 / 1000)
        AND (extract(epoch FROM started_at) * 1000)::float8 <> ALL(${keepStops}::float8[])
      RETURNING vehicle_id, driver_id, started_at, ended_at)
    SELECT * FROM t UNION ALL SELECT * FROM s`;
  return gone.map((r) => ({
    vehicleId: r.vehicle_id as string | null,
    driverId: r.driver_id as string | null,
    from: (r.started_at as Date).getTime(),
    to: (r.ended_at as Date).getTime(),
  }));
}

/** Upserts closed segments of any devices by (device, start), in two statements; ids of unchanged ones stay. */
export async function writeSegments(tx: Queryable, segments: Owned[]): Promise<Touched[]> {
  const trips = segments.filter((s): s is Owned<TripSegment> => s.kind === 'trip');
  const stops = segments.filter((s): s is Owned<StopSegment> => s.kind === 'stop');
  const touched: Touched[] = [];
  if (trips.length > 0) touched.push(...(await upsertTrips(tx, trips)));
  if (stops.length > 0) touched.push(...(await upsertStops(tx, stops)));
  return touched;
}

/**
 * Attribution at a segment's start (DESIGN §8): the driver the device identified (matched on MiX's
 * ExtendedDriverId), the device's own driver, the vehicle's dated assignment at that instant (MiX's
 * record first), and last the vehicle's default driver.
 */
async function upsertTrips(tx: Queryable, trips: Owned<TripSegment>[]): Promise<Touched[]> {
  const col = <K extends keyof Owned<TripSegment>>(k: K) => trips.map((t) => t[k]);
  const rows = await tx`
    INSERT INTO trips (source, device_num, vehicle_id, driver_id, started_at, ended_at, start_lat, start_lon,
                       end_lat, end_lon, distance_m, driving_seconds, idle_seconds, max_speed_kmh,
                       odometer_start_m, odometer_end_m, engine_seconds, fuel_used_l)
    SELECT 'device', dn, vi,
           coalesce((SELECT dr.id FROM drivers dr WHERE dr.extended_driver_id = dk ORDER BY dr.id LIMIT 1), di,
                    assigned_driver(vi, to_timestamp(a / 1000)),
                    (SELECT dd.id FROM vehicles v JOIN drivers dd ON dd.external_id = v.default_driver_external_id
                      WHERE v.id = vi)),
           to_timestamp(a / 1000), to_timestamp(b / 1000), c, d, e, f, g, h, i, j, k, l, m, n
    FROM unnest(${col('deviceNum')}::int4[], ${col('vehicleId')}::int8[], ${col('driverId')}::int8[],
                ${col('driverKey')}::text[],
                ${col('startedAt')}::float8[], ${col('endedAt')}::float8[], ${col('startLat')}::float8[],
                ${col('startLon')}::float8[], ${col('endLat')}::float8[], ${col('endLon')}::float8[],
                ${col('distanceM')}::float8[], ${col('drivingSeconds')}::float8[], ${col('idleSeconds')}::float8[],
                ${col('maxSpeedKmh')}::float4[], ${col('odometerStartM')}::float8[], ${col('odometerEndM')}::float8[],
                ${col('engineSeconds')}::float8[], ${col('fuelUsedL')}::float4[])
      AS u(dn, vi, di, dk, a, b, c, d, e, f, g, h, i, j, k, l, m, n)
    ON CONFLICT (device_num, started_at) WHERE source = 'device' DO UPDATE SET
      vehicle_id = excluded.vehicle_id, driver_id = excluded.driver_id, ended_at = excluded.ended_at,
      start_lat = excluded.start_lat, start_lon = excluded.start_lon, end_lat = excluded.end_lat,
      end_lon = excluded.end_lon, distance_m = excluded.distance_m, driving_seconds = excluded.driving_seconds,
      idle_seconds = excluded.idle_seconds, max_speed_kmh = excluded.max_speed_kmh,
      odometer_start_m = excluded.odometer_start_m, odometer_end_m = excluded.odometer_end_m,
      engine_seconds = excluded.engine_seconds, fuel_used_l = excluded.fuel_used_l
    RETURNING vehicle_id, driver_id, started_at, ended_at`;
  return rows.map((r) => ({
    vehicleId: r.vehicle_id as string | null,
    driverId: r.driver_id as string | null,
    from: (r.started_at as Date).getTime(),
    to: (r.ended_at as Date).getTime(),
  }));
}

/** Stops are attributed like trips, without the device's identification (none while stopped). */
async function upsertStops(tx: Queryable, stops: Owned<StopSegment>[]): Promise<Touched[]> {
  const col = <K extends keyof Owned<StopSegment>>(k: K) => stops.map((t) => t[k]);
  const rows = await tx`
    INSERT INTO stops (device_num, vehicle_id, driver_id, started_at, ended_at, lat, lon, idle_seconds)
    SELECT dn, vi,
           coalesce(di, assigned_driver(vi, to_timestamp(a / 1000)),
                    (SELECT dd.id FROM vehicles v JOIN drivers dd ON dd.external_id = v.default_driver_external_id
                      WHERE v.id = vi)),
           to_timestamp(a / 1000), to_timestamp(b / 1000), c, d, e
    FROM unnest(${col('deviceNum')}::int4[], ${col('vehicleId')}::int8[], ${col('driverId')}::int8[],
                ${col('startedAt')}::float8[], ${col('endedAt')}::float8[], ${col('lat')}::float8[],
                ${col('lon')}::float8[], ${col('idleSeconds')}::float8[]) AS u(dn, vi, di, a, b, c, d, e)
    ON CONFLICT (device_num, started_at) DO UPDATE SET
      vehicle_id = excluded.vehicle_id, driver_id = excluded.driver_id, ended_at = excluded.ended_at,
      lat = excluded.lat, lon = excluded.lon, idle_seconds = excluded.idle_seconds
    RETURNING vehicle_id, driver_id, started_at, ended_at`;
  return rows.map((r) => ({
    vehicleId: r.vehicle_id as string | null,
    driverId: r.driver_id as string | null,
    from: (r.started_at as Date).getTime(),
    to: (r.ended_at as Date).getTime(),
  }));
}

/** Saves the segmenter state of several devices in one statement. */
export async function saveStates(tx: Queryable, states: Array<{ deviceNum: number; state: SegmenterState }>) {
  if (states.length === 0) return;
  await tx`
    UPDATE trip_states s SET state = u.state::jsonb, last_fixed_at = to_timestamp(u.last_t / 1000), moving = u.moving = 1,
      updated_at = now()
    FROM unnest(${states.map((s) => s.deviceNum)}::int4[], ${states.map((s) => JSON.stringify(s.state))}::text[],
                ${states.map((s) => s.state.last?.t ?? null)}::float8[],
                ${states.map((s) => (s.state.moving || s.state.motion !== null ? 1 : 0))}::int4[]) AS u(num, state, last_t, moving)
    WHERE s.device_num = u.num`;
}

/** Devices whose trip is open and which have been silent for longer than `seconds`. */
export async function silentMovingDevices(tx: Queryable, seconds: number, limit: number): Promise<number[]> {
  const rows = await tx`
    SELECT device_num FROM trip_states
    WHERE moving AND last_fixed_at < now() - ${seconds} * interval '1 second'
    ORDER BY last_fixed_at LIMIT ${limit}`;
  return rows.map((r) => r.device_num as number);
}
