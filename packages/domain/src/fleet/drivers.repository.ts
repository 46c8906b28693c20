import { offsetOf, type PageRequest } from '@pioneira/core';
import type { Sql, SqlFragment } from '@pioneira/db';

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
  /** A system driver by MiX's flag, a placeholder name, or an admin's choice. */
  is_system: boolean;
  /** An admin's choice (true/false) over the automatic flag; null = automatic. */
  system_override: boolean | null;
  updated_at: Date;
  total?: number;
}

/** Which drivers a search returns: people only (the default), everyone, or the system drivers. */
export type DriverSystemFilter = 'exclude' | 'include' | 'only';

/** Words shorter than this match by prefix only: a one-letter typo of a short word is another word. */
export const TYPO_MIN_LETTERS = 5;

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
  'is_system',
  'system_override',
  'updated_at',
];

export interface DriverFields {
  name?: string;
  employeeNumber?: string | null;
  mobileNumber?: string | null;
  email?: string | null;
}

export class DriversRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Ranked search on the accent-folded name and the employee number. Every word of the query must match
   * a word of the name; the ranks are: the exact name, names starting with the query, every query word
   * starting a name word, then names where some word is only a typo away (edit distance over the word
   * dictionary: 1 from five letters, 2 from eight). A part of an employee number also matches. Only
   * when the first three ranks fill less than a page is the typo rank computed. System drivers (see
   * migration 010) are left out unless asked for.
   */
  async search(
    term: string | undefined,
    sort: DriverSort,
    page: PageRequest,
    system: DriverSystemFilter = 'exclude',
  ): Promise<{ rows: DriverRow[]; total: number }> {
    const sql = this.sql;
    const columns = sql(COLUMNS.map((c) => `d.${c}`));
    const order = (s: DriverSort) => {
      if (s === 'name' || s === 'relevance') return sql`d.search_name ASC, d.id`;
      if (s === '-name') return sql`d.search_name DESC, d.id`;
      if (s === 'employeeNumber') return sql`d.employee_number ASC NULLS LAST, d.id`;
      return sql`d.employee_number DESC NULLS LAST, d.id`;
    };
    const systemWhere = (id: SqlFragment) =>
      system === 'include'
        ? sql`true`
        : system === 'only'
          ? sql`${id} IN (SELECT id FROM drivers WHERE is_system)`
          : sql`${id} NOT IN (SELECT id FROM drivers WHERE is_system)`;
    if (!term) {
      const rows = await sql<DriverRow[]>`
        SELECT ${columns}, count(*) OVER ()::int AS total FROM drivers d WHERE ${systemWhere(sql`d.id`)}
        ORDER BY ${order(sort)} LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
      return { rows, total: rows[0]?.total ?? (await this.count(systemWhere(sql`d.id`))) };
    }
    const t = fold(term);
    const raw = escapeLike(term.toLowerCase());
    const words = t.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const prefixOf = (w: string) =>
      sql`SELECT driver_id, search_name FROM driver_name_words WHERE word LIKE ${`${escapeLike(w)}%`}`;
    const byWords = words.length
      ? words.map(prefixOf).reduce((all, next) => sql`${all} INTERSECT ${next}`)
      : sql`SELECT NULL::bigint, NULL::text WHERE false`;
    // Employee numbers: exact, then prefix, then any part of three characters or more.
    const employee = sql`
      SELECT id, search_name,
             CASE WHEN lower(employee_number) = ${term.toLowerCase()} THEN 0
                  WHEN lower(employee_number) LIKE ${`${raw}%`} THEN 1 ELSE 2 END
      FROM drivers
      WHERE ${raw.length >= 3 ? sql`lower(employee_number) LIKE ${`%${raw}%`}` : sql`lower(employee_number) LIKE ${`${raw}%`}`}`;
    const byName = sort === 'relevance' || sort === 'name' || sort === '-name';
    const pagedOrder =
      sort === 'relevance'
        ? sql`rank, search_name, driver_id`
        : sort === '-name'
          ? sql`search_name DESC, driver_id`
          : sql`search_name, driver_id`;
    const rankedPage = (matches: SqlFragment, limit: number, offset: number) => sql`
      WITH matches AS (
        SELECT driver_id, search_name, min(rank) AS rank FROM (${matches}) m (driver_id, search_name, rank)
        WHERE ${systemWhere(sql`driver_id`)}
        GROUP BY driver_id, search_name
      ),
      paged AS (
        SELECT driver_id, rank, search_name, count(*) OVER ()::int AS total FROM matches
        ${byName ? sql`ORDER BY ${pagedOrder} LIMIT ${limit} OFFSET ${offset}` : sql``}
      )
      SELECT ${columns}, p.total FROM paged p JOIN drivers d ON d.id = p.driver_id
      ORDER BY ${sort === 'relevance' ? sql`p.rank, p.search_name, d.id` : order(sort)}
      ${byName ? sql`` : sql`LIMIT ${limit} OFFSET ${offset}`}`;
    const exactOrWord = sql`
      SELECT driver_id, search_name,
             CASE WHEN search_name = ${t} THEN 0 WHEN search_name LIKE ${`${escapeLike(t)}%`} THEN 1 ELSE 2 END
      FROM (${byWords}) w (driver_id, search_name)
      UNION ALL ${employee}`;
    const rows = await sql<DriverRow[]>`${rankedPage(exactOrWord, page.pageSize, offsetOf(page))}`;
    const total = rows[0]?.total ?? (page.page > 1 ? await this.countMatches(exactOrWord, systemWhere) : 0);
    const typoWords = words.filter((w) => w.length >= TYPO_MIN_LETTERS);
    if (total >= page.pageSize || page.page > 1 || typoWords.length === 0) return { rows, total };
    // Each query word matches a name word by prefix or within its edit distance; every word must match.
    const perWord = words.map((w, i) => {
      if (w.length < TYPO_MIN_LETTERS)
        return sql`SELECT ${i}::int, driver_id, search_name FROM (${prefixOf(w)}) p`;
      const k = w.length >= 8 ? 2 : 1;
      return sql`
        SELECT ${i}::int, n.driver_id, n.search_name FROM driver_name_words n
        WHERE n.word LIKE ${`${escapeLike(w)}%`}
           OR n.word IN (SELECT word FROM driver_name_dictionary
                         WHERE length(word) BETWEEN ${w.length - k} AND ${w.length + k}
                           AND levenshtein_less_equal(word, ${w}, ${k}) <= ${k})`;
    });
    const typos = sql`
      SELECT driver_id, search_name, 3 FROM (${perWord.reduce((all, next) => sql`${all} UNION ${next}`)}) x (i, driver_id, search_name)
      GROUP BY driver_id, search_name HAVING count(DISTINCT i) = ${words.length}`;
    const found = rows.length ? rows.map((r) => r.id) : ['0'];
    const similar = await sql<DriverRow[]>`
      ${rankedPage(sql`SELECT * FROM (${typos}) t WHERE driver_id NOT IN ${sql(found)}`, page.pageSize - rows.length, 0)}`;
    return { rows: [...rows, ...similar], total: total + (similar[0]?.total ?? 0) };
  }

  /**
   * These drivers in this order, with the version of driver_search_version read in the same
   * statement: the page of an in-memory search is only used when its projection is at that version.
   */
  async byIdsWithVersion(ids: string[]): Promise<{ version: bigint; rows: DriverRow[] }> {
    const rows = await this.sql<(DriverRow & { search_version: string })[]>`
      SELECT s.version::text AS search_version, ${this.sql(COLUMNS.map((c) => `d.${c}`))}
      FROM driver_search_version s LEFT JOIN drivers d ON d.id = ANY(${ids}::bigint[])`;
    const byId = new Map(rows.filter((r) => r.id !== null).map((r) => [String(r.id), r]));
    const ordered = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
    return {
      version: BigInt(rows[0].search_version),
      rows: ordered.map(({ search_version: _, ...row }) => row),
    };
  }

  private async countMatches(matches: SqlFragment, systemWhere: (id: SqlFragment) => SqlFragment) {
    const [{ n }] = await this.sql`
      SELECT count(DISTINCT driver_id)::int AS n FROM (${matches}) m (driver_id, search_name, rank)
      WHERE ${systemWhere(this.sql`driver_id`)}`;
    return n as number;
  }

  private async count(where: SqlFragment): Promise<number> {
    return (await this.sql`SELECT count(*)::int AS n FROM drivers d WHERE ${where}`)[0].n;
  }

  async findById(id: string): Promise<DriverRow | undefined> {
    const [row] = await this.sql<DriverRow[]>`SELECT ${this.sql(COLUMNS)} FROM drivers WHERE id = ${id}`;
    return row;
  }

  /** A driver registered in Pioneira itself (not synchronised from MiX). */
  async insert(fields: DriverFields & { name: string }): Promise<string> {
    const [row] = await this.sql<{ id: string }[]>`
      INSERT INTO drivers (source, external_id, name, employee_number, mobile_number, email)
      VALUES ('manual', 'manual:' || gen_random_uuid(), ${fields.name}, ${fields.employeeNumber ?? null},
              ${fields.mobileNumber ?? null}, ${fields.email ?? null})
      RETURNING id`;
    return row.id;
  }

  async update(id: string, fields: DriverFields & { systemOverride?: boolean | null }): Promise<boolean> {
    const changes = Object.fromEntries(
      Object.entries({
        name: fields.name,
        employee_number: fields.employeeNumber,
        mobile_number: fields.mobileNumber,
        email: fields.email,
        system_override: fields.systemOverride,
      }).filter(([, v]) => v !== undefined),
    );
    const rows = await this.sql`UPDATE drivers SET ${this.sql(changes)}, updated_at = now() WHERE id = ${id}`;
    return rows.count > 0;
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
