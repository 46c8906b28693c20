import type { Sql } from '@pioneira/db';
import type { WirePosition } from '@pioneira/gps';
import { GeofenceIndex } from '../geofences/geofence-index';
import { geofenceRecords } from '../geofences/geofences.repository';
import { derive, memoryStates } from './derive';

const CHUNK = 5_000;

/**
 * Re-derives the rules' events from `from` on, reading positions from PostgreSQL (the source of
 * truth), for one vehicle or every device: the events of those vehicles from `from` are deleted and
 * derived again with the settings in force now, in device and time order. Running it twice gives the
 * same rows (natural keys); the live consumer's state is left alone.
 */
export async function recomputeRules(
  sql: Sql,
  options: { from: Date; vehicleId?: string },
): Promise<{ positions: number; events: number }> {
  const devices = await sql<Array<{ num: number; vehicle: string | null }>>`
    SELECT d.num, v.external_id AS vehicle FROM devices d LEFT JOIN vehicles v ON v.id = d.vehicle_id
    WHERE ${options.vehicleId ?? null}::bigint IS NULL OR d.vehicle_id = ${options.vehicleId ?? null}
    ORDER BY d.num`;
  const nums = devices.map((d) => d.num);
  const vehicles = devices.map((d) => d.vehicle).filter((v): v is string => v !== null);
  await sql.begin(async (tx) => {
    await tx`
      DELETE FROM telemetry_events WHERE source = 'rules' AND started_at >= ${options.from}
        AND (${options.vehicleId ?? null}::bigint IS NULL OR vehicle_external_id = ANY(${vehicles}::text[]))`;
    await tx`DELETE FROM driver_activity WHERE device_num = ANY(${nums}::int4[]) AND started_at >= ${options.from}`;
  });
  const states = memoryStates();
  // The geofences' speed limits as they are now, like the settings.
  const zones = new GeofenceIndex();
  zones.load(await geofenceRecords(sql));
  let positions = 0;
  let events = 0;
  let cursor = { num: -1, at: options.from.getTime() - 1 };
  for (;;) {
    const rows = await sql<
      Array<{ num: number; t: number; lat: number; lon: number; speed: number | null; course: number | null }>
    >`
      SELECT device_num AS num, (extract(epoch FROM fixed_at) * 1000)::float8 AS t, lat_e7 AS lat, lon_e7 AS lon,
             speed_kmh AS speed, course
      FROM positions
      WHERE device_num = ANY(${nums}::int4[]) AND fixed_at >= ${options.from}
        AND (device_num, fixed_at) > (${cursor.num}::int4, 'epoch'::timestamptz + ${cursor.at}::int8 * interval '1 millisecond')
      ORDER BY device_num, fixed_at LIMIT ${CHUNK}`;
    if (rows.length === 0) break;
    const batch: WirePosition[] = rows.map((r) => ({
      deviceNum: r.num,
      t: Math.round(r.t),
      latitude: r.lat / 1e7,
      longitude: r.lon / 1e7,
      speedKmh: r.speed,
      course: r.course,
    }));
    const result = await derive(sql, batch, states, zones);
    positions += rows.length;
    events += result.events;
    const last = batch[batch.length - 1];
    cursor = { num: last.deviceNum, at: last.t };
  }
  return { positions, events };
}
