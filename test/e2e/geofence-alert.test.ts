import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { osmandQuery } from '@pioneira/fleet-sim';
import { kill9, type PioneiraProcess, pioneiraEnv, spawnOnFreePorts } from '@pioneira/gps/testing/processes';
import { openEventLog, TOPICS } from '@pioneira/pipeline';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import { buildApp, createDeps } from '../../apps/api/src';
import type { App } from '../../apps/api/src/app';
import { startSmtpReceiver, startWebhookReceiver, until } from './alerts-rig';

// The issue's check, end to end: a geofence around a depot, the alert "exit after 20:00 → e-mail and
// webhook", and a tracker sending OsmAnd over HTTP to a real worker process (listeners, relay,
// geofences, alerts) as it drives out of the depot. Exactly one in-app notification, one e-mail and
// one signed webhook arrive (a van that left at 19:30 alerts nobody), also when the worker is killed
// while the webhook is in flight. The fixes carry a fixed evening time (São Paulo, the fleet's zone), never
// the wall clock.
let db: TestDatabase;
let app: App;
let worker: PioneiraProcess | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let osmandPort = 0;
let env: NodeJS.ProcessEnv;
let secret = '';
let token = '';
let manager = { id: '', email: 'plantao@frota.test' };
const PASSWORD = 'Correct-horse-42';
const PLATE = 'DEP0S17';
const TRACKER = '862123040000017';
// The CEAGESP wholesale market in São Paulo (a depot), and the way out along Av. Dr. Gastão Vidigal.
const DEPOT: [number, number] = [-46.7368, -23.5378];
const M_PER_DEG = 111_320;
const north = (metres: number): [number, number] => [DEPOT[0], DEPOT[1] + metres / M_PER_DEG];
// Wednesday 4 March 2026, 20:10 in São Paulo (UTC-3): after 20:00 there, whatever the test clock says.
const EVENING = Date.parse('2026-03-04T23:10:00Z');

function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
}

async function created(url: string, payload: object) {
  const res = await call('POST', url, payload);
  assert.equal(res.statusCode, 201, `${url}: ${res.body}`);
  return res.json();
}

/** The worker on a free OsmAnd port (another one if that port was taken before it listened). */
async function startWorker() {
  const started = await spawnOnFreePorts(
    ['worker', '--roles', 'listeners,relay,geofences,alerts'],
    ([port]) => ({ ...env, OSMAND_PORT: String(port) }),
    { ports: 1, ready: /worker running roles/ },
  );
  worker = started.run;
  [osmandPort] = started.ports;
}

before(async () => {
  db = await createTestDatabase();
  smtp = await startSmtpReceiver();
  hook = await startWebhookReceiver(() => secret);
  env = pioneiraEnv({
    databaseUrl: db.url,
    redisUrl: testEnv().redisUrl,
    prefix: uniqueName('geoalert'),
    extra: {
      SMTP_URL: smtp.url(),
      ALERT_RETRY_DELAY_MS: '100',
      // The other device ports on any free port (0): only OsmAnd is driven here.
      TELTONIKA_PORT: '0',
      GT06_PORT: '0',
      H02_PORT: '0',
      SUNTECH_PORT: '0',
      QUECLINK_PORT: '0',
      LOG_LEVEL: process.env.ALERTS_TEST_LOG ?? 'warn',
    },
  });
  app = await buildApp(createDeps(loadConfig({ ...env, DATABASE_POOL_SIZE: '10' })));
  await app.ready();
  const user = await app.deps.users.create({
    email: manager.email,
    name: 'Plantão',
    role: 'manager',
    password: PASSWORD,
  });
  manager = { ...manager, id: user.id };
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: manager.email, password: PASSWORD },
  });
  token = login.json().accessToken;

  // What the manager sets up in the web app: the depot, the vehicle and its tracker, the rule.
  const endpoint = await created('/api/webhook-endpoints', { name: 'Portaria', url: hook.url });
  secret = endpoint.secret;
  const vehicle = await created('/api/vehicles', { plate: PLATE, description: 'Van de entrega' });
  await created('/api/devices', {
    identifier: TRACKER,
    name: 'Traccar Client da van',
    protocol: 'osmand',
    vehicleId: vehicle.id,
  });
  const depot = await created('/api/geofences', {
    name: 'Depósito CEAGESP',
    geometry: { type: 'Point', coordinates: DEPOT },
    radiusM: 300,
  });
  await created('/api/alert-rules', {
    name: 'Saída do depósito após 20h',
    eventTypes: ['geofence.exit'],
    geofenceIds: [depot.id],
    calendar: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '20:00', to: '24:00' })),
    userIds: [manager.id],
    webhookIds: [endpoint.id],
  });

  await startWorker();
});

after(async () => {
  if (worker && worker.child.exitCode === null) {
    worker.child.kill('SIGTERM');
    await worker.exited;
  }
  await app?.close();
  await app?.deps.close();
  await hook?.close();
  await smtp?.down().catch(() => {});
  await db?.drop();
});

/** One fix as the Traccar Client app sends it: an OsmAnd query over HTTP to the listener. */
async function report(at: number, [lon, lat]: [number, number], speedKmh: number, tracker = TRACKER) {
  const query = osmandQuery(tracker, {
    fixedAt: new Date(at),
    latitude: lat,
    longitude: lon,
    speedKmh,
    course: 0,
    altitude: 730,
    ignition: true,
    odometerMetres: 0,
  });
  const res = await fetch(`http://127.0.0.1:${osmandPort}/?${query}`, { method: 'POST' });
  assert.equal(res.status, 200, await res.text());
}

/** The documented signature, recomputed here: sha256= hex HMAC of "<timestamp>.<raw body>". */
function signedBy(key: string, headers: Record<string, unknown>, raw: string): boolean {
  const timestamp = String(headers['x-pioneira-timestamp'] ?? '');
  const given = Buffer.from(String(headers['x-pioneira-signature'] ?? ''));
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', key).update(`${timestamp}.${raw}`).digest('hex')}`,
  );
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Parked in the yard, then out through the gate and up the avenue (20 s between fixes).
const route: Array<[[number, number], number]> = [
  [DEPOT, 0],
  [north(40), 8],
  [north(120), 15],
  [north(200), 20],
  [north(420), 35],
  [north(650), 40],
  [north(900), 42],
  [north(1150), 45],
  [north(1400), 45],
];

test('a van that leaves the depot after 20:00: one in-app notification, one e-mail, one signed webhook', {
  timeout: 180_000,
}, async () => {
  // First a van that leaves at 19:30 (São Paulo): an exit, but outside the rule's calendar.
  const early = await created('/api/vehicles', { plate: 'DEP0S16', description: 'Van da tarde' });
  await created('/api/devices', {
    identifier: '862123040000016',
    name: 'Van da tarde',
    protocol: 'osmand',
    vehicleId: early.id,
  });
  const afternoon = Date.parse('2026-03-04T22:30:00Z');
  for (const [i, [place, speed]] of route.entries())
    await report(afternoon + i * 20_000, place, speed, '862123040000016');
  for (const [i, [place, speed]] of route.entries()) await report(EVENING + i * 20_000, place, speed);

  const exit = await until(
    'the exit event',
    async () => {
      const rows = await db.sql<{ id: string; started_at: Date }[]>`
        SELECT id::text, started_at FROM telemetry_events
        WHERE event_type_external_id = 'geofence.exit' AND started_at >= ${new Date(EVENING)}`;
      return rows.length > 0 && rows;
    },
    90_000,
  ).catch((e) => {
    console.error(worker?.output().slice(-3000));
    throw e;
  });
  assert.equal(exit.length, 1, 'one exit');
  const key = `telemetry:${exit[0].id}`;
  const deliveries = await until(
    'the in-app, e-mail and webhook deliveries sent',
    async () => {
      const rows = await db.sql<{ channel: string; recipient: string; status: string }[]>`
        SELECT channel, recipient, status FROM alert_deliveries WHERE event_key = ${key} ORDER BY channel`;
      return rows.length === 3 && rows.every((r) => r.status === 'sent') && rows;
    },
    90_000,
  ).catch(async (e) => {
    console.error(
      worker?.output().slice(-3000),
      await db.sql`SELECT channel, status, attempts, last_error FROM alert_deliveries`,
    );
    throw e;
  });
  assert.deepEqual(
    deliveries.map((d) => [d.channel, d.recipient]),
    [
      ['email', `user:${manager.id}`],
      ['in_app', manager.id],
      ['webhook', deliveries.find((d) => d.channel === 'webhook')?.recipient],
    ],
  );

  // The van keeps driving outside: more fixes, no second exit and nothing sent again.
  await report(EVENING + route.length * 20_000, north(1700), 45);
  await until('the last fix evaluated', async () => {
    const [row] = await db.sql`
      SELECT s.last_fix_at FROM geofence_device_state s JOIN devices d ON d.num = s.device_num
      WHERE d.identifier = ${TRACKER}`;
    return row && row.last_fix_at.getTime() === EVENING + route.length * 20_000;
  });

  const [{ n: alerts }] = await db.sql`SELECT count(*)::int AS n FROM alerts`;
  assert.equal(alerts, 1, 'one alert');
  const [{ n: before20 }] = await db.sql`
    SELECT count(*)::int AS n FROM telemetry_events
    WHERE event_type_external_id = 'geofence.exit' AND started_at < ${new Date(EVENING)}`;
  assert.equal(before20, 1, 'the 19:30 exit was seen, and alerted nobody');
  const notes = (await call('GET', '/api/notifications')).json().items;
  assert.equal(notes.length, 1, 'one in-app notification');
  assert.match(notes[0].body, new RegExp(PLATE));

  const mails = smtp.mails.filter((m) => m.to === manager.email);
  assert.equal(mails.length, 1, 'one e-mail');
  assert.match(mails[0].text, new RegExp(PLATE));

  assert.equal(hook.received.length, 1, 'one webhook');
  const [posted] = hook.received;
  assert.ok(signedBy(secret, posted.headers, posted.raw), 'HMAC-SHA256 over timestamp and body');
  assert.ok(!signedBy('whsec_someone-else', posted.headers, posted.raw), 'another secret does not verify');
  assert.ok(posted.valid, 'and the published verifier agrees');
  const event = posted.body.event as Record<string, unknown>;
  assert.equal(event.key, key);
  assert.equal(event.type, 'geofence.exit');
  assert.equal((event.vehicle as { name: string }).name, PLATE);
  const occurred = Date.parse(String(event.occurredAt));
  assert.ok(
    occurred >= EVENING && occurred <= EVENING + route.length * 20_000,
    `the exit happened during the drive (${event.occurredAt})`,
  );
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'America/Sao_Paulo',
    hour: '2-digit',
    minute: '2-digit',
  }).format(occurred);
  assert.ok(local >= '20:00', `after 20:00 in São Paulo (${local})`);
});

test('the worker killed (kill -9) while the webhook is in flight: after a restart, still once each', {
  timeout: 240_000,
}, async () => {
  const plate = 'DEP0S18';
  const tracker = '862123040000018';
  const vehicle = await created('/api/vehicles', { plate, description: 'Segunda van' });
  await created('/api/devices', {
    identifier: tracker,
    name: 'Segunda van',
    protocol: 'osmand',
    vehicleId: vehicle.id,
  });
  const exits = () => db.sql<{ id: string }[]>`
    SELECT e.id::text FROM telemetry_events e WHERE e.event_type_external_id = 'geofence.exit'
      AND e.vehicle_external_id = (SELECT external_id FROM vehicles WHERE id = ${vehicle.id})`;
  // The receiver holds each request 3 s before answering: the kill lands while one is in flight.
  hook.state.delayMs = 3000;
  const arrived = hook.state.arrived;
  const later = EVENING + 3_600_000; // 21:10 in São Paulo
  for (const [i, [place, speed]] of route.entries()) await report(later + i * 20_000, place, speed, tracker);
  await until('the webhook request in flight', async () => hook.state.arrived > arrived, 90_000);
  assert.ok(worker);
  await kill9(worker);
  hook.state.delayMs = 0;
  await startWorker();

  const [exit] = await until('the exit event', async () => {
    const rows = await exits();
    return rows.length > 0 && rows;
  });
  const key = `telemetry:${exit.id}`;
  await until(
    'the three deliveries sent after the restart',
    async () => {
      const rows = await db.sql<{ status: string }[]>`
        SELECT status FROM alert_deliveries WHERE event_key = ${key}`;
      return rows.length === 3 && rows.every((r) => r.status === 'sent');
    },
    120_000,
  ).catch(async (e) => {
    console.error(
      worker?.output().slice(-3000),
      await db.sql`SELECT * FROM alert_deliveries WHERE event_key = ${key}`,
    );
    throw e;
  });
  assert.equal((await exits()).length, 1, 'one exit');
  const [{ n: alerts }] = await db.sql`SELECT count(*)::int AS n FROM alerts WHERE event_key = ${key}`;
  assert.equal(alerts, 1, 'one alert');
  const notes = (await call('GET', '/api/notifications')).json().items;
  assert.equal(notes.filter((n: { body: string }) => n.body.includes(plate)).length, 1, 'one notification');
  const mails = smtp.mails.filter((m) => m.to === manager.email && m.text.includes(plate));
  assert.ok(mails.length >= 1);
  assert.equal(new Set(mails.map((m) => m.messageId)).size, 1, 'one e-mail (a resend keeps its Message-ID)');
  const hooks = hook.received.filter((r) => (r.body.event as { key: string }).key === key);
  assert.ok(hooks.length >= 2, `the request cut by the kill, then its retry (${hooks.length})`);
  assert.ok(hooks.every((r) => signedBy(secret, r.headers, r.raw)));
  // The request cut by the kill may come again after the restart, with the same delivery id
  // (receivers drop ids they have seen, docs/webhooks.md): never a second delivery.
  assert.equal(new Set(hooks.map((r) => r.delivery)).size, 1, 'one webhook delivery');
});

test("a message on the topics that is not ours: the geofences and alerts consumers report it once, as a component's warning", {
  timeout: 120_000,
}, async () => {
  const log = openEventLog(loadConfig(env));
  try {
    await log.publish([
      { topic: TOPICS.positions, key: 'junk', value: 'not a positions batch' },
      { topic: TOPICS.events, key: 'junk', value: 'not an alert event' },
    ]);
  } finally {
    await log.close();
  }
  // The same lines the worker's Redis clients and other consumers write (and count) when failing.
  const warnings = () =>
    (worker?.output() ?? '')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; component?: string; msg: string })
      .filter((line) => line.level === 40 && line.component !== undefined);
  await until('both consumers to report', async () =>
    ['geofences consumer', 'alerts consumer'].every((c) =>
      warnings().some((line) => line.component === c && /: failing \(/.test(line.msg)),
    ),
  ).catch((e) => {
    console.error(worker?.output().slice(-3000));
    throw e;
  });
  assert.doesNotMatch(worker?.output() ?? '', /consumer error/, 'no error line of their own');
});
