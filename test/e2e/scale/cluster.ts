import assert from 'node:assert/strict';
import { freePort } from '@pioneira/devstack';
import { createEventLog, type EventLog } from '@pioneira/eventlog';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { type Child, printed, running, spawnPioneira, stop, until } from './processes';

export type EventLogKind = 'redis' | 'nats' | 'kafka';

/** N `pioneira api` and M `pioneira worker --roles relay,consumers` processes on one fresh database. */
export interface Cluster {
  kind: EventLogKind;
  db: TestDatabase;
  redis: Redis;
  /** REDIS_PREFIX of every process, hence also the event log's namespace (streams, topics, groups). */
  prefix: string;
  /** The same event log as the processes, seen from the test (lag, audit group). */
  log: EventLog;
  apis: Array<{ child: Child; url: string }>;
  workers: Child[];
  env: NodeJS.ProcessEnv;
  startWorker(name: string): Promise<Child>;
  close(): Promise<void>;
}

/** Where the event log server of `kind` is; fails (never skips) when the harness did not provide it. */
function servers(kind: EventLogKind): Record<string, string> {
  const env = testEnv();
  if (kind === 'nats') {
    assert.ok(env.natsUrl, 'EVENT_LOG=nats needs a NATS server: run through `npm test` or set NATS_URL');
    return { NATS_URL: env.natsUrl };
  }
  if (kind === 'kafka') {
    assert.ok(
      env.kafkaBrokers,
      'EVENT_LOG=kafka needs a broker: run through `npm test` (it starts one) or set KAFKA_BROKERS',
    );
    return { KAFKA_BROKERS: env.kafkaBrokers };
  }
  return {};
}

export async function startCluster(kind: EventLogKind, apis: number, workers: number): Promise<Cluster> {
  const extra = servers(kind);
  const db = await createTestDatabase();
  const prefix = uniqueName('scale');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extra,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: testEnv().redisUrl,
    REDIS_PREFIX: prefix,
    EVENT_LOG: kind,
    EVENT_LOG_RETENTION_HOURS: '1',
    API_HOST: '127.0.0.1',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
  };
  const redis = new Redis(testEnv().redisUrl);
  const log = createEventLog({
    kind,
    prefix,
    retentionHours: 1,
    redisUrl: testEnv().redisUrl,
    natsUrl: extra.NATS_URL,
    kafkaBrokers: extra.KAFKA_BROKERS?.split(','),
    pollTimeoutMs: 200,
    ackTimeoutMs: 6_000,
    shutdownTimeoutMs: 5_000,
  });
  const cluster: Cluster = {
    kind,
    db,
    redis,
    prefix,
    log,
    apis: [],
    workers: [],
    env,
    async startWorker(name) {
      const child = spawnPioneira(name, ['worker', '--roles', 'relay,consumers'], env);
      await printed(child, /worker running roles: relay, consumers/);
      return child;
    },
    async close() {
      await Promise.all([...cluster.apis.map((a) => stop(a.child)), ...cluster.workers.map((w) => stop(w))]);
      if (kind !== 'redis') await log.deleteTopics(['positions']).catch(() => {});
      await log.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await db.drop();
    },
  };
  try {
    // Api processes first (one after the other: each starts in seconds on a loaded machine), then the
    // workers together, so the consumer group forms while nothing is being sent yet.
    for (let i = 0; i < apis; i++) {
      // A free port can be taken by another process between freePort() and the api's listen() (the
      // suite runs files in parallel): an api that exits with EADDRINUSE is started again on another.
      let port = 0;
      let child: Child | undefined;
      for (let attempt = 0; attempt < 5; attempt++) {
        port = await freePort();
        child = spawnPioneira(`api-${i + 1}`, ['api'], { ...env, API_PORT: String(port) });
        const outcome = await Promise.race([
          child.exited.then(() => 'exited' as const),
          until(
            `${child.name} to listen`,
            async () =>
              fetch(`http://127.0.0.1:${port}/health`).then(
                (r) => r.ok,
                () => false,
              ),
            180_000,
          ).then(
            () => 'listening' as const,
            () => 'silent' as const,
          ),
        ]);
        if (outcome !== 'exited' || !/EADDRINUSE/.test(child.output())) break;
      }
      if (!child) throw new Error('no api started');
      const url = `http://127.0.0.1:${port}`;
      cluster.apis.push({ child, url });
      // On a loaded machine (the whole suite beside a Kafka broker) a start can take long: wait up to
      // three minutes, stop waiting as soon as the process has died, and say what it printed.
      let last = 'no answer yet';
      await until(
        `${child.name} to answer /ready`,
        async () => {
          if (!running(child))
            throw new Error(`${child.name} exited before it was ready:\n${child.output().slice(-3000)}`);
          return fetch(`${url}/ready`).then(
            async (r) => {
              last = `${r.status} ${await r.text()}`;
              return r.ok;
            },
            (error: Error & { cause?: { code?: string } }) => {
              last = error.cause?.code ?? error.message;
              return false;
            },
          );
        },
        180_000,
      ).catch((error: Error) => {
        throw new Error(
          `${error.message} (last answer: ${last})\n${child.name} printed:\n${child.output().slice(-3000)}`,
        );
      });
    }
    cluster.workers.push(
      ...(await Promise.all(
        Array.from({ length: workers }, (_, i) => cluster.startWorker(`worker-${i + 1}`)),
      )),
    );
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}
