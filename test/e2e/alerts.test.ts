import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { kill9, pioneiraEnv, printed, spawnPioneira } from '@pioneira/gps/testing/processes';
import { openEventLog } from '@pioneira/pipeline';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import { buildApp, createDeps } from '../../apps/api/src';
import type { App } from '../../apps/api/src/app';
import { startWorker } from '../../apps/worker/src';
import { insertEvent, startSmtpReceiver, startWebhookReceiver, until } from './alerts-rig';

let db: TestDatabase;
let app: App;
let env: NodeJS.ProcessEnv;
let worker: { stop(): Promise<void> } | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secret = '';
let token = '';
let manager = { id: '', email: '' };
let endpointId = '';
const PASSWORD = 'Correct-horse-42';

before(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpReceiver();
  hook = await startWebhookReceiver(() => secret);
  env = pioneiraEnv({
    databaseUrl: db.url,
    redisUrl: testEnv().redisUrl,
    prefix: uniqueName('alerts'),
    extra: {
      SMTP_URL: smtp.url(),
      ALERT_RETRY_DELAY_MS: '100',
      ALERT_DELIVERY_ATTEMPTS: '6',
      LOG_LEVEL: process.env.ALERTS_TEST_LOG ?? 'silent',
    },
  });
  // The api holds connections of its own (LISTEN, the ingest's committer): a pool of its size.
  const config = loadConfig({ ...env, DATABASE_POOL_SIZE: '10' });
  app = await buildApp(createDeps(config));
  await app.ready();
  const user = await app.deps.users.create({
    email: 'gestora@frota.test',
    name: 'Gestora',
    role: 'manager',
    password: PASSWORD,
  });
  await db.sql`UPDATE users SET locale = 'en', time_zone = 'America/Sao_Paulo' WHERE id = ${user.id}`;
  manager = { id: user.id, email: 'gestora@frota.test' };
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: manager.email, password: PASSWORD },
  });
  token = login.json().accessToken;
  const created = await call('POST', '/api/webhook-endpoints', { name: 'ERP', url: hook.url });
  assert.equal(created.statusCode, 201, created.body);
  secret = created.json().secret;
  endpointId = created.json().id;
  worker = await startWorker(config, ['relay', 'alerts']);
});
after(async () => {
  await worker?.stop();
  await app.close();
  await app.deps.close();
  await hook.close();
  await smtp.down().catch(() => {});
  await db.drop();
});

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
}

async function vehicle(plate: string): Promise<{ id: string; externalId: string }> {
  const externalId = uniqueName('v');
  const [row] = await db.sql`
    INSERT INTO vehicles (external_id, description, registration_number) VALUES (${externalId}, ${plate}, ${plate})
    RETURNING id`;
  return { id: String(row.id), externalId };
}

async function rule(body: Record<string, unknown>): Promise<string> {
  const res = await call('POST', '/api/alert-rules', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

const deliveriesOf = (eventId: string) =>
  db.sql<
    {
      channel: string;
      recipient: string;
      status: string;
      attempts: number;
      last_response_code: number | null;
    }[]
  >`
    SELECT channel, recipient, status, attempts, last_response_code FROM alert_deliveries
    WHERE event_key = ${`telemetry:${eventId}`} ORDER BY channel, recipient`;
const allSent = (eventId: string, n: number) => async () => {
  const rows = await deliveriesOf(eventId);
  return rows.length === n && rows.every((r) => r.status === 'sent') && rows;
};

test('an overspeed event reaches the user in the app and by e-mail, an extra address and a signed webhook, once each', async () => {
  const v = await vehicle('ABC1D23');
  await rule({
    name: 'Overspeed on the Serra',
    eventTypes: ['rules.overspeed'],
    vehicleIds: [v.id],
    userIds: [manager.id],
    emails: ['Ops@Frota.test'],
    webhookIds: [endpointId],
  });
  const eventId = await insertEvent(db.sql, { vehicle: v.externalId });
  const rows = await until('four deliveries sent', allSent(eventId, 4)).catch(async (e) => {
    console.error(
      await deliveriesOf(eventId),
      await db.sql`SELECT topic, count(*) FROM outbox GROUP BY 1`,
      await db.sql`SELECT * FROM alerts`,
    );
    throw e;
  });
  assert.deepEqual(
    rows.map((r) => [r.channel, r.recipient]),
    [
      ['email', 'ops@frota.test'],
      ['email', `user:${manager.id}`],
      ['in_app', manager.id],
      ['webhook', endpointId],
    ],
  );
  assert.equal(rows.find((r) => r.channel === 'webhook')?.last_response_code, 200);

  const hooks = hook.received.filter((r) => (r.body.event as { key: string }).key === `telemetry:${eventId}`);
  assert.equal(hooks.length, 1);
  assert.ok(hooks[0].valid, 'the signature verifies with the secret shown at creation');
  const event = hooks[0].body.event as Record<string, unknown>;
  assert.equal(event.type, 'rules.overspeed');
  assert.deepEqual(event.vehicle, { id: v.id, name: 'ABC1D23' });
  assert.equal(event.speedKmh, 97);

  const mails = smtp.mails.filter((m) => m.text.includes('ABC1D23'));
  assert.deepEqual(mails.map((m) => m.to).sort(), ['gestora@frota.test', 'ops@frota.test']);
  assert.match(mails.find((m) => m.to === manager.email)!.subject, /^Alert: /, 'the user reads English');
  assert.match(
    mails.find((m) => m.to === 'ops@frota.test')!.subject,
    /^Alerta: /,
    'an address without a user reads pt-BR',
  );

  const list = await call('GET', '/api/notifications');
  const mine = list.json().items.filter((n: { body: string }) => n.body.includes('ABC1D23'));
  assert.equal(mine.length, 1);
  const unread = (await call('GET', '/api/notifications/unread-count')).json().unread;
  assert.ok(unread >= 1);
  const read = await call('POST', `/api/notifications/${mine[0].id}/read`);
  assert.ok(read.json().readAt);
  assert.equal((await call('GET', '/api/notifications/unread-count')).json().unread, unread - 1);

  const log = await call('GET', '/api/alert-deliveries?channel=webhook');
  assert.ok(
    log
      .json()
      .items.some(
        (d: { eventKey: string; lastResponseCode: number }) =>
          d.eventKey === `telemetry:${eventId}` && d.lastResponseCode === 200,
      ),
  );
});

test('events a rule does not ask for, and events outside its calendar, alert nobody', async () => {
  const v = await vehicle('CAL0A01');
  await rule({
    name: 'Saturday nights',
    vehicleIds: [v.id],
    calendar: [{ day: 6, from: '20:00', to: '24:00' }],
    webhookIds: [endpointId],
  });
  const monday = await insertEvent(db.sql, { vehicle: v.externalId, at: new Date('2026-03-02T23:30:00Z') }); // 20:30 Mon in SP
  const saturday = await insertEvent(db.sql, { vehicle: v.externalId, at: new Date('2026-03-07T23:30:00Z') }); // 20:30 Sat
  await until('the Saturday event delivered', allSent(saturday, 1));
  assert.equal((await deliveriesOf(monday)).length, 0);
});

test('a rule for a group of vehicles (their rule category) alerts about its vehicles and the listed ones, not about the others', async () => {
  const truck = await vehicle('GRP0C01');
  const bus = await vehicle('GRP0P01');
  const listed = await vehicle('GRP0E01');
  await db.sql`UPDATE vehicles SET rule_category = 'cargo' WHERE id = ${truck.id}`;
  await db.sql`UPDATE vehicles SET rule_category = 'passengers' WHERE id = ${bus.id}`;
  await rule({
    name: 'Cargo fleet',
    vehicleCategories: ['cargo'],
    vehicleIds: [listed.id],
    webhookIds: [endpointId],
  });
  // The bus's event goes first: once the later ones are delivered, it has been evaluated.
  const busEvent = await insertEvent(db.sql, { vehicle: bus.externalId });
  const truckEvent = await insertEvent(db.sql, { vehicle: truck.externalId });
  const listedEvent = await insertEvent(db.sql, { vehicle: listed.externalId });
  await until('the truck alerted', allSent(truckEvent, 1));
  await until('the listed vehicle alerted', allSent(listedEvent, 1));
  assert.equal((await deliveriesOf(busEvent)).length, 0, 'a passengers vehicle is not of the group');
  // The category is the vehicle's when the event is evaluated: the bus moved to cargo is alerted.
  await db.sql`UPDATE vehicles SET rule_category = 'cargo' WHERE id = ${bus.id}`;
  const movedEvent = await insertEvent(db.sql, { vehicle: bus.externalId });
  await until('the bus alerted once it is cargo', allSent(movedEvent, 1));
});

test('anti-storm: one alert per rule and vehicle in the window, the next one says how many were held back', async () => {
  const v = await vehicle('STO0R01');
  const ruleId = await rule({
    name: 'Storm',
    vehicleIds: [v.id],
    webhookIds: [endpointId],
    throttleMinutes: 10,
    digest: true,
  });
  const t0 = Date.parse('2026-03-03T12:00:00Z');
  const first = await insertEvent(db.sql, { vehicle: v.externalId, at: new Date(t0) });
  await until('the first alert', allSent(first, 1)).catch(async (e) => {
    console.error(
      await deliveriesOf(first),
      await db.sql`SELECT * FROM alert_throttle`,
      await db.sql`SELECT id, name, calendar, vehicle_ids FROM alert_rules`,
      await db.sql`SELECT rule_id, event_key FROM alerts`,
    );
    throw e;
  });
  for (let i = 1; i <= 4; i++)
    await insertEvent(db.sql, { vehicle: v.externalId, at: new Date(t0 + i * 60_000) });
  const later = await insertEvent(db.sql, { vehicle: v.externalId, at: new Date(t0 + 11 * 60_000) });
  await until('the alert after the window', allSent(later, 1));
  const alerts = await db.sql`SELECT suppressed FROM alerts WHERE rule_id = ${ruleId} ORDER BY occurred_at`;
  assert.deepEqual(
    alerts.map((a) => a.suppressed),
    [0, 4],
  );
  const body = hook.received.find(
    (r) => (r.body.event as { key: string }).key === `telemetry:${later}`,
  )?.body;
  assert.ok(body, 'the later alert was posted');
  assert.equal((body.alert as { suppressed: number }).suppressed, 4);
});

test('a parcel returned is an event of the topic too', async () => {
  await rule({ name: 'Returns', eventTypes: ['parcel.returned'], webhookIds: [endpointId] });
  await db.sql`INSERT INTO parcels (tracking_code, status, status_at) VALUES ('PR123456789BR', 'in_transit', now())`;
  await db.sql`UPDATE parcels SET status = 'returned', status_at = now() WHERE tracking_code = 'PR123456789BR'`;
  const received = await until('the returned parcel webhook', async () =>
    hook.received.find(
      (r) => (r.body.event as { trackingCode: string | null }).trackingCode === 'PR123456789BR',
    ),
  ).catch(async (e) => {
    console.error(
      await db.sql`SELECT * FROM alerts WHERE event_type = 'parcel.returned'`,
      await db.sql`SELECT * FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.event_type = 'parcel.returned'`,
    );
    throw e;
  });
  assert.equal((received.body.event as { type: string }).type, 'parcel.returned');
});

test('SMTP and webhook receivers down, then back: retried with backoff, then delivered once', async () => {
  const v = await vehicle('DWN0A01');
  await rule({
    name: 'Down and back',
    vehicleIds: [v.id],
    emails: ['down@frota.test'],
    webhookIds: [endpointId],
  });
  hook.state.status = 503;
  await smtp.down();
  const eventId = await insertEvent(db.sql, { vehicle: v.externalId });
  await until('both channels failed twice', async () => {
    const rows = await deliveriesOf(eventId);
    return rows.length === 2 && rows.every((r) => r.status === 'failed' && r.attempts >= 2);
  });
  const failedHook = (await deliveriesOf(eventId)).find((r) => r.channel === 'webhook');
  assert.equal(failedHook?.last_response_code, 503, 'the delivery log keeps the response code');
  hook.state.status = 200;
  await smtp.up();
  await until('both delivered', allSent(eventId, 2), 60_000);
  assert.equal(smtp.mails.filter((m) => m.to === 'down@frota.test').length, 1);
  const accepted = hook.received.filter(
    (r) => (r.body.event as { key: string }).key === `telemetry:${eventId}` && r.headers && r.valid,
  );
  assert.ok(accepted.length >= 2, 'tried while down, then accepted');
  assert.equal(new Set(accepted.map((r) => r.delivery)).size, 1, 'every try is the same delivery id');
});

test('an endpoint that never answers 2xx ends dead after the last try', async () => {
  const local = await startWebhookReceiver(() => 'unused');
  local.state.status = 500;
  const created = await call('POST', '/api/webhook-endpoints', { name: 'Broken', url: local.url });
  const v = await vehicle('DEAD0A1');
  await rule({ name: 'Dead letter', vehicleIds: [v.id], webhookIds: [created.json().id] });
  const eventId = await insertEvent(db.sql, { vehicle: v.externalId });
  const dead = await until(
    'the delivery dead',
    async () => (await deliveriesOf(eventId)).find((r) => r.status === 'dead'),
    60_000,
  );
  assert.equal(dead.attempts, 6, 'ALERT_DELIVERY_ATTEMPTS tries');
  assert.equal(dead.last_response_code, 500);
  assert.equal(local.received.length, 6);
  await local.close();
});

test('a replay of the events topic sends nothing a second time', async () => {
  const v = await vehicle('RPL0A01');
  await rule({ name: 'Replay', vehicleIds: [v.id], userIds: [manager.id], webhookIds: [endpointId] });
  const from = new Date(Date.now() - 1000);
  const eventId = await insertEvent(db.sql, { vehicle: v.externalId });
  await until('delivered', allSent(eventId, 3));
  const hooksBefore = hook.received.length;
  const mailsBefore = smtp.mails.length;
  const log = openEventLog(loadConfig(env));
  await log.replay({ group: 'alerts', topic: 'events', from });
  await until('the group read the topic again', async () => (await log.lag('alerts', 'events')).total === 0);
  await log.close();
  // A marker event after the replayed ones: once it is delivered, the replay has been evaluated.
  const marker = await insertEvent(db.sql, { vehicle: v.externalId });
  await until('the marker delivered', allSent(marker, 3));
  assert.equal(hook.received.length, hooksBefore + 1, 'only the marker was posted');
  assert.equal(smtp.mails.length, mailsBefore + 1, 'only the marker was mailed');
  const [n] = await db.sql`SELECT count(*)::int AS n FROM notifications WHERE body LIKE ${'%RPL0A01%'}`;
  assert.equal(n.n, 2);
});

test('kill -9 of the alerts worker mid-delivery: every alert delivered, each exactly once per recipient', {
  timeout: 180_000,
}, async () => {
  await worker?.stop();
  worker = undefined;
  const v = await vehicle('KIL0A01');
  await rule({ name: 'Kill', vehicleIds: [v.id], userIds: [manager.id], webhookIds: [endpointId] });
  hook.state.delayMs = 150;
  const child = spawnPioneira(['worker', '--roles', 'relay,alerts'], env);
  await printed(child, /worker running roles/);
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) ids.push(await insertEvent(db.sql, { vehicle: v.externalId }));
  const keys = ids.map((id) => `telemetry:${id}`);
  const posted = () => hook.received.filter((r) => keys.includes((r.body.event as { key: string }).key));
  await until('some webhooks posted', async () => posted().length >= 5);
  await kill9(child);
  const [midway] = await db.sql`
    SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS n FROM alert_deliveries
    WHERE event_key = ANY(${keys}::text[])`;
  assert.ok(midway.sent < 120, `killed mid-delivery (${midway.sent} of ${midway.n} sent)`);
  hook.state.delayMs = 0;
  const again = spawnPioneira(['worker', '--roles', 'relay,alerts'], env);
  try {
    await until(
      'all 120 deliveries sent (webhook, e-mail, in-app)',
      async () => {
        const [row] = await db.sql`
          SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent FROM alert_deliveries
          WHERE event_key = ANY(${keys}::text[])`;
        return row.sent === 120;
      },
      120_000,
    ).catch(async (e) => {
      console.error(
        again.output().slice(-3000),
        await db.sql`SELECT status, attempts, channel, count(*) FROM alert_deliveries WHERE event_key = ANY(${keys}::text[]) GROUP BY 1,2,3`,
      );
      throw e;
    });
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
  }
  const [notes] = await db.sql`SELECT count(*)::int AS n FROM notifications WHERE body LIKE ${'%KIL0A01%'}`;
  assert.equal(notes.n, 40, 'one in-app notification per event');
  const byEvent = new Map<string, Set<string>>();
  for (const r of posted()) {
    const key = (r.body.event as { key: string }).key;
    byEvent.set(key, (byEvent.get(key) ?? new Set()).add(r.delivery));
  }
  assert.equal(byEvent.size, 40, 'every event reached the webhook');
  // A request in flight at the kill may arrive again after the restart, with the same delivery id
  // (receivers drop ids they have seen, docs/webhooks.md): never a second delivery.
  for (const [key, deliveries] of byEvent) assert.equal(deliveries.size, 1, key);
  worker = await startWorker(loadConfig(env), ['relay', 'alerts']);
});
