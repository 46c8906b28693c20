import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEventLog, type EventLog, type Subscription } from '@pioneira/eventlog';
import { startParcelsConsumer } from '@pioneira/parcels';
import { OutboxRelay, TOPICS } from '@pioneira/pipeline';
import { testEnv } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let admin: string;
let key: string;
let eventLog: EventLog;
let consumer: Subscription;
let redis: Redis;
let relay: OutboxRelay;
const TRACKING_EVENTS_TOPIC = TOPICS.trackingEvents;

before(async () => {
  api = await createTestApi();
  admin = (await api.login('admin')).token;
  redis = new Redis(testEnv().redisUrl);
  eventLog = createEventLog({
    kind: 'redis',
    prefix: api.prefix,
    retentionHours: 1,
    redisUrl: testEnv().redisUrl,
    pollTimeoutMs: 100,
    retryDelayMs: 100,
  });
  relay = new OutboxRelay(api.db.sql, eventLog);
  consumer = await startParcelsConsumer({ eventLog, redis, redisPrefix: api.prefix });
  const res = await api.app.inject({
    method: 'POST',
    url: '/api/integration-keys',
    headers: bearer(admin),
    payload: { name: 'Transportadora X', carrier: 'transportadora-x' },
  });
  assert.equal(res.statusCode, 201);
  key = res.json().key;
});
after(async () => {
  await consumer.stop();
  await eventLog.deleteTopics([TRACKING_EVENTS_TOPIC]);
  await eventLog.close();
  await redis.quit();
  await api.close();
});

const post = (events: unknown[], headers: Record<string, string> = { 'x-api-key': key }) =>
  api.app.inject({ method: 'POST', url: '/ingest/tracking-events', headers, payload: { events } });

/** One pass of the platform's outbox relay (claim, publish, delete in one transaction). */
const relayOnce = () => relay.relayOnce();

async function until<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

test('without a valid integration key nothing gets in', async () => {
  const event = { trackingCode: 'NK123456789BR', status: 'Postado', occurredAt: '01/03/2024 10:00' };
  assert.equal((await post([event], {})).statusCode, 401);
  assert.equal((await post([event], { 'x-api-key': 'pio_wrong' })).statusCode, 401);
  assert.equal(
    (await post([event], bearer(admin))).statusCode,
    401,
    'a user token is not an integration key',
  );
  const [{ n }] = await api.db.sql`SELECT count(*)::int AS n FROM tracking_events`;
  assert.equal(n, 0);
});

test('a batch with one bad event is refused whole, with a reason per item', async () => {
  const res = await post([
    { trackingCode: 'HB123456789BR', status: 'Postado', occurredAt: '01/03/2024 10:00' },
    { trackingCode: 'HB123456789BR', status: 'Voando', occurredAt: '01/03/2024 11:00' },
    { trackingCode: 'HB123456789BR', status: 'Entregue', occurredAt: '2024-03-02T10:00:00Z', uf: 'XX' },
  ]);
  assert.equal(res.statusCode, 400);
  const body = res.json();
  assert.equal(body.error.code, 'invalid_events');
  assert.deepEqual(
    body.error.details.map((d: { index: number; reason: string }) => [d.index, d.reason]),
    [
      [1, 'unknown_status'],
      [2, 'invalid_uf'],
    ],
  );
  const [{ n, o }] = await api.db
    .sql`SELECT (SELECT count(*) FROM tracking_events)::int AS n, (SELECT count(*) FROM outbox)::int AS o`;
  assert.deepEqual([n, o], [0, 0]);
  assert.equal(
    (await post(new Array(1001).fill({ trackingCode: 'X1234', status: 'Postado', occurredAt: '01/03/2024' })))
      .statusCode,
    400,
  );
});

test('stream → PostgreSQL + outbox → event log → parcel status, and a live notification', async () => {
  const live = new Redis(testEnv().redisUrl);
  const received: string[] = [];
  await live.subscribe(`${api.prefix}:live:parcels`);
  live.on('message', (_c: string, m: string) => received.push(m));
  try {
    const code = 'ST123456789BR';
    const res = await post([
      {
        trackingCode: code,
        status: 'Objeto postado',
        occurredAt: '01/03/2024 10:00',
        city: 'SAO PAULO',
        uf: 'sp',
      },
      { trackingCode: code, status: 'Em trânsito', occurredAt: '02/03/2024 10:00' },
    ]);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { accepted: 2, duplicates: 0 });
    const [outbox] = await api.db
      .sql`SELECT count(*)::int AS n FROM outbox WHERE topic = ${TRACKING_EVENTS_TOPIC}`;
    assert.equal(outbox.n, 1, 'one outbox row per batch');
    assert.equal(await relayOnce(), 1);
    const status = await until(async () => {
      const [p] = await api.db.sql`SELECT status FROM parcels WHERE tracking_code = ${code}`;
      return p?.status === 'in_transit' ? p.status : undefined;
    });
    assert.equal(status, 'in_transit');
    await until(async () => (received.some((m) => m.includes(code)) ? true : undefined));
    assert.equal(JSON.parse(received.find((m) => m.includes(code)) as string).type, 'parcels');

    // A late, older event is stored but never moves the status back; a repeat is a duplicate.
    const late = await post([
      { trackingCode: code, status: 'Entregue', occurredAt: '03/03/2024 15:00' },
      { trackingCode: code, status: 'Saiu para entrega', occurredAt: '03/03/2024 08:00' },
      { trackingCode: code, status: 'Em trânsito', occurredAt: '02/03/2024 10:00' },
    ]);
    assert.deepEqual(late.json(), { accepted: 2, duplicates: 1 });
    await relayOnce();
    await until(async () => {
      const [p] = await api.db.sql`SELECT status FROM parcels WHERE tracking_code = ${code}`;
      return p.status === 'delivered' ? true : undefined;
    });
    const parcel = await api.app.inject({
      method: 'GET',
      url: `/api/parcels/${code.toLowerCase()}`,
      headers: bearer(admin),
    });
    assert.equal(parcel.statusCode, 200);
    const body = parcel.json();
    assert.equal(body.status, 'delivered');
    assert.equal(body.statusLabel, 'Entregue');
    assert.equal(body.deliveredAt, '2024-03-03T18:00:00.000Z');
    assert.deepEqual(
      body.timeline.map((e: { status: string }) => e.status),
      ['posted', 'in_transit', 'out_for_delivery', 'delivered'],
    );
    assert.equal(body.timeline[0].city, 'São Paulo');
  } finally {
    await live.quit();
  }
});

test('a revoked key stops working at once', async () => {
  const created = (
    await api.app.inject({
      method: 'POST',
      url: '/api/integration-keys',
      headers: bearer(admin),
      payload: { name: 'temp', carrier: 'transportadora-x' },
    })
  ).json();
  const event = { trackingCode: 'RV123456789BR', status: 'Postado', occurredAt: '01/03/2024 10:00' };
  assert.equal((await post([event], { 'x-api-key': created.key })).statusCode, 200);
  await api.app.inject({
    method: 'DELETE',
    url: `/api/integration-keys/${created.id}`,
    headers: bearer(admin),
  });
  assert.equal((await post([event], { 'x-api-key': created.key })).statusCode, 401);
});

test("a key writes only its carrier's parcels: another carrier's are refused whole, races included", async () => {
  const keyOf = async (carrier: string) => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/integration-keys',
      headers: bearer(admin),
      payload: { name: carrier, carrier },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().carrier, carrier);
    return res.json().key as string;
  };
  const [correios, jadlog] = [await keyOf('correios'), await keyOf('jadlog')];
  const event = (code: string, status = 'Postado') => ({
    trackingCode: code,
    status,
    occurredAt: '01/03/2024 10:00',
  });
  assert.equal((await post([event('CS123456789BR')], { 'x-api-key': correios })).statusCode, 200);
  // Jadlog may not change a Correios parcel, not even inside a batch of its own parcels.
  const refused = await post(
    [event('JD123456789BR'), event('CS123456789BR', 'Objeto entregue ao destinatário')],
    {
      'x-api-key': jadlog,
    },
  );
  assert.equal(refused.statusCode, 403, refused.body);
  assert.equal(refused.json().error.code, 'foreign_parcels');
  assert.deepEqual(refused.json().error.details.trackingCodes, ['CS123456789BR']);
  const stored = await api.db.sql`
    SELECT tracking_code, count(*)::int AS n FROM tracking_events
    WHERE tracking_code IN ('CS123456789BR', 'JD123456789BR') GROUP BY 1 ORDER BY 1`;
  assert.deepEqual(
    stored.map((r) => [r.tracking_code, r.n]),
    [['CS123456789BR', 1]],
    'nothing of the batch stored',
  );
  const [parcel] = await api.db
    .sql`SELECT carrier, status FROM parcels WHERE tracking_code = 'CS123456789BR'`;
  assert.deepEqual([parcel.carrier, parcel.status], ['correios', 'posted']);
  // A parcel known only from a CSV import belongs to no carrier yet: the first key to write it claims it.
  await api.db.sql`INSERT INTO parcels (tracking_code) VALUES ('CV123456789BR')`;
  assert.equal((await post([event('CV123456789BR')], { 'x-api-key': jadlog })).statusCode, 200);
  assert.equal(
    (await post([event('CV123456789BR', 'Objeto em trânsito')], { 'x-api-key': correios })).statusCode,
    403,
  );
  // Two carriers racing for the same new parcel: exactly one wins it.
  for (let i = 0; i < 5; i++) {
    const code = `RC${String(i).padStart(9, '0')}BR`;
    const answers = await Promise.all([
      post([event(code)], { 'x-api-key': correios }),
      post([event(code)], { 'x-api-key': jadlog }),
    ]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 403], code);
  }
});

test('a key names the carrier it writes for', async () => {
  const create = (payload: object) =>
    api.app.inject({ method: 'POST', url: '/api/integration-keys', headers: bearer(admin), payload });
  assert.equal((await create({ name: 'sem transportadora' })).statusCode, 400);
  assert.equal((await create({ name: 'x', carrier: 'Correios Brasil' })).statusCode, 400);
  assert.equal((await create({ name: 'x', carrier: '' })).statusCode, 400);
  const listed = await api.app.inject({
    method: 'GET',
    url: '/api/integration-keys',
    headers: bearer(admin),
  });
  assert.ok(
    listed.json().every((k: { carrier: string }) => typeof k.carrier === 'string' && k.carrier.length > 0),
  );
});

test('the live stream speaks text/event-stream and forwards notifications', async () => {
  const url = await api.app.listen({ port: 0, host: '127.0.0.1' });
  const controller = new AbortController();
  const res = await fetch(`${url}/api/live/parcels`, {
    headers: { ...bearer(admin), accept: 'text/event-stream' },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  const publisher = setInterval(
    () =>
      void redis.publish(
        `${api.prefix}:live:parcels`,
        JSON.stringify({ type: 'import', importId: 'x', importKind: 'tracking', inserted: 3 }),
      ),
    100,
  );
  try {
    while (!text.includes('event: import')) text += new TextDecoder().decode((await reader.read()).value);
  } finally {
    clearInterval(publisher);
    controller.abort();
  }
  assert.match(text, /data: \{"type":"import"/);
  const plain = await api.app.inject({ method: 'GET', url: '/api/live/parcels', headers: bearer(admin) });
  assert.equal(plain.statusCode, 406);
});
