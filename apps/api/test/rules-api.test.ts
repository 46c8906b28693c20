import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { testEnv } from '@pioneira/testing';
import { startWorker } from '@pioneira/worker';
import { bearer, createTestApi, type TestApi } from './helpers';

/** Polls `check` until it returns a truthy value or 20 s pass. */
async function eventually<T>(check: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let api: TestApi;
let admin: string;
let manager: string;
let viewer: string;
let vehicleId: string;
let worker: { stop(): Promise<void> };

before(async () => {
  api = await createTestApi();
  admin = (await api.login('admin')).token;
  manager = (await api.login('manager')).token;
  viewer = (await api.login('viewer')).token;
  const [row] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number) VALUES ('V-9', 'Scania R450', 'SCA1N45')
    RETURNING id`;
  vehicleId = String(row.id);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: api.db.url,
    REDIS_URL: testEnv().redisUrl,
    REDIS_PREFIX: api.prefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
    LOG_LEVEL: 'silent',
  });
  worker = await startWorker(config, ['rules']);
});
after(async () => {
  await worker.stop();
  await api.close();
});

const call = (method: 'GET' | 'PATCH' | 'POST', url: string, token: string, payload?: unknown) =>
  api.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const auditCount = async () =>
  (await api.db.sql`SELECT count(*)::int AS n FROM rule_settings_audit`)[0].n as number;

test('everyone reads the settings: defaults and each category, merged', async () => {
  const res = await call('GET', '/api/rules/settings', viewer);
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.defaults.effective.timeZone, 'America/Sao_Paulo');
  assert.equal(body.categories.cargo.effective.continuousDrivingMaxMinutes, 330);
  assert.equal(body.categories.passengers.effective.continuousDrivingMaxMinutes, 240);
  assert.equal(body.categories.exempt.effective.drivingTime, false);
  assert.equal(body.categories.cargo.effective.speedLimitKmh, 80, 'inherited from the defaults');
});

test('a manager changes a category; the change is audited with who, before and after; a viewer may not', async () => {
  const denied = await call('PATCH', '/api/rules/settings/categories/cargo', viewer, { speedLimitKmh: 90 });
  assert.equal(denied.statusCode, 403);
  const ok = await call('PATCH', '/api/rules/settings/categories/cargo', manager, { speedLimitKmh: 90 });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().effective.speedLimitKmh, 90);
  assert.equal(ok.json().settings.speedLimitKmh, 90);
  const audit = await call('GET', '/api/rules/audit?scope=category&key=cargo', admin);
  assert.equal(audit.statusCode, 200);
  const [entry] = audit.json().items;
  assert.deepEqual(entry.before, { drivingTime: true, continuousDrivingMaxMinutes: 330 });
  assert.deepEqual(entry.after, { drivingTime: true, continuousDrivingMaxMinutes: 330, speedLimitKmh: 90 });
  assert.match(entry.changedBy.name, /^manager/);
  assert.equal((await call('GET', '/api/rules/audit', viewer)).statusCode, 403);
  // null removes the key: the default applies again.
  const reset = await call('PATCH', '/api/rules/settings/categories/cargo', admin, { speedLimitKmh: null });
  assert.equal(reset.json().effective.speedLimitKmh, 80);
});

test('bad input is a clear 400 and writes nothing', async () => {
  const before = await auditCount();
  const cases: Array<[string, unknown, string?]> = [
    ['/api/rules/settings/categories/cargo', { speedLimit: 90 }],
    ['/api/rules/settings/categories/cargo', { speedLimitKmh: -5 }],
    ['/api/rules/settings/categories/cargo', { speedLimitKmh: 'fast' }],
    ['/api/rules/settings/categories/cargo', {}],
    ['/api/rules/settings/categories/truck', { speedLimitKmh: 90 }],
    ['/api/rules/settings/categories/cargo', { timeZone: 'Mars/Olympus' }, 'invalid_time_zone'],
    [
      '/api/rules/settings/categories/cargo',
      { allowedHours: [{ days: [1], from: '08:00', to: '08:00' }] },
      'empty_window',
    ],
    ['/api/rules/settings/categories/cargo', { allowedHours: [{ days: [7], from: '08:00', to: '18:00' }] }],
    ['/api/rules/settings/categories/cargo', { allowedHours: [{ days: [1], from: '8h', to: '18:00' }] }],
    ['/api/rules/settings/defaults', { speedLimitKmh: null }, 'invalid_settings'],
    [`/api/rules/vehicles/${vehicleId}`, { category: 'truck' }],
    [`/api/rules/vehicles/${vehicleId}`, {}],
    ['/api/rules/vehicles/abc', { category: 'cargo' }],
  ];
  for (const [url, payload, code] of cases) {
    const res = await call('PATCH', url, admin, payload);
    assert.equal(res.statusCode, 400, `${url} ${JSON.stringify(payload)} → ${res.body}`);
    assert.ok(res.json().error.message, 'a message says what was wrong');
    if (code) assert.equal(res.json().error.code, code);
  }
  assert.equal(await auditCount(), before);
  const missing = await call('PATCH', '/api/rules/vehicles/987654321', admin, { category: 'cargo' });
  assert.equal(missing.statusCode, 404);
  // The read routes refuse bad input too.
  for (const [url, status] of [
    ['/api/rules/vehicles/abc', 400],
    ['/api/rules/vehicles/987654321', 404],
    ['/api/rules/audit?pageSize=500', 400],
    ['/api/rules/audit?page=0', 400],
    [`/api/rules/audit?key=${'x'.repeat(65)}`, 400],
    ['/api/rules/audit?sort=name', 400],
  ] as const)
    assert.equal((await call('GET', url, admin)).statusCode, status, url);
});

test("a vehicle's category and own thresholds; both audited", async () => {
  const url = `/api/rules/vehicles/${vehicleId}`;
  assert.equal((await call('GET', url, viewer)).json().category, 'exempt');
  const res = await call('PATCH', url, manager, { category: 'passengers', settings: { speedLimitKmh: 60 } });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.deepEqual(
    [
      body.category,
      body.effective.speedLimitKmh,
      body.effective.continuousDrivingMaxMinutes,
      body.effective.drivingTime,
    ],
    [body.category, 60, 240, true],
  );
  const audit = (await call('GET', `/api/rules/audit?key=${vehicleId}`, admin)).json().items;
  assert.deepEqual(audit.map((a: { scope: string }) => a.scope).sort(), ['vehicle', 'vehicle-category']);
});

test('concurrent changes to one scope all apply, each audited against the one before it', async () => {
  const keys = ['idleMaxSeconds', 'overspeedMinSeconds', 'stopMinSeconds', 'harshMaxFixGapSeconds'] as const;
  const results = await Promise.all(
    keys.map((key, i) =>
      call('PATCH', '/api/rules/settings/categories/passengers', i % 2 ? admin : manager, { [key]: 5 }),
    ),
  );
  for (const r of results) assert.equal(r.statusCode, 200, r.body);
  const final = (await call('GET', '/api/rules/settings', viewer)).json().categories.passengers.settings;
  for (const key of keys) assert.equal(final[key], 5, key);
  const entries = (
    await call('GET', '/api/rules/audit?scope=category&key=passengers&pageSize=10', admin)
  ).json().items;
  assert.equal(entries.length, keys.length);
  // Newest first: each entry's "before" is the previous entry's "after".
  for (let i = 0; i < entries.length - 1; i++) assert.deepEqual(entries[i].before, entries[i + 1].after);
});

test('a recompute job from a date derives the events again, idempotently; bad dates are refused', async () => {
  const { deps } = api.app;
  await api.db
    .sql`INSERT INTO devices (identifier, name, protocol, vehicle_id) VALUES ('rc-1', 'rc-1', 'osmand', ${vehicleId})`;
  const t0 = Date.now() - 3_600_000;
  const fixes = Array.from({ length: 40 }, (_, i) => ({
    deviceIdentifier: 'rc-1',
    fixedAt: new Date(t0 + i * 1000),
    latitude: -23.5,
    longitude: -46.6,
    speedKmh: i >= 10 && i < 30 ? 100 : 50,
    course: 0,
    altitude: null,
    accuracy: null,
    attributes: {},
  }));
  await deps.gps.ingest.submit(fixes, 'osmand');
  const from = new Date(t0 - 60_000).toISOString();
  const recompute = async (token: string) => {
    const queued = await call('POST', '/api/rules/recompute', token, { from, vehicleId });
    assert.equal(queued.statusCode, 202, queued.body);
    const done = await eventually(async () => {
      const res = await call('GET', `/api/rules/recompute/${queued.json().id}`, token);
      return res.json().status === 'done' ? res.json() : null;
    });
    assert.ok(done, 'the recompute job finished');
    return done;
  };
  assert.equal((await recompute(manager)).positions, 40);
  const stored = async () =>
    api.db.sql`
      SELECT external_id, event_type_external_id AS type, value FROM telemetry_events
      WHERE source = 'rules' AND vehicle_external_id = 'V-9' ORDER BY 1`;
  const rows = await stored();
  assert.deepEqual(
    rows.filter((r) => r.type === 'rules.overspeed').map((r) => r.value),
    [100],
    'one overspeed episode at 100 km/h over the vehicle limit of 60',
  );
  await recompute(admin);
  assert.deepEqual(await stored(), rows);
  // One event record: the events list filters and shows them like any other source.
  const listed = await call('GET', '/api/events?source=rules&vehicle=V-9', viewer);
  assert.equal(listed.statusCode, 200, listed.body);
  assert.equal(listed.json().total, rows.length);
  assert.ok(listed.json().items.every((e: { source: string }) => e.source === 'rules'));
  assert.equal((await call('GET', '/api/events?source=gps', viewer)).statusCode, 400);
  for (const body of [
    { from: new Date(Date.now() + 86_400_000).toISOString() },
    { from: '2020-01-01T00:00:00Z' },
    { from: 'yesterday' },
    { from, vehicleId: 'x' },
    { from, extra: 1 },
  ])
    assert.equal(
      (await call('POST', '/api/rules/recompute', admin, body)).statusCode,
      400,
      JSON.stringify(body),
    );
  assert.equal((await call('POST', '/api/rules/recompute', viewer, { from })).statusCode, 403);
  assert.equal(
    (await call('POST', '/api/rules/recompute', admin, { from, vehicleId: '987654321' })).statusCode,
    404,
  );
  const unknown = await call('GET', '/api/rules/recompute/6f1c2f4e-8d4a-4b7e-9a43-5a0d5f1b2c3d', admin);
  assert.equal(unknown.statusCode, 404);
});

test("a driver's scorecard: infractions of every source per 100 km driven", async () => {
  const { deps } = api.app;
  const [driver] = await api.db
    .sql`INSERT INTO drivers (external_id, name) VALUES ('D-10', 'Rita Dias') RETURNING id`;
  const [car] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, default_driver_external_id) VALUES ('V-10', 'Fiat Strada', 'D-10')
    RETURNING id`;
  await api.db
    .sql`INSERT INTO devices (identifier, name, protocol, vehicle_id) VALUES ('sc-1', 'sc-1', 'osmand', ${car.id})`;
  const t0 = Date.now() - 2 * 3_600_000;
  // 300 s at 72 km/h (20 m/s) northwards, 20 of them at 108 km/h, then 200 s stopped: about 6.2 km.
  let lat = -23.5;
  const fixes = Array.from({ length: 500 }, (_, i) => {
    const speedKmh = i >= 300 ? 0 : i >= 100 && i < 120 ? 108 : 72;
    lat += speedKmh / 3.6 / 111_195;
    return {
      deviceIdentifier: 'sc-1',
      fixedAt: new Date(t0 + i * 1000),
      latitude: lat,
      longitude: -46.6,
      speedKmh,
      course: 0,
      altitude: null,
      accuracy: null,
      attributes: {},
    };
  });
  // Gentle speed changes only: 72 → 108 → 72 over a few seconds would be harsh; smooth them.
  for (let i = 96; i < 100; i++) fixes[i].speedKmh = 72 + (i - 95) * 7;
  for (let i = 120; i < 124; i++) fixes[i].speedKmh = 108 - (i - 119) * 7;
  for (let i = 288; i < 300; i++) fixes[i].speedKmh = 72 - (i - 287) * 6;
  await deps.gps.ingest.submit(fixes, 'osmand');
  const queued = await call('POST', '/api/rules/recompute', admin, {
    from: new Date(t0 - 60_000).toISOString(),
    vehicleId: String(car.id),
  });
  assert.equal(queued.statusCode, 202);
  await eventually(
    async () =>
      (await call('GET', `/api/rules/recompute/${queued.json().id}`, admin)).json().status === 'done',
  );
  const from = new Date(t0 - 3_600_000).toISOString();
  const to = new Date().toISOString();
  const res = await call('GET', `/api/drivers/${driver.id}/scorecard?from=${from}&to=${to}`, viewer);
  assert.equal(res.statusCode, 200, res.body);
  const card = res.json();
  assert.ok(Math.abs(card.distanceKm - 6.2) < 0.3, `distance ${card.distanceKm} km`);
  assert.deepEqual(card.bySource, { rules: 1 });
  assert.equal(card.byType[0].externalId, 'rules.overspeed');
  assert.equal(card.infractionsPer100Km, Math.round((1 / card.distanceKm) * 100 * 100) / 100);
  assert.equal(card.points, 5, 'grave');
  // The ranking counts the derived infraction and says how many of a driver's came from the rules.
  const ranking = (await call('GET', `/api/rankings/drivers?from=${from}&to=${to}`, viewer)).json();
  const rita = ranking.items.find((r: { driver: { name: string } }) => r.driver.name === 'Rita Dias');
  assert.deepEqual([rita?.infractions, rita?.derived, rita?.score], [1, 1, 5]);
  for (const [url, status] of [
    [`/api/drivers/987654321/scorecard`, 404],
    [`/api/drivers/${driver.id}/scorecard?from=2026-13-40`, 400],
    [`/api/drivers/${driver.id}/scorecard?from=${to}&to=${from}`, 400],
    [`/api/drivers/abc/scorecard`, 400],
  ] as const)
    assert.equal((await call('GET', url, viewer)).statusCode, status, url);
});
