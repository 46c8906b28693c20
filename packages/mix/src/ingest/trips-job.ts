import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { refreshSummaries } from '@pioneira/trips';
import type { MixClient, MixEntity } from '../client';
import { parseMixDate } from '../dates';
import { idText, num } from '../int64-json';
import {
  type CreatedSinceStream,
  type RunReport,
  runCreatedSince,
  type StreamJobOptions,
} from './stream-job';

/** One MiX Trip (reference §6.8) as a row of `trips` (source 'mix'). */
export interface MixTripRow {
  externalId: string;
  assetId: string;
  driverId: string | null;
  startedAt: string;
  endedAt: string;
  startLat: number;
  startLon: number;
  endLat: number;
  endLon: number;
  distanceM: number;
  drivingSeconds: number;
  standingSeconds: number | null;
  maxSpeedKmh: number | null;
  odometerStartM: number | null;
  odometerEndM: number | null;
  engineSeconds: number | null;
  fuelUsedL: number | null;
  subTrips: unknown[] | null;
}

const point = (p: unknown): { lat: number; lon: number } | undefined => {
  if (!p || typeof p !== 'object') return undefined;
  const lat = num((p as MixEntity).Latitude);
  const lon = num((p as MixEntity).Longitude);
  if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { lat, lon };
};
const km = (v: unknown) => {
  const n = num(v);
  return n === undefined ? null : n * 1000;
};

/** The legs as MiX gave them, with the figures a report shows (times ISO, distances in metres). */
function subTripsOf(value: unknown): unknown[] | null {
  if (!Array.isArray(value)) return null;
  return value.map((s: MixEntity) => ({
    startedAt: parseMixDate(s.SubTripStart)?.toISOString() ?? null,
    departedAt: parseMixDate(s.Depart)?.toISOString() ?? null,
    haltedAt: parseMixDate(s.Halt)?.toISOString() ?? null,
    endedAt: parseMixDate(s.SubTripEnd)?.toISOString() ?? null,
    distanceM: km(s.DistanceKilometres),
    drivingSeconds: num(s.DrivingTime) ?? null,
    standingSeconds: num(s.StandingTime) ?? null,
    maxSpeedKmh: num(s.MaxSpeedKilometersPerHour) ?? null,
  }));
}

/**
 * A Trip as a row; undefined when it cannot be placed (no id, asset or times, or no position at
 * either end even among its sub-trips). Such a trip is counted as a duplicate of the page, not stored.
 */
export function toTripRow(t: MixEntity): MixTripRow | undefined {
  const externalId = idText(t.TripId);
  const assetId = idText(t.AssetId);
  const startedAt = parseMixDate(t.TripStart);
  const endedAt = parseMixDate(t.TripEnd);
  if (!externalId || !assetId || !startedAt || !endedAt || endedAt < startedAt) return undefined;
  const subs = Array.isArray(t.SubTrips) ? (t.SubTrips as MixEntity[]) : [];
  const start = point(t.StartPosition) ?? point(subs[0]?.StartPosition);
  const end = point(t.EndPosition) ?? point(subs[subs.length - 1]?.EndPosition);
  if (!start || !end) return undefined;
  const driverId = idText(t.DriverId);
  return {
    externalId,
    assetId,
    driverId: driverId && driverId !== '0' ? driverId : null,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    startLat: start.lat,
    startLon: start.lon,
    endLat: end.lat,
    endLon: end.lon,
    distanceM: km(t.DistanceKilometers) ?? 0,
    drivingSeconds: num(t.DrivingTime) ?? 0,
    standingSeconds: num(t.StandingTime) ?? null,
    maxSpeedKmh: num(t.MaxSpeedKilometersPerHour) ?? null,
    odometerStartM: km(t.StartOdometerKilometers),
    odometerEndM: km(t.EndOdometerKilometers),
    engineSeconds: num(t.EngineSeconds) ?? null,
    fuelUsedL: num(t.FuelUsedLitres) ?? null,
    subTrips: subTripsOf(t.SubTrips),
  };
}

interface Changed {
  id: string;
  vehicle_id: string | null;
  driver_id: string | null;
  started_at: Date;
  ended_at: Date;
}

/**
 * Inserts a page of MiX trips (each TripId once: a replayed page is skipped by the key), links the
 * trips stored earlier whose vehicle or driver mix.sync has brought since, turns each trip with a
 * (non-system) driver into a dated assignment of source 'mix' and refreshes the daily summaries of
 * the days they cover. Returns how many trips were new.
 */
export async function insertMixTrips(
  tx: Queryable,
  rows: MixTripRow[],
  timeZone: string,
): Promise<{ inserted: number }> {
  const inserted =
    rows.length === 0
      ? []
      : await tx<Changed[]>`
    INSERT INTO trips (source, external_id, vehicle_id, driver_id, started_at, ended_at, start_lat, start_lon,
      end_lat, end_lon, distance_m, driving_seconds, idle_seconds, standing_seconds, max_speed_kmh,
      odometer_start_m, odometer_end_m, engine_seconds, fuel_used_l, sub_trips, mix_asset_id, mix_driver_id)
    SELECT 'mix', p."externalId", v.id, dr.id, p."startedAt", p."endedAt", p."startLat", p."startLon",
      p."endLat", p."endLon", p."distanceM", p."drivingSeconds", 0, p."standingSeconds", p."maxSpeedKmh",
      p."odometerStartM", p."odometerEndM", p."engineSeconds", p."fuelUsedL", p."subTrips", p."assetId", p."driverId"
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) AS p(
      "externalId" text, "assetId" text, "driverId" text, "startedAt" timestamptz, "endedAt" timestamptz,
      "startLat" float8, "startLon" float8, "endLat" float8, "endLon" float8, "distanceM" float8,
      "drivingSeconds" float8, "standingSeconds" float8, "maxSpeedKmh" real, "odometerStartM" float8,
      "odometerEndM" float8, "engineSeconds" float8, "fuelUsedL" real, "subTrips" jsonb)
    LEFT JOIN vehicles v ON v.external_id = p."assetId"
    LEFT JOIN drivers dr ON dr.external_id = p."driverId"
    ON CONFLICT (source, external_id) WHERE external_id IS NOT NULL DO NOTHING
    RETURNING id::text, vehicle_id::text, driver_id::text, started_at, ended_at`;
  const linked = await tx<Changed[]>`
    UPDATE trips t SET
      vehicle_id = coalesce(t.vehicle_id, (SELECT v.id FROM vehicles v WHERE v.external_id = t.mix_asset_id)),
      driver_id = coalesce(t.driver_id, (SELECT d.id FROM drivers d WHERE d.external_id = t.mix_driver_id))
    WHERE t.source = 'mix' AND (t.vehicle_id IS NULL OR t.driver_id IS NULL)
      AND ((t.vehicle_id IS NULL AND EXISTS (SELECT 1 FROM vehicles v WHERE v.external_id = t.mix_asset_id))
        OR (t.driver_id IS NULL AND EXISTS (SELECT 1 FROM drivers d WHERE d.external_id = t.mix_driver_id)))
    RETURNING id::text, vehicle_id::text, driver_id::text, started_at, ended_at`;
  const changed = [...inserted, ...linked];
  if (changed.length > 0) {
    const ids = changed.map((c) => c.id);
    // One assignment per trip, keyed on the trip; a trip overlapping another MiX trip of the same
    // vehicle (the exclusion constraint) keeps the earlier one's assignment.
    await tx`
      INSERT INTO vehicle_driver_assignments (vehicle_id, driver_id, source, starts_at, ends_at, external_id, note)
      SELECT t.vehicle_id, t.driver_id, 'mix', t.started_at, t.ended_at, t.external_id, 'MiX trip'
      FROM trips t JOIN drivers d ON d.id = t.driver_id AND NOT d.is_system_driver
      WHERE t.id = ANY(${ids}::int8[]) AND t.vehicle_id IS NOT NULL AND t.ended_at > t.started_at
      ORDER BY t.started_at
      ON CONFLICT DO NOTHING`;
    await refreshSummaries(
      tx,
      changed.map((c) => ({
        vehicleId: c.vehicle_id,
        driverId: c.driver_id,
        from: c.started_at.getTime(),
        to: c.ended_at.getTime(),
      })),
      timeZone,
    );
  }
  return { inserted: inserted.length };
}

/** The organisation's trips stream with their sub-trips, into `trips` (source 'mix'). */
export function tripsStream(timeZone: string): CreatedSinceStream {
  return {
    job: 'mix.trips',
    fetch: (client, token, quantity, signal) => client.tripsCreatedSince(token, quantity, signal),
    async store(tx, items) {
      const rows = new Map<string, MixTripRow>();
      for (const item of items) {
        const row = toTripRow(item);
        if (row) rows.set(row.externalId, row);
      }
      const list = [...rows.values()];
      const { inserted } = await insertMixTrips(tx, list, timeZone);
      const newestMs = list.length ? Math.max(...list.map((r) => Date.parse(r.endedAt))) : undefined;
      return { inserted, newestMs };
    },
  };
}

/** The `mix.trips` job: see tripsStream. */
export function runMixTrips(
  sql: Sql,
  client: MixClient,
  timeZone: string,
  options: StreamJobOptions = {},
): Promise<RunReport> {
  return runCreatedSince(sql, client, tripsStream(timeZone), options);
}
