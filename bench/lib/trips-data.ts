import type { Sql } from '@pioneira/db';
import type { Fix } from '@pioneira/trips';

/**
 * A year of trips, stops and daily summaries for `vehicles` vehicles (each with a tracker and a
 * driver), all from generate_series: `perDay` trips a day from 06:00 São Paulo, one every two hours,
 * 20–59 minutes long, the stops between them, and the summaries those imply. Replaces what was there.
 */
export async function loadTrips(
  sql: Sql,
  o: { vehicles: number; days: number; perDay: number; firstDay: string },
  log: (line: string) => void,
): Promise<number> {
  const started = performance.now();
  log(`loading ${o.vehicles} vehicles × ${o.days} days × ${o.perDay} trips…`);
  await sql`TRUNCATE trips, stops, daily_summaries, trip_states`;
  await sql`TRUNCATE devices, vehicles, drivers CASCADE`;
  await sql`
    INSERT INTO vehicles (source, external_id, description, registration_number)
    SELECT 'manual', 'bench-v-' || g, 'Bench vehicle ' || g, 'BEN' || lpad(g::text, 4, '0')
    FROM generate_series(1, ${o.vehicles}) g`;
  await sql`
    INSERT INTO drivers (source, external_id, name)
    SELECT 'manual', 'bench-d-' || g, 'Motorista ' || g FROM generate_series(1, ${o.vehicles}) g`;
  await sql`
    INSERT INTO devices (identifier, name, protocol, vehicle_id, driver_id)
    SELECT 'bench-t-' || v.external_id, v.description, 'json', v.id, d.id
    FROM vehicles v JOIN drivers d ON d.external_id = replace(v.external_id, 'bench-v-', 'bench-d-')`;
  log('trips…');
  await sql`
    INSERT INTO trips (source, device_num, vehicle_id, driver_id, started_at, ended_at, start_lat, start_lon,
                       end_lat, end_lon, distance_m, driving_seconds, idle_seconds, max_speed_kmh,
                       odometer_start_m, odometer_end_m)
    SELECT 'device', d.num, d.vehicle_id, d.driver_id, x.s, x.s + x.minutes * interval '1 minute',
           -23.55 + d.num * 0.0001, -46.63, -23.50 + d.num * 0.0001, -46.60,
           x.minutes * 700, x.minutes * 55, x.minutes * 5, 60 + x.minutes,
           (day * ${o.perDay} + k) * 30000.0, (day * ${o.perDay} + k) * 30000.0 + x.minutes * 700
    FROM devices d
    CROSS JOIN generate_series(0, ${o.days - 1}) day
    CROSS JOIN generate_series(0, ${o.perDay - 1}) k
    CROSS JOIN LATERAL (
      SELECT ((${o.firstDay}::date + day)::timestamp + interval '6 hours' + k * interval '2 hours')
               AT TIME ZONE 'America/Sao_Paulo' AS s,
             20 + (d.num * 7919 + day * 104729 + k * 1299709) % 40 AS minutes
    ) x`;
  log('stops…');
  await sql`
    INSERT INTO stops (device_num, vehicle_id, driver_id, started_at, ended_at, lat, lon, idle_seconds)
    SELECT device_num, vehicle_id, driver_id, ended_at, started_at + interval '2 hours', end_lat, end_lon, 120
    FROM trips`;
  log('daily summaries…');
  for (const subject of ['vehicle', 'driver'] as const)
    await sql`
      INSERT INTO daily_summaries (subject, subject_id, day, trips, stops, distance_m, driving_seconds,
                                   idle_seconds, stopped_seconds, max_speed_kmh, first_departure_at,
                                   last_arrival_at, odometer_start_m, odometer_end_m)
      SELECT ${subject}, CASE WHEN ${subject} = 'vehicle' THEN t.vehicle_id ELSE t.driver_id END,
             (t.started_at AT TIME ZONE 'America/Sao_Paulo')::date, count(*), count(*), sum(t.distance_m),
             sum(t.driving_seconds), sum(t.idle_seconds) + 120 * count(*),
             sum(extract(epoch FROM interval '2 hours' - (t.ended_at - t.started_at))) - 120 * count(*),
             max(t.max_speed_kmh), min(t.started_at), max(t.ended_at), min(t.odometer_start_m),
             max(t.odometer_end_m)
      FROM trips t GROUP BY 2, 3`;
  // What autovacuum does on a live system: statistics, and the visibility map for index-only counts.
  await sql`VACUUM ANALYZE trips`;
  await sql`VACUUM ANALYZE stops`;
  await sql`VACUUM ANALYZE daily_summaries`;
  const loadSeconds = Math.round((performance.now() - started) / 100) / 10;
  log(`loaded in ${loadSeconds}s`);
  return loadSeconds;
}

/**
 * `devices` extra trackers on vehicles of their own with `fixes` stored positions each (a day at one
 * fix every 10 s: 40 minutes driving at 36 km/h, 80 minutes parked, repeated), to measure segmentation
 * over stored fixes; removed first if an earlier run left them. Also a pure in-memory sample track.
 */
export async function segmentationFixtures(
  sql: Sql,
  devices: number,
  fixes: number,
  log: (l: string) => void,
) {
  await sql`DELETE FROM trips WHERE vehicle_id IN (SELECT id FROM vehicles WHERE external_id LIKE 'seg-%')`;
  await sql`DELETE FROM stops WHERE vehicle_id IN (SELECT id FROM vehicles WHERE external_id LIKE 'seg-%')`;
  await sql`DELETE FROM daily_summaries WHERE subject = 'vehicle'
              AND subject_id IN (SELECT id FROM vehicles WHERE external_id LIKE 'seg-%')`;
  await sql`DELETE FROM trip_states WHERE device_num IN (SELECT num FROM devices WHERE identifier LIKE 'seg-%')`;
  await sql`DELETE FROM positions WHERE device_num IN (SELECT num FROM devices WHERE identifier LIKE 'seg-%')`;
  await sql`DELETE FROM position_attributes
              WHERE device_num IN (SELECT num FROM devices WHERE identifier LIKE 'seg-%')`;
  await sql`DELETE FROM devices WHERE identifier LIKE 'seg-%'`;
  await sql`DELETE FROM vehicles WHERE external_id LIKE 'seg-%'`;
  await sql`
    INSERT INTO vehicles (source, external_id, description)
    SELECT 'manual', 'seg-' || g, 'Segmentation ' || g FROM generate_series(1, ${devices}) g`;
  const rows = await sql`
    INSERT INTO devices (identifier, name, protocol, vehicle_id)
    SELECT 'seg-' || v.id, v.description, 'json', v.id FROM vehicles v WHERE v.external_id LIKE 'seg-%'
    RETURNING num`;
  const nums = rows.map((r) => r.num as number);
  const firstT = Date.parse('2026-12-01T09:00:00Z');
  log(`storing ${devices} × ${fixes} positions…`);
  await sql`
    INSERT INTO positions (fixed_at, device_num, lat_e7, lon_e7, speed_kmh)
    SELECT to_timestamp(${firstT / 1000}::float8 + i * 10), n,
           -235500000 + ((i / 720) * 240 + least(i % 720, 240)) * 8993, -466300000,
           CASE WHEN i % 720 < 240 THEN 36 ELSE 0 END
    FROM unnest(${nums}::int4[]) n CROSS JOIN generate_series(0, ${fixes - 1}) i`;
  await sql`
    INSERT INTO position_attributes (fixed_at, device_num, attributes)
    SELECT to_timestamp(${firstT / 1000}::float8 + i * 10), n,
           jsonb_build_object('ignition', i % 720 < 240)
    FROM unnest(${nums}::int4[]) n CROSS JOIN generate_series(0, ${fixes - 1}) i`;
  const sample: Fix[] = [];
  let lat = -23.55;
  for (let i = 0; i < 100_000; i++) {
    const moving = i % 720 < 240;
    if (moving) lat += 100 / 111_195;
    sample.push({
      t: firstT + i * 10_000,
      lat,
      lon: -46.63,
      speedKmh: moving ? 36 : 0,
      ignition: moving,
      odometerM: null,
      engineSeconds: null,
      fuelUsedL: null,
    });
  }
  return { devices: nums, firstT, count: devices * fixes, sample };
}
