import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mixUsageKey, RedisRateLimiter } from '@pioneira/mix';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
const t: Record<string, string> = {};
before(async () => {
  api = await createTestApi();
  for (const role of ['admin', 'manager', 'viewer'] as const) t[role] = (await api.login(role)).token;
});
after(() => api.close());

const call = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: object) =>
  api.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

const credentials = {
  identityUrl: 'http://127.0.0.1:9/core',
  apiUrl: 'http://127.0.0.1:9',
  clientId: 'client-1',
  clientSecret: 'super-secret-client-value',
  username: 'fleet@example.com',
  password: 'super-secret-password-value',
  organisationId: '-7146512584512096534',
};

test('job status lists the MiX jobs and says MiX is not configured yet', async () => {
  const res = await call('GET', '/api/etl/jobs', t.viewer);
  assert.equal(res.statusCode, 200);
  const items = res.json().items;
  assert.deepEqual(
    items.map((j: { job: string }) => j.job),
    ['mix.events', 'mix.positions', 'mix.trips', 'mix.sync'],
  );
  assert.equal(items[0].configured, false);
  assert.equal(items[0].running, null);
  const run = await call('POST', '/api/etl/jobs/mix.events/run', t.manager);
  assert.equal(run.statusCode, 409);
  assert.equal(run.json().error.code, 'mix_not_configured');
});

test('credentials: secrets are required once, stored encrypted and never returned', async () => {
  const { clientSecret, password, ...withoutSecrets } = credentials;
  const missing = await call('PUT', '/api/etl/credentials', t.admin, withoutSecrets);
  assert.equal(missing.statusCode, 400);
  const saved = await call('PUT', '/api/etl/credentials', t.admin, credentials);
  assert.equal(saved.statusCode, 200);
  assert.equal(saved.json().configured, true);
  assert.equal(saved.json().source, 'database');
  const view = await call('GET', '/api/etl/credentials', t.admin);
  assert.doesNotMatch(view.body, /super-secret/);
  assert.equal(view.json().organisationId, credentials.organisationId, '19-digit negative id kept exactly');
  const [row] = await api.db.sql`SELECT client_secret_enc, password_enc FROM api_credentials`;
  assert.doesNotMatch(JSON.stringify(row), /super-secret/);
  // Leaving the secrets out keeps the stored ones.
  const renamed = await call('PUT', '/api/etl/credentials', t.admin, {
    ...withoutSecrets,
    clientId: 'client-2',
  });
  assert.equal(renamed.statusCode, 200);
  assert.equal(renamed.json().hasPassword, true);
  assert.equal((await call('GET', '/api/etl/credentials', t.manager)).statusCode, 403);
});

test('pause refuses run-now; resume lets a manual run be queued', async () => {
  const paused = await call('POST', '/api/etl/jobs/mix.events/pause', t.admin);
  assert.equal(paused.json().paused, true);
  assert.equal((await call('POST', '/api/etl/jobs/mix.events/run', t.manager)).statusCode, 409);
  assert.equal((await call('POST', '/api/etl/jobs/mix.events/resume', t.admin)).json().paused, false);
  const run = await call('POST', '/api/etl/jobs/mix.events/run', t.manager);
  assert.equal(run.statusCode, 202);
  const status = await call('GET', '/api/etl/jobs/mix.events', t.viewer);
  assert.equal(status.json().queued, 1, 'the manual run waits in the queue for a worker');
  assert.equal((await call('POST', '/api/etl/jobs/mix.events/pause', t.manager)).statusCode, 403);
});

test('run history pages newest first and the status shows last error, lag and live progress', async () => {
  await api.db
    .sql`INSERT INTO etl_control (job, last_successful_sincetoken, has_more) VALUES ('mix.sync', NULL, false) ON CONFLICT DO NOTHING`;
  await api.db.sql`
    INSERT INTO etl_runs (job, status, started_at, finished_at, pages, inserted, error)
    VALUES ('mix.events', 'succeeded', now() - interval '3 minutes', now() - interval '3 minutes', 2, 2000, NULL),
           ('mix.events', 'failed', now() - interval '2 minutes', now() - interval '2 minutes', 0, 0, 'MiX answered 503'),
           ('mix.events', 'running', now() - interval '5 seconds', NULL, 3, 3000, NULL)`;
  await api.db.sql`
    UPDATE etl_control SET last_successful_sincetoken = to_char(now() at time zone 'utc' - interval '5 hours', 'YYYYMMDDHH24MISSMS'),
      caught_up_at = now() - interval '90 seconds'
    WHERE job = 'mix.events'`;
  const status = (await call('GET', '/api/etl/jobs/mix.events', t.manager)).json();
  assert.equal(status.lastError.message, 'MiX answered 503');
  assert.equal(status.running.pages, 3);
  // The lag is the time since MiX last said "nothing more", not the age of the (quiet) checkpoint.
  assert.ok(status.lagSeconds >= 89 && status.lagSeconds < 120, `lag ${status.lagSeconds}`);
  const metrics = (await api.app.inject('/metrics')).body;
  const line = metrics.split('\n').find((l) => l.startsWith('pioneira_etl_lag_seconds{job="mix.events"}'));
  const scraped = Number(line?.split(' ').at(-1));
  assert.ok(
    Math.abs(scraped - status.lagSeconds) <= 2,
    `console ${status.lagSeconds} s, /metrics ${scraped} s`,
  );
  const page = (await call('GET', '/api/etl/runs?job=mix.events&pageSize=2', t.viewer)).json();
  assert.equal(page.total, 3);
  assert.equal(page.items.length, 2);
  assert.equal(page.items[0].status, 'running');
});

test('events: filtered by driver and period, ids exact, names joined without foreign keys', async () => {
  const driver = '-5714153672471940592';
  await api.db.sql`INSERT INTO drivers (external_id, name) VALUES (${driver}, 'João Conceição')`;
  await api.db.sql`
    INSERT INTO telemetry_events (source, external_id, driver_external_id, event_type_external_id, started_at, speed_kmh)
    VALUES ('mix', '-9050647299058098294', ${driver}, '-614457561876096876', '2026-01-10T10:00:00Z', 97),
           ('mix', '1344082621479972864', ${driver}, '-614457561876096876', '2026-01-12T10:00:00Z', 88),
           ('mix', '491492595400001151', '123', NULL, '2026-01-11T10:00:00Z', 50)`;
  const res = await call(
    'GET',
    `/api/events?driver=${driver}&from=2026-01-01T00:00:00Z&to=2026-01-11T00:00:00Z`,
    t.viewer,
  );
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.total, 1);
  assert.equal(body.items[0].externalId, '-9050647299058098294');
  assert.equal(body.items[0].driver.name, 'João Conceição');
  const all = (await call('GET', '/api/events', t.viewer)).json();
  assert.deepEqual(
    all.items.map((e: { speedKmh: number }) => e.speedKmh),
    [88, 50, 97],
    'newest first',
  );
  assert.equal((await call('GET', '/api/events?driver=1%20OR%201=1', t.viewer)).statusCode, 400);
  const types = await call('GET', '/api/event-types', t.viewer);
  assert.equal(types.statusCode, 200);
});

test('a job the console does not run is a 404 that names the jobs; a bad filter is a 400', async () => {
  for (const [method, url] of [
    ['GET', '/api/etl/jobs/mix.nothing'],
    ['POST', '/api/etl/jobs/parcels.import/run'],
    ['POST', '/api/etl/jobs/mix.nothing/pause'],
  ] as const) {
    const res = await call(method, url, t.admin);
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.json().error.code, 'unknown_job');
    assert.match(res.json().error.message, /mix\.events, mix\.positions, mix\.trips, mix\.sync/);
  }
  const runs = await call('GET', '/api/etl/runs?job=parcels.import', t.viewer);
  assert.equal(runs.statusCode, 400);
  assert.equal((await call('GET', '/api/etl/runs?job=%3Cscript%3E', t.viewer)).statusCode, 400);
  const [{ n }] = await api.db.sql`SELECT count(*)::int AS n FROM etl_runs WHERE job NOT LIKE 'mix.%'`;
  assert.equal(n, 0, 'nothing was recorded for a job that does not exist');
});

test('changing an endpoint URL without re-entering the secrets is refused and stores nothing', async () => {
  const saved = await call('PUT', '/api/etl/credentials', t.admin, credentials);
  assert.equal(saved.statusCode, 200);
  const { clientSecret, password, ...withoutSecrets } = credentials;
  for (const change of [
    { identityUrl: 'http://attacker.example/core' },
    { apiUrl: 'http://attacker.example' },
  ]) {
    const res = await call('PUT', '/api/etl/credentials', t.admin, { ...withoutSecrets, ...change });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'secrets_required');
    assert.match(res.json().error.message, /client secret and the password/);
    const oneSecret = await call('PUT', '/api/etl/credentials', t.admin, {
      ...withoutSecrets,
      ...change,
      password,
    });
    assert.equal(oneSecret.statusCode, 400);
  }
  const view = await call('GET', '/api/etl/credentials', t.admin);
  assert.equal(view.json().identityUrl, credentials.identityUrl);
  assert.equal(view.json().apiUrl, credentials.apiUrl);
  const moved = await call('PUT', '/api/etl/credentials', t.admin, {
    ...credentials,
    identityUrl: 'http://127.0.0.1:10/core',
  });
  assert.equal(moved.statusCode, 200, 'with both secrets again the move is accepted');
  assert.equal(moved.json().identityUrl, 'http://127.0.0.1:10/core');
});

test('run error texts are shown to operators, not to viewers', async () => {
  const [{ id }] = await api.db.sql`
    INSERT INTO etl_runs (job, trigger, status, started_at, finished_at, error)
    VALUES ('mix.events', 'schedule', 'failed', now(), now(), 'MiX answered 401 for user fleet@example.com')
    RETURNING id`;
  const forViewer = await call('GET', '/api/etl/runs?job=mix.events', t.viewer);
  assert.equal(forViewer.statusCode, 200);
  assert.doesNotMatch(forViewer.body, /fleet@example\.com/);
  const viewerRun = forViewer.json().items.find((r: { id: string }) => r.id === String(id));
  assert.equal(viewerRun.status, 'failed');
  assert.doesNotMatch((await call('GET', '/api/etl/jobs', t.viewer)).body, /fleet@example\.com/);
  assert.doesNotMatch((await call('GET', '/api/etl/jobs/mix.events', t.viewer)).body, /fleet@example\.com/);
  assert.match((await call('GET', '/api/etl/runs?job=mix.events', t.manager)).body, /fleet@example\.com/);
});

test('recover from a date: validated against the backfill window, operators only, one recovery at a time', async () => {
  const url = '/api/etl/jobs/mix.events/recover';
  const inWindow = new Date(Date.now() - 3 * 86_400_000).toISOString();
  assert.equal((await call('POST', url, t.viewer, { from: inWindow })).statusCode, 403);
  for (const payload of [{}, { from: 'yesterday' }, { from: inWindow, extra: 1 }]) {
    const res = await call('POST', url, t.manager, payload);
    assert.equal(res.statusCode, 400, JSON.stringify(payload));
    assert.ok(res.json().error.message);
  }
  const old = await call('POST', url, t.manager, {
    from: new Date(Date.now() - 8 * 86_400_000).toISOString(),
  });
  assert.equal(old.statusCode, 400);
  assert.equal(old.json().error.code, 'recover_out_of_window');
  const future = await call('POST', url, t.manager, { from: new Date(Date.now() + 3600_000).toISOString() });
  assert.equal(future.statusCode, 400);
  const sync = await call('POST', '/api/etl/jobs/mix.sync/recover', t.manager, { from: inWindow });
  assert.equal(sync.statusCode, 400);
  assert.equal(sync.json().error.code, 'not_a_stream');
  assert.equal(
    (await call('POST', '/api/etl/jobs/nope.job/recover', t.manager, { from: inWindow })).statusCode,
    404,
  );

  // Two operators asking at once: both accepted, one recovery in force, no partial state.
  const [a, b] = await Promise.all([
    call('POST', url, t.manager, { from: inWindow }),
    call('POST', url, t.admin, { from: new Date(Date.now() - 86_400_000).toISOString() }),
  ]);
  assert.deepEqual([a.statusCode, b.statusCode], [202, 202]);
  const status = (await call('GET', '/api/etl/jobs/mix.events', t.viewer)).json();
  assert.equal(status.recovery.active, true);
  assert.equal(status.recovery.pages, 0);
  assert.ok(status.recoverableFrom);
  const [row] = await api.db
    .sql`SELECT recover_from, recover_token, recover_until FROM etl_control WHERE job = 'mix.events'`;
  assert.ok(row.recover_token && row.recover_until);
});

test('a recovery in progress can be cancelled by operators; cancelling twice is a 409', async () => {
  const url = '/api/etl/jobs/mix.trips/recover';
  const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
  assert.equal((await call('POST', url, t.manager, { from })).statusCode, 202);
  const cancel = `${url}/cancel`;
  assert.equal((await call('POST', cancel, t.viewer)).statusCode, 403);
  assert.equal((await call('POST', '/api/etl/jobs/nope.job/recover/cancel', t.manager)).statusCode, 404);
  const sync = await call('POST', '/api/etl/jobs/mix.sync/recover/cancel', t.manager);
  assert.equal(sync.statusCode, 400);
  assert.equal(sync.json().error.code, 'not_a_stream');
  // Two operators at once: one cancels, the other is told there is nothing left to cancel.
  const answers = await Promise.all([call('POST', cancel, t.manager), call('POST', cancel, t.admin)]);
  assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409]);
  const refused = answers.find((r) => r.statusCode === 409)!;
  assert.equal(refused.json().error.code, 'no_recovery');
  const status = (await call('GET', '/api/etl/jobs/mix.trips', t.viewer)).json();
  assert.equal(status.recovery.active, false);
  const [row] = await api.db.sql`SELECT recover_token FROM etl_control WHERE job = 'mix.trips'`;
  assert.equal(row.recover_token, null);
});

test('the budget split per stream: requests per minute and per stream, for every role', async () => {
  // Requests counted the way the worker's limiter counts them, under this installation's prefix.
  const prefix = api.app.deps.config.redisPrefix;
  const limiter = new RedisRateLimiter(api.app.deps.redis, `${prefix}:mix:rate:test`, {
    limit: 100,
    usageKey: mixUsageKey(prefix),
  });
  for (let i = 0; i < 3; i++) await limiter.acquire(undefined, { label: 'mix.events' });
  await limiter.acquire(undefined, { label: 'mix.trips', backfill: true });
  for (const role of ['admin', 'manager', 'viewer']) {
    const res = await call('GET', '/api/etl/budget?minutes=5', t[role]);
    assert.equal(res.statusCode, 200, role);
    const body = res.json();
    assert.equal(body.minutes.length, 5);
    const of = (job: string) => body.streams.find((s: { job: string }) => s.job === job);
    assert.equal(of('mix.events').requests, 3);
    assert.equal(of('mix.trips').requests, 1);
    assert.equal(of('mix.positions').requests, 0);
    assert.equal(body.limitPerMinute, api.app.deps.config.mix.rateLimitPerMinute);
  }
  for (const bad of ['0', '61', 'x'])
    assert.equal((await call('GET', `/api/etl/budget?minutes=${bad}`, t.viewer)).statusCode, 400, bad);
  assert.equal((await api.app.inject({ method: 'GET', url: '/api/etl/budget' })).statusCode, 401);
});

test('per stream (events, positions, trips) the console and /metrics report the same lag and newest-item age', async () => {
  const streams = ['mix.events', 'mix.positions', 'mix.trips'];
  for (const [i, job] of streams.entries()) {
    await api.db.sql`INSERT INTO etl_control (job) VALUES (${job}) ON CONFLICT DO NOTHING`;
    await api.db.sql`
      UPDATE etl_control SET caught_up_at = now() - ${30 + i * 100} * interval '1 second',
        newest_item_at = now() - ${600 + i * 1000} * interval '1 second'
      WHERE job = ${job}`;
  }
  const statuses = (await call('GET', '/api/etl/jobs', t.viewer)).json().items;
  const metrics = (await api.app.inject('/metrics')).body.split('\n');
  const scraped = (name: string, job: string) =>
    Number(
      metrics
        .find((l) => l.startsWith(`${name}{job="${job}"}`))
        ?.split(' ')
        .at(-1),
    );
  for (const [i, job] of streams.entries()) {
    const status = statuses.find((s: { job: string }) => s.job === job);
    assert.ok(Math.abs(status.lagSeconds - (30 + i * 100)) <= 2, `${job} lag ${status.lagSeconds}`);
    assert.ok(Math.abs(scraped('pioneira_etl_lag_seconds', job) - status.lagSeconds) <= 2, job);
    assert.ok(
      Math.abs(scraped('pioneira_etl_newest_item_age_seconds', job) - status.newestItemAgeSeconds) <= 2,
      job,
    );
  }
});
