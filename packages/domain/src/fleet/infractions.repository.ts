import type { Period } from '@pioneira/core';
import type { Sql, SqlFragment } from '@pioneira/db';
import type { Severity } from './severity';

export interface InfractionFilter extends Period {
  types?: string[];
  severities?: Severity[];
  /** A whitelisted column, `-` for descending (validated by the API); newest first by default. */
  sort?: string;
}

// Sort names of the API → SQL expressions (fragments, never the caller's text); `-` for descending.
const orderBy = (
  sql: Sql,
  columns: Record<string, SqlFragment>,
  sort: string | undefined,
  fallback: string,
) => {
  const value = (sort ?? fallback).replace(/^-/, '') in columns ? (sort ?? fallback) : fallback;
  const column = columns[value.replace(/^-/, '')];
  return value.startsWith('-') ? sql`${column} DESC NULLS LAST` : sql`${column} ASC NULLS LAST`;
};

export interface InfractionRow {
  id: string;
  external_id: string;
  source: string;
  type_external_id: string;
  type_label: string;
  severity: Severity | null;
  started_at: Date | null;
  ended_at: Date | null;
  total_time_seconds: number | null;
  speed_kmh: number | null;
  speed_limit_kmh: number | null;
  value: number | null;
  value_units: string | null;
  limit_value: number | null;
  details: string | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  vehicle_id: string | null;
  vehicle_external_id: string | null;
  registration_number: string | null;
  vehicle_description: string | null;
  justification: string | null;
  justified_at: Date | null;
  justified_by: string | null;
}

export class InfractionsRepository {
  private readonly infractionColumns: Record<string, SqlFragment>;
  private readonly rankingColumns: Record<string, SqlFragment>;

  constructor(private readonly sql: Sql) {
    this.infractionColumns = {
      occurredAt: sql`e.started_at`,
      severity: sql`array_position(ARRAY['leve', 'media', 'grave', 'gravissima'], et.severity)`,
      type: sql`coalesce(et.label, et.description)`,
      speed: sql`e.speed_kmh`,
      vehicle: sql`v.registration_number`,
    };
    this.rankingColumns = { score: sql`score`, infractions: sql`infractions`, name: sql`search_name` };
  }

  private where(driverExternalId: string, f: InfractionFilter) {
    const sql = this.sql;
    return sql`
      e.driver_external_id = ${driverExternalId}
      AND e.started_at >= ${f.from} AND e.started_at < ${f.to}
      ${f.types?.length ? sql`AND e.event_type_external_id IN ${sql(f.types)}` : sql``}
      ${f.severities?.length ? sql`AND et.severity IN ${sql(f.severities)}` : sql``}`;
  }

  /** Infractions of one driver in the period, newest first. */
  async list(
    driverExternalId: string,
    f: InfractionFilter,
    limit: number,
    offset: number,
  ): Promise<InfractionRow[]> {
    const order = orderBy(this.sql, this.infractionColumns, f.sort, '-occurredAt');
    return this.sql<InfractionRow[]>`
      SELECT e.id, e.external_id, e.source, e.event_type_external_id AS type_external_id,
             coalesce(et.label, et.description) AS type_label, et.severity,
             e.started_at, e.ended_at, e.total_time_seconds, e.speed_kmh, e.speed_limit_kmh, e.value, e.value_units,
             e.limit_value, e.details, e.latitude, e.longitude, e.address,
             v.id AS vehicle_id, e.vehicle_external_id, v.registration_number, v.description AS vehicle_description,
             jf.text AS justification, jf.justified_at, jf.justified_by
      FROM telemetry_events e
      JOIN event_types et ON et.external_id = e.event_type_external_id AND et.is_infraction
      LEFT JOIN vehicles v ON v.external_id = e.vehicle_external_id
      LEFT JOIN LATERAL (
        SELECT j.text, j.justified_at, u.name AS justified_by
          FROM event_justifications j LEFT JOIN users u ON u.id = j.justified_by
         WHERE j.event_id = e.id ORDER BY j.id DESC LIMIT 1) jf ON jf.text IS NOT NULL
      WHERE ${this.where(driverExternalId, f)}
      ORDER BY ${order}, e.started_at DESC, e.id DESC
      LIMIT ${limit} OFFSET ${offset}`;
  }

  /** Counts of the period by type and severity (the summary and the chart). */
  async countsByType(driverExternalId: string, f: InfractionFilter) {
    return this.sql<{ type_external_id: string; label: string; severity: Severity | null; count: number }[]>`
      SELECT e.event_type_external_id AS type_external_id, coalesce(et.label, et.description) AS label,
             et.severity, count(*)::int AS count
      FROM telemetry_events e
      JOIN event_types et ON et.external_id = e.event_type_external_id AND et.is_infraction
      WHERE ${this.where(driverExternalId, f)}
      GROUP BY 1, 2, 3 ORDER BY count DESC, label`;
  }

  /** Infractions per local day of the period, by severity, for the chart. */
  async countsByDay(driverExternalId: string, f: InfractionFilter, timeZone: string) {
    return this.sql<{ day: string; severity: Severity | null; count: number }[]>`
      SELECT to_char(e.started_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, et.severity, count(*)::int AS count
      FROM telemetry_events e
      JOIN event_types et ON et.external_id = e.event_type_external_id AND et.is_infraction
      WHERE ${this.where(driverExternalId, f)}
      GROUP BY 1, 2 ORDER BY 1`;
  }

  /** Drivers ordered by infraction points over the period; system drivers are not people and are left out. */
  async ranking(
    period: Period,
    points: Record<Severity, number>,
    limit: number,
    offset: number,
    sort?: string,
  ) {
    const order = orderBy(this.sql, this.rankingColumns, sort, '-score');
    return this.sql<
      {
        driver_id: string;
        external_id: string;
        name: string;
        employee_number: string | null;
        infractions: number;
        derived: number;
        score: number;
        leve: number;
        media: number;
        grave: number;
        gravissima: number;
        total: number;
        position: number;
      }[]
    >`
      WITH per_driver AS (
        SELECT e.driver_external_id,
               count(*)::int AS infractions,
               count(*) FILTER (WHERE e.source = 'rules')::int AS derived,
               count(*) FILTER (WHERE et.severity = 'leve')::int AS leve,
               count(*) FILTER (WHERE et.severity = 'media')::int AS media,
               count(*) FILTER (WHERE et.severity = 'grave')::int AS grave,
               count(*) FILTER (WHERE et.severity = 'gravissima')::int AS gravissima
        FROM telemetry_events e
        JOIN event_types et ON et.external_id = e.event_type_external_id AND et.is_infraction
        WHERE e.started_at >= ${period.from} AND e.started_at < ${period.to} AND e.driver_external_id IS NOT NULL
        GROUP BY e.driver_external_id
      )
      , scored AS (
        SELECT d.id AS driver_id, d.external_id, d.name, d.employee_number, d.search_name, p.infractions, p.derived,
               p.leve, p.media, p.grave, p.gravissima,
               (p.leve * ${points.leve} + p.media * ${points.media} + p.grave * ${points.grave} + p.gravissima * ${points.gravissima})::int AS score
        FROM per_driver p JOIN drivers d ON d.external_id = p.driver_external_id AND NOT d.is_system
      )
      -- The position is the rank by score whatever the order the list is shown in.
      SELECT *, count(*) OVER ()::int AS total,
             row_number() OVER (ORDER BY score DESC, infractions DESC, search_name)::int AS position
      FROM scored
      ORDER BY ${order}, score DESC, infractions DESC, search_name
      LIMIT ${limit} OFFSET ${offset}`;
  }
}
