import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type LocalRedisHandle, startLocalRedis } from '@pioneira/devstack';
import { createEventLog, type EventLog } from '@pioneira/eventlog';
import { TOPICS } from '@pioneira/pipeline';
import { createTestDatabase, type TestDatabase, uniqueName } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { decodeWire, IngestService } from '../src';
import { eventually } from './harness';
import { freePort, kill9, type PioneiraProcess, pioneiraEnv, printed, spawnPioneira } from './processes';

// DESIGN §7: kill -9 of the relay or of the consumer while phones keep sending, and a Redis FLUSHALL
// mid-ingest. Real worker processes, a real PostgreSQL database of this test and a private
// redis-server (so FLUSHALL really flushes everything, event log included).
const DEVICES = 40;

let db: TestDatabase;
let redisServer: LocalRedisHandle;
let redisDir: string;
let redis: Redis;
let ingest: IngestService;
let audit: EventLog;
const prefix = uniqueName('crash');
const children: PioneiraProcess[] = [];
let env: NodeJS.ProcessEnv;
let numOf: Map<string, number>; // identifier → device number (what the wire carries)

before(async () => {
  db = await createTestDatabase();
  redisDir = await mkdtemp(join(tmpdir(), 'pioneira-crash-'));
  redisServer = await startLocalRedis({ dataDir: redisDir, port: await freePort(), persist: false });
  redis = new Redis(redisServer.url);
  env = pioneiraEnv({ databaseUrl: db.url, redisUrl: redisServer.url, prefix });
  ingest = new IngestService(db.sql);
  await ingest.start();
  const rows = await db.sql<{ identifier: string; num: number }[]>`
    INSERT INTO devices (identifier, name, protocol)
    SELECT 'crash-' || i, 'crash ' || i, 'osmand' FROM generate_series(1, ${DEVICES}) AS i
    RETURNING identifier, num`;
  numOf = new Map(rows.map((r) => [r.identifier, r.num]));
  audit = createEventLog({ kind: 'redis', prefix, redisUrl: redisServer.url, retentionHours: 1 });
});
after(async () => {
  await Promise.all(children.map(kill9));
  await ingest.stop();
  await audit.close();
  redis.disconnect();
  await redisServer.stop();
  await rm(redisDir, { recursive: true, force: true });
  await db.drop();
});

function worker(role: 'relay' | 'consumers'): PioneiraProcess {
  const run = spawnPioneira(['worker', '--roles', role], env);
  children.push(run);
  return run;
}
const started = (run: PioneiraProcess) => printed(run, /worker running roles/);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Phones and trackers sending while the test breaks things: single fixes and small batches of
 * consecutive fixes per device, fix times that never repeat. Records what was acknowledged.
 */
function feed() {
  const acknowledged = new Set<string>();
  const next = new Map<string, number>();
  const base = Date.now() - 30 * 60_000;
  let stopping = false;
  let sent = 0;
  const loop = async (lane: number) => {
    for (let i = lane; !stopping; i += 4) {
      const identifier = `crash-${(i % DEVICES) + 1}`;
      const count = i % 3 === 0 ? 1 + (i % 7) : 1;
      const first = next.get(identifier) ?? base;
      next.set(identifier, first + count * 1000);
      const fixes = Array.from({ length: count }, (_, k) => ({
        deviceIdentifier: identifier,
        fixedAt: new Date(first + k * 1000),
        latitude: -23.55 + ((i + k) % 1000) / 1e4,
        longitude: -46.63,
        speedKmh: 40,
        course: 90,
        altitude: null,
        accuracy: null,
        attributes: {},
      }));
      const result = await ingest.submit(fixes, 'osmand').catch(() => undefined);
      if (result?.accepted === count)
        for (const f of fixes) acknowledged.add(`${numOf.get(identifier)}@${f.fixedAt.getTime()}`);
      sent++;
      await sleep(8);
    }
  };
  const lanes = [0, 1, 2, 3].map(loop);
  return {
    acknowledged,
    get sent() {
      return sent;
    },
    async stop() {
      stopping = true;
      await Promise.all(lanes);
    },
  };
}

/** `device number@ms` of every stored position, and how many rows hold each. */
async function stored(): Promise<Map<string, number>> {
  const rows = await db.sql<{ key: string; n: number }[]>`
    SELECT p.device_num || '@' || (extract(epoch FROM p.fixed_at) * 1000)::int8 AS key, count(*)::int AS n
    FROM positions p GROUP BY 1`;
  return new Map(rows.map((r) => [r.key, r.n]));
}

/** Devices whose latest position in Redis is not their newest stored fix. */
async function latestWrong(): Promise<number> {
  const newest = await db.sql<{ id: string; t: Date }[]>`
    SELECT d.id, max(p.fixed_at) AS t FROM devices d JOIN positions p ON p.device_num = d.num GROUP BY d.id`;
  const values = await redis.mget(newest.map((r) => `${prefix}:gps:latest:${r.id}`));
  return newest.filter((r, i) => Number(values[i]?.split('|')[0]) !== r.t.getTime()).length;
}

const outboxRows = async () => (await db.sql`SELECT count(*)::int AS n FROM outbox`)[0].n as number;

/** stored = acknowledged exactly: every acknowledged fix once, nothing else. */
function assertStoredIsAcknowledged(rows: Map<string, number>, acknowledged: Set<string>) {
  const lost = [...acknowledged].filter((key) => !rows.has(key));
  const duplicated = [...rows].filter(([, n]) => n > 1);
  const unacknowledged = [...rows.keys()].filter((key) => !acknowledged.has(key));
  assert.deepEqual(
    { lost: lost.length, duplicated: duplicated.length, unacknowledged: unacknowledged.length },
    {
      lost: 0,
      duplicated: 0,
      unacknowledged: 0,
    },
  );
}

test('kill -9 of the relay and of the consumer mid-run: stored = acknowledged, everything delivered, latest = newest fix', {
  timeout: 240_000,
}, async () => {
  // An extra consumer group, added without touching producers, that records every delivery.
  const deliveries = new Map<string, number>();
  const subscription = await audit.subscribe({
    group: 'crash-audit',
    topics: [TOPICS.positions],
    batchSize: 500,
    handler: async (batch) => {
      for (const message of batch)
        for (const fix of decodeWire(message.value)) {
          const key = `${fix.deviceNum}@${fix.t}`;
          deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
        }
    },
  });
  try {
    let relay = worker('relay');
    let consumer = worker('consumers');
    await Promise.all([started(relay), started(consumer)]);
    const load = feed();
    assert.ok(await eventually(async () => (await redis.keys(`${prefix}:gps:latest:*`)).length > 0, 30_000));

    await kill9(relay);
    const sentAtKill = load.sent;
    await sleep(1_500);
    assert.ok(load.sent > sentAtKill, 'ingest keeps acknowledging while the relay is dead');
    assert.ok((await outboxRows()) > 0, 'the outbox absorbs what the dead relay cannot publish');
    relay = worker('relay');
    await started(relay);

    await sleep(1_000);
    await kill9(consumer);
    await sleep(1_500);
    consumer = worker('consumers');
    await started(consumer);
    await sleep(1_000);
    await load.stop();
    assert.ok(load.acknowledged.size > 500, `${load.acknowledged.size} fixes acknowledged`);

    // A batch the killed consumer held is claimed by the new one once it is idle for the ack timeout (30 s).
    const settled = await eventually(
      async () =>
        (await outboxRows()) === 0 &&
        [...load.acknowledged].every((key) => deliveries.has(key)) &&
        (await latestWrong()) === 0,
      90_000,
    );
    assertStoredIsAcknowledged(await stored(), load.acknowledged);
    assert.equal(await outboxRows(), 0, 'the restarted relay published the whole outbox');
    const undelivered = [...load.acknowledged].filter((key) => !deliveries.has(key));
    assert.equal(undelivered.length, 0, 'the event log delivered every acknowledged fix at least once');
    assert.equal(await latestWrong(), 0, 'the latest position of every device is its newest fix');
    assert.ok(settled);
  } finally {
    await subscription.stop();
  }
});

test('Redis FLUSHALL mid-ingest: nothing acknowledged is lost and the latest positions are rebuilt', {
  timeout: 180_000,
}, async () => {
  const load = feed();
  await sleep(1_500);
  await redis.flushall();
  await sleep(2_000);
  await load.stop();
  assert.ok(load.acknowledged.size > 200, `${load.acknowledged.size} fixes acknowledged`);
  const rebuilt = await eventually(
    async () => (await outboxRows()) === 0 && (await latestWrong()) === 0,
    60_000,
  );
  assert.ok(
    await redis.exists(`${prefix}:gps:latest-ready`),
    'the projection was rebuilt and marked complete',
  );
  assert.equal(await latestWrong(), 0, 'the latest position of every device is its newest stored fix');
  assert.ok(rebuilt);
  const rows = await stored();
  for (const key of load.acknowledged) assert.equal(rows.get(key), 1, `${key} stored once`);
});
