import type { Sql } from '@pioneira/db';
import { recomputeRules } from './recompute';

export interface RecomputeRequest {
  id: string;
  from: Date;
  vehicleId: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  positions: number;
  events: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

type Row = {
  id: string;
  from_at: Date;
  vehicle_id: string | null;
  status: RecomputeRequest['status'];
  positions: number;
  events: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
};

const toRequest = (r: Row): RecomputeRequest => ({
  id: r.id,
  from: r.from_at,
  vehicleId: r.vehicle_id === null ? null : String(r.vehicle_id),
  status: r.status,
  positions: r.positions,
  events: r.events,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/** The requests to recompute a period: created by the API, run by the `rules.recompute` job. */
export const recomputeRequests = {
  async create(sql: Sql, from: Date, vehicleId: string | null, by: string): Promise<RecomputeRequest> {
    const [row] = await sql<Row[]>`
      INSERT INTO rule_recomputes (from_at, vehicle_id, requested_by) VALUES (${from}, ${vehicleId}, ${by})
      RETURNING *`;
    return toRequest(row);
  },

  async get(sql: Sql, id: string): Promise<RecomputeRequest | undefined> {
    const [row] = await sql<Row[]>`SELECT * FROM rule_recomputes WHERE id = ${id}`;
    return row && toRequest(row);
  },

  /** Runs one request (again, after a crash: the recompute is idempotent) and records its outcome. */
  async run(sql: Sql, id: string): Promise<RecomputeRequest | undefined> {
    const [row] = await sql<Row[]>`
      UPDATE rule_recomputes SET status = 'running', started_at = now(), error = NULL WHERE id = ${id} RETURNING *`;
    if (!row) return undefined;
    try {
      const done = await recomputeRules(sql, {
        from: row.from_at,
        vehicleId: row.vehicle_id === null ? undefined : String(row.vehicle_id),
      });
      const [finished] = await sql<Row[]>`
        UPDATE rule_recomputes SET status = 'done', positions = ${done.positions}, events = ${done.events},
          finished_at = now() WHERE id = ${id} RETURNING *`;
      return toRequest(finished);
    } catch (error) {
      await sql`
        UPDATE rule_recomputes SET status = 'failed', error = ${String((error as Error).message ?? error)},
          finished_at = now() WHERE id = ${id}`;
      throw error;
    }
  },
};
