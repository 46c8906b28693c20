import type { Config } from '@pioneira/config';
import { createSql } from '@pioneira/db';
import { Redis } from 'ioredis';

/** The api cannot start: what is wrong and what to check, in one sentence. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** host:port of a URL, without the user or password it may carry. */
function where(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}

const reasonOf = (error: unknown) => (error as { code?: string }).code ?? (error as Error).message;

/**
 * Reaches Redis and PostgreSQL once, each within a few seconds, before anything else connects:
 * an unreachable one stops the start with one clear message instead of endless reconnect noise
 * and 500s.
 */
export async function assertDependenciesReachable(config: Readonly<Config>): Promise<void> {
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // the failure is reported below, once
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new StartupError(
      `Cannot reach Redis at ${where(config.redisUrl)} (${reasonOf(error)}); check REDIS_URL and that Redis is running.`,
    );
  } finally {
    redis.disconnect();
  }
  const sql = createSql(config.databaseUrl, { max: 1, applicationName: 'pioneira-api-check' });
  try {
    await Promise.race([
      sql`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 5_000).unref()),
    ]);
  } catch (error) {
    throw new StartupError(
      `Cannot reach PostgreSQL at ${where(config.databaseUrl)} (${reasonOf(error)}); check DATABASE_URL and that PostgreSQL is running.`,
    );
  } finally {
    await sql.end({ timeout: 1 });
  }
}
