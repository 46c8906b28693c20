import type { Sql } from '@pioneira/db';
import type { LatestPosition } from './latest-position';

interface Row {
  device_id: string;
  vehicle_id: string | null;
  fixed_at: Date;
  lat_e7: number;
  lon_e7: number;
  speed_kmh: number | null;
  course: number | null;
}

const toLatest = (r: Row): LatestPosition => ({
  deviceId: r.device_id,
  vehicleId: r.vehicle_id,
  fixedAt: r.fixed_at.toISOString(),
  latitude: r.lat_e7 / 1e7,
  longitude: r.lon_e7 / 1e7,
  speedKmh: r.speed_kmh,
  course: r.course,
});

/** The newest stored fix of every device with one in the last `withinSeconds`: the source of truth. */
export async function latestFromPostgres(sql: Sql, withinSeconds: number): Promise<LatestPosition[]> {
  const rows = await sql<Row[]>`
    SELECT d.id AS device_id, d.vehicle_id, p.fixed_at, p.lat_e7, p.lon_e7, p.speed_kmh, p.course
    FROM devices d
    CROSS JOIN LATERAL (
      SELECT * FROM positions p
      WHERE p.device_num = d.num AND p.fixed_at > now() - ${withinSeconds} * interval '1 second'
      ORDER BY p.fixed_at DESC LIMIT 1
    ) p`;
  return rows.map(toLatest);
}
