import { offsetOf, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

export interface RunRow {
  id: string;
  job: string;
  trigger: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date;
  duration_ms: number | null;
  pages: number;
  requests: number;
  fetched: number;
  inserted: number;
  duplicates: number;
  since_token_start: string | null;
  since_token_end: string | null;
  has_more: boolean;
  gap_from: Date | null;
  gap_to: Date | null;
  error: string | null;
}

export interface ControlRow {
  job: string;
  last_successful_sincetoken: string | null;
  has_more: boolean;
  paused: boolean;
  updated_at: Date;
}

/** etl_control and etl_runs, read by the console. */
export class EtlRepository {
  constructor(private readonly sql: Sql) {}

  async control(job: string): Promise<ControlRow | undefined> {
    const [row] = await this.sql<ControlRow[]>`SELECT * FROM etl_control WHERE job = ${job}`;
    return row;
  }

  async setPaused(job: string, paused: boolean): Promise<void> {
    await this.sql`
      INSERT INTO etl_control (job, paused) VALUES (${job}, ${paused})
      ON CONFLICT (job) DO UPDATE SET paused = EXCLUDED.paused, updated_at = now()`;
  }

  /** The latest run, the latest successful one, the latest failed one and the one running (if any). */
  async landmarks(job: string) {
    const [row] = await this.sql<
      { last: RunRow | null; success: RunRow | null; failure: RunRow | null; running: RunRow | null }[]
    >`
      SELECT
        (SELECT to_jsonb(r) FROM etl_runs r WHERE job = ${job} ORDER BY id DESC LIMIT 1) AS last,
        (SELECT to_jsonb(r) FROM etl_runs r WHERE job = ${job} AND status = 'succeeded' ORDER BY id DESC LIMIT 1) AS success,
        (SELECT to_jsonb(r) FROM etl_runs r WHERE job = ${job} AND status = 'failed' ORDER BY id DESC LIMIT 1) AS failure,
        (SELECT to_jsonb(r) FROM etl_runs r WHERE job = ${job} AND status = 'running'
           AND heartbeat_at > now() - interval '10 minutes' ORDER BY id DESC LIMIT 1) AS running`;
    return row;
  }

  async runs(job: string | undefined, page: PageRequest): Promise<{ rows: RunRow[]; total: number }> {
    const where = this.sql`WHERE (${job ?? null}::text IS NULL OR job = ${job ?? null})`;
    const rows = await this.sql<RunRow[]>`
      SELECT * FROM etl_runs ${where} ORDER BY id DESC LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    const [{ total }] = await this.sql<
      { total: number }[]
    >`SELECT count(*)::int AS total FROM etl_runs ${where}`;
    return { rows, total };
  }
}
