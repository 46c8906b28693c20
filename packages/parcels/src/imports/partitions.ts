import type { Sql } from '@pioneira/db';

// Per database (one pool per database), so a test's fresh database is not taken as done.
const ensuredBy = new WeakMap<Sql, Set<number>>();

/** Creates the monthly partitions a chunk's events fall in (once per month per process). */
export async function ensureMonths(sql: Sql, months: Iterable<number>): Promise<void> {
  const ensured = ensuredBy.get(sql) ?? new Set<number>();
  ensuredBy.set(sql, ensured);
  for (const month of months) {
    if (ensured.has(month)) continue;
    const start = new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
    await sql`SELECT tracking_events_ensure_partitions(${start}, ${start})`;
    ensured.add(month);
  }
}

/** The month of an instant as one number (year × 12 + month index), for ensureMonths. */
export const monthOf = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
