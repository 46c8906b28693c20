import { OverloadedError } from '../errors';
import type { PositionRow } from './position-row';

/** What a submission learns once its group committed. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
}

export interface GroupCommitOptions {
  /** Positions waiting or being written past which new submissions are refused (memory bound). */
  maxQueuedPositions: number;
  /** Most positions in one transaction. */
  maxBatchPositions: number;
  /** Transactions in flight at once (each holds one pool connection). */
  concurrency: number;
  /** Called when a submission failed alone after its group failed: it was the poison. */
  onIsolated?: (error: unknown) => void;
}

type Write = (rows: PositionRow[], owners: number[]) => Promise<number[]>;

interface Pending {
  rows: PositionRow[];
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit: submissions that arrive while a transaction is in flight wait and then share the next
 * one, so a thousand phones sending one fix each cost a handful of transactions, not a thousand.
 * Each submission resolves only after the COMMIT of the transaction that holds its rows.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private queued = 0;
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: Write,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Positions accepted for writing and not yet committed. */
  get backlog(): number {
    return this.queued;
  }

  /** Queues rows for the next group; rejects at once with OverloadedError when the backlog is full. */
  submit(rows: PositionRow[]): Promise<IngestResult> {
    if (rows.length === 0) return Promise.resolve({ accepted: 0, duplicates: 0 });
    if (this.queued + rows.length > this.options.maxQueuedPositions)
      return Promise.reject(new OverloadedError(1));
    this.queued += rows.length;
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything submitted so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.queued > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.concurrency) return;
    this.scheduled = true;
    // setImmediate, not a microtask: requests parsed in the same I/O turn join this group.
    setImmediate(() => {
      this.scheduled = false;
      if (this.queue.length > 0 && this.inFlight < this.options.concurrency) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const group = this.take();
    this.inFlight++;
    try {
      await this.commit(group);
    } finally {
      for (const pending of group) this.queued -= pending.rows.length;
      this.inFlight--;
      if (this.queue.length > 0) this.schedule();
    }
  }

  /** Writes a group; when the statement fails for a reason in the data, retries each submission alone. */
  private async commit(group: Pending[]): Promise<void> {
    const owners: number[] = [];
    const rows: PositionRow[] = [];
    // The same (device, fix time) twice in one statement would be a duplicate too: keep the first.
    const seen = new Set<string>();
    group.forEach((pending, owner) => {
      for (const row of pending.rows) {
        const key = `${row.deviceNum}:${row.t}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push(row);
        owners.push(owner);
      }
    });
    try {
      const inserted = await this.write(rows, owners);
      group.forEach((pending, owner) => {
        const accepted = inserted[owner] ?? 0;
        pending.resolve({ accepted, duplicates: pending.rows.length - accepted });
      });
    } catch (error) {
      if (group.length > 1 && failedOnData(error)) {
        // One sender's rows failed the statement everyone shared: each alone, so only that one fails.
        for (const pending of group) await this.commit([pending]);
        return;
      }
      if (group.length === 1 && failedOnData(error)) this.options.onIsolated?.(error);
      for (const pending of group) pending.reject(error);
    }
  }

  private take(): Pending[] {
    let count = 0;
    let size = 0;
    while (count < this.queue.length) {
      const next = this.queue[count].rows.length;
      if (count > 0 && size + next > this.options.maxBatchPositions) break;
      size += next;
      count++;
    }
    return this.queue.splice(0, count);
  }
}

// An SQLSTATE outside connection trouble (08), resources (53) and operator intervention (57) means
// the statement itself failed (a value PostgreSQL refused, a constraint): another grouping may pass.
// Connection errors carry no SQLSTATE; retrying each submission then would only multiply the failure.
function failedOnData(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|53|57)/.test(code);
}
