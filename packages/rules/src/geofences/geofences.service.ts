import {
  AllowedWindowSchema,
  type Geofence,
  type GeofenceInput,
  type GeofencePatch,
} from '@pioneira/contracts';
import { AppError, badRequest, notFound, type Period, type Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { type GeofenceRow, shapeOf } from './geofences.repository';
import * as store from './geofences-admin.repository';
import { bboxOf, GeometryError, parseShape, toGeometry } from './geometry';
import { type KmlFeature, parseKml, toKml } from './kml';

const MAX_IMPORT = 1000;
const AllowedHours = Type.Array(AllowedWindowSchema, { maxItems: 21 });

/**
 * The rules of a place as an imported feature carries them: numbers as numbers, the allowed hours as
 * an array or (KML ExtendedData holds text) its JSON. Anything else is a 400 naming the feature.
 */
function importedRules(p: Record<string, unknown>, where: string) {
  const num = (key: string) => {
    const v = p[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw badRequest('invalid_geofence', `${where}${key} must be a number (got ${JSON.stringify(v)}).`);
    return v;
  };
  let hours: unknown = p.allowedHours ?? null;
  if (typeof hours === 'string') {
    try {
      hours = JSON.parse(hours);
    } catch {
      hours = undefined;
    }
  }
  if (hours !== null && !Value.Check(AllowedHours, hours))
    throw badRequest(
      'invalid_geofence',
      `${where}allowedHours must be a list of at most 21 windows {"days":[0-6…],"from":"HH:MM","to":"HH:MM"}.`,
    );
  const speed = num('speedLimitKmh');
  if (speed !== null && !(speed > 0 && speed <= 300))
    throw badRequest('invalid_geofence', `${where}speedLimitKmh must be above 0 and at most 300.`);
  const dwell = num('dwellMaxSeconds');
  if (dwell !== null && !(Number.isInteger(dwell) && dwell >= 1 && dwell <= 30 * 86400))
    throw badRequest('invalid_geofence', `${where}dwellMaxSeconds must be whole seconds, 1 to 30 days.`);
  const hysteresis = num('hysteresisM');
  if (hysteresis !== null && !(hysteresis >= 0 && hysteresis <= 500))
    throw badRequest('invalid_geofence', `${where}hysteresisM must be 0 to 500 metres.`);
  return {
    radiusM: num('radiusM'),
    widthM: num('widthM'),
    speedLimitKmh: speed,
    dwellMaxSeconds: dwell,
    allowedHours: hours as GeofenceInput['allowedHours'],
    ...(hysteresis === null ? {} : { hysteresisM: hysteresis }),
  };
}

const view = (row: GeofenceRow): Geofence => ({
  id: String(row.id),
  name: row.name,
  kind: row.kind,
  groupId: row.group_id === null ? null : String(row.group_id),
  groupName: row.group_name,
  geometry: row.geometry,
  radiusM: row.radius_m,
  widthM: row.width_m,
  bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
  speedLimitKmh: row.speed_limit_kmh,
  allowedHours: row.allowed_hours,
  dwellMaxSeconds: row.dwell_max_seconds,
  hysteresisM: row.hysteresis_m,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const invalid = (message: string) => badRequest('invalid_geometry', message);

/** The admin API of the geofences: validation, groups, import and export (all SQL in the repositories). */
export class GeofencesService {
  constructor(private readonly sql: Sql) {}

  async list(query: {
    page: number;
    pageSize: number;
    groupId?: string;
    q?: string;
    sort?: 'name' | '-updatedAt';
  }) {
    const { total, rows } = await store.listGeofences(this.sql, {
      groupId: query.groupId,
      q: query.q,
      sort: query.sort ?? 'name',
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items: rows.map(view), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<Geofence> {
    const row = await store.findGeofence(this.sql, id);
    if (!row) throw notFound(`Geofence ${id}`);
    return view(row);
  }

  async create(input: GeofenceInput, by: string | null): Promise<Geofence> {
    const write = await this.validated(input);
    const id = await store.insertGeofence(this.sql, write, by);
    return this.get(id);
  }

  async update(id: string, patch: GeofencePatch, by: string | null): Promise<Geofence> {
    return this.sql.begin(async (tx) => {
      const [locked] = await tx`SELECT id FROM geofences WHERE id = ${id} FOR UPDATE`;
      if (!locked) throw notFound(`Geofence ${id}`);
      const row = (await store.findGeofence(tx, id)) as GeofenceRow;
      const current = this.inputOf(view(row));
      const merged = { ...current, ...patch } as GeofenceInput;
      // A new geometry of another kind brings its own metres; the old ones do not apply.
      if (patch.geometry && patch.geometry.type !== row.geometry.type) {
        if (patch.radiusM === undefined) merged.radiusM = null;
        if (patch.widthM === undefined) merged.widthM = null;
      }
      await store.updateGeofence(tx, id, await this.validated(merged, tx), by);
      return view((await store.findGeofence(tx, id)) as GeofenceRow);
    });
  }

  async remove(id: string): Promise<void> {
    const done = await this.sql.begin((tx) => store.deleteGeofence(tx, id));
    if (!done) throw notFound(`Geofence ${id}`);
  }

  groups() {
    return store.listGroups(this.sql);
  }

  async createGroup(name: string) {
    const id = await store.insertGroup(this.sql, name.trim());
    if (!id)
      throw new AppError(409, 'geofence_group_exists', `A geofence group named "${name}" already exists.`);
    return { id, name: name.trim(), geofences: 0 };
  }

  async removeGroup(id: string): Promise<void> {
    if (!(await store.deleteGroup(this.sql, id))) throw notFound(`Geofence group ${id}`);
  }

  /**
   * Imports a GeoJSON FeatureCollection or a KML document: all of it, or (any error) nothing. A
   * feature's `group` names its group (made when missing) unless the import gives one for all.
   */
  async import(format: 'geojson' | 'kml', data: unknown, groupId: string | null, by: string | null) {
    let features: KmlFeature[];
    try {
      features = format === 'kml' ? parseKml(String(data)) : featuresOf(data);
    } catch (error) {
      if (error instanceof GeometryError) throw invalid(error.message);
      throw error;
    }
    if (features.length === 0) throw invalid('The file has no geofences.');
    if (features.length > MAX_IMPORT)
      throw invalid(`The file has ${features.length} geofences; import at most ${MAX_IMPORT} at a time.`);
    return this.sql.begin(async (tx) => {
      const ids: string[] = [];
      for (const [i, f] of features.entries()) {
        const p = f.properties ?? {};
        const name =
          String(p.name ?? '')
            .trim()
            .slice(0, 120) || `Cerca ${i + 1}`;
        const where = `Feature ${i + 1} ("${name}"): `;
        const group =
          typeof p.group === 'string' || typeof p.group === 'number'
            ? String(p.group).trim().slice(0, 120)
            : '';
        const input: GeofenceInput = {
          name,
          groupId: groupId ?? (group === '' ? null : await store.groupNamed(tx, group)),
          geometry: f.geometry as GeofenceInput['geometry'],
          ...importedRules(p, where),
        };
        const write = await this.validated(input, tx, where);
        ids.push(await store.insertGeofence(tx, write, by));
      }
      const items = await Promise.all(
        ids.map(async (id) => view((await store.findGeofence(tx, id)) as GeofenceRow)),
      );
      return { created: ids.length, items };
    });
  }

  /** Every geofence (of a group) as a GeoJSON FeatureCollection or a KML document. */
  async export(format: 'geojson' | 'kml', groupId?: string): Promise<string> {
    const features: KmlFeature[] = (await store.allGeofences(this.sql, groupId)).map((row) => ({
      type: 'Feature',
      properties: {
        name: row.name,
        kind: row.kind,
        group: row.group_name,
        radiusM: row.radius_m,
        widthM: row.width_m,
        speedLimitKmh: row.speed_limit_kmh,
        dwellMaxSeconds: row.dwell_max_seconds,
        hysteresisM: row.hysteresis_m,
        allowedHours: row.allowed_hours,
      },
      geometry: toGeometry(shapeOf(row)),
    }));
    if (format === 'geojson') return JSON.stringify({ type: 'FeatureCollection', features });
    // KML's ExtendedData holds text: the allowed hours go as their JSON.
    return toKml(
      features.map((f) => ({
        ...f,
        properties: {
          ...f.properties,
          allowedHours: f.properties.allowedHours === null ? null : JSON.stringify(f.properties.allowedHours),
        },
      })),
    );
  }

  async visits(
    query: { vehicleId?: string; geofenceId?: string; page: number; pageSize: number },
    period: Period,
  ) {
    const rows = await store.visits(this.sql, {
      from: period.from,
      to: period.to,
      vehicleId: query.vehicleId,
      geofenceId: query.geofenceId,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return {
      total: rows[0]?.total ?? 0,
      page: query.page,
      pageSize: query.pageSize,
      items: rows.map((r) => ({
        geofenceId: r.geofence_id,
        geofenceName: r.geofence_name,
        deviceId: r.device_id,
        deviceName: r.device_name,
        vehicle:
          r.vehicle_id === null
            ? null
            : { id: r.vehicle_id, plate: r.plate, description: r.description ?? '' },
        driverExternalId: r.driver_external_id,
        enteredAt: r.entered_at,
        exitedAt: r.exited_at,
        durationSeconds: Math.max(0, r.duration_s),
      })),
    };
  }

  private inputOf(g: Geofence): GeofenceInput {
    return {
      name: g.name,
      groupId: g.groupId,
      geometry: g.geometry as GeofenceInput['geometry'],
      radiusM: g.radiusM,
      widthM: g.widthM,
      speedLimitKmh: g.speedLimitKmh,
      allowedHours: g.allowedHours,
      dwellMaxSeconds: g.dwellMaxSeconds,
      hysteresisM: g.hysteresisM,
    };
  }

  private async validated(input: GeofenceInput, sql: Queryable = this.sql, prefix = '') {
    let shape: ReturnType<typeof parseShape>;
    try {
      shape = parseShape(input.geometry, { radiusM: input.radiusM, widthM: input.widthM });
    } catch (error) {
      if (error instanceof GeometryError) throw invalid(prefix + error.message);
      throw error;
    }
    const groupId = input.groupId ?? null;
    if (groupId !== null && !(await store.groupExists(sql, groupId)))
      throw notFound(`Geofence group ${groupId}`);
    const name = input.name.trim();
    if (name === '') throw badRequest('validation_failed', `${prefix}The name must not be blank.`);
    return {
      name,
      groupId,
      shape,
      bbox: bboxOf(shape),
      speedLimitKmh: input.speedLimitKmh ?? null,
      allowedHours: input.allowedHours ?? null,
      dwellMaxSeconds: input.dwellMaxSeconds ?? null,
      hysteresisM: input.hysteresisM ?? 20,
    };
  }
}

function featuresOf(data: unknown): KmlFeature[] {
  const doc = data as { type?: unknown; features?: unknown; geometry?: unknown };
  if (doc?.type === 'Feature') return [doc as KmlFeature];
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features))
    throw new GeometryError('Expected a GeoJSON FeatureCollection (or one Feature).');
  return doc.features.map((f: unknown, i: number) => {
    const feature = f as KmlFeature;
    if (feature?.type !== 'Feature' || typeof feature.geometry !== 'object' || feature.geometry === null)
      throw new GeometryError(`Feature ${i + 1} is not a GeoJSON Feature with a geometry.`);
    return feature;
  });
}
