import type { Sql } from '@pioneira/db';

/**
 * Runs `fn` only if no other process runs the same job: a session advisory lock on a reserved
 * connection. A killed process drops its connection, so the lock never outlives its holder.
 * Returns undefined when another process holds it.
 */
export async function withJobLock<T>(sql: Sql, job: string, fn: () => Promise<T>): Promise<T | undefined> {
  const conn = await sql.reserve();
  try {
    const [{ locked }] = await conn<{ locked: boolean }[]>`
      SELECT pg_try_advisory_lock(hashtextextended(${`pioneira:etl:${job}`}, 0)) AS locked`;
    if (!locked) return undefined;
    try {
      return await fn();
    } finally {
      await conn`SELECT pg_advisory_unlock(hashtextextended(${`pioneira:etl:${job}`}, 0))`.catch(() => {});
    }
  } finally {
    conn.release();
  }
}
