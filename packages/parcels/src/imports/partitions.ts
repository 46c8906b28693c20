import type { Sql } from '@pioneira/db';
import type { TrackingEvent } from '../clean/clean';

// Per database (one pool per database), so a test's fresh database is not taken as done.
const ensuredBy = new WeakMap<Sql, Set<string>>();

/** Creates the monthly partitions a chunk's events fall in (once per month per process). */
export async function ensureMonths(sql: Sql, events: TrackingEvent[]): Promise<void> {
  const ensured = ensuredBy.get(sql) ?? new Set<string>();
  ensuredBy.set(sql, ensured);
  const months = new Set<string>();
  for (const e of events) months.add(e.occurredAt.toISOString().slice(0, 7));
  for (const month of months) {
    if (ensured.has(month)) continue;
    const start = new Date(`${month}-01T00:00:00Z`);
    await sql`SELECT tracking_events_ensure_partitions(${start}, ${start})`;
    ensured.add(month);
  }
}
