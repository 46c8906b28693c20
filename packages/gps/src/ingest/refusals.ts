import type { Sql } from '@pioneira/db';

/** Why ingest refused something before storing it (a label of the refusal metrics). */
export type RefusalReason =
  | 'unknown_device'
  | 'wrong_protocol'
  | 'invalid_secret'
  | 'fix_time'
  | 'invalid_value'
  | 'poison_write'
  | 'connection_limit'
  | 'address_limit'
  | 'handshake_timeout'
  | 'mqtt_dropped'
  | 'unknown_message'
  | 'malformed_message'
  /** A UDP datagram dropped: its source sent too many, or the port had too many in flight. */
  | 'rate_limited';

/**
 * Counters of what ingest refused, by reason and protocol: in memory since the process started (cheap:
 * a flood of refusals costs no query), and added to `ingest_refusals` every few seconds in one
 * statement, so /metrics sees the refusals of every process, the listeners workers' included.
 */
export class Refusals {
  private readonly counts = new Map<string, number>();
  private pending = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sql: Sql,
    flushEveryMs = 5_000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => {}), flushEveryMs);
    this.timer.unref();
  }

  count(reason: RefusalReason, protocol: string, n = 1): void {
    const key = `${reason}\u0000${protocol}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
    this.pending.set(key, (this.pending.get(key) ?? 0) + n);
  }

  /** Every counter of this process as labels and value. */
  entries(): { reason: RefusalReason; protocol: string; count: number }[] {
    return [...this.counts].map(([key, count]) => ({ ...labels(key), count }));
  }

  /** This process's count of one reason (of one protocol, or all). */
  get(reason: RefusalReason, protocol?: string): number {
    let total = 0;
    for (const entry of this.entries())
      if (entry.reason === reason && (protocol === undefined || entry.protocol === protocol))
        total += entry.count;
    return total;
  }

  /** Adds what was counted since the last flush to `ingest_refusals`. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const entries = [...this.pending].map(([key, count]) => ({ ...labels(key), count }));
    this.pending = new Map();
    await this.sql`
      INSERT INTO ingest_refusals AS r (reason, protocol, refused)
      SELECT * FROM unnest(${entries.map((e) => e.reason)}::text[], ${entries.map((e) => e.protocol)}::text[],
                           ${entries.map((e) => e.count)}::int8[])
      ON CONFLICT (reason, protocol) DO UPDATE SET refused = r.refused + excluded.refused, last_at = now()`;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => {});
  }
}

function labels(key: string): { reason: RefusalReason; protocol: string } {
  const [reason, protocol] = key.split('\u0000') as [RefusalReason, string];
  return { reason, protocol };
}
