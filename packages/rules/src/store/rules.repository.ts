import type { Queryable } from '@pioneira/core';
import type { SqlFragment } from '@pioneira/db';
import type { DrivingSegment } from '../evaluators/driving';

/** What the rules need to know about the device that sent a fix. */
export interface DeviceContext {
  num: number;
  id: string;
  vehicleId: string | null;
  vehicleExternalId: string | null;
  category: string;
  /** The driver set on the device, else the vehicle's default driver (external ids). */
  assignedDriver: string | null;
}

export interface SettingsRow {
  scope: 'default' | 'category' | 'vehicle';
  scope_key: string;
  settings: Record<string, unknown>;
}

/** One row of telemetry_events as the rules write it. */
export interface DerivedEvent {
  externalId: string;
  driver: string | null;
  vehicle: string | null;
  type: string;
  category: string | null;
  startedAt: number;
  endedAt: number;
  latitude: number | null;
  longitude: number | null;
  endLatitude: number | null;
  endLongitude: number | null;
  speedKmh: number | null;
  speedLimitKmh: number | null;
  value: number | null;
  units: string;
  valueType: string;
  limit: number | null;
  seconds: number;
  details: string | null;
  raw: Record<string, unknown>;
}

export interface ActivityRow extends DrivingSegment {
  driver: string;
  deviceNum: number;
  vehicle: string | null;
}

const ms = (t: number) => new Date(t);

export async function deviceContexts(sql: Queryable, nums: number[]): Promise<Map<number, DeviceContext>> {
  const rows = await sql<
    Array<{
      num: number;
      id: string;
      vehicle_id: string | null;
      external_id: string | null;
      category: string | null;
      driver: string | null;
    }>
  >`
    SELECT d.num, d.id, v.id AS vehicle_id, v.external_id, v.rule_category AS category,
           coalesce(dr.external_id, v.default_driver_external_id) AS driver
    FROM devices d
    LEFT JOIN vehicles v ON v.id = d.vehicle_id
    LEFT JOIN drivers dr ON dr.id = d.driver_id
    WHERE d.num = ANY(${nums}::int4[])`;
  return new Map(
    rows.map((r) => [
      r.num,
      {
        num: r.num,
        id: r.id,
        vehicleId: r.vehicle_id === null ? null : String(r.vehicle_id),
        vehicleExternalId: r.external_id,
        category: r.category ?? 'exempt',
        assignedDriver: r.driver,
      },
    ]),
  );
}

/** Every default and category row, and the vehicle rows of these devices' vehicles. */
export function settingsOfDevices(sql: Queryable, nums: number[]): Promise<SettingsRow[]> {
  return sql<SettingsRow[]>`
    SELECT scope, scope_key, settings FROM rule_settings
    WHERE scope <> 'vehicle'
       OR scope_key IN (SELECT d.vehicle_id::text FROM devices d WHERE d.num = ANY(${nums}::int4[]) AND d.vehicle_id IS NOT NULL)`;
}

/** A stored fix with its attributes, as the rules read it. */
export interface StoredFix {
  t: number;
  latitude: number;
  longitude: number;
  speedKmh: number | null;
  course: number | null;
  attributes: Record<string, unknown> | null;
}

/** Each device's stored fixes in (after, upTo], in time order, with their attributes. */
export function storedFixes(
  sql: Queryable,
  ranges: Array<{ num: number; after: number; upTo: number }>,
): Promise<Map<number, StoredFix[]>> {
  const wanted = ranges.filter((r) => r.upTo > r.after);
  return storedFixRows(
    sql,
    wanted.map((r) => ({ num: r.num, first: r.after + 1, upTo: r.upTo })),
    sql``,
    sql`'epoch'::timestamptz + (u.first_t - 1) * interval '1 millisecond'`,
  );
}

/**
 * The stored fixes of the devices of `ranges` (`u.num`, `u.first_t`, `u.up_to`), each device's in
 * (`after`, up_to], grouped by device in time order, with their attributes. `joins` may add tables
 * that `after` reads (a state row). Each device's range is read on its own (LATERAL): two index
 * range scans merged on the fix time, whatever the planner estimates for the unnest (a hash join
 * over the whole positions table is what it picks otherwise, and that grows with the table).
 */
export async function storedFixRows(
  sql: Queryable,
  ranges: Array<{ num: number; first: number; upTo: number }>,
  joins: SqlFragment,
  after: SqlFragment,
): Promise<Map<number, StoredFix[]>> {
  const byDevice = new Map<number, StoredFix[]>();
  if (ranges.length === 0) return byDevice;
  const rows = await sql<
    Array<{
      num: number;
      t: number;
      lat: number;
      lon: number;
      speed: number | null;
      course: number | null;
      attributes: Record<string, unknown> | null;
    }>
  >`
    SELECT u.num, (extract(epoch FROM p.fixed_at) * 1000)::float8 AS t, p.lat_e7 AS lat, p.lon_e7 AS lon,
           p.speed_kmh AS speed, p.course, p.attributes
    FROM unnest(${ranges.map((r) => r.num)}::int4[], ${ranges.map((r) => r.first)}::int8[], ${ranges.map((r) => r.upTo)}::int8[])
      AS u(num, first_t, up_to)
    ${joins}
    CROSS JOIN LATERAL (SELECT ${after} AS after, 'epoch'::timestamptz + u.up_to * interval '1 millisecond' AS up_to) b
    CROSS JOIN LATERAL (
      SELECT p.fixed_at, p.lat_e7, p.lon_e7, p.speed_kmh, p.course, a.attributes
      FROM positions p
      LEFT JOIN position_attributes a ON a.device_num = u.num AND a.fixed_at = p.fixed_at
        AND a.fixed_at > b.after AND a.fixed_at <= b.up_to
      WHERE p.device_num = u.num AND p.fixed_at > b.after AND p.fixed_at <= b.up_to) p`;
  for (const r of rows) {
    const fix: StoredFix = {
      t: Math.round(r.t),
      latitude: r.lat / 1e7,
      longitude: r.lon / 1e7,
      speedKmh: r.speed,
      course: r.course,
      attributes: r.attributes,
    };
    const list = byDevice.get(r.num);
    if (list) list.push(fix);
    else byDevice.set(r.num, [fix]);
  }
  // No ORDER BY (a sort of every row of the batch in PostgreSQL): each device's range scan already
  // yields its fixes in time order, and this only checks it (and sorts a list that is not).
  for (const list of byDevice.values())
    for (let k = 1; k < list.length; k++)
      if (list[k].t < list[k - 1].t) {
        list.sort((a, b) => a.t - b.t);
        break;
      }
  return byDevice;
}

/** Drivers identified by the tag their devices read (iButton/RFID = the driver's extended id). */
export async function driversByTag(sql: Queryable, tags: string[]): Promise<Map<string, string>> {
  if (tags.length === 0) return new Map();
  const rows = await sql<Array<{ tag: string; external_id: string }>>`
    SELECT extended_driver_id AS tag, external_id FROM drivers WHERE extended_driver_id = ANY(${tags}::text[])`;
  return new Map(rows.map((r) => [r.tag, r.external_id]));
}

/** Stores derived events; the same natural key again updates the row (a replay stores nothing twice). */
export async function upsertEvents(
  tx: Queryable,
  all: DerivedEvent[],
  source: 'rules' | 'geofence' | 'device' = 'rules',
): Promise<number> {
  if (all.length === 0) return 0;
  // One row per key in one statement (ON CONFLICT cannot touch a row twice): the last one wins.
  const events = [...new Map(all.map((e) => [e.externalId, e])).values()];
  const col = <T>(pick: (e: DerivedEvent) => T) => events.map(pick);
  const rows = await tx`
    INSERT INTO telemetry_events (source, external_id, driver_external_id, vehicle_external_id,
      event_type_external_id, category, started_at, ended_at, latitude, longitude, end_latitude, end_longitude,
      speed_kmh, speed_limit_kmh, value, value_units, value_type, limit_value, total_time_seconds, details, raw)
    SELECT ${source}::text, u.external_id, u.driver, u.vehicle, u.type, u.category,
      'epoch'::timestamptz + u.started * interval '1 millisecond', 'epoch'::timestamptz + u.ended * interval '1 millisecond',
      u.lat, u.lon, u.end_lat, u.end_lon, u.speed, u.speed_limit, u.value, u.units, u.value_type, u.limit_value,
      u.seconds, u.details, u.raw::jsonb
    FROM unnest(${col((e) => e.externalId)}::text[], ${col((e) => e.driver)}::text[], ${col((e) => e.vehicle)}::text[],
      ${col((e) => e.type)}::text[], ${col((e) => e.category)}::text[], ${col((e) => e.startedAt)}::int8[],
      ${col((e) => e.endedAt)}::int8[], ${col((e) => e.latitude)}::float8[], ${col((e) => e.longitude)}::float8[],
      ${col((e) => e.endLatitude)}::float8[], ${col((e) => e.endLongitude)}::float8[], ${col((e) => e.speedKmh)}::float4[],
      ${col((e) => e.speedLimitKmh)}::float4[], ${col((e) => e.value)}::float8[], ${col((e) => e.units)}::text[],
      ${col((e) => e.valueType)}::text[], ${col((e) => e.limit)}::float8[], ${col((e) => e.seconds)}::int4[],
      ${col((e) => e.details)}::text[], ${col((e) => JSON.stringify(e.raw))}::text[])
      AS u(external_id, driver, vehicle, type, category, started, ended, lat, lon, end_lat, end_lon, speed,
           speed_limit, value, units, value_type, limit_value, seconds, details, raw)
    ON CONFLICT (source, external_id) DO UPDATE SET
      driver_external_id = excluded.driver_external_id, vehicle_external_id = excluded.vehicle_external_id,
      ended_at = excluded.ended_at, end_latitude = excluded.end_latitude, end_longitude = excluded.end_longitude,
      speed_kmh = excluded.speed_kmh, speed_limit_kmh = excluded.speed_limit_kmh, value = excluded.value,
      limit_value = excluded.limit_value, total_time_seconds = excluded.total_time_seconds,
      details = excluded.details, raw = excluded.raw
    RETURNING (xmax = 0) AS inserted`;
  return rows.filter((r) => r.inserted).length;
}

/** Adds driving periods to drivers' timelines (idempotent on driver, start and device). */
export async function recordActivity(tx: Queryable, rows: ActivityRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx`
    INSERT INTO driver_activity (driver_external_id, started_at, ended_at, device_num, vehicle_external_id, distance_m)
    SELECT u.driver, 'epoch'::timestamptz + u.s * interval '1 millisecond', 'epoch'::timestamptz + u.e * interval '1 millisecond',
           u.num, u.vehicle, u.distance
    FROM unnest(${rows.map((r) => r.driver)}::text[], ${rows.map((r) => r.startedAt)}::int8[],
                ${rows.map((r) => r.endedAt)}::int8[], ${rows.map((r) => r.deviceNum)}::int4[],
                ${rows.map((r) => r.vehicle)}::text[], ${rows.map((r) => r.distanceM ?? 0)}::float8[])
      AS u(driver, s, e, num, vehicle, distance)
    ON CONFLICT (driver_external_id, started_at, device_num) DO UPDATE SET ended_at = greatest(driver_activity.ended_at, excluded.ended_at),
      distance_m = greatest(driver_activity.distance_m, excluded.distance_m)`;
}

/** The driving periods of these drivers that end after `from`. */
export async function activityOf(
  sql: Queryable,
  drivers: string[],
  from: number,
): Promise<Map<string, DrivingSegment[]>> {
  const rows = await sql<Array<{ driver: string; s: number; e: number }>>`
    SELECT driver_external_id AS driver, (extract(epoch FROM started_at) * 1000)::float8 AS s,
           (extract(epoch FROM ended_at) * 1000)::float8 AS e
    FROM driver_activity WHERE driver_external_id = ANY(${drivers}::text[]) AND ended_at >= ${ms(from)}
    ORDER BY started_at`;
  const byDriver = new Map<string, DrivingSegment[]>();
  for (const r of rows) {
    const list = byDriver.get(r.driver) ?? [];
    list.push({ startedAt: Math.round(r.s), endedAt: Math.round(r.e) });
    byDriver.set(r.driver, list);
  }
  return byDriver;
}
