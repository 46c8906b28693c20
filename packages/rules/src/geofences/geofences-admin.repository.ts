import type { Queryable } from '@pioneira/core';
import type { AllowedWindow } from '../evaluators/after-hours';
import type { GeofenceRow } from './geofences.repository';
import { type BBox, type GeofenceShape, toGeometry } from './geometry';

/** A geofence as written: its validated shape and rules. */
export interface GeofenceWrite {
  name: string;
  groupId: string | null;
  shape: GeofenceShape;
  bbox: BBox;
  speedLimitKmh: number | null;
  allowedHours: AllowedWindow[] | null;
  dwellMaxSeconds: number | null;
  hysteresisM: number;
}

const SELECT = (sql: Queryable) => sql`
  SELECT g.*, gg.name AS group_name FROM geofences g LEFT JOIN geofence_groups gg ON gg.id = g.group_id`;

export async function findGeofence(sql: Queryable, id: string): Promise<GeofenceRow | undefined> {
  const [row] = await sql<GeofenceRow[]>`${SELECT(sql)} WHERE g.id = ${id}`;
  return row;
}

export async function listGeofences(
  sql: Queryable,
  filter: { groupId?: string; q?: string; sort: 'name' | '-updatedAt'; limit: number; offset: number },
): Promise<{ total: number; rows: GeofenceRow[] }> {
  const where = sql`WHERE (${filter.groupId ?? null}::int8 IS NULL OR g.group_id = ${filter.groupId ?? null}::int8)
    AND (${filter.q ?? null}::text IS NULL OR g.name ILIKE '%' || ${filter.q ?? ''} || '%')`;
  const order = filter.sort === 'name' ? sql`lower(g.name), g.id` : sql`g.updated_at DESC, g.id`;
  const rows = await sql<Array<GeofenceRow & { total: number }>>`
    SELECT g.*, gg.name AS group_name, count(*) OVER ()::int AS total
    FROM geofences g LEFT JOIN geofence_groups gg ON gg.id = g.group_id
    ${where} ORDER BY ${order} LIMIT ${filter.limit} OFFSET ${filter.offset}`;
  if (rows.length > 0 || filter.offset === 0) return { total: rows[0]?.total ?? 0, rows };
  const [{ total }] = await sql<[{ total: number }]>`SELECT count(*)::int AS total FROM geofences g ${where}`;
  return { total, rows };
}

/** Every geofence of a group (or all), for an export. */
export function allGeofences(sql: Queryable, groupId?: string): Promise<GeofenceRow[]> {
  return sql<GeofenceRow[]>`${SELECT(sql)}
    WHERE ${groupId ?? null}::int8 IS NULL OR g.group_id = ${groupId ?? null}::int8 ORDER BY lower(g.name), g.id`;
}

const columns = (w: GeofenceWrite) => ({
  name: w.name,
  kind: w.shape.kind,
  group_id: w.groupId,
  geometry: toGeometry(w.shape),
  radius_m: w.shape.kind === 'circle' ? w.shape.radiusM : null,
  width_m: w.shape.kind === 'corridor' ? w.shape.widthM : null,
  min_lon: w.bbox.minLon,
  min_lat: w.bbox.minLat,
  max_lon: w.bbox.maxLon,
  max_lat: w.bbox.maxLat,
  speed_limit_kmh: w.speedLimitKmh,
  allowed_hours: w.allowedHours,
  dwell_max_seconds: w.dwellMaxSeconds,
  hysteresis_m: w.hysteresisM,
});

export async function insertGeofence(tx: Queryable, w: GeofenceWrite, by: string | null): Promise<string> {
  const c = columns(w);
  const [row] = await tx<[{ id: string }]>`
    INSERT INTO geofences (name, kind, group_id, geometry, radius_m, width_m, min_lon, min_lat, max_lon, max_lat,
      speed_limit_kmh, allowed_hours, dwell_max_seconds, hysteresis_m, created_by, updated_by)
    VALUES (${c.name}, ${c.kind}, ${c.group_id}, ${tx.json(c.geometry as never)}, ${c.radius_m}, ${c.width_m},
      ${c.min_lon}, ${c.min_lat}, ${c.max_lon}, ${c.max_lat}, ${c.speed_limit_kmh},
      ${c.allowed_hours === null ? null : tx.json(c.allowed_hours as never)}, ${c.dwell_max_seconds},
      ${c.hysteresis_m}, ${by}, ${by})
    RETURNING id`;
  return String(row.id);
}

export async function updateGeofence(
  tx: Queryable,
  id: string,
  w: GeofenceWrite,
  by: string | null,
): Promise<void> {
  const c = columns(w);
  await tx`
    UPDATE geofences SET name = ${c.name}, kind = ${c.kind}, group_id = ${c.group_id},
      geometry = ${tx.json(c.geometry as never)}, radius_m = ${c.radius_m}, width_m = ${c.width_m},
      min_lon = ${c.min_lon}, min_lat = ${c.min_lat}, max_lon = ${c.max_lon}, max_lat = ${c.max_lat},
      speed_limit_kmh = ${c.speed_limit_kmh},
      allowed_hours = ${c.allowed_hours === null ? null : tx.json(c.allowed_hours as never)},
      dwell_max_seconds = ${c.dwell_max_seconds}, hysteresis_m = ${c.hysteresis_m},
      updated_by = ${by}, updated_at = now()
    WHERE id = ${id}`;
}

/** Deletes a geofence and closes its open visits (the history stays). */
export async function deleteGeofence(tx: Queryable, id: string): Promise<boolean> {
  const rows = await tx`DELETE FROM geofences WHERE id = ${id} RETURNING id`;
  if (rows.length === 0) return false;
  await tx`UPDATE geofence_visits SET exited_at = now() WHERE geofence_id = ${id} AND exited_at IS NULL`;
  return true;
}

export async function groupExists(sql: Queryable, id: string): Promise<boolean> {
  return (await sql`SELECT 1 FROM geofence_groups WHERE id = ${id}`).length > 0;
}

export function listGroups(sql: Queryable) {
  return sql<Array<{ id: string; name: string; geofences: number }>>`
    SELECT gg.id::text, gg.name, count(g.id)::int AS geofences
    FROM geofence_groups gg LEFT JOIN geofences g ON g.group_id = gg.id
    GROUP BY gg.id ORDER BY lower(gg.name)`;
}

/** Creates a group; undefined when the name is taken. */
export async function insertGroup(sql: Queryable, name: string): Promise<string | undefined> {
  const [row] = await sql<Array<{ id: string }>>`
    INSERT INTO geofence_groups (name) VALUES (${name}) ON CONFLICT (name) DO NOTHING RETURNING id::text`;
  return row?.id;
}

export async function deleteGroup(sql: Queryable, id: string): Promise<boolean> {
  return (await sql`DELETE FROM geofence_groups WHERE id = ${id} RETURNING id`).length > 0;
}

export interface VisitRow {
  geofence_id: string;
  geofence_name: string;
  device_id: string;
  device_name: string;
  vehicle_id: string | null;
  plate: string | null;
  description: string | null;
  driver_external_id: string | null;
  entered_at: Date;
  exited_at: Date | null;
  duration_s: number;
  total: number;
}

/** Visits that overlap the period, newest first. */
export function visits(
  sql: Queryable,
  filter: { from: Date; to: Date; vehicleId?: string; geofenceId?: string; limit: number; offset: number },
) {
  return sql<VisitRow[]>`
    SELECT v.geofence_id::text, v.geofence_name, d.id AS device_id, d.name AS device_name,
      ve.id::text AS vehicle_id, ve.registration_number AS plate, ve.description,
      v.driver_external_id, v.entered_at, v.exited_at,
      extract(epoch FROM coalesce(v.exited_at, now()) - v.entered_at)::int AS duration_s,
      count(*) OVER ()::int AS total
    FROM geofence_visits v
    JOIN devices d ON d.num = v.device_num
    LEFT JOIN vehicles ve ON ve.id = d.vehicle_id
    WHERE v.entered_at < ${filter.to} AND coalesce(v.exited_at, 'infinity') >= ${filter.from}
      AND (${filter.vehicleId ?? null}::int8 IS NULL OR d.vehicle_id = ${filter.vehicleId ?? null}::int8)
      AND (${filter.geofenceId ?? null}::int8 IS NULL OR v.geofence_id = ${filter.geofenceId ?? null}::int8)
    ORDER BY v.entered_at DESC, v.geofence_id, v.device_num
    LIMIT ${filter.limit} OFFSET ${filter.offset}`;
}

/** The id of the group of that name, created when there is none (an import naming its groups). */
export async function groupNamed(tx: Queryable, name: string): Promise<string> {
  const [made] = await tx<[{ id: string }?]>`
    INSERT INTO geofence_groups (name) VALUES (${name}) ON CONFLICT (name) DO NOTHING RETURNING id::text`;
  if (made) return made.id;
  const [found] = await tx<[{ id: string }]>`SELECT id::text FROM geofence_groups WHERE name = ${name}`;
  return found.id;
}
