import { type Config, loadConfig } from '@pioneira/config';
import { createMixSimulator, type MixSimulator, type MixSimulatorOptions } from '@pioneira/mix-simulator';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { type ConnectorOptions, createMixClient, type MixClient, mixEnvFor } from '../src';

/** Short waits everywhere, so fault tests take seconds, not minutes. */
export const FAST_RETRY = {
  baseDelayMs: 20,
  maxDelayMs: 200,
  timeoutMs: 1_500,
  rateLimitedDelayMs: 200,
  maxAttempts: 8,
  maxRateLimited: 200,
};

export interface Harness {
  sim: MixSimulator;
  base: string;
  db: TestDatabase;
  redis: Redis;
  prefix: string;
  config: Readonly<Config>;
  /** Environment that points a worker process at this harness. */
  env: Record<string, string>;
  client(options?: ConnectorOptions): Promise<MixClient>;
  /** EventIds stored in telemetry_events, as text. */
  storedIds(): Promise<string[]>;
  close(): Promise<void>;
}

/** A simulator over real HTTP on 127.0.0.1, a database of its own, Redis under a unique prefix. */
export async function createHarness(
  simOptions: Partial<MixSimulatorOptions> = {},
  envOverrides: Record<string, string> = {},
): Promise<Harness> {
  const sim = await createMixSimulator({
    eventsPerMinute: 0,
    drivingVehicles: 0,
    rateLimitPerMinute: 0,
    overshoot: 3,
    ...simOptions,
  });
  const base = await sim.listen(0, '127.0.0.1');
  const db = await createTestDatabase();
  const redis = new Redis(testEnv().redisUrl, { maxRetriesPerRequest: null });
  const prefix = uniqueName('mix');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    REDIS_URL: testEnv().redisUrl,
    REDIS_PREFIX: prefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
    ...mixEnvFor(base, sim.options),
    MIX_RATE_LIMIT_PER_MINUTE: '100000',
    ...envOverrides,
  };
  const config = loadConfig(env);
  return {
    sim,
    base,
    db,
    redis,
    prefix,
    config,
    env,
    client: (options = {}) =>
      createMixClient({ config, sql: db.sql, redis }, { retry: FAST_RETRY, limiterMarginMs: 0, ...options }),
    async storedIds() {
      const rows = await db.sql<
        { external_id: string }[]
      >`SELECT external_id FROM telemetry_events WHERE source = 'mix'`;
      return rows.map((r) => r.external_id);
    },
    async close() {
      await sim.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
      await db.drop();
    },
  };
}

/** Lost and duplicated ids of what is stored, against the simulator's ground truth. */
export function compare(truth: string[], stored: string[]) {
  const have = new Set(stored);
  return {
    lost: truth.filter((id) => !have.has(id)).length,
    duplicated: stored.length - have.size,
    extra: stored.filter((id) => !truth.includes(id)).length,
  };
}
