import type { Queryable } from '@pioneira/core';
import type { Touched } from './segments.repository';

/** How far back a stop may start and still count on a later day (longer stops count their last days). */
const LOOKBACK = '40 days';

/**
 * Recomputes the daily summaries of every (vehicle or driver, local day in `timeZone`) that `touched`
 * spans, from the trips and stops stored now. Segments across midnight count pro rata on each day;
 * trips and stops are counted on the day they start. Idempotent.
 */
export async function refreshSummaries(tx: Queryable, touched: Touched[], timeZone: string) {
  const subjects: string[] = [];
  const ids: string[] = [];
  const froms: number[] = [];
  const tos: number[] = [];
  for (const t of touched) {
    for (const [subject, id] of [
      ['vehicle', t.vehicleId],
      ['driver', t.driverId],
    ] as const) {
      if (id === null) continue;
      subjects.push(subject);
      ids.push(id);
      froms.push(t.from);
      tos.push(t.to);
    }
  }
  if (subjects.length === 0) return;
  const days = await tx`
      SELECT DISTINCT u.subject, u.subject_id, d::date::text AS day
      FROM unnest(${subjects}::text[], ${ids}::int8[], ${froms}::float8[], ${tos}::float8[])
        AS u(subject, subject_id, f, t)
      CROSS JOIN LATERAL generate_series(
        date_trunc('day', to_timestamp(u.f / 1000) AT TIME ZONE ${timeZone}),
        date_trunc('day', to_timestamp(u.t / 1000) AT TIME ZONE ${timeZone}), interval '1 day') AS d`;
  if (days.length === 0) return;
  const daySubjects = days.map((d) => d.subject as string);
  const dayIds = days.map((d) => d.subject_id as string);
  const dayDates = days.map((d) => d.day as string);
  await tx`
    DELETE FROM daily_summaries ds
    USING unnest(${daySubjects}::text[], ${dayIds}::int8[], ${dayDates}::date[]) AS t(subject, subject_id, day)
    WHERE ds.subject = t.subject AND ds.subject_id = t.subject_id AND ds.day = t.day`;
  await tx`
    WITH touched AS (
      SELECT * FROM unnest(${daySubjects}::text[], ${dayIds}::int8[], ${dayDates}::date[])
        AS t(subject, subject_id, day)
    ), bounds AS (
      SELECT subject, subject_id, day, day::timestamp AT TIME ZONE ${timeZone} AS d0,
             (day + 1)::timestamp AT TIME ZONE ${timeZone} AS d1
      FROM touched
    ), trip_parts AS (
      SELECT b.subject, b.subject_id, b.day, b.d0, b.d1, t.*,
             CASE WHEN t.ended_at > t.started_at
               THEN extract(epoch FROM least(t.ended_at, b.d1) - greatest(t.started_at, b.d0))
                    / extract(epoch FROM t.ended_at - t.started_at)
               ELSE 1 END AS share
      FROM bounds b
      JOIN trips t ON t.started_at < b.d1 AND t.ended_at >= b.d0
        AND t.started_at > b.d0 - ${LOOKBACK}::interval
        AND ((b.subject = 'vehicle' AND t.vehicle_id = b.subject_id)
          OR (b.subject = 'driver' AND t.driver_id = b.subject_id))
        AND NOT (t.source = 'device' AND EXISTS (
          SELECT 1 FROM trips m WHERE m.source = 'mix' AND m.vehicle_id = t.vehicle_id
            AND m.started_at < t.ended_at AND m.ended_at > t.started_at
            AND m.started_at > t.started_at - interval '2 days'))
    ), stop_parts AS (
      SELECT b.subject, b.subject_id, b.day, b.d0, b.d1, s.started_at, s.idle_seconds,
             extract(epoch FROM least(s.ended_at, b.d1) - greatest(s.started_at, b.d0)) AS seconds,
             CASE WHEN s.ended_at > s.started_at
               THEN extract(epoch FROM least(s.ended_at, b.d1) - greatest(s.started_at, b.d0))
                    / extract(epoch FROM s.ended_at - s.started_at)
               ELSE 1 END AS share
      FROM bounds b
      JOIN stops s ON s.started_at < b.d1 AND s.ended_at > b.d0
        AND s.started_at > b.d0 - ${LOOKBACK}::interval
        AND ((b.subject = 'vehicle' AND s.vehicle_id = b.subject_id)
          OR (b.subject = 'driver' AND s.driver_id = b.subject_id))
    ), trip_days AS (
      SELECT subject, subject_id, day,
             count(*) FILTER (WHERE started_at >= d0) AS trips,
             sum(distance_m * share) AS distance_m,
             sum(driving_seconds * share) AS driving_seconds,
             sum(idle_seconds * share) AS idle_seconds,
             max(max_speed_kmh) AS max_speed_kmh,
             min(started_at) FILTER (WHERE started_at >= d0) AS first_departure_at,
             max(ended_at) FILTER (WHERE ended_at < d1) AS last_arrival_at,
             min(odometer_start_m) AS odometer_start_m,
             max(odometer_end_m) AS odometer_end_m,
             sum(engine_seconds * share) AS engine_seconds,
             sum(fuel_used_l * share) AS fuel_used_l
      FROM trip_parts GROUP BY subject, subject_id, day
    ), stop_days AS (
      SELECT subject, subject_id, day,
             count(*) FILTER (WHERE started_at >= d0) AS stops,
             sum(idle_seconds * share) AS idle_seconds,
             sum(seconds - idle_seconds * share) AS stopped_seconds
      FROM stop_parts GROUP BY subject, subject_id, day
    )
    INSERT INTO daily_summaries (subject, subject_id, day, trips, stops, distance_m, driving_seconds,
                                 idle_seconds, stopped_seconds, max_speed_kmh, first_departure_at,
                                 last_arrival_at, odometer_start_m, odometer_end_m, engine_seconds, fuel_used_l)
    SELECT t.subject, t.subject_id, t.day, coalesce(td.trips, 0), coalesce(sd.stops, 0),
           coalesce(td.distance_m, 0), coalesce(td.driving_seconds, 0),
           coalesce(td.idle_seconds, 0) + coalesce(sd.idle_seconds, 0), coalesce(sd.stopped_seconds, 0),
           td.max_speed_kmh, td.first_departure_at, td.last_arrival_at, td.odometer_start_m,
           td.odometer_end_m, td.engine_seconds, td.fuel_used_l
    FROM touched t
    LEFT JOIN trip_days td USING (subject, subject_id, day)
    LEFT JOIN stop_days sd USING (subject, subject_id, day)
    WHERE td.subject IS NOT NULL OR sd.subject IS NOT NULL`;
}
