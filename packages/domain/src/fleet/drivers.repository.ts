import type { Sql } from '@pioneira/db';
import { offsetOf, type PageRequest } from '../shared/pagination';

export interface DriverRow {
  id: string;
  external_id: string;
  source: string;
  name: string;
  employee_number: string | null;
  mobile_number: string | null;
  email: string | null;
  site_external_id: string | null;
  is_system_driver: boolean;
  updated_at: Date;
  total?: number;
}

export type DriverSort = 'relevance' | 'name' | '-name' | 'employeeNumber' | '-employeeNumber';

const COLUMNS = [
  'id',
  'external_id',
  'source',
  'name',
  'employee_number',
  'mobile_number',
  'email',
  'site_external_id',
  'is_system_driver',
  'updated_at',
];

export class DriversRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Ranked search on the accent-folded name and the employee number: exact match first, then
   * names starting with the term, then a word starting with it, then trigram-similar names.
   */
  async search(
    term: string | undefined,
    sort: DriverSort,
    page: PageRequest,
  ): Promise<{ rows: DriverRow[]; total: number }> {
    const sql = this.sql;
    const order = (s: DriverSort) => {
      if (s === 'name' || s === 'relevance') return sql`d.search_name ASC, d.id`;
      if (s === '-name') return sql`d.search_name DESC, d.id`;
      if (s === 'employeeNumber') return sql`d.employee_number ASC NULLS LAST, d.id`;
      return sql`d.employee_number DESC NULLS LAST, d.id`;
    };
    if (!term) {
      const rows = await sql<DriverRow[]>`
        SELECT ${sql(COLUMNS.map((c) => `d.${c}`))}, count(*) OVER ()::int AS total FROM drivers d
        ORDER BY ${order(sort)} LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
      return { rows, total: rows[0]?.total ?? (await this.count()) };
    }
    const rows = await sql<DriverRow[]>`
      WITH q AS (SELECT pioneira_fold(${term}) AS t, lower(${term}) AS raw)
      SELECT ${sql(COLUMNS.map((c) => `d.${c}`))}, count(*) OVER ()::int AS total
      FROM drivers d, q
      WHERE d.search_name LIKE '%' || q.t || '%'
         OR d.search_name % q.t
         OR lower(d.employee_number) LIKE q.raw || '%'
      ORDER BY
        ${
          sort === 'relevance'
            ? sql`CASE
                WHEN d.search_name = q.t OR lower(d.employee_number) = q.raw THEN 0
                WHEN d.search_name LIKE q.t || '%' OR lower(d.employee_number) LIKE q.raw || '%' THEN 1
                WHEN d.search_name LIKE '% ' || q.t || '%' THEN 2
                WHEN d.search_name LIKE '%' || q.t || '%' THEN 3
                ELSE 4 END,
              similarity(d.search_name, q.t) DESC, d.search_name, d.id`
            : order(sort)
        }
      LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    if (rows.length > 0 || page.page === 1) return { rows, total: rows[0]?.total ?? 0 };
    const [{ n }] = await sql`
      WITH q AS (SELECT pioneira_fold(${term}) AS t, lower(${term}) AS raw)
      SELECT count(*)::int AS n FROM drivers d, q
      WHERE d.search_name LIKE '%' || q.t || '%' OR d.search_name % q.t OR lower(d.employee_number) LIKE q.raw || '%'`;
    return { rows, total: n };
  }

  private async count(): Promise<number> {
    return (await this.sql`SELECT count(*)::int AS n FROM drivers`)[0].n;
  }

  async findById(id: string): Promise<DriverRow | undefined> {
    const [row] = await this.sql<DriverRow[]>`SELECT ${this.sql(COLUMNS)} FROM drivers WHERE id = ${id}`;
    return row;
  }

  /** Event and infraction counts of a driver since `since`, and the vehicles driven then. */
  async summary(externalId: string, since: Date) {
    const [counts] = await this.sql<{ events: number; infractions: number; last_event_at: Date | null }[]>`
      SELECT count(*)::int AS events,
             count(*) FILTER (WHERE et.is_infraction)::int AS infractions,
             (SELECT max(started_at) FROM telemetry_events WHERE driver_external_id = ${externalId}) AS last_event_at
      FROM telemetry_events e
      LEFT JOIN event_types et ON et.external_id = e.event_type_external_id
      WHERE e.driver_external_id = ${externalId} AND e.started_at >= ${since}`;
    const vehicles = await this.sql<
      { id: string; registration_number: string | null; description: string; events: number }[]
    >`
      SELECT v.id, v.registration_number, v.description, count(*)::int AS events
      FROM telemetry_events e JOIN vehicles v ON v.external_id = e.vehicle_external_id
      WHERE e.driver_external_id = ${externalId} AND e.started_at >= ${since}
      GROUP BY v.id ORDER BY events DESC LIMIT 5`;
    return { ...counts, vehicles };
  }
}
