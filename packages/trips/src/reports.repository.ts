import type { Queryable } from '@pioneira/core';

/** Whose report: vehicles (one or a set), one driver, or the whole fleet (every vehicle). */
export type ReportSubject =
  | { kind: 'vehicles'; ids: string[] }
  | { kind: 'driver'; id: string }
  | { kind: 'fleet' };

export type Row = Record<string, unknown>;

const tripWhere = (sql: Queryable, s: ReportSubject, alias: 't' | 's') => {
  const col = (name: string) => sql(`${alias}.${name}`);
  if (s.kind === 'driver') return sql`${col('driver_id')} = ${s.id}::int8`;
  // One vehicle by equality: the index then yields trips in time order and a page reads only its rows.
  if (s.kind === 'vehicles' && s.ids.length === 1) return sql`${col('vehicle_id')} = ${s.ids[0]}::int8`;
  if (s.kind === 'vehicles') return sql`${col('vehicle_id')} = ANY(${s.ids}::int8[])`;
  return sql`${col('vehicle_id')} IS NOT NULL`;
};

const VEHICLE_AND_DRIVER = (sql: Queryable, alias: 't' | 's') => sql`
  LEFT JOIN vehicles v ON v.id = ${sql(`${alias}.vehicle_id`)}
  LEFT JOIN drivers dr ON dr.id = ${sql(`${alias}.driver_id`)}`;

/** All SQL of the reports: they read trips, stops and daily summaries, never raw positions. */
export class ReportsRepository {
  constructor(private readonly sql: Queryable) {}

  async existing(kind: 'vehicles' | 'drivers', ids: string[]): Promise<string[]> {
    const rows =
      kind === 'vehicles'
        ? await this.sql`SELECT id FROM vehicles WHERE id = ANY(${ids}::int8[])`
        : await this.sql`SELECT id FROM drivers WHERE id = ANY(${ids}::int8[])`;
    return rows.map((r) => String(r.id));
  }

  async trips(subject: ReportSubject, from: Date, to: Date, limit: number, offset: number) {
    const sql = this.sql;
    // Where the vendor (MiX) reported a trip of the vehicle, its trip wins over the tracker's.
    const where = sql`${tripWhere(sql, subject, 't')} AND t.started_at >= ${from} AND t.started_at < ${to}
      AND NOT (t.source = 'device' AND EXISTS (
        SELECT 1 FROM trips m WHERE m.source = 'mix' AND m.vehicle_id = t.vehicle_id
          AND m.started_at < t.ended_at AND m.ended_at > t.started_at
          AND m.started_at > t.started_at - interval '2 days'))`;
    const [{ total }] = await sql`SELECT count(*)::int AS total FROM trips t WHERE ${where}`;
    const items = await sql`
      SELECT t.*, v.registration_number AS plate, v.description AS vehicle_description, dr.name AS driver_name
      FROM trips t ${VEHICLE_AND_DRIVER(sql, 't')}
      WHERE ${where}
      ORDER BY t.started_at, t.id LIMIT ${limit} OFFSET ${offset}`;
    return { total: total as number, items };
  }

  /**
   * Trips still being driven (a device's open movement in `trip_states`) that started before `to`
   * and whose last fix is at or after `from`, attributed as closed trips are.
   */
  async inProgress(subject: ReportSubject, from: Date, to: Date, limit: number) {
    const sql = this.sql;
    const startedMs = sql`(ts.state #>> '{motion,start,t}')::float8`;
    const lastMs = sql`(ts.state #>> '{last,t}')::float8`;
    const vehicle =
      subject.kind === 'vehicles'
        ? sql`AND d.vehicle_id = ANY(${subject.ids}::int8[])`
        : subject.kind === 'fleet'
          ? sql`AND d.vehicle_id IS NOT NULL`
          : sql``;
    return sql`
      WITH open AS (
        SELECT d.id AS device_id, d.vehicle_id, ts.state,
               coalesce(d.driver_id, assigned_driver(d.vehicle_id, to_timestamp(${startedMs} / 1000))) AS driver_id
          FROM trip_states ts JOIN devices d ON d.num = ts.device_num
         WHERE ts.moving AND ts.state -> 'motion' IS NOT NULL AND jsonb_typeof(ts.state -> 'motion') = 'object'
           AND ${startedMs} < ${to.getTime()} AND ${lastMs} >= ${from.getTime()} ${vehicle})
      SELECT o.*, v.registration_number AS plate, v.description AS vehicle_description, dr.name AS driver_name
        FROM open o LEFT JOIN vehicles v ON v.id = o.vehicle_id LEFT JOIN drivers dr ON dr.id = o.driver_id
       WHERE ${subject.kind === 'driver' ? sql`o.driver_id = ${subject.id}::int8` : sql`true`}
       ORDER BY (o.state #>> '{motion,start,t}')::float8, o.device_id
       LIMIT ${limit}`;
  }

  async stops(subject: ReportSubject, from: Date, to: Date, limit: number, offset: number) {
    const sql = this.sql;
    const where = sql`${tripWhere(sql, subject, 's')} AND s.started_at >= ${from} AND s.started_at < ${to}`;
    const [{ total }] = await sql`SELECT count(*)::int AS total FROM stops s WHERE ${where}`;
    const items = await sql`
      SELECT s.*, v.registration_number AS plate, v.description AS vehicle_description, dr.name AS driver_name
      FROM stops s ${VEHICLE_AND_DRIVER(sql, 's')}
      WHERE ${where}
      ORDER BY s.started_at, s.id LIMIT ${limit} OFFSET ${offset}`;
    return { total: total as number, items };
  }

  private summaryWhere(subject: ReportSubject, fromDay: string, toDay: string) {
    const sql = this.sql;
    const days = sql`ds.day >= ${fromDay}::date AND ds.day <= ${toDay}::date`;
    if (subject.kind === 'driver')
      return sql`ds.subject = 'driver' AND ds.subject_id = ${subject.id}::int8 AND ${days}`;
    if (subject.kind === 'vehicles' && subject.ids.length === 1)
      return sql`ds.subject = 'vehicle' AND ds.subject_id = ${subject.ids[0]}::int8 AND ${days}`;
    if (subject.kind === 'vehicles')
      return sql`ds.subject = 'vehicle' AND ds.subject_id = ANY(${subject.ids}::int8[]) AND ${days}`;
    return sql`ds.subject = 'vehicle' AND ${days}`;
  }

  private figures() {
    return this.sql`
      sum(ds.trips)::int AS trips, sum(ds.stops)::int AS stops, coalesce(sum(ds.distance_m), 0) AS distance_m,
      coalesce(sum(ds.driving_seconds), 0) AS driving_seconds, coalesce(sum(ds.idle_seconds), 0) AS idle_seconds,
      coalesce(sum(ds.stopped_seconds), 0) AS stopped_seconds, max(ds.max_speed_kmh) AS max_speed_kmh,
      min(ds.first_departure_at) AS first_departure_at, max(ds.last_arrival_at) AS last_arrival_at,
      min(ds.odometer_start_m) AS odometer_start_m, max(ds.odometer_end_m) AS odometer_end_m,
      sum(ds.engine_seconds) AS engine_seconds, sum(ds.fuel_used_l) AS fuel_used_l`;
  }

  /** Period figures per vehicle (or for the driver), a page of them, and the totals of all. */
  async summary(subject: ReportSubject, fromDay: string, toDay: string, limit: number, offset: number) {
    const sql = this.sql;
    const where = this.summaryWhere(subject, fromDay, toDay);
    const items = await sql`
      WITH per AS (
        SELECT ds.subject, ds.subject_id, ${this.figures()}
        FROM daily_summaries ds WHERE ${where}
        GROUP BY ds.subject, ds.subject_id
      )
      SELECT per.*, count(*) OVER ()::int AS total,
             coalesce(v.registration_number, v.description, dr.name, per.subject_id::text) AS name
      FROM per
      LEFT JOIN vehicles v ON per.subject = 'vehicle' AND v.id = per.subject_id
      LEFT JOIN drivers dr ON per.subject = 'driver' AND dr.id = per.subject_id
      ORDER BY name, per.subject_id LIMIT ${limit} OFFSET ${offset}`;
    const [totals] = await sql`SELECT ${this.figures()} FROM daily_summaries ds WHERE ${where}`;
    const [{ total }] = items.length
      ? [{ total: items[0].total as number }]
      : await sql`SELECT count(DISTINCT ds.subject_id)::int AS total FROM daily_summaries ds WHERE ${where}`;
    return { items, totals, total: total as number };
  }

  async daily(subject: ReportSubject, fromDay: string, toDay: string) {
    return this.sql`
      SELECT ds.day::text AS day, ${this.figures()}
      FROM daily_summaries ds WHERE ${this.summaryWhere(subject, fromDay, toDay)}
      GROUP BY ds.day ORDER BY ds.day`;
  }

  /** The stored fixes of a trip (its device, or for a vendor trip its vehicle's devices), oldest first. */
  async tripTrack(tripId: string, limit: number) {
    const [trip] = await this
      .sql`SELECT device_num, vehicle_id, started_at, ended_at FROM trips WHERE id = ${tripId}::int8`;
    if (!trip) return null;
    const rows = await this.sql`
      SELECT (extract(epoch FROM p.fixed_at) * 1000)::float8 AS ms, p.lat_e7, p.lon_e7, p.speed_kmh, p.course
      FROM positions p
      WHERE p.device_num IN (
          SELECT ${trip.device_num}::int4 WHERE ${trip.device_num}::int4 IS NOT NULL
          UNION SELECT d.num FROM devices d WHERE ${trip.device_num}::int4 IS NULL AND d.vehicle_id = ${trip.vehicle_id}::int8)
        AND p.fixed_at >= ${trip.started_at as Date} AND p.fixed_at <= ${trip.ended_at as Date}
      ORDER BY p.fixed_at LIMIT ${limit}`;
    return rows;
  }
}
