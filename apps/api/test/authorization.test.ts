import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
const tokens: Record<string, string> = {};
before(async () => {
  api = await createTestApi();
  for (const role of ['admin', 'manager', 'viewer'] as const) tokens[role] = (await api.login(role)).token;
});
after(() => api.close());

const concrete = (url: string) =>
  url
    .replace(/:id\b/g, randomUUID())
    .replace(/:token\b/g, 'x'.repeat(40))
    .replace(/:(\w+)/g, '1');

test('every /api route declares who may call it (the app refuses to start otherwise)', () => {
  assert.ok(api.app.routeAccess.length >= 15, 'the catalogue lists the routes');
  for (const r of api.app.routeAccess) assert.ok(r.access !== undefined, `${r.method} ${r.url}`);
});

test('authorization matrix: every protected route × no token, a bad token and each role', async () => {
  const failures: string[] = [];
  for (const route of api.app.routeAccess.filter((r) => r.access !== 'public')) {
    const url = concrete(route.url);
    const call = (headers: Record<string, string>) =>
      api.app.inject({
        method: route.method as 'GET',
        url,
        headers,
        ...(route.hasBody ? { payload: {} } : {}),
      });
    const anonymous = await call({});
    if (anonymous.statusCode !== 401)
      failures.push(`${route.method} ${route.url} without token → ${anonymous.statusCode}`);
    const garbage = await call(bearer('not.a.jwt'));
    if (garbage.statusCode !== 401)
      failures.push(`${route.method} ${route.url} bad token → ${garbage.statusCode}`);
    for (const role of ['admin', 'manager', 'viewer']) {
      const res = await call(bearer(tokens[role]));
      const allowed = route.access === 'authenticated' || (route.access as readonly string[]).includes(role);
      if (allowed && (res.statusCode === 401 || res.statusCode === 403))
        failures.push(`${route.method} ${route.url} as ${role} → ${res.statusCode}, expected access`);
      if (!allowed && res.statusCode !== 403)
        failures.push(`${route.method} ${route.url} as ${role} → ${res.statusCode}, expected 403`);
      if (res.statusCode >= 500) failures.push(`${route.method} ${route.url} as ${role} → ${res.statusCode}`);
      if (res.statusCode >= 400) assert.ok(res.json().error?.code, `${route.url} error shape`);
    }
  }
  assert.deepEqual(failures, []);
});

test('public routes answer without a token', async () => {
  for (const route of api.app.routeAccess.filter((r) => r.access === 'public' && r.method === 'GET')) {
    const res = await api.app.inject({ method: 'GET', url: concrete(route.url) });
    assert.notEqual(res.statusCode, 401, route.url);
    assert.ok(res.statusCode < 500, route.url);
  }
});

test('a deactivated user is locked out at once', async () => {
  const victim = await api.login('manager');
  const res = await api.app.inject({
    method: 'PATCH',
    url: `/api/users/${victim.id}`,
    headers: bearer(tokens.admin),
    payload: { active: false },
  });
  assert.equal(res.json().status, 'inactive');
  const me = await api.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(victim.token) });
  assert.equal(me.statusCode, 401);
  const refreshed = await api.app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    headers: { cookie: victim.cookie },
  });
  assert.equal(refreshed.statusCode, 401);
});
