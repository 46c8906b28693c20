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
   * Ranked search on the accent-folded name and the employee number: exact match first, then names
   * starting with the term, then a word starting with it, then any substring. Only when those fill
   * less than a page do trigram-similar names (typos) follow, nearest first, from a KNN index scan.
   * Every branch is an index scan: a single OR would make PostgreSQL compute similarity on every row.
   */
  async search(
    term: string | undefined,
    sort: DriverSort,
    page: PageRequest,
  ): Promise<{ rows: DriverRow[]; total: number }> {
    const sql = this.sql;
    const columns = sql(COLUMNS.map((c) => `d.${c}`));
    const order = (s: DriverSort) => {
      if (s === 'name' || s === 'relevance') return sql`d.search_name ASC, d.id`;
      if (s === '-name') return sql`d.search_name DESC, d.id`;
      if (s === 'employeeNumber') return sql`d.employee_number ASC NULLS LAST, d.id`;
      return sql`d.employee_number DESC NULLS LAST, d.id`;
    };
    if (!term) {
      const rows = await sql<DriverRow[]>`
        SELECT ${columns}, count(*) OVER ()::int AS total FROM drivers d
        ORDER BY ${order(sort)} LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
      return { rows, total: rows[0]?.total ?? (await this.count()) };
    }
    const t = fold(term);
    const like = escapeLike(t);
    const raw = escapeLike(term.toLowerCase());
    // Substring matches need trigrams, so at least three characters; shorter terms match prefixes.
    const substring =
      t.length >= 3 ? sql`UNION SELECT id FROM drivers WHERE search_name LIKE ${`%${like}%`}` : sql``;
    const rows = await sql<DriverRow[]>`
      WITH matches AS (
        SELECT id FROM drivers WHERE search_name LIKE ${`${like}%`}
        UNION SELECT id FROM drivers WHERE lower(employee_number) LIKE ${`${raw}%`}
        ${substring}
      )
      SELECT ${columns}, count(*) OVER ()::int AS total
      FROM matches JOIN drivers d USING (id)
      ORDER BY
        ${
          sort === 'relevance'
            ? sql`CASE
                WHEN d.search_name = ${t} OR lower(d.employee_number) = ${term.toLowerCase()} THEN 0
                WHEN d.search_name LIKE ${`${like}%`} OR lower(d.employee_number) LIKE ${`${raw}%`} THEN 1
                WHEN d.search_name LIKE ${`% ${like}%`} THEN 2
                ELSE 3 END,
              d.search_name, d.id`
            : order(sort)
        }
      LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && page.page > 1) total = await this.countMatches(like, raw, t.length >= 3);
    if (total >= page.pageSize || t.length < 3 || page.page > 1) return { rows, total };
    const similar = await sql<DriverRow[]>`
      SELECT ${columns} FROM drivers d
      WHERE d.search_name % ${t} AND d.id NOT IN ${sql(rows.length ? rows.map((r) => r.id) : ['0'])}
      ORDER BY d.search_name <-> ${t} LIMIT ${page.pageSize - rows.length}`;
    return { rows: [...rows, ...similar], total: total + similar.length };
  }

  private async countMatches(like: string, raw: string, substring: boolean): Promise<number> {
    const [{ n }] = await this.sql`
      SELECT count(*)::int AS n FROM (
        SELECT id FROM drivers WHERE search_name LIKE ${`${like}%`}
        UNION SELECT id FROM drivers WHERE lower(employee_number) LIKE ${`${raw}%`}
        ${substring ? this.sql`UNION SELECT id FROM drivers WHERE search_name LIKE ${`%${like}%`}` : this.sql``}
      ) m`;
    return n;
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

/** The same folding as the database's pioneira_fold() for Latin text: no accents, lower case. */
export const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
