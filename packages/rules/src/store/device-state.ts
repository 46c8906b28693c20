import type { Queryable } from '@pioneira/core';
import { type StoredFix, storedFixRows } from './rules.repository';

/** The tables that hold a consumer's state per device (one JSON state, the newest fix evaluated). */
export type StateTable = 'rules_device_state' | 'geofence_device_state';

/** What one batch asks about a device: the range of its fix times in the batch. */
export interface DeviceRange {
  num: number;
  /** The oldest fix time of the device in the batch (a device never seen starts just before it). */
  first: number;
  /** The newest fix time of the device in the batch. */
  upTo: number;
}

/** The locked state of each device and its stored fixes newer than that state, up to the batch's newest. */
export interface LockedBatch<S> {
  states: Map<number, S>;
  fixes: Map<number, StoredFix[]>;
}

const MAX_CACHED = 200_000;

/**
 * A consumer's per-device state, kept in memory between batches and written back in the batch's
 * transaction (before the event log is acknowledged, so a crash replays the batch from the state
 * committed with the previous one). PostgreSQL stays the truth: every batch still locks the devices'
 * rows, and a cached state is used only while the row's newest fix is the cached one; when another
 * consumer of the group (or anything else) moved the row on, its state is read again.
 */
export class DeviceStateCache<S extends { lastT: number }> {
  private readonly states = new Map<number, S>();

  constructor(
    private readonly table: StateTable,
    private readonly initial: () => S,
  ) {}

  get size(): number {
    return this.states.size;
  }

  /**
   * In `tx`, in one round trip (the statements are pipelined): creates the missing state rows of
   * devices that exist, locks the rows in device order (so consumers never deadlock), and reads
   * each device's fixes in (newest evaluated, newest of the batch]; the fixes query runs once the
   * locks are held, so it sees what the consumer that held them last committed.
   */
  async lock(tx: Queryable, ranges: DeviceRange[]): Promise<LockedBatch<S>> {
    const sorted = [...ranges].sort((a, b) => a.num - b.num);
    const nums = sorted.map((r) => r.num);
    const unseen = nums.filter((n) => !this.states.has(n));
    const cached = nums.map((n) => this.states.get(n)?.lastT ?? -1);
    const created =
      unseen.length === 0
        ? Promise.resolve()
        : tx`
            INSERT INTO ${tx(this.table)} (device_num, state, last_fix_at)
            SELECT n, '{}'::jsonb, 'epoch'::timestamptz FROM unnest(${unseen}::int4[]) AS n
            WHERE EXISTS (SELECT 1 FROM devices d WHERE d.num = n)
            ON CONFLICT DO NOTHING`.then(() => {});
    const locked = tx<Array<{ device_num: number; state: unknown }>>`
      SELECT s.device_num,
             CASE WHEN s.last_fix_at = 'epoch'::timestamptz + u.cached * interval '1 millisecond' THEN NULL
                  ELSE s.state END AS state
      FROM unnest(${nums}::int4[], ${cached}::int8[]) AS u(num, cached)
      JOIN ${tx(this.table)} s ON s.device_num = u.num
      ORDER BY s.device_num FOR UPDATE OF s`;
    const fixes = storedFixRows(
      tx,
      sorted,
      tx`JOIN ${tx(this.table)} s ON s.device_num = u.num`,
      tx`CASE WHEN s.last_fix_at > 'epoch'::timestamptz THEN s.last_fix_at
              ELSE 'epoch'::timestamptz + (u.first_t - 1) * interval '1 millisecond' END`,
    );
    const [, rows, stored] = await Promise.all([created, locked, fixes]);
    const states = new Map<number, S>();
    for (const row of rows) {
      const raw = row.state as S | null;
      const state = raw === null ? this.states.get(row.device_num) : raw && 'lastT' in raw ? raw : undefined;
      states.set(row.device_num, state ?? this.initial());
    }
    return { states, fixes: stored };
  }

  /** Writes the new states in `tx`; `committed` must follow once the transaction has committed. */
  async save(tx: Queryable, saved: Array<{ num: number; state: S }>): Promise<void> {
    if (saved.length === 0) return;
    await tx`
      UPDATE ${tx(this.table)} s
      SET state = u.state::jsonb, last_fix_at = 'epoch'::timestamptz + u.t * interval '1 millisecond', updated_at = now()
      FROM unnest(${saved.map((s) => s.num)}::int4[], ${saved.map((s) => JSON.stringify(s.state))}::text[],
                  ${saved.map((s) => s.state.lastT)}::int8[]) AS u(num, state, t)
      WHERE s.device_num = u.num`;
  }

  /** Keeps the states of a committed batch for the next one (never those of a rolled-back one). */
  committed(saved: Array<{ num: number; state: S }>): void {
    if (this.states.size + saved.length > MAX_CACHED) this.states.clear();
    for (const { num, state } of saved) this.states.set(num, state);
  }
}
