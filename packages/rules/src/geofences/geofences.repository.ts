import type { Queryable } from '@pioneira/core';
import type { AllowedWindow } from '../evaluators/after-hours';
import type { GeofenceRecord } from './compiled';
import { type GeofenceShape, parseShape } from './geometry';

/** A geofences row as stored. */
export interface GeofenceRow {
  id: string;
  name: string;
  kind: 'circle' | 'polygon' | 'corridor';
  group_id: string | null;
  group_name: string | null;
  geometry: { type: string; coordinates: unknown };
  radius_m: number | null;
  width_m: number | null;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  speed_limit_kmh: number | null;
  allowed_hours: AllowedWindow[] | null;
  dwell_max_seconds: number | null;
  hysteresis_m: number;
  created_at: Date;
  updated_at: Date;
}

/** The shape of a stored row (validated when written, so parsing it again cannot fail). */
export const shapeOf = (row: GeofenceRow): GeofenceShape =>
  parseShape(row.geometry, { radiusM: row.radius_m, widthM: row.width_m });

export const recordOf = (row: GeofenceRow): GeofenceRecord => ({
  id: String(row.id),
  name: row.name,
  groupId: row.group_id === null ? null : String(row.group_id),
  shape: shapeOf(row),
  speedLimitKmh: row.speed_limit_kmh,
  allowedHours: row.allowed_hours,
  dwellMaxSeconds: row.dwell_max_seconds,
  hysteresisM: row.hysteresis_m,
});

/** Every geofence, or the given ones, as the index holds them. */
export async function geofenceRecords(sql: Queryable, ids?: string[]): Promise<GeofenceRecord[]> {
  const rows = await sql<GeofenceRow[]>`
    SELECT g.*, NULL AS group_name FROM geofences g
    WHERE ${ids === undefined} OR g.id = ANY(${ids ?? []}::int8[])`;
  return rows.map(recordOf);
}

export interface VisitWrite {
  deviceNum: number;
  geofenceId: string;
  geofenceName: string;
  enteredAt: number;
  exitedAt: number | null;
  vehicle: string | null;
  driver: string | null;
}

/** Opens or closes visits on their natural key (device, geofence, entry): a replay writes the same rows. */
export async function upsertVisits(tx: Queryable, visits: VisitWrite[]): Promise<void> {
  if (visits.length === 0) return;
  const unique = [
    ...new Map(visits.map((v) => [`${v.deviceNum}:${v.geofenceId}:${v.enteredAt}`, v])).values(),
  ];
  const col = <T>(pick: (v: VisitWrite) => T) => unique.map(pick);
  await tx`
    INSERT INTO geofence_visits (device_num, geofence_id, entered_at, exited_at, geofence_name,
      vehicle_external_id, driver_external_id)
    SELECT u.num, u.geofence, 'epoch'::timestamptz + u.entered * interval '1 millisecond',
      'epoch'::timestamptz + u.exited * interval '1 millisecond', u.name, u.vehicle, u.driver
    FROM unnest(${col((v) => v.deviceNum)}::int4[], ${col((v) => v.geofenceId)}::int8[],
      ${col((v) => v.enteredAt)}::int8[], ${col((v) => v.exitedAt)}::int8[], ${col((v) => v.geofenceName)}::text[],
      ${col((v) => v.vehicle)}::text[], ${col((v) => v.driver)}::text[])
      AS u(num, geofence, entered, exited, name, vehicle, driver)
    ON CONFLICT (device_num, geofence_id, entered_at) DO UPDATE SET
      exited_at = coalesce(excluded.exited_at, geofence_visits.exited_at)`;
}
