import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEventLog, type EventLog } from '@pioneira/eventlog';
import { gpsSplitters, LATEST_GROUP, LatestConsumer } from '@pioneira/gps';
import { OutboxRelay, TOPICS } from '@pioneira/pipeline';
import { testEnv } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { bearer, createTestApi, type TestApi } from './helpers';

// The GPS API as a client sees it: devices and their tokens, the JSON batch ingest, the latest
// positions, track replay and the live SSE stream, with the relay and the latest-position consumer
// running in this process on the api's database and Redis prefix.
let api: TestApi;
let manager: string;
let viewer: string;
let log: EventLog;
let relay: OutboxRelay;
let consumer: LatestConsumer;
let redis: Redis;
let vehicleId: string;

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
  const [vehicle] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number) VALUES ('v-gps-1', 'Volvo FH', 'BRA2E19')
    RETURNING id`;
  vehicleId = String(vehicle.id);
});
after(async () => {
  await consumer.stop();
  await relay.stop();
  await log.close();
  redis.disconnect();
  await api.close();
});

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, payload?: object) =>
  api.app.inject({ method, url, headers: bearer(token), payload });

async function register(identifier: string, extra: object = {}) {
  const res = await inject('POST', '/api/devices', manager, {
    identifier,
    name: identifier,
    protocol: 'json',
    ...extra,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; token: string };
}

const ingest = (token: string, positions: unknown[] | string) =>
  api.app.inject({
    method: 'POST',
    url: '/ingest/positions',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    payload: typeof positions === 'string' ? positions : JSON.stringify({ positions }),
  });

const storedOf = async (deviceId: string) =>
  (
    await api.db
      .sql`SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num WHERE d.id = ${deviceId}`
  )[0].n as number;

const fixAt = (ms: number, latitude = -23.55) => ({
  fixedAt: new Date(ms).toISOString(),
  latitude,
  longitude: -46.63,
  speedKmh: 36,
});

test('devices: managers register, read, edit and delete; the token is shown once; viewers only read', async () => {
  const created = await register('truck-crud', { vehicleId });
  assert.match(created.token, /\S{20,}/);
  const read = await inject('GET', `/api/devices/${created.id}`, viewer);
  assert.equal(read.statusCode, 200);
  assert.equal(read.json().vehicleId, vehicleId);
  assert.equal(read.json().token, undefined, 'the token is never shown again');
  const list = await inject('GET', '/api/devices?search=truck-crud', viewer);
  assert.equal(list.json().total, 1);
  assert.ok(!list.body.includes(created.token));

  assert.equal(
    (await inject('POST', '/api/devices', viewer, { identifier: 'x1', name: 'x', protocol: 'json' }))
      .statusCode,
    403,
  );
  const taken = await inject('POST', '/api/devices', manager, {
    identifier: 'truck-crud',
    name: 'again',
    protocol: 'json',
  });
  assert.equal(taken.statusCode, 409);
  assert.equal(taken.json().error.code, 'device_exists');
  const badVehicle = await inject('POST', '/api/devices', manager, {
    identifier: 'x2',
    name: 'x',
    protocol: 'json',
    vehicleId: '999999',
  });
  assert.equal(badVehicle.statusCode, 400);

  const renamed = await inject('PATCH', `/api/devices/${created.id}`, manager, { name: 'Caminhão 7' });
  assert.equal(renamed.json().name, 'Caminhão 7');
  assert.equal((await inject('PATCH', `/api/devices/${created.id}`, viewer, { name: 'no' })).statusCode, 403);
  assert.equal((await inject('DELETE', `/api/devices/${created.id}`, manager)).statusCode, 204);
  assert.equal((await inject('GET', `/api/devices/${created.id}`, viewer)).statusCode, 404);
  assert.equal(
    (await ingest(created.token, [fixAt(Date.now())])).statusCode,
    401,
    'a deleted device cannot send',
  );
});

test('token rotation: the new token works, the old one stops at once', async () => {
  const device = await register('phone-rotate');
  assert.equal((await ingest(device.token, [fixAt(Date.now() - 60_000)])).statusCode, 200);
  const rotated = await inject('POST', `/api/devices/${device.id}/token`, manager);
  assert.equal(rotated.statusCode, 200);
  const { token } = rotated.json();
  assert.notEqual(token, device.token);
  assert.equal((await ingest(device.token, [fixAt(Date.now() - 50_000)])).statusCode, 401);
  assert.equal((await ingest(token, [fixAt(Date.now() - 40_000)])).statusCode, 200);
  assert.equal((await inject('POST', `/api/devices/${device.id}/token`, viewer)).statusCode, 403);
  assert.equal(await storedOf(device.id), 2);
});

test('POST /ingest/positions: a batch is stored; a resend counts duplicates', async () => {
  const device = await register('phone-batch');
  const t0 = Date.now() - 3_600_000 + 60_000;
  const batch = Array.from({ length: 1000 }, (_, i) => ({
    ...fixAt(t0 + i * 1000),
    course: 90,
    attributes: { battery: 80 },
  }));
  const first = await ingest(device.token, batch);
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json(), { accepted: 1000, duplicates: 0 });
  const again = await ingest(device.token, [...batch.slice(0, 10), fixAt(t0 + 2_000_000)]);
  assert.deepEqual(again.json(), { accepted: 1, duplicates: 10 });
  assert.equal(await storedOf(device.id), 1001);
  // Epoch milliseconds are accepted as well as ISO text.
  const epoch = await ingest(device.token, [{ fixedAt: t0 + 3_000_000, latitude: 0, longitude: 0 }]);
  assert.deepEqual(epoch.json(), { accepted: 1, duplicates: 0 });
});

test('POST /ingest/positions refuses bad input with 400/401 and stores nothing of the batch', async () => {
  const device = await register('phone-bad');
  const now = Date.now();
  const good = fixAt(now - 10_000);
  const cases: [string, unknown[] | string, number][] = [
    ['1001 positions', Array.from({ length: 1001 }, (_, i) => fixAt(now - 2_000_000 + i * 1000)), 400],
    ['an unknown field', [good, { ...fixAt(now - 9_000), altitud: 10 }], 400],
    [
      'NaN latitude',
      `{"positions":[${JSON.stringify(good)},{"fixedAt":${now},"latitude":NaN,"longitude":1}]}`,
      400,
    ],
    ['latitude 91', [good, { ...fixAt(now - 8_000), latitude: 91 }], 400],
    ['longitude -180.5', [good, { ...fixAt(now - 7_000), longitude: -180.5 }], 400],
    ['negative speed', [good, { ...fixAt(now - 6_000), speedKmh: -1 }], 400],
    ['a fix time in 1999', [good, { ...good, fixedAt: '1999-12-31T23:00:00Z' }], 400],
    ['a fix time two days ahead', [good, { ...good, fixedAt: now + 2 * 86_400_000 }], 400],
    ['a fix time that is not a time', [good, { ...good, fixedAt: 'ontem' }], 400],
    ['no positions', [], 400],
  ];
  for (const [what, body, status] of cases) {
    const res = await ingest(device.token, body);
    assert.equal(res.statusCode, status, `${what}: ${res.body}`);
    assert.ok(res.json().error.message.length > 10, `${what} says what was wrong`);
  }
  assert.equal(await storedOf(device.id), 0, 'nothing of a refused batch is stored');
  for (const token of ['', 'pdt_forged_token_000000000000', device.token.slice(0, -2)]) {
    const res = await ingest(token, [good]);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'invalid_device_token');
  }
  assert.equal(await storedOf(device.id), 0);
});

test('GET /api/positions/latest: each device newest fix with its vehicle, late fixes never win', async () => {
  const device = await register('truck-latest', { vehicleId });
  const now = Date.now();
  await ingest(device.token, [fixAt(now - 30_000, -23.1), fixAt(now - 20_000, -23.2)]);
  await ingest(device.token, [fixAt(now - 60_000, -23.9)]); // late
  // Wait until the consumer has handled the late fix too (relayed and acknowledged), then read.
  await until(async () => {
    const [{ n }] = await api.db.sql`SELECT count(*)::int AS n FROM outbox`;
    return n === 0 && (await log.lag(LATEST_GROUP, TOPICS.positions)).total === 0;
  });
  const res = await inject('GET', '/api/positions/latest', viewer);
  assert.equal(res.statusCode, 200);
  const item = (res.json().items as { deviceId: string; fixedAt: string }[]).find(
    (i) => i.deviceId === device.id,
  );
  assert.equal(item?.fixedAt, new Date(now - 20_000).toISOString(), 'the newest fix, not the late one');
  assert.deepEqual(
    { ...item, fixedAt: undefined },
    {
      deviceId: device.id,
      deviceName: 'truck-latest',
      vehicleId,
      plate: 'BRA2E19',
      fixedAt: undefined,
      latitude: -23.2,
      longitude: -46.63,
      speedKmh: 36,
      course: null,
    },
  );
  assert.equal((await api.app.inject({ method: 'GET', url: '/api/positions/latest' })).statusCode, 401);
});

test('a bearing of 7.199° and 74.08 km/h keep their precision: ingest → storage → latest, track, export', async () => {
  const device = await register('phone-precise');
  const at = Date.now() - 15_000;
  const sent = await ingest(device.token, [{ ...fixAt(at), speedKmh: 74.08, course: 7.199 }]);
  assert.equal(sent.statusCode, 200, sent.body);
  const [stored] = await api.db.sql`
    SELECT p.speed_kmh, p.course FROM positions p JOIN devices d ON d.num = p.device_num WHERE d.id = ${device.id}`;
  assert.deepEqual({ ...stored }, { speed_kmh: 74.08, course: 7.199 });

  const range = `from=${new Date(at - 1000).toISOString()}&to=${new Date(at + 1000).toISOString()}`;
  const track = await inject('GET', `/api/devices/${device.id}/track?${range}`, viewer);
  assert.equal(track.statusCode, 200, track.body);
  assert.deepEqual(
    (track.json().points as { speedKmh: number; course: number }[]).map((p) => [p.speedKmh, p.course]),
    [[74.08, 7.199]],
  );
  const csv = await inject(
    'GET',
    `/api/devices/${device.id}/track/export?format=csv&lang=en&tz=UTC&${range}`,
    viewer,
  );
  assert.equal(csv.statusCode, 200, csv.body);
  assert.match(csv.body, /,74\.08,7\.199,/);

  // The latest position travels the event log's wire layout, in hundredths: 7.2°.
  await until(async () => {
    const res = await inject('GET', '/api/positions/latest', viewer);
    const item = (res.json().items as { deviceId: string }[]).find((i) => i.deviceId === device.id);
    return item !== undefined;
  });
  const latest = await inject('GET', '/api/positions/latest', viewer);
  const item = (latest.json().items as { deviceId: string; speedKmh: number; course: number }[]).find(
    (i) => i.deviceId === device.id,
  );
  assert.deepEqual([item?.speedKmh, item?.course], [74.08, 7.2]);
});

test('GET /api/vehicles/:id/track: oldest first, thinned to 5,000 points when long, periods checked', async () => {
  const [vehicle] = await api.db.sql`
    INSERT INTO vehicles (external_id, description) VALUES ('v-gps-track', 'VW Delivery') RETURNING id`;
  const device = await register('truck-track', { vehicleId: String(vehicle.id) });
  const to = new Date();
  const from = new Date(to.getTime() - 7_000_000);
  // 7,000 fixes one second apart, straight in SQL (what a busy day of ingest leaves behind).
  await api.db.sql`
    INSERT INTO positions (fixed_at, device_num, lat_e7, lon_e7, speed_kmh)
    SELECT ${from}::timestamptz + i * interval '1 second', d.num, -235500000 + i, -466300000, (i % 900) / 10.0
    FROM devices d, generate_series(0, 6999) AS i WHERE d.id = ${device.id}`;
  const url = (query: string) => `/api/vehicles/${vehicle.id}/track?${query}`;
  const long = await inject('GET', url(`from=${from.toISOString()}&to=${to.toISOString()}`), viewer);
  assert.equal(long.statusCode, 200, long.body);
  const { points, simplified } = long.json() as { points: { t: string; lat: number }[]; simplified: boolean };
  assert.equal(simplified, true);
  assert.ok(points.length <= 5000 && points.length > 4000, `${points.length} points`);
  assert.equal(points[0].t, from.toISOString(), 'the first fix is kept');
  assert.equal(points.at(-1)?.t, new Date(from.getTime() + 6_999_000).toISOString(), 'the last fix is kept');
  assert.ok(
    points.every((p, i) => i === 0 || p.t > points[i - 1].t),
    'oldest first',
  );

  const short = await inject(
    'GET',
    url(`from=${from.toISOString()}&to=${new Date(from.getTime() + 100_000).toISOString()}`),
    viewer,
  );
  assert.deepEqual([short.json().points.length, short.json().simplified], [100, false]);

  const refused: [string, number, string?][] = [
    [`from=${to.toISOString()}&to=${from.toISOString()}`, 400, 'invalid_range'],
    [`from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z`, 400, 'range_too_long'],
    ['from=ontem', 400],
    ['from=2026-01-01T00:00:00Z&speed=1', 400],
  ];
  for (const [query, status, code] of refused) {
    const res = await inject('GET', url(query), viewer);
    assert.equal(res.statusCode, status, `${query}: ${res.body}`);
    if (code) assert.equal(res.json().error.code, code);
  }
  assert.equal((await inject('GET', '/api/vehicles/424242/track', viewer)).statusCode, 404);
  assert.equal((await api.app.inject({ method: 'GET', url: url('') })).statusCode, 401);
});

test('GET /api/live/positions (SSE) delivers a delta after an ingest', { timeout: 30_000 }, async () => {
  const device = await register('phone-live');
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const controller = new AbortController();
  try {
    const refused = await fetch(`${address}/api/live/positions`, { headers: bearer(viewer) });
    assert.equal(refused.status, 406, 'asks for text/event-stream');
    const res = await fetch(`${address}/api/live/positions`, {
      headers: { ...bearer(viewer), accept: 'text/event-stream' },
      signal: controller.signal,
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const fixedAt = Date.now() - 1_000;
    // Only after the stream is open: this fix must arrive as a delta, not from a snapshot.
    await reader.read();
    assert.equal((await ingest(device.token, [fixAt(fixedAt, -22.9)])).statusCode, 200);
    let text = '';
    const deadline = Date.now() + 20_000;
    while (!text.includes(device.id) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    const event = text.split('\n\n').find((e) => e.includes(device.id));
    assert.ok(event, `a delta for the device arrived: ${text}`);
    assert.match(event, /^event: positions\ndata: /m);
    const delta = (JSON.parse(event.split('data: ')[1]) as { deviceId: string }[]).find(
      (p) => p.deviceId === device.id,
    );
    assert.deepEqual(delta, {
      deviceId: device.id,
      vehicleId: null,
      fixedAt: new Date(fixedAt).toISOString(),
      latitude: -22.9,
      longitude: -46.63,
      speedKmh: 36,
      course: null,
    });
    const anonymous = await fetch(`${address}/api/live/positions`, {
      headers: { accept: 'text/event-stream' },
    });
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
  } finally {
    controller.abort();
  }
});

async function until<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
