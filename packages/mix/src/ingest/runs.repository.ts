import type { Queryable } from '@pioneira/core';

export type EtlJobName = 'mix.events' | 'mix.sync';
export type RunTrigger = 'schedule' | 'manual';

export interface ControlRow {
  job: string;
  last_successful_sincetoken: string | null;
  has_more: boolean;
  paused: boolean;
}

/** etl_control and etl_runs, from the worker's side. */
export class RunsRepository {
  constructor(private readonly sql: Queryable) {}

  async control(job: EtlJobName): Promise<ControlRow> {
    const [row] = await this.sql<ControlRow[]>`
      INSERT INTO etl_control (job) VALUES (${job})
      ON CONFLICT (job) DO UPDATE SET job = EXCLUDED.job
      RETURNING job, last_successful_sincetoken, has_more, paused`;
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
      sinceToken: string;
      hasMore: boolean;
    },
  ) {
    await tx`
      UPDATE etl_runs SET pages = pages + ${p.pages}, requests = ${p.requests}, fetched = fetched + ${p.fetched},
        inserted = inserted + ${p.inserted}, duplicates = duplicates + ${p.duplicates},
        since_token_end = ${p.sinceToken}, has_more = ${p.hasMore}, heartbeat_at = now()
      WHERE id = ${runId}`;
  }

  async checkpoint(tx: Queryable, job: EtlJobName, sinceToken: string, hasMore: boolean): Promise<void> {
    await tx`
      UPDATE etl_control SET last_successful_sincetoken = ${sinceToken}, has_more = ${hasMore}, updated_at = now()
      WHERE job = ${job}`;
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
}
