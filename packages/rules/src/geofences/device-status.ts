import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { type DerivedEvent, upsertEvents } from '../store/rules.repository';

const iso = (t: number) => new Date(t).toISOString();

interface Transition {
  id: string;
  vehicle: string | null;
  driver: string | null;
  /** The fix before the silence. */
  lastFixAt: number;
  /** When the device went offline (last fix + timeout) or came back (its new fix). */
  at: number;
  lat: number | null;
  lon: number | null;
}

function statusEvent(type: 'device.offline' | 'device.online', x: Transition): DerivedEvent {
  const seconds = Math.max(0, Math.round((x.at - x.lastFixAt) / 1000));
  return {
    // One offline per silence (keyed by the fix before it), one online per return (keyed by its fix).
    externalId: `${type}:${x.id}:${iso(type === 'device.offline' ? x.lastFixAt : x.at)}`,
    driver: x.driver,
    vehicle: x.vehicle,
    type,
    category: 'device',
    startedAt: x.at,
    endedAt: x.at,
    latitude: x.lat,
    longitude: x.lon,
    endLatitude: null,
    endLongitude: null,
    speedKmh: null,
    speedLimitKmh: null,
    value: seconds,
    units: 's',
    valueType: 'duration',
    limit: null,
    seconds,
    details: null,
    raw: { deviceId: x.id, lastFixAt: iso(x.lastFixAt) },
  };
}

/**
 * Records the newest fix of each device seen by the geofences consumer (inside its transaction) and
 * writes `device.online` for those that were offline and now report a fix younger than their
 * timeout. The device rows are locked, so the offline check and this never both act on one change.
 */
export async function markSeen(
  tx: Queryable,
  seen: Array<{ num: number; t: number; lat: number; lon: number }>,
  defaultTimeoutSeconds: number,
): Promise<number> {
  if (seen.length === 0) return 0;
  const sorted = [...seen].sort((a, b) => a.num - b.num);
  const rows = await tx<
    Array<{
      id: string;
      vehicle: string | null;
      driver: string | null;
      before: number;
      t: number;
      lat: number;
      lon: number;
    }>
  >`
    WITH seen AS (
      SELECT u.num, 'epoch'::timestamptz + u.t * interval '1 millisecond' AS fixed_at, u.t, u.lat, u.lon
      FROM unnest(${sorted.map((s) => s.num)}::int4[], ${sorted.map((s) => s.t)}::int8[],
        ${sorted.map((s) => s.lat)}::float8[], ${sorted.map((s) => s.lon)}::float8[]) AS u(num, t, lat, lon)
    ), before AS (
      SELECT s.device_num, s.online, s.last_fix_at FROM device_status s JOIN seen ON seen.num = s.device_num
      ORDER BY s.device_num FOR UPDATE OF s
    ), written AS (
      INSERT INTO device_status AS ds (device_num, online, last_fix_at, changed_at)
      SELECT num, true, fixed_at, now() FROM seen
      ON CONFLICT (device_num) DO UPDATE SET
        last_fix_at = greatest(ds.last_fix_at, excluded.last_fix_at),
        online = ds.online OR excluded.last_fix_at > ds.last_fix_at,
        changed_at = CASE WHEN NOT ds.online AND excluded.last_fix_at > ds.last_fix_at THEN now() ELSE ds.changed_at END
      RETURNING ds.device_num
    )
    SELECT d.id, v.external_id AS vehicle, coalesce(dr.external_id, v.default_driver_external_id) AS driver,
      (extract(epoch FROM b.last_fix_at) * 1000)::float8 AS before, seen.t::float8 AS t, seen.lat, seen.lon
    FROM before b JOIN seen ON seen.num = b.device_num
    JOIN devices d ON d.num = b.device_num
    LEFT JOIN vehicles v ON v.id = d.vehicle_id
    LEFT JOIN drivers dr ON dr.id = d.driver_id
    WHERE NOT b.online AND seen.fixed_at > b.last_fix_at
      AND seen.fixed_at > now() - make_interval(secs => coalesce(d.offline_after_seconds, ${defaultTimeoutSeconds}))
      AND EXISTS (SELECT 1 FROM written w WHERE w.device_num = b.device_num)`;
  const events = rows.map((r) =>
    statusEvent('device.online', {
      id: r.id,
      vehicle: r.vehicle,
      driver: r.driver,
      lastFixAt: Math.round(r.before),
      at: Math.round(r.t),
      lat: r.lat,
      lon: r.lon,
    }),
  );
  return upsertEvents(tx, events, 'device');
}

/**
 * The periodic check: each online device silent for longer than its timeout (its own, or the
 * default) turns offline with one `device.offline` event, in one transaction. Safe on any number of
 * replicas: the UPDATE takes each transition once.
 */
export async function checkOffline(sql: Sql, defaultTimeoutSeconds: number): Promise<number> {
  return sql.begin(async (tx) => {
    const rows = await tx<
      Array<{ id: string; vehicle: string | null; driver: string | null; last: number; timeout: number }>
    >`
      WITH gone AS (
        UPDATE device_status s SET online = false, changed_at = now()
        FROM devices d
        WHERE d.num = s.device_num AND s.online
          AND s.last_fix_at < now() - make_interval(secs => coalesce(d.offline_after_seconds, ${defaultTimeoutSeconds}))
        RETURNING s.device_num, s.last_fix_at, d.id, d.vehicle_id, d.driver_id,
          coalesce(d.offline_after_seconds, ${defaultTimeoutSeconds}) AS timeout
      )
      SELECT g.id, v.external_id AS vehicle, coalesce(dr.external_id, v.default_driver_external_id) AS driver,
        (extract(epoch FROM g.last_fix_at) * 1000)::float8 AS last, g.timeout
      FROM gone g LEFT JOIN vehicles v ON v.id = g.vehicle_id LEFT JOIN drivers dr ON dr.id = g.driver_id`;
    const events = rows.map((r) => {
      const last = Math.round(r.last);
      return statusEvent('device.offline', {
        id: r.id,
        vehicle: r.vehicle,
        driver: r.driver,
        lastFixAt: last,
        at: last + r.timeout * 1000,
        lat: null,
        lon: null,
      });
    });
    return upsertEvents(tx, events, 'device');
  });
}
