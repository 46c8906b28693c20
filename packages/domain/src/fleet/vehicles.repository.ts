import { offsetOf, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

export interface VehicleRow {
  id: string;
  external_id: string;
  source: string;
  description: string;
  registration_number: string | null;
  fleet_number: string | null;
  make: string | null;
  model: string | null;
  year: string | null;
  site_external_id: string | null;
  default_driver_external_id: string | null;
  odometer_km: number | null;
  rule_category: string;
  updated_at: Date;
  current_driver_id: string | null;
  current_driver_name: string | null;
  total?: number;
}

export interface VehicleFields {
  plate?: string | null;
  description?: string;
  fleetNumber?: string | null;
  make?: string | null;
  model?: string | null;
  year?: string | null;
  category?: string;
}

/** Sortable columns of the vehicles list (the API's `sort` names, `-` for descending). */
export const VEHICLE_SORT_COLUMNS = {
  plate: 'registration_number',
  description: 'description',
  fleetNumber: 'fleet_number',
  updatedAt: 'updated_at',
} as const;
export type VehicleSort = keyof typeof VEHICLE_SORT_COLUMNS | `-${keyof typeof VEHICLE_SORT_COLUMNS}`;

export class VehiclesRepository {
  // The driver of a vehicle now: its dated assignment (vendor first), else a device's own driver.
  private readonly withDriver;

  constructor(private readonly sql: Sql) {
    this.withDriver = sql`
      SELECT v.id, v.external_id, v.source, v.description, v.registration_number, v.fleet_number, v.make,
             v.model, v.year, v.site_external_id, v.default_driver_external_id, v.odometer_km, v.rule_category,
             v.updated_at, cd.id AS current_driver_id, cd.name AS current_driver_name, v.search_text
      FROM vehicles v
      LEFT JOIN LATERAL (
        SELECT dr.id, dr.name FROM drivers dr
        WHERE dr.id = coalesce(
          assigned_driver(v.id, now()),
          (SELECT dv.driver_id FROM devices dv WHERE dv.vehicle_id = v.id AND dv.driver_id IS NOT NULL
           ORDER BY dv.updated_at DESC LIMIT 1))
      ) cd ON true`;
  }

  /** Search by plate (with or without the hyphen), fleet number or description, accents ignored. */
  async search(
    term: string | undefined,
    page: PageRequest,
    sort: VehicleSort = 'plate',
  ): Promise<{ rows: VehicleRow[]; total: number }> {
    const sql = this.sql;
    const folded = term ? term.replace(/-/g, '') : null;
    const desc = sort.startsWith('-');
    const column = VEHICLE_SORT_COLUMNS[sort.replace(/^-/, '') as keyof typeof VEHICLE_SORT_COLUMNS];
    const order = desc ? sql`${sql(column)} DESC NULLS LAST, id DESC` : sql`${sql(column)} NULLS LAST, id`;
    const rows = await sql<VehicleRow[]>`
      SELECT *, count(*) OVER ()::int AS total FROM (${this.withDriver}) v
      WHERE ${folded}::text IS NULL
         OR replace(search_text, '-', '') LIKE '%' || pioneira_fold(${folded}) || '%'
      ORDER BY ${order}
      LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    if (rows.length > 0 || page.page === 1) return { rows, total: rows[0]?.total ?? 0 };
    const [{ n }] = await sql`
      SELECT count(*)::int AS n FROM vehicles
      WHERE ${folded}::text IS NULL OR replace(search_text, '-', '') LIKE '%' || pioneira_fold(${folded}) || '%'`;
    return { rows, total: n };
  }

  async findById(id: string): Promise<VehicleRow | undefined> {
    const [row] = await this.sql<VehicleRow[]>`SELECT * FROM (${this.withDriver}) v WHERE id = ${id}`;
    return row;
  }

  /** Another vehicle with this plate (hyphen and case ignored), if any. */
  async plateTaken(plate: string, exceptId: string | null): Promise<boolean> {
    const rows = await this.sql`
      SELECT 1 FROM vehicles
      WHERE upper(replace(registration_number, '-', '')) = upper(replace(${plate}, '-', ''))
        AND (${exceptId}::bigint IS NULL OR id <> ${exceptId}::bigint)`;
    return rows.length > 0;
  }

  /** A vehicle registered in Pioneira itself (not synchronised from MiX). */
  async insert(fields: VehicleFields & { description: string }): Promise<string> {
    const [row] = await this.sql<{ id: string }[]>`
      INSERT INTO vehicles (source, external_id, description, registration_number, fleet_number, make, model,
                            year, rule_category)
      VALUES ('manual', 'manual:' || gen_random_uuid(), ${fields.description}, ${fields.plate ?? null},
              ${fields.fleetNumber ?? null}, ${fields.make ?? null}, ${fields.model ?? null}, ${fields.year ?? null},
              ${fields.category ?? 'exempt'})
      RETURNING id`;
    return row.id;
  }

  /** Changes the vehicle's own fields; its rule category changes through /api/rules (audited). */
  async update(id: string, fields: Omit<VehicleFields, 'category'>): Promise<boolean> {
    const changes = Object.fromEntries(
      Object.entries({
        registration_number: fields.plate,
        description: fields.description,
        fleet_number: fields.fleetNumber,
        make: fields.make,
        model: fields.model,
        year: fields.year,
      }).filter(([, v]) => v !== undefined),
    );
    const rows = await this
      .sql`UPDATE vehicles SET ${this.sql(changes)}, updated_at = now() WHERE id = ${id}`;
    return rows.count > 0;
  }

  async recentEvents(externalId: string, since: Date) {
    const [row] = await this.sql<{ events: number; last_event_at: Date | null }[]>`
      SELECT count(*)::int AS events, max(started_at) AS last_event_at
      FROM telemetry_events WHERE vehicle_external_id = ${externalId} AND started_at >= ${since}`;
    return row;
  }
}
