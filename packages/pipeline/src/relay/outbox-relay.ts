import type { Sql } from '@pioneira/db';
import type { EventLog, EventLogMessage } from '@pioneira/eventlog';
import { PG_CHANNELS } from '../topology';

/** One claimed outbox row. */
export interface OutboxRow {
  id: string;
  topic: string;
  payload: Buffer;
}

/**
 * How the rows of one topic become event-log messages (a feature package registers its own, e.g. the
 * positions topic splits each batch by device bucket). Message ids must be stable per row, so a
 * republish after a crash is a duplicate the log can drop.
 */
export interface TopicSplitter {
  split(row: OutboxRow): EventLogMessage[];
  /** Items (e.g. positions) in a row, for the relay's counters; 1 when absent. */
  count?(row: OutboxRow): number;
}

export interface OutboxRelayOptions {
  /** Outbox rows claimed per transaction (each row is one ingest group). */
  batchRows?: number;
  /** Fallback poll when no NOTIFY arrives (a NOTIFY can be lost while reconnecting). */
  pollMs?: number;
  /** Per-topic splitters; rows of any other topic go out whole, as one message. */
  splitters?: Record<string, TopicSplitter>;
  onError?: (error: unknown) => void;
}

/** The message of a row whose topic has no splitter: its payload as is. */
export const wholeRow = (row: OutboxRow): EventLogMessage => ({
  topic: row.topic,
  key: `row-${row.id}`,
  value: row.payload,
  id: `outbox-${row.id}`,
});

/**
 * Moves outbox rows to the event log, for every topic. Rows are claimed with `FOR UPDATE SKIP LOCKED`
 * inside a transaction that deletes them and commits only after the log accepted the messages: a crash
 * before that commit leaves the rows for the next claim (published again, deduplicated by message id
 * where the log can), never lost. Several relays can run at once; each claims different rows.
 */
export class OutboxRelay {
  private stopping = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  /** Rows relayed since start, and the items they carried per topic. */
  readonly relayed = { rows: 0, items: {} as Record<string, number> };

  constructor(
    private readonly sql: Sql,
    private readonly log: EventLog,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  async start(): Promise<void> {
    const { unlisten } = await this.sql.listen(PG_CHANNELS.outbox, () => this.wake?.());
    this.unlisten = unlisten;
    this.loop = this.run();
  }

  /** Claims and publishes one batch; returns how many outbox rows it moved. */
  async relayOnce(): Promise<number> {
    const batchRows = this.options.batchRows ?? 20;
    const splitters = this.options.splitters ?? {};
    return this.sql.begin(async (tx) => {
      const rows = await tx<OutboxRow[]>`
        DELETE FROM outbox WHERE id IN (
          SELECT id FROM outbox ORDER BY id LIMIT ${batchRows} FOR UPDATE SKIP LOCKED)
        RETURNING id, topic, payload`;
      if (rows.length === 0) return 0;
      rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
      await this.log.publish(rows.flatMap((row) => splitters[row.topic]?.split(row) ?? [wholeRow(row)]));
      this.relayed.rows += rows.length;
      for (const row of rows) {
        const items = splitters[row.topic]?.count?.(row) ?? 1;
        this.relayed.items[row.topic] = (this.relayed.items[row.topic] ?? 0) + items;
      }
      return rows.length;
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await this.unlisten?.().catch(() => {});
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
      } catch (error) {
        (this.options.onError ?? console.error)(error);
        await this.sleep(1_000);
        continue;
      }
      if (moved === 0) await this.sleep(this.options.pollMs ?? 1_000);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
