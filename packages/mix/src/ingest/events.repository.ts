import type { Queryable } from '@pioneira/core';
import type { TelemetryEventRow } from './event-row';

/**
 * Inserts one page of MiX events in a single statement; events already stored are skipped by the
 * (source, external_id) key. Returns how many were new. The page travels as ONE JSON parameter
 * expanded by jsonb_to_recordset: measured several times faster than two dozen unnest arrays,
 * because the raw events dominate the bytes and need no per-element array escaping.
 */
export async function insertMixEvents(sql: Queryable, rows: TelemetryEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const page = JSON.stringify(rows);
  const [{ inserted }] = await sql<{ inserted: number }[]>`
    WITH ins AS (
      INSERT INTO telemetry_events (source, external_id, driver_external_id, vehicle_external_id, event_type_external_id,
        category, started_at, ended_at, latitude, longitude, end_latitude, end_longitude, speed_kmh, speed_limit_kmh,
        value, value_units, value_type, total_time_seconds, total_occurrences, odometer_km, fuel_used_litres,
        location_external_id, address, raw)
      SELECT 'mix', p."externalId", p."driverExternalId", p."vehicleExternalId", p."eventTypeExternalId", p.category,
        p."startedAt", p."endedAt", p.latitude, p.longitude, p."endLatitude", p."endLongitude", p."speedKmh",
        p."speedLimitKmh", p.value, p."valueUnits", p."valueType", p."totalTimeSeconds", p."totalOccurrences",
        p."odometerKm", p."fuelUsedLitres", p."locationExternalId", p.address, p.raw
      FROM jsonb_to_recordset(${page}::text::jsonb) AS p(
        "externalId" text, "driverExternalId" text, "vehicleExternalId" text, "eventTypeExternalId" text,
        category text, "startedAt" timestamptz, "endedAt" timestamptz, latitude float8, longitude float8,
        "endLatitude" float8, "endLongitude" float8, "speedKmh" real, "speedLimitKmh" real, value float8,
        "valueUnits" text, "valueType" text, "totalTimeSeconds" int, "totalOccurrences" int, "odometerKm" float8,
        "fuelUsedLitres" real, "locationExternalId" text, address text, raw jsonb)
      ON CONFLICT (source, external_id) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS inserted FROM ins`;
  return inserted;
}
