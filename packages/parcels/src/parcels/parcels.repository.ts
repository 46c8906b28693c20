import type { ParcelStatus } from '@pioneira/contracts/enums';
import type { Sql } from '@pioneira/db';

export interface ParcelRow {
  tracking_code: string;
  sender_city: string | null;
  sender_uf: string | null;
  recipient_city: string | null;
  recipient_uf: string | null;
  recipient_cep: string | null;
  service: string | null;
  weight_kg: string | null;
  posted_at: Date | null;
  expected_at: Date | null;
  delivered_at: Date | null;
  first_event_at: Date | null;
  status: ParcelStatus | null;
  status_at: Date | null;
  late: boolean;
  updated_at: Date;
}

export interface EventRow {
  status: ParcelStatus;
  occurred_at: Date;
  city: string | null;
  uf: string | null;
  facility: string | null;
  description: string | null;
  source: string;
}

export interface ParcelFilter {
  status?: string;
  uf?: string;
  from?: Date;
  to?: Date;
  late?: boolean;
  search?: string;
  sort: 'trackingCode' | 'postedAt' | 'expectedAt' | 'deliveredAt' | 'statusAt' | 'status' | 'recipientUf';
  direction: 'asc' | 'desc';
}

const SORT: Record<ParcelFilter['sort'], string> = {
  trackingCode: 'tracking_code',
  postedAt: 'posted_at',
  expectedAt: 'expected_at',
  deliveredAt: 'delivered_at',
  statusAt: 'status_at',
  status: 'status',
  recipientUf: 'recipient_uf',
};

/** All SQL of the parcels read side. */
export class ParcelsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Late: an expected date passed before delivery (or is past and it is still on its way). Returned and
   * lost parcels are neither late nor on time. docs/parcels-formats.md defines every KPI.
   */
  private late() {
    return this.sql`(expected_at IS NOT NULL AND coalesce(status, '') NOT IN ('returned', 'lost')
      AND coalesce(delivered_at, now()) > expected_at)`;
  }

  /** Whether it is known if the parcel is on time: delivered with a deadline, or still open past it. */
  private decided() {
    return this.sql`(expected_at IS NOT NULL AND coalesce(status, '') NOT IN ('returned', 'lost')
      AND (delivered_at IS NOT NULL OR now() > expected_at))`;
  }

  /** The one category of a parcel: every parcel is in exactly one, so the four counts add up to the total. */
  private category() {
    return this.sql`CASE WHEN status IN ('returned', 'lost') THEN 'returned_or_lost'
      WHEN delivered_at IS NOT NULL THEN 'delivered'
      WHEN status IS NULL THEN 'no_status'
      ELSE 'in_transit' END`;
  }

  /** The KPI columns over a cohort `c` (with `late`, `decided` and `category`), shared by every breakdown. */
  private kpiColumns() {
    return this.sql`count(*)::int AS total,
        count(*) FILTER (WHERE category = 'in_transit')::int AS in_transit,
        count(*) FILTER (WHERE category = 'no_status')::int AS no_status,
        count(*) FILTER (WHERE category = 'delivered')::int AS delivered,
        count(*) FILTER (WHERE category = 'returned_or_lost')::int AS returned_or_lost,
        count(*) FILTER (WHERE late)::int AS late,
        count(*) FILTER (WHERE decided AND NOT late)::int AS on_time,
        count(*) FILTER (WHERE decided)::int AS with_deadline`;
  }

  async list(f: ParcelFilter, limit: number, offset: number): Promise<{ rows: ParcelRow[]; total: number }> {
    const sql = this.sql;
    const pattern = f.search ? `${f.search.toUpperCase().replace(/[%_\\]/g, '\\$&')}%` : null;
    const where = sql`WHERE true
      ${f.status ? sql`AND status = ${f.status}` : sql``}
      ${f.uf ? sql`AND recipient_uf = ${f.uf}` : sql``}
      ${f.from ? sql`AND coalesce(posted_at, first_event_at) >= ${f.from}` : sql``}
      ${f.to ? sql`AND coalesce(posted_at, first_event_at) < ${f.to}` : sql``}
      ${f.late === true ? sql`AND ${this.late()}` : f.late === false ? sql`AND NOT ${this.late()}` : sql``}
      ${pattern ? sql`AND tracking_code LIKE ${pattern}` : sql``}`;
    const direction = f.direction === 'desc' ? sql`DESC` : sql`ASC`;
    const rows = await sql<(ParcelRow & { total: number })[]>`
      SELECT *, ${this.late()} AS late, count(*) OVER ()::int AS total FROM parcels ${where}
      ORDER BY ${sql(SORT[f.sort])} ${direction} NULLS LAST, tracking_code LIMIT ${limit} OFFSET ${offset}`;
    const total = rows[0]?.total ?? (await sql`SELECT count(*)::int AS n FROM parcels ${where}`)[0].n;
    return { rows, total };
  }

  async find(code: string): Promise<ParcelRow | undefined> {
    const [row] = await this.sql<ParcelRow[]>`
      SELECT *, ${this.late()} AS late FROM parcels WHERE tracking_code = ${code}`;
    return row;
  }

  async timeline(code: string): Promise<EventRow[]> {
    return this.sql<EventRow[]>`
      SELECT status, occurred_at, city, uf, facility, description, source FROM tracking_events
      WHERE tracking_code = ${code} ORDER BY occurred_at, parcel_status_rank(status)`;
  }

  async stats(from: Date, to: Date) {
    const sql = this.sql;
    const cohort = sql`SELECT *, coalesce(posted_at, first_event_at) AS started_at, ${this.late()} AS late,
        ${this.decided()} AS decided, ${this.category()} AS category
      FROM parcels WHERE coalesce(posted_at, first_event_at) >= ${from} AND coalesce(posted_at, first_event_at) < ${to}`;
    const [kpis] = await sql`
      WITH c AS (${cohort})
      SELECT ${this.kpiColumns()},
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - started_at) / 3600)
          FILTER (WHERE delivered_at IS NOT NULL) AS p50,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - started_at) / 3600)
          FILTER (WHERE delivered_at IS NOT NULL) AS p90
      FROM c`;
    const byDay = await sql<{ day: string; posted: number; delivered: number }[]>`
      WITH posted AS (
        SELECT (coalesce(posted_at, first_event_at) AT TIME ZONE 'America/Sao_Paulo')::date AS day, count(*)::int AS n
        FROM parcels WHERE coalesce(posted_at, first_event_at) >= ${from} AND coalesce(posted_at, first_event_at) < ${to}
        GROUP BY 1),
      delivered AS (
        SELECT (delivered_at AT TIME ZONE 'America/Sao_Paulo')::date AS day, count(*)::int AS n
        FROM parcels WHERE delivered_at >= ${from} AND delivered_at < ${to} GROUP BY 1)
      SELECT to_char(coalesce(p.day, d.day), 'YYYY-MM-DD') AS day, coalesce(p.n, 0) AS posted, coalesce(d.n, 0) AS delivered
      FROM posted p FULL JOIN delivered d ON d.day = p.day ORDER BY 1`;
    const byStatus = await sql<{ status: ParcelStatus | null; count: number }[]>`
      WITH c AS (${cohort}) SELECT status, count(*)::int AS count FROM c GROUP BY status ORDER BY count DESC, status`;
    const byUf = await sql<
      {
        uf: string | null;
        total: number;
        delivered: number;
        late: number;
        on_time: number;
        with_deadline: number;
      }[]
    >`
      WITH c AS (${cohort})
      SELECT recipient_uf AS uf, ${this.kpiColumns()}
      FROM c GROUP BY recipient_uf ORDER BY total DESC, uf`;
    return { kpis, byDay, byStatus, byUf };
  }
}
