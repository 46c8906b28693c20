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
  | 'mqtt_dropped';

/**
 * In-memory counters of what ingest refused, by reason and protocol, since the process started; the
 * api's /metrics reads them at scrape time. Cheap on purpose: a flood of refusals costs no query.
 */
export class Refusals {
  private readonly counts = new Map<string, number>();

  count(reason: RefusalReason, protocol: string, n = 1): void {
    const key = `${reason}\u0000${protocol}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** Every counter as labels and value. */
  entries(): { reason: RefusalReason; protocol: string; count: number }[] {
    return [...this.counts].map(([key, count]) => {
      const [reason, protocol] = key.split('\u0000') as [RefusalReason, string];
      return { reason, protocol, count };
    });
  }

  get(reason: RefusalReason, protocol?: string): number {
    let total = 0;
    for (const entry of this.entries())
      if (entry.reason === reason && (protocol === undefined || entry.protocol === protocol))
        total += entry.count;
    return total;
  }
}
