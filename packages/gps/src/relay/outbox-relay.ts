import type { Sql } from '@pioneira/db';
import type { EventLog, EventLogMessage } from '@pioneira/eventlog';
import { OUTBOX_CHANNEL, POSITIONS_TOPIC } from '../ingest/positions.writer';
import { WIRE_RECORD_BYTES, wireDeviceNum } from '../ingest/wire-record';

/** Messages of a topic are keyed by device bucket: one device always has the same key (so its fixes stay
 * in order on a partitioned log) while a batch becomes a few messages, not one per device. */
export const DEVICE_BUCKETS = 16;

export interface OutboxRelayOptions {
  /** Outbox rows claimed per transaction (each row is one ingest group). */
  batchRows?: number;
  /** Fallback poll when no NOTIFY arrives (a NOTIFY can be lost while reconnecting). */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

interface OutboxRow {
  id: string;
  topic: string;
  payload: Buffer;
}

/**
 * Moves outbox rows to the event log. Rows are claimed with `FOR UPDATE SKIP LOCKED` inside a
 * transaction that deletes them and commits only after the log accepted the messages: a crash before
 * that commit leaves the rows for the next claim (published again, deduplicated by message id where the
 * log can), never lost. Several relays can run at once; each claims different rows.
 */
export class OutboxRelay {
  private stopping = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  /** Rows and positions relayed since start. */
  readonly relayed = { rows: 0, positions: 0 };

  constructor(
    private readonly sql: Sql,
    private readonly log: EventLog,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  async start(): Promise<void> {
    const { unlisten } = await this.sql.listen(OUTBOX_CHANNEL, () => this.wake?.());
    this.unlisten = unlisten;
    this.loop = this.run();
  }

  /** Claims and publishes one batch; returns how many outbox rows it moved. */
  async relayOnce(): Promise<number> {
    const batchRows = this.options.batchRows ?? 20;
    return this.sql.begin(async (tx) => {
      const rows = await tx<OutboxRow[]>`
        DELETE FROM outbox WHERE id IN (
          SELECT id FROM outbox ORDER BY id LIMIT ${batchRows} FOR UPDATE SKIP LOCKED)
        RETURNING id, topic, payload`;
      if (rows.length === 0) return 0;
      rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
      await this.log.publish(rows.flatMap(toMessages));
      this.relayed.rows += rows.length;
      for (const row of rows)
        if (row.topic === POSITIONS_TOPIC) this.relayed.positions += row.payload.length / WIRE_RECORD_BYTES;
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

/**
 * The messages of one outbox row. Position rows (binary wire records) split into one message per device
 * bucket; rows of other topics (parcel tracking events…) carry their own payload and go out whole.
 * The id makes a republish a duplicate.
 */
function toMessages(row: OutboxRow): EventLogMessage[] {
  if (row.topic !== POSITIONS_TOPIC)
    return [{ topic: row.topic, key: `row-${row.id}`, value: row.payload, id: `outbox-${row.id}` }];
  const count = row.payload.length / WIRE_RECORD_BYTES;
  const buckets = new Map<number, Buffer[]>();
  for (let i = 0; i < count; i++) {
    const bucket = wireDeviceNum(row.payload, i) % DEVICE_BUCKETS;
    const record = row.payload.subarray(i * WIRE_RECORD_BYTES, (i + 1) * WIRE_RECORD_BYTES);
    const list = buckets.get(bucket);
    if (list) list.push(record);
    else buckets.set(bucket, [record]);
  }
  return [...buckets].map(([bucket, records]) => ({
    topic: row.topic,
    key: `b${bucket}`,
    value: Buffer.concat(records),
    id: `outbox-${row.id}-${bucket}`,
  }));
}
