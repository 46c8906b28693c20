import type { Sql } from '@pioneira/db';

/**
 * Counts positions refused because their device is not registered. Counted in memory and written
 * every few seconds in one statement, so a flood of unknown devices costs no per-request query.
 */
export class Rejections {
  private pending = new Map<string, { identifier: string; protocol: string; count: number }>();
  private timer: NodeJS.Timeout | undefined;
  /** Every refusal since start (for /metrics). */
  total = 0;

  constructor(
    private readonly sql: Sql,
    flushEveryMs = 5_000,
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => {}), flushEveryMs);
    this.timer.unref();
  }

  count(identifier: string, protocol: string, positions: number): void {
    this.total += positions;
    const key = `${protocol}\u0000${identifier}`;
    const entry = this.pending.get(key);
    if (entry) entry.count += positions;
    else if (this.pending.size < 10_000) this.pending.set(key, { identifier, protocol, count: positions });
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const entries = [...this.pending.values()];
    this.pending = new Map();
    await this.sql`
      INSERT INTO rejected_devices AS r (identifier, protocol, rejected)
      SELECT * FROM unnest(${entries.map((e) => e.identifier)}::text[], ${entries.map((e) => e.protocol)}::text[],
                           ${entries.map((e) => e.count)}::int8[])
      ON CONFLICT (identifier, protocol)
      DO UPDATE SET rejected = r.rejected + excluded.rejected, last_seen_at = now()`;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush().catch(() => {});
  }
}
