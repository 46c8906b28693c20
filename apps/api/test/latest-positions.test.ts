import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEventLog, type EventLog } from '@pioneira/eventlog';
import { gpsSplitters, LatestConsumer, LatestStore, LatestView } from '@pioneira/gps';
import { OutboxRelay } from '@pioneira/pipeline';
import { testEnv } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { buildApp, createDeps } from '../src';
import type { App } from '../src/app';
import { bearer, createTestApi, type TestApi } from './helpers';

// GET /api/positions/latest answered from each api's in-memory view: loaded once, moved by the
// deltas the latest-position consumer publishes, following device and plate changes. Two apis on
// one database, the relay and the consumer run here for real.
let api: TestApi;
let second: App | undefined;
let manager: string;
let viewer: string;
let log: EventLog;
let relay: OutboxRelay;
let consumer: LatestConsumer;
let redis: Redis;

before(async () => {
  api = await createTestApi();
  manager = (await api.login('manager')).token;
  viewer = (await api.login('viewer')).token;
  redis = new Redis(testEnv().redisUrl);
  log = createEventLog({
    kind: 'redis',
    prefix: api.prefix,
    retentionHours: 1,
    redisUrl: testEnv().redisUrl,
    pollTimeoutMs: 100,
    retryDelayMs: 100,
  });
  relay = new OutboxRelay(api.db.sql, log, { pollMs: 200, splitters: gpsSplitters });
  consumer = new LatestConsumer({
    sql: api.db.sql,
    redis,
    log,
    prefix: api.prefix,
    ttlSeconds: 3600,
    checkEveryMs: 200,
  });
  await relay.start();
  await consumer.start();
});
after(async () => {
  if (second) {
    await second.close();
    await second.deps.close();
  }
  await consumer.stop();
  await relay.stop();
  await log.close();
  redis.disconnect();
  await api.close();
});

interface Item {
  deviceId: string;
  deviceName: string;
  vehicleId: string | null;
  plate: string | null;
  fixedAt: string;
  latitude: number;
}

async function latest(app: App = api.app, token = viewer): Promise<Item[]> {
  const res = await app.inject({ method: 'GET', url: '/api/positions/latest', headers: bearer(token) });
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  return res.json().items;
}

async function until<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function vehicle(plate: string) {
  const [row] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number, source)
    VALUES (${`v-${plate}`}, 'Volvo FH', ${plate}, 'manual') RETURNING id`;
  return String(row.id);
}

async function register(identifier: string, extra: object = {}) {
  const res = await api.app.inject({
    method: 'POST',
    url: '/api/devices',
    headers: bearer(manager),
    payload: { identifier, name: identifier, protocol: 'json', ...extra },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; token: string };
}

async function ingest(token: string, ms: number, latitude: number) {
  const res = await api.app.inject({
    method: 'POST',
    url: '/ingest/positions',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    payload: JSON.stringify({
      positions: [{ fixedAt: new Date(ms).toISOString(), latitude, longitude: -46.63, speedKmh: 36 }],
    }),
  });
  assert.equal(res.statusCode, 200, res.body);
}

const itemOf = async (deviceId: string, app: App = api.app) =>
  (await latest(app)).find((i) => i.deviceId === deviceId);

test('new fixes reach the answer, with the device name, vehicle and plate', async () => {
  const vehicleId = await vehicle('LTS1A11');
  const device = await register('truck-view', { vehicleId });
  const now = Date.now();
  await ingest(device.token, now - 30_000, -23.1);
  const first = await until(async () => (await itemOf(device.id))?.latitude === -23.1, 'the first fix');
  assert.ok(first);
  await ingest(device.token, now - 20_000, -23.2);
  await until(async () => (await itemOf(device.id))?.latitude === -23.2, 'the newer fix');
  await ingest(device.token, now - 10_000, -23.3);
  await until(async () => (await itemOf(device.id))?.latitude === -23.3, 'the newest fix');
  assert.deepEqual(await itemOf(device.id), {
    deviceId: device.id,
    deviceName: 'truck-view',
    vehicleId,
    plate: 'LTS1A11',
    fixedAt: new Date(now - 10_000).toISOString(),
    latitude: -23.3,
    longitude: -46.63,
    speedKmh: 36,
    course: null,
  });
  const items = await latest();
  assert.equal(new Set(items.map((i) => i.deviceId)).size, items.length, 'each device once');
});

test('a freshly started api loads the current positions once, and follows device and plate changes', async () => {
  const vehicleId = await vehicle('LTS2B22');
  const device = await register('truck-second', { vehicleId });
  const at = Date.now() - 5_000;
  await ingest(device.token, at, -22.5);
  await until(async () => (await itemOf(device.id))?.latitude === -22.5, 'the fix on the first api');
  second = await buildApp(createDeps(api.app.deps.config));
  await second.ready();
  // Concurrent first calls share one load, and all see the same answer.
  const answers = await Promise.all(Array.from({ length: 8 }, () => latest(second)));
  for (const items of answers) assert.deepEqual(items, answers[0]);
  assert.equal(answers[0].find((i) => i.deviceId === device.id)?.fixedAt, new Date(at).toISOString());

  // A rename in this process shows at once; the other api learns it by NOTIFY.
  const renamed = await api.app.inject({
    method: 'PATCH',
    url: `/api/devices/${device.id}`,
    headers: bearer(manager),
    payload: { name: 'Caminhão 7' },
  });
  assert.equal(renamed.statusCode, 200, renamed.body);
  assert.equal((await itemOf(device.id))?.deviceName, 'Caminhão 7');
  const app2 = second;
  await until(async () => (await itemOf(device.id, app2))?.deviceName === 'Caminhão 7', 'the rename');

  // A plate changed outside the api (the MiX synchronisation, SQL) reaches both by NOTIFY.
  await api.db.sql`UPDATE vehicles SET registration_number = 'LTS9Z99' WHERE id = ${vehicleId}`;
  await until(async () => (await itemOf(device.id))?.plate === 'LTS9Z99', 'the plate on the first api');
  await until(async () => (await itemOf(device.id, app2))?.plate === 'LTS9Z99', 'the plate on the second');

  // Unlinked from its vehicle, then deleted: the answer follows.
  const unlinked = await api.app.inject({
    method: 'PATCH',
    url: `/api/devices/${device.id}`,
    headers: bearer(manager),
    payload: { vehicleId: null },
  });
  assert.equal(unlinked.statusCode, 200, unlinked.body);
  assert.deepEqual([(await itemOf(device.id))?.vehicleId, (await itemOf(device.id))?.plate], [null, null]);
  const removed = await api.app.inject({
    method: 'DELETE',
    url: `/api/devices/${device.id}`,
    headers: bearer(manager),
  });
  assert.equal(removed.statusCode, 204, removed.body);
  assert.equal(await itemOf(device.id), undefined);
  await until(async () => (await itemOf(device.id, app2)) === undefined, 'the deletion on the second api');
});

test('only signed-in users read it', async () => {
  const res = await api.app.inject({ method: 'GET', url: '/api/positions/latest' });
  assert.equal(res.statusCode, 401);
  const bad = await api.app.inject({
    method: 'GET',
    url: '/api/positions/latest',
    headers: bearer(`${viewer}x`),
  });
  assert.equal(bad.statusCode, 401);
});

test('the view drops what expired from Redis and repairs missed deltas when it reads Redis again', async () => {
  const vehicleId = await vehicle('LTS3C33');
  const kept = await register('truck-kept', { vehicleId });
  const gone = await register('truck-gone');
  const store = new LatestStore(redis, api.prefix, 3600);
  const at = Date.now() - 1_000;
  const fix = (deviceId: string, latitude: number, ms = at) => ({
    deviceId,
    vehicleId: null,
    fixedAt: new Date(ms).toISOString(),
    latitude,
    longitude: -46.6,
    speedKmh: null,
    course: 12.5,
  });
  await store.advance([fix(kept.id, -21), fix(gone.id, -21)]);
  await store.markReady();
  const listeners: Array<(p: ReturnType<typeof fix>[]) => void> = [];
  const view = new LatestView({
    sql: api.db.sql,
    store,
    ttlSeconds: 3600,
    subscribe: async (listener) => {
      listeners.push(listener);
      return () => {};
    },
    resyncEveryMs: 100,
  });
  try {
    // Only this test's devices (the others' fixes are in Redis too).
    const mine = new Set([kept.id, gone.id]);
    const body = async () =>
      (JSON.parse(await view.json()).items as Item[]).filter((i) => mine.has(i.deviceId));
    const ids = (items: Item[]) => items.map((i) => i.deviceId).sort();
    assert.deepEqual(ids(await body()), [kept.id, gone.id].sort());
    // A delta older than what the view holds changes nothing.
    for (const listener of listeners) listener([fix(kept.id, -29, at - 60_000)]);
    assert.equal((await body()).find((i) => i.deviceId === kept.id)?.latitude, -21);
    // Expired in Redis (the TTL), and a fix whose delta was lost: the next read of Redis settles both.
    await redis.del(`${api.prefix}:gps:latest:${gone.id}`);
    await store.advance([fix(kept.id, -22, at + 500)]);
    const items = await until(async () => {
      const now = await body();
      return now.length === 1 && now[0].latitude === -22 && now;
    }, 'the resync');
    assert.deepEqual(items[0], {
      deviceId: kept.id,
      deviceName: 'truck-kept',
      vehicleId,
      plate: 'LTS3C33',
      fixedAt: new Date(at + 500).toISOString(),
      latitude: -22,
      longitude: -46.6,
      speedKmh: null,
      course: 12.5,
    });
  } finally {
    await view.stop();
  }
});
