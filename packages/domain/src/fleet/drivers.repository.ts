import { offsetOf, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

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
   * Ranked search on the accent-folded name and the employee number: the exact name first, then names
   * starting with the term, then names where every word of the term starts a word of the name. Matches
   * come from index-only scans of `driver_name_words` (one row per name word); only when they fill less
   * than a page do substring and trigram-similar names (typos) follow, nearest first.
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
    const raw = escapeLike(term.toLowerCase());
    const words = t
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .map(escapeLike);
    const byWords = words.length
      ? words
          .map((w) => sql`SELECT driver_id, search_name FROM driver_name_words WHERE word LIKE ${`${w}%`}`)
          .reduce((all, next) => sql`${all} INTERSECT ${next}`)
      : sql`SELECT NULL::bigint, NULL::text WHERE false`;
    const employee = sql`
      SELECT id, search_name, CASE WHEN lower(employee_number) = ${term.toLowerCase()} THEN 0 ELSE 1 END
      FROM drivers WHERE lower(employee_number) LIKE ${`${raw}%`}`;
    // Rank and page on the word index alone, then read the page's drivers (employee-number order needs
    // the drivers first).
    const byName = sort === 'relevance' || sort === 'name' || sort === '-name';
    const pagedOrder =
      sort === 'relevance'
        ? sql`rank, search_name, driver_id`
        : sort === '-name'
          ? sql`search_name DESC, driver_id`
          : sql`search_name, driver_id`;
    const rows = await sql<DriverRow[]>`
      WITH matches AS (
        SELECT driver_id, search_name, min(rank) AS rank FROM (
          SELECT driver_id, search_name,
                 CASE WHEN search_name = ${t} THEN 0 WHEN search_name LIKE ${`${escapeLike(t)}%`} THEN 1 ELSE 2 END AS rank
          FROM (${byWords}) w (driver_id, search_name)
          UNION ALL ${employee}
        ) all_matches GROUP BY driver_id, search_name
      ),
      paged AS (
        SELECT driver_id, rank, search_name, count(*) OVER ()::int AS total FROM matches
        ${byName ? sql`ORDER BY ${pagedOrder} LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}` : sql``}
      )
      SELECT ${columns}, p.total FROM paged p JOIN drivers d ON d.id = p.driver_id
      ORDER BY ${sort === 'relevance' ? sql`p.rank, p.search_name, d.id` : order(sort)}
      ${byName ? sql`` : sql`LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`}`;
    let total = rows[0]?.total ?? 0;
    if (rows.length === 0 && page.page > 1) {
      const [{ n }] = await sql`
        SELECT count(DISTINCT driver_id)::int AS n FROM ((${byWords}) UNION ALL SELECT id, search_name FROM drivers
          WHERE lower(employee_number) LIKE ${`${raw}%`}) m (driver_id, search_name)`;
      total = n;
    }
    if (total >= page.pageSize || t.length < 3 || page.page > 1) return { rows, total };
    const found = rows.length ? rows.map((r) => r.id) : ['0'];
    const similar = await sql<(DriverRow & { distance: number })[]>`
      (SELECT ${columns}, 0 AS distance FROM drivers d
       WHERE d.search_name LIKE ${`%${escapeLike(t)}%`} AND d.id NOT IN ${sql(found)}
       ORDER BY d.search_name LIMIT ${page.pageSize - rows.length})
      UNION ALL
      (SELECT ${columns}, d.search_name <-> ${t} AS distance FROM drivers d
       WHERE d.search_name % ${t} AND d.search_name NOT LIKE ${`%${escapeLike(t)}%`} AND d.id NOT IN ${sql(found)}
       ORDER BY d.search_name <-> ${t} LIMIT ${page.pageSize - rows.length})
      ORDER BY distance, name LIMIT ${page.pageSize - rows.length}`;
    return {
      rows: [...rows, ...similar.map(({ distance: _, ...r }) => r as DriverRow)],
      total: total + similar.length,
    };
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
