import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { EventLog } from '@pioneira/eventlog';
import { OutboxRelay, TOPICS } from '@pioneira/pipeline';
import type { DecodedPosition } from '@pioneira/protocols';
import { gpsSplitters, LATEST_GROUP, LatestConsumer, startOsmAndServer } from '../src';
import { createHarness, eventually, type Harness } from './harness';

let h: Harness;
let relay: OutboxRelay;
let consumer: LatestConsumer;
let log: EventLog;
before(async () => {
  h = await createHarness();
  log = h.openLog();
  relay = new OutboxRelay(h.db.sql, log, { pollMs: 200, splitters: gpsSplitters });
  consumer = new LatestConsumer({
    sql: h.db.sql,
    redis: h.redis,
    log,
    prefix: h.prefix,
    ttlSeconds: 3600,
    checkEveryMs: 100,
  });
  await relay.start();
  await consumer.start();
});
after(async () => {
  await consumer.stop();
  await relay.stop();
  await h.close();
});

const base = Date.UTC(2026, 0, 5, 12);
const fix = (identifier: string, minute: number, latitude = -23.55): DecodedPosition => ({
  deviceIdentifier: identifier,
  fixedAt: new Date(base + minute * 60_000),
  latitude,
  longitude: -46.63,
  speedKmh: 42,
  course: 180,
  altitude: null,
  accuracy: null,
  attributes: {},
});

const latestOf = async (deviceId: string) => (await consumer.store.get([deviceId])).get(deviceId);

/** True once everything committed so far was relayed and handled (acknowledged) by the consumer. */
async function consumed(): Promise<boolean> {
  const [{ n }] = await h.db.sql`SELECT count(*)::int AS n FROM outbox`;
  // The relay deletes an outbox row after publishing it, so once the outbox is empty the lag counts it.
  return n === 0 && (await log.lag(LATEST_GROUP, TOPICS.positions)).total === 0;
}

test('an acknowledged submission is committed: another connection sees it the moment the promise resolves', async () => {
  await h.device('ack-1');
  const submissions = Array.from({ length: 50 }, (_, i) => h.ingest.submit([fix('ack-1', i)], 'osmand'));
  await Promise.all(
    submissions.map(async (submission, i) => {
      await submission;
      const rows = await h.db.sql`
        SELECT 1 FROM positions p JOIN devices d ON d.num = p.device_num
        WHERE d.identifier = 'ack-1' AND p.fixed_at = ${new Date(base + i * 60_000)}`;
      assert.equal(rows.length, 1, `fix ${i} visible when acknowledged`);
    }),
  );
  const [{ batches }] = await h.db.sql`SELECT count(*)::int AS batches FROM outbox`;
  assert.ok(batches < 50, `50 concurrent submissions shared transactions (${batches} outbox rows or fewer)`);
});

test('a submission whose transaction fails is rejected, never acknowledged, and stores nothing', async () => {
  await h.device('fail-1');
  // Make the outbox insert fail: positions and outbox row share one transaction, so neither stays.
  await h.db.sql`ALTER TABLE outbox ADD CONSTRAINT refuse_all CHECK (false) NOT VALID`;
  try {
    await assert.rejects(h.ingest.submit([fix('fail-1', 0)], 'osmand'), /refuse_all/);
  } finally {
    await h.db.sql`ALTER TABLE outbox DROP CONSTRAINT refuse_all`;
  }
  const rows = await h.db
    .sql`SELECT 1 FROM positions p JOIN devices d ON d.num = p.device_num WHERE d.identifier = 'fail-1'`;
  assert.equal(rows.length, 0);
});

test('out-of-order and duplicate fixes: stored once each, the latest position never goes back', async () => {
  const id = await h.device('order-1');
  await h.ingest.submit([fix('order-1', 10, -23.1)], 'osmand');
  assert.equal((await eventually(() => latestOf(id)))?.latitude, -23.1);
  // A duplicate of the newest and then a late (older) fix arrive afterwards: the late one is the last
  // thing the consumer sees, so it would win if late fixes could.
  const duplicate = await h.ingest.submit([fix('order-1', 10, -23.1), fix('order-1', 10, -23.1)], 'osmand');
  assert.ok(await eventually(consumed));
  const late = await h.ingest.submit([fix('order-1', 5, -23.9)], 'osmand');
  assert.deepEqual(late, { accepted: 1, duplicates: 0 });
  assert.deepEqual(duplicate, { accepted: 0, duplicates: 2 });
  // Wait until the consumer has handled the late fix, not merely until it was stored.
  assert.ok(await eventually(consumed), 'the late fix was consumed');
  const latest = await latestOf(id);
  assert.equal(latest?.fixedAt, new Date(base + 10 * 60_000).toISOString());
  assert.equal(latest?.latitude, -23.1);
  const [{ n }] = await h.db
    .sql`SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num WHERE d.identifier = 'order-1'`;
  assert.equal(n, 2);
});

test('Redis loses the projection mid-run: the latest positions are rebuilt from PostgreSQL', async () => {
  const ids = await Promise.all(['flush-1', 'flush-2', 'flush-3'].map((d) => h.device(d)));
  const now = Date.now();
  const recent = (identifier: string, ago: number) => ({
    ...fix(identifier, 0),
    fixedAt: new Date(now - ago),
  });
  await h.ingest.submit(
    [recent('flush-1', 3000), recent('flush-2', 2000), recent('flush-3', 1000)],
    'osmand',
  );
  await eventually(async () => (await consumer.store.get(ids)).size === 3);
  // What FLUSHALL does to this projection, limited to this test's keys (the Redis is shared with other tests).
  const keys = await h.redis.keys(`${h.prefix}:gps:*`);
  await h.redis.del(...keys);
  assert.equal((await consumer.store.get(ids)).size, 0);
  const rebuilt = await eventually(
    async () => (await consumer.store.isReady()) && (await consumer.store.get(ids)),
  );
  assert.ok(rebuilt);
  assert.equal(rebuilt.get(ids[2])?.fixedAt, new Date(now - 1000).toISOString());
  assert.equal(rebuilt.size, 3);
});

test('overload: past the backlog limit new submissions get 503 + Retry-After at once, and the backlog never exceeds its limit', async () => {
  const small = await createHarness({ maxQueuedPositions: 200, concurrency: 1 });
  const server = await startOsmAndServer(small.ingest, { host: '127.0.0.1', port: 0 });
  try {
    await small.device('burst-1');
    // Storage stalls (a lock held elsewhere) while phones keep sending: the backlog fills up.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const locked = new Promise<void>((resolve) => {
      void small.db.sql.begin(async (tx) => {
        await tx`LOCK TABLE outbox IN EXCLUSIVE MODE`;
        resolve();
        await held;
      });
    });
    await locked;
    // Storage stays stalled until the backlog is full and a submission has been refused (a
    // condition, not a delay): only then is the lock released and the queued fixes committed.
    // The backlog is what holds memory while storage stalls: sample it as every answer comes back.
    let largestBacklog = 0;
    let refusedOne = () => {};
    const firstRefusal = new Promise<void>((resolve) => (refusedOne = resolve));
    const answers = Promise.all(
      Array.from({ length: 400 }, async (_, i) => {
        const res = await fetch(
          `http://127.0.0.1:${server.port}/?id=burst-1&lat=-23.5&lon=-46.6&timestamp=${1750000000 + i}`,
        );
        largestBacklog = Math.max(largestBacklog, small.ingest.backlog);
        if (res.status === 503) {
          assert.equal(res.headers.get('retry-after'), '1');
          refusedOne();
        }
        await res.arrayBuffer();
        return res.status;
      }),
    );
    await Promise.race([firstRefusal, answers]);
    release();
    const statuses = await answers;
    const ok = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 503).length;
    assert.equal(ok + refused, 400, 'every request is answered: 200 after commit or 503');
    assert.ok(ok > 0 && refused > 0, `${ok} stored, ${refused} refused`);
    assert.ok(largestBacklog > 0 && largestBacklog <= 200, `the backlog peaked at ${largestBacklog} of 200`);
    assert.equal(small.ingest.backlog, 0);
    const [{ n }] = await small.db.sql`SELECT count(*)::int AS n FROM positions`;
    assert.equal(n, ok, 'stored exactly what was acknowledged');
  } finally {
    await server.close();
    await small.close();
  }
});
