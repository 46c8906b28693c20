import type { Sql } from '@pioneira/db';
import { PG_CHANNELS, TOPICS } from '@pioneira/pipeline';
import type { PositionRow } from './position-row';
import { encodeWire } from './wire-record';

/**
 * Stores a group of positions in ONE statement, hence one transaction and one round trip: the rows
 * (duplicates of a stored `(device, fix time)` ignored), their attributes, one outbox row for the
 * whole group, and a NOTIFY (as `enqueueOutbox` does, folded into the same statement) for the relays. `owners[i]` says which submission row i came from;
 * returns how many rows of each submission were new. Rows must be unique on (deviceNum, t).
 */
export async function writePositions(sql: Sql, rows: PositionRow[], owners: number[]): Promise<number[]> {
  const col = <T>(pick: (row: PositionRow) => T) => rows.map(pick);
  const result = await sql<{ owner: number; inserted: number }[]>`
    WITH input AS (
      SELECT u.owner, u.device_num, 'epoch'::timestamptz + u.t * interval '1 millisecond' AS fixed_at,
             u.lat_e7, u.lon_e7, u.speed_kmh, u.course, u.altitude, u.accuracy, u.attributes
      FROM unnest(${owners}::int4[], ${col((r) => r.deviceNum)}::int4[], ${col((r) => r.t)}::int8[],
                  ${col((r) => r.latE7)}::int4[], ${col((r) => r.lonE7)}::int4[],
                  ${col((r) => r.speedKmh)}::float4[], ${col((r) => r.course)}::float4[],
                  ${col((r) => r.altitude)}::int2[], ${col((r) => r.accuracy)}::int2[],
                  ${col((r) => r.attributes)}::text[])
        AS u(owner, device_num, t, lat_e7, lon_e7, speed_kmh, course, altitude, accuracy, attributes)
    ), stored AS (
      INSERT INTO positions (fixed_at, device_num, lat_e7, lon_e7, speed_kmh, course, altitude, accuracy)
      SELECT fixed_at, device_num, lat_e7, lon_e7, speed_kmh, course, altitude, accuracy FROM input
      ON CONFLICT DO NOTHING
      RETURNING device_num, fixed_at
    ), new_rows AS (
      SELECT i.* FROM stored s JOIN input i USING (device_num, fixed_at)
    ), attributes AS (
      INSERT INTO position_attributes (fixed_at, device_num, attributes)
      SELECT fixed_at, device_num, attributes::jsonb FROM new_rows WHERE attributes IS NOT NULL
    ), box AS (
      INSERT INTO outbox (topic, payload) VALUES (${TOPICS.positions}, ${encodeWire(rows)})
    )
    SELECT owner, count(*)::int AS inserted FROM new_rows GROUP BY owner
    UNION ALL
    SELECT -1, 0 FROM (SELECT pg_notify(${PG_CHANNELS.outbox}, '')) AS wake`;
  const inserted = new Array<number>(Math.max(0, ...owners) + 1).fill(0);
  for (const { owner, inserted: n } of result) if (owner >= 0) inserted[owner] = n;
  return inserted;
}
