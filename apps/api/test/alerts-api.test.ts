import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
before(async () => {
  api = await createTestApi();
  for (const role of ['admin', 'manager', 'viewer'] as const) {
    const who = await api.login(role);
    tokens[role] = who.token;
    ids[role] = who.id;
  }
});
after(() => api.close());

const call = (role: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  api.app.inject({ method, url, payload, headers: bearer(tokens[role]) });

test('every alerts route: admins and managers read and edit, viewers only their own notifications, nobody anonymous', async () => {
  const endpoint = await call('admin', 'POST', '/api/webhook-endpoints', {
    name: 'ERP',
    url: 'https://erp.test/hook?token=s3cr3t',
  });
  const rule = await call('admin', 'POST', '/api/alert-rules', {
    name: 'R',
    emails: ['ops@erp.test'],
    webhookIds: [endpoint.json().id],
  });
  // One delivery in the log, so a viewer refused the log is refused real recipients.
  const [alert] = await api.db.sql`
    INSERT INTO alerts (rule_id, event_key, occurred_at, event) VALUES (${rule.json().id}, 'auth-k', now(), '{}')
    RETURNING id`;
  await api.db.sql`
    INSERT INTO alert_deliveries (alert_id, event_key, channel, recipient)
    VALUES (${alert.id}, 'auth-k', 'email', 'ops@erp.test')`;
  // editorsOnly: viewers get a 403 (reads too: endpoints, rules and the log name recipients).
  const routes: Array<
    [method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body: object | undefined, editorsOnly: boolean]
  > = [
    ['GET', '/api/alert-rules', undefined, true],
    ['GET', `/api/alert-rules/${rule.json().id}`, undefined, true],
    ['POST', '/api/alert-rules', { name: 'x', emails: ['a@b.test'] }, true],
    ['PATCH', `/api/alert-rules/${rule.json().id}`, { enabled: false }, true],
    ['GET', '/api/webhook-endpoints', undefined, true],
    ['POST', '/api/webhook-endpoints', { name: 'x', url: 'https://x.test/' }, true],
    ['PATCH', `/api/webhook-endpoints/${endpoint.json().id}`, { enabled: true }, true],
    ['POST', `/api/webhook-endpoints/${endpoint.json().id}/rotate-secret`, undefined, true],
    ['GET', '/api/alert-deliveries', undefined, true],
    ['GET', '/api/alert-deliveries?channel=email', undefined, true],
    ['GET', '/api/notifications', undefined, false],
    ['GET', '/api/notifications/unread-count', undefined, false],
    ['POST', '/api/notifications/read-all', undefined, false],
  ];
  for (const [method, url, body, editorsOnly] of routes) {
    const anonymous = await api.app.inject({ method, url, payload: body });
    assert.equal(anonymous.statusCode, 401, `${method} ${url} anonymous`);
    for (const role of ['admin', 'manager', 'viewer']) {
      const res = await call(role, method, url, body);
      if (editorsOnly && role === 'viewer') {
        assert.equal(res.statusCode, 403, `${method} ${url} as ${role}`);
        assert.equal(res.json().error.code, 'forbidden', `${method} ${url} as ${role}`);
        assert.ok(!res.body.includes('erp.test'), `${method} ${url}: a refusal names no recipient`);
      } else assert.ok(res.statusCode < 300, `${method} ${url} as ${role} → ${res.statusCode} ${res.body}`);
      if (method === 'GET' && res.statusCode === 200 && url.startsWith('/api/webhook-endpoints'))
        assert.ok(res.body.includes('https://erp.test/hook?token=s3cr3t'), `${role} reads the URL`);
      if (method === 'GET' && res.statusCode === 200 && url.startsWith('/api/alert-deliveries'))
        assert.ok(res.body.includes('ops@erp.test'), `${role} reads the recipient`);
    }
  }
  for (const role of ['viewer']) {
    assert.equal((await call(role, 'DELETE', `/api/alert-rules/${rule.json().id}`)).statusCode, 403);
    assert.equal(
      (await call(role, 'DELETE', `/api/webhook-endpoints/${endpoint.json().id}`)).statusCode,
      403,
    );
  }
  assert.equal((await call('manager', 'DELETE', `/api/alert-rules/${rule.json().id}`)).statusCode, 204);
  assert.equal(
    (await call('manager', 'DELETE', `/api/webhook-endpoints/${endpoint.json().id}`)).statusCode,
    204,
  );
});

test('a rule is stored as given and changed field by field', async () => {
  const [v] = await api.db
    .sql`INSERT INTO vehicles (external_id, description) VALUES ('ALR-1', 'Truck') RETURNING id`;
  const created = await call('manager', 'POST', '/api/alert-rules', {
    name: '  Exit after 20:00 ',
    eventTypes: ['geofence.exit'],
    vehicleIds: [String(v.id)],
    calendar: [{ day: 1, from: '20:00', to: '24:00' }],
    userIds: [ids.viewer],
    emails: ['Ops@Frota.Test', 'ops@frota.test'],
    throttleMinutes: 15,
  });
  assert.equal(created.statusCode, 201, created.body);
  const rule = created.json();
  assert.equal(rule.name, 'Exit after 20:00');
  assert.deepEqual(rule.emails, ['ops@frota.test']);
  assert.equal(rule.inApp, true);
  assert.deepEqual(rule.vehicleCategories, [], 'no category: the listed vehicles only');
  const changed = await call('manager', 'PATCH', `/api/alert-rules/${rule.id}`, {
    throttleMinutes: 0,
    digest: true,
  });
  assert.equal(changed.json().throttleMinutes, 0);
  assert.deepEqual(changed.json().calendar, rule.calendar, 'what was not sent stays');
  const grouped = await call('manager', 'PATCH', `/api/alert-rules/${rule.id}`, {
    vehicleCategories: ['passengers', 'cargo', 'cargo'],
  });
  assert.equal(grouped.statusCode, 200, grouped.body);
  assert.deepEqual(grouped.json().vehicleCategories, ['passengers', 'cargo']);
  assert.deepEqual(grouped.json().vehicleIds, [String(v.id)], 'the vehicles stay beside the groups');
  const refused = await call('manager', 'PATCH', `/api/alert-rules/${rule.id}`, {
    vehicleCategories: ['bus'],
  });
  assert.equal(refused.statusCode, 400);
  assert.equal(
    refused.json().error.message,
    'Invalid request: body.vehicleCategories.0 must be one of cargo, passengers, exempt.',
  );
  assert.deepEqual(
    (await call('manager', 'GET', `/api/alert-rules/${rule.id}`)).json().vehicleCategories,
    ['passengers', 'cargo'],
    'a refused change stores nothing',
  );
  const listed = await call('manager', 'GET', '/api/alert-rules');
  assert.ok(listed.json().some((r: { id: string }) => r.id === rule.id));
  assert.equal((await call('viewer', 'GET', `/api/alert-rules/${rule.id}`)).statusCode, 403);
});

test('bad rules and endpoints get a 4xx that says what is wrong, and store nothing', async () => {
  const [{ n: before }] = await api.db.sql`SELECT count(*)::int AS n FROM alert_rules`;
  const cases: Array<[object, number, string, RegExp]> = [
    [{}, 400, 'validation_failed', /name/],
    [{ name: 'x' }, 400, 'invalid_alert_rule', /nobody to tell/],
    [{ name: 'x', emails: ['not-an-email'] }, 400, 'validation_failed', /emails/],
    [
      { name: 'x', emails: ['a@b.test'], calendar: [{ day: 7, from: '08:00', to: '09:00' }] },
      400,
      'validation_failed',
      /day/,
    ],
    [
      { name: 'x', emails: ['a@b.test'], calendar: [{ day: 1, from: '22:00', to: '06:00' }] },
      400,
      'invalid_alert_rule',
      /split/,
    ],
    [
      { name: 'x', emails: ['a@b.test'], calendar: [{ day: 1, from: '25:00', to: '26:00' }] },
      400,
      'validation_failed',
      /from/,
    ],
    [{ name: 'x', userIds: [randomUUID()] }, 400, 'unknown_reference', /users/],
    [{ name: 'x', webhookIds: [randomUUID()] }, 400, 'unknown_reference', /webhook/],
    [{ name: 'x', emails: ['a@b.test'], vehicleIds: ['999999'] }, 400, 'unknown_reference', /vehicles/],
    [{ name: 'x', emails: ['a@b.test'], vehicleIds: ['abc'] }, 400, 'validation_failed', /vehicleIds/],
    [
      { name: 'x', emails: ['a@b.test'], vehicleCategories: ['trucks'] },
      400,
      'validation_failed',
      /vehicleCategories/,
    ],
    [
      { name: 'x', emails: ['a@b.test'], vehicleCategories: 'cargo' },
      400,
      'validation_failed',
      /vehicleCategories/,
    ],
    [{ name: 'x', emails: ['a@b.test'], throttleMinutes: -1 }, 400, 'validation_failed', /throttleMinutes/],
    [
      { name: 'x', emails: ['a@b.test'], severities: ['catastrophic'] },
      400,
      'validation_failed',
      /severities/,
    ],
    [{ name: 'x', emails: ['a@b.test'], surprise: true }, 400, 'validation_failed', /surprise|additional/],
    [{ name: '   ', emails: ['a@b.test'] }, 400, 'invalid_alert_rule', /name/],
  ];
  for (const [body, status, code, message] of cases) {
    const res = await call('admin', 'POST', '/api/alert-rules', body);
    assert.equal(res.statusCode, status, `${JSON.stringify(body)} → ${res.body}`);
    assert.equal(res.json().error.code, code, JSON.stringify(body));
    assert.match(JSON.stringify(res.json().error), message, JSON.stringify(body));
  }
  const [{ n: afterCount }] = await api.db.sql`SELECT count(*)::int AS n FROM alert_rules`;
  assert.equal(afterCount, before);
  assert.equal(
    (await call('admin', 'PATCH', `/api/alert-rules/${randomUUID()}`, { enabled: false })).statusCode,
    404,
  );
  assert.equal(
    (await call('admin', 'PATCH', '/api/alert-rules/not-a-uuid', { enabled: false })).statusCode,
    400,
  );
  for (const url of ['ftp://x.test/', 'not a url', 'https://user:pw@x.test/']) {
    const res = await call('admin', 'POST', '/api/webhook-endpoints', { name: 'x', url });
    assert.equal(res.statusCode, 400, url);
    assert.equal(res.json().error.code, 'invalid_webhook', url);
  }
});

test("a webhook secret is shown once, rotated on request, and never listed; nobody reads another's notifications", async () => {
  const created = await call('admin', 'POST', '/api/webhook-endpoints', {
    name: 'Once',
    url: 'https://once.test/',
  });
  const { secret, id } = created.json();
  assert.match(secret, /^whsec_/);
  const listed = await call('admin', 'GET', '/api/webhook-endpoints');
  assert.ok(!listed.body.includes(secret), 'the list never carries the secret');
  assert.equal(listed.json().find((e: { id: string }) => e.id === id).secretHint, secret.slice(-4));
  const rotated = await call('admin', 'POST', `/api/webhook-endpoints/${id}/rotate-secret`);
  assert.notEqual(rotated.json().secret, secret);
  const [row] = await api.db.sql`SELECT secret_enc FROM webhook_endpoints WHERE id = ${id}`;
  assert.ok(!row.secret_enc.includes(rotated.json().secret), 'stored sealed');

  // A notification of the manager: the viewer can neither list nor mark it.
  const [rule] = await api.db
    .sql`INSERT INTO alert_rules (name, emails) VALUES ('n', '{a@b.test}') RETURNING id`;
  const [alert] = await api.db.sql`
    INSERT INTO alerts (rule_id, event_key, occurred_at, event) VALUES (${rule.id}, 'k1', now(), '{}') RETURNING id`;
  const [delivery] = await api.db.sql`
    INSERT INTO alert_deliveries (alert_id, event_key, channel, recipient) VALUES (${alert.id}, 'k1', 'in_app', ${ids.manager})
    RETURNING id`;
  const [note] = await api.db.sql`
    INSERT INTO notifications (user_id, delivery_id, title, body, occurred_at)
    VALUES (${ids.manager}, ${delivery.id}, 'T', 'B', now()) RETURNING id`;
  assert.equal((await call('viewer', 'GET', '/api/notifications')).json().total, 0);
  assert.equal((await call('viewer', 'POST', `/api/notifications/${note.id}/read`)).statusCode, 404);
  const mine = await call('manager', 'GET', '/api/notifications?unread=true');
  assert.equal(mine.json().unread, 1);
  assert.equal((await call('manager', 'POST', '/api/notifications/read-all')).json().marked, 1);
  assert.equal((await call('manager', 'GET', '/api/notifications/unread-count')).json().unread, 0);
});
