import { createEventLog, type EventLog } from '@pioneira/eventlog';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { type IngestOptions, IngestService } from '../src';

/** A test's own database, Redis prefix and event log namespace, plus an ingest service on them. */
export interface Harness {
  db: TestDatabase;
  redis: Redis;
  prefix: string;
  ingest: IngestService;
  openLog(): EventLog;
  /** Registers a device and returns its id. */
  device(identifier: string, protocol?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createHarness(options: IngestOptions = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const env = testEnv();
  const prefix = uniqueName('gps');
  const redis = new Redis(env.redisUrl);
  const ingest = new IngestService(db.sql, options);
  await ingest.start();
  const logs: EventLog[] = [];
  return {
    db,
    redis,
    prefix,
    ingest,
    openLog() {
      const log = createEventLog({
        kind: 'redis',
        prefix,
        retentionHours: 1,
        redisUrl: env.redisUrl,
        pollTimeoutMs: 100,
        retryDelayMs: 100,
        ackTimeoutMs: 1_000,
        shutdownTimeoutMs: 2_000,
      });
      logs.push(log);
      return log;
    },
    async device(identifier, protocol = 'osmand') {
      const [row] = await db.sql`
        INSERT INTO devices (identifier, name, protocol) VALUES (${identifier}, ${identifier}, ${protocol})
        ON CONFLICT (identifier) DO UPDATE SET name = excluded.name RETURNING id`;
      return row.id as string;
    },
    async close() {
      await ingest.stop();
      await Promise.all(logs.map((log) => log.close()));
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await db.drop();
    },
  };
}

/** Polls `check` until it returns a truthy value or `ms` elapse (then the last value is returned). */
export async function eventually<T>(check: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
