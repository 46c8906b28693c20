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
  updated_at: Date;
  total?: number;
}

const COLUMNS = [
  'id',
  'external_id',
  'source',
  'description',
  'registration_number',
  'fleet_number',
  'make',
  'model',
  'year',
  'site_external_id',
  'default_driver_external_id',
  'odometer_km',
  'updated_at',
];

export class VehiclesRepository {
  constructor(private readonly sql: Sql) {}

  /** Search by plate (with or without the hyphen), fleet number or description, accents ignored. */
  async search(term: string | undefined, page: PageRequest): Promise<{ rows: VehicleRow[]; total: number }> {
    const sql = this.sql;
    const folded = term ? term.replace(/-/g, '') : null;
    const rows = await sql<VehicleRow[]>`
      SELECT ${sql(COLUMNS)}, count(*) OVER ()::int AS total FROM vehicles
      WHERE ${folded}::text IS NULL
         OR replace(search_text, '-', '') LIKE '%' || pioneira_fold(${folded}) || '%'
      ORDER BY registration_number NULLS LAST, id
      LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    if (rows.length > 0 || page.page === 1) return { rows, total: rows[0]?.total ?? 0 };
    const [{ n }] = await sql`
      SELECT count(*)::int AS n FROM vehicles
      WHERE ${folded}::text IS NULL OR replace(search_text, '-', '') LIKE '%' || pioneira_fold(${folded}) || '%'`;
    return { rows, total: n };
  }

  async findById(id: string): Promise<VehicleRow | undefined> {
    const [row] = await this.sql<VehicleRow[]>`SELECT ${this.sql(COLUMNS)} FROM vehicles WHERE id = ${id}`;
    return row;
  }

  async recentEvents(externalId: string, since: Date) {
    const [row] = await this.sql<{ events: number; last_event_at: Date | null }[]>`
      SELECT count(*)::int AS events, max(started_at) AS last_event_at
      FROM telemetry_events WHERE vehicle_external_id = ${externalId} AND started_at >= ${since}`;
    return row;
  }
}
