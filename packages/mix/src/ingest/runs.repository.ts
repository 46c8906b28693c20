import type { RunStatus } from '@pioneira/contracts/enums';
import { offsetOf, type PageRequest, type Queryable } from '@pioneira/core';
import type { ConsoleJob } from '@pioneira/pipeline';

export type EtlJobName = ConsoleJob;
export type RunTrigger = 'schedule' | 'manual';

export interface ControlRow {
  job: string;
  last_successful_sincetoken: string | null;
  has_more: boolean;
  paused: boolean;
  caught_up_at: Date | null;
  newest_item_at: Date | null;
  recover_from: Date | null;
  recover_token: string | null;
  recover_until: string | null;
  recover_started_at: Date | null;
  recover_pages: number;
  recover_items: number;
}

const CONTROL_COLUMNS = [
  'job',
  'last_successful_sincetoken',
  'has_more',
  'paused',
  'caught_up_at',
  'newest_item_at',
  'recover_from',
  'recover_token',
  'recover_until',
  'recover_started_at',
  'recover_pages',
  'recover_items',
];

export interface RunRow {
  id: string;
  job: string;
  trigger: string;
  status: RunStatus;
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

/** etl_control (checkpoints, pause) and etl_runs (history), for the worker's jobs and the console. */
export class RunsRepository {
  constructor(private readonly sql: Queryable) {}

  /** The job's control row, created on first use (the worker's side). */
  async control(job: EtlJobName): Promise<ControlRow> {
    const [row] = await this.sql<ControlRow[]>`
      INSERT INTO etl_control (job) VALUES (${job})
      ON CONFLICT (job) DO UPDATE SET job = EXCLUDED.job
      RETURNING ${this.sql(CONTROL_COLUMNS)}`;
    return row;
  }

  /** Runs left `running` by a process that died: only the lock holder gets here, so they are dead. */
  async closeAbandoned(job: EtlJobName): Promise<number> {
    const rows = await this.sql`
      UPDATE etl_runs SET status = 'interrupted', finished_at = heartbeat_at,
        duration_ms = (extract(epoch FROM heartbeat_at - started_at) * 1000)::int,
        error = 'The worker stopped in the middle of this run (killed or crashed); the next run resumed from the last committed page.'
      WHERE job = ${job} AND status = 'running' RETURNING id`;
    return rows.length;
  }

  async everSucceeded(job: EtlJobName): Promise<boolean> {
    const [row] = await this.sql`SELECT 1 FROM etl_runs WHERE job = ${job} AND status = 'succeeded' LIMIT 1`;
    return Boolean(row);
  }

  async start(job: EtlJobName, trigger: RunTrigger, sinceToken: string | null): Promise<number> {
    const [row] = await this.sql<{ id: string }[]>`
      INSERT INTO etl_runs (job, trigger, since_token_start, since_token_end)
      VALUES (${job}, ${trigger}, ${sinceToken}, ${sinceToken}) RETURNING id`;
    return Number(row.id);
  }

  async recordGap(runId: number, from: Date, to: Date): Promise<void> {
    await this.sql`UPDATE etl_runs SET gap_from = ${from}, gap_to = ${to} WHERE id = ${runId}`;
  }

  async progress(
    tx: Queryable,
    runId: number,
    p: {
      pages: number;
      requests: number;
      fetched: number;
      inserted: number;
      duplicates: number;
      /** The live cursor after the page; null for a recovery page (the live cursor did not move). */
      sinceToken: string | null;
      hasMore: boolean;
    },
  ) {
    const live = p.sinceToken !== null;
    await tx`
      UPDATE etl_runs SET pages = pages + ${p.pages}, requests = ${p.requests}, fetched = fetched + ${p.fetched},
        inserted = inserted + ${p.inserted}, duplicates = duplicates + ${p.duplicates},
        since_token_end = COALESCE(${p.sinceToken}, since_token_end),
        has_more = CASE WHEN ${live} THEN ${p.hasMore} ELSE has_more END, heartbeat_at = now()
      WHERE id = ${runId}`;
  }

  /**
   * The live cursor after a page. "Caught up" is MiX's own word for it: HasMoreItems false (or a
   * 204), so a quiet fleet whose cursor does not move is still caught up.
   */
  async checkpoint(
    tx: Queryable,
    job: EtlJobName,
    sinceToken: string,
    hasMore: boolean,
    newestItemMs?: number,
  ): Promise<void> {
    const newest = newestItemMs === undefined ? null : new Date(newestItemMs);
    await tx`
      UPDATE etl_control SET last_successful_sincetoken = ${sinceToken}, has_more = ${hasMore},
        caught_up_at = CASE WHEN ${hasMore} THEN caught_up_at ELSE now() END,
        newest_item_at = GREATEST(newest_item_at, ${newest}::timestamptz), updated_at = now()
      WHERE job = ${job}`;
  }

  /** Starts (or restarts) a console recovery from `from` up to where the live cursor stands now. */
  async startRecovery(job: EtlJobName, from: Date, fromToken: string, untilToken: string, userId: string) {
    await this.sql`
      INSERT INTO etl_control (job) VALUES (${job}) ON CONFLICT (job) DO NOTHING`;
    await this.sql`
      UPDATE etl_control SET recover_from = ${from}, recover_token = ${fromToken},
        recover_until = COALESCE(last_successful_sincetoken, ${untilToken}), recover_started_at = now(),
        recover_requested_by = ${userId}, recover_pages = 0, recover_items = 0, updated_at = now()
      WHERE job = ${job}`;
  }

  /** The recovery in progress, if any. */
  async recovery(job: EtlJobName): Promise<{ token: string; until: string } | undefined> {
    const [row] = await this.sql<{ token: string; until: string }[]>`
      SELECT recover_token AS token, recover_until AS until FROM etl_control
      WHERE job = ${job} AND recover_token IS NOT NULL AND recover_until IS NOT NULL`;
    return row;
  }

  /** A recovery page, committed with the page's items; `done` ends the recovery. */
  async recoveryProgress(
    tx: Queryable,
    job: EtlJobName,
    sinceToken: string,
    items: number,
    newestItemMs: number | undefined,
    done: boolean,
  ) {
    const newest = newestItemMs === undefined ? null : new Date(newestItemMs);
    await tx`
      UPDATE etl_control SET recover_pages = recover_pages + 1, recover_items = recover_items + ${items},
        recover_token = CASE WHEN ${done} THEN NULL ELSE ${sinceToken} END,
        recover_until = CASE WHEN ${done} THEN NULL ELSE recover_until END,
        newest_item_at = GREATEST(newest_item_at, ${newest}::timestamptz), updated_at = now()
      WHERE job = ${job} AND recover_token IS NOT NULL`;
  }

  /** Cancels the recovery in progress (a page in flight still commits its items, not its cursor). */
  async cancelRecovery(job: EtlJobName): Promise<boolean> {
    const rows = await this.sql`
      UPDATE etl_control SET recover_token = NULL, recover_until = NULL, updated_at = now()
      WHERE job = ${job} AND recover_token IS NOT NULL RETURNING job`;
    return rows.length > 0;
  }

  async endRecovery(job: EtlJobName) {
    await this.sql`
      UPDATE etl_control SET recover_token = NULL, recover_until = NULL, updated_at = now() WHERE job = ${job}`;
  }

  async finish(
    runId: number,
    status: 'succeeded' | 'failed' | 'interrupted',
    fields: {
      requests: number;
      error?: string;
      inserted?: number;
      duplicates?: number;
      fetched?: number;
      pages?: number;
    },
  ) {
    await this.sql`
      UPDATE etl_runs SET status = ${status}, finished_at = now(), heartbeat_at = now(), requests = ${fields.requests},
        inserted = COALESCE(${fields.inserted ?? null}::int, inserted), duplicates = COALESCE(${fields.duplicates ?? null}::int, duplicates),
        fetched = COALESCE(${fields.fetched ?? null}::int, fetched), pages = COALESCE(${fields.pages ?? null}::int, pages),
        duration_ms = (extract(epoch FROM now() - started_at) * 1000)::int, error = ${fields.error ?? null}
      WHERE id = ${runId}`;
  }

  /** The job's control row as it is, without creating it (the console's side). */
  async findControl(job: EtlJobName): Promise<ControlRow | undefined> {
    const [row] = await this.sql<ControlRow[]>`
      SELECT ${this.sql(CONTROL_COLUMNS)} FROM etl_control WHERE job = ${job}`;
    return row;
  }

  async setPaused(job: EtlJobName, paused: boolean): Promise<void> {
    await this.sql`
      INSERT INTO etl_control (job, paused) VALUES (${job}, ${paused})
      ON CONFLICT (job) DO UPDATE SET paused = EXCLUDED.paused, updated_at = now()`;
  }

  /** The latest run, the latest successful one, the latest failed one and the one running (if any). */
  async landmarks(job: EtlJobName) {
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

  async runs(job: EtlJobName | undefined, page: PageRequest): Promise<{ rows: RunRow[]; total: number }> {
    const where = this.sql`WHERE (${job ?? null}::text IS NULL OR job = ${job ?? null})`;
    const rows = await this.sql<RunRow[]>`
      SELECT * FROM etl_runs ${where} ORDER BY id DESC LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    const [{ total }] = await this.sql<
      { total: number }[]
    >`SELECT count(*)::int AS total FROM etl_runs ${where}`;
    return { rows, total };
  }
}
