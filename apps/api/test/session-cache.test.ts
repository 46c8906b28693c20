import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSql, type Sql } from '@pioneira/db';
import { SessionCache } from '@pioneira/domain';
import { buildApp, createDeps } from '../src';
import type { App } from '../src/app';
import { bearer, createTestApi, type TestApi } from './helpers';

// Two api processes' worth of app on one database, each with its own session cache. The cache lives
// far longer than any test here, so only the change notices can explain a refusal on the second one.
let api: TestApi;
let second: App;
let sql: Sql;
before(async () => {
  api = await createTestApi({ SESSION_CACHE_SECONDS: '300' });
  second = await buildApp(createDeps(api.app.deps.config));
  await second.ready();
  sql = createSql(api.db.url, { max: 2 });
});
after(async () => {
  await sql.end();
  await second.close();
  await second.deps.close();
  await api.close();
});

const status = async (app: App, token: string, url = '/api/auth/me') =>
  (await app.inject({ method: 'GET', url, headers: bearer(token) })).statusCode;

/** Waits (no fixed sleep) until the second api answers `expected`; fails after a generous deadline. */
async function eventually(token: string, expected: number, url = '/api/auth/me') {
  const deadline = Date.now() + 15_000;
  let last = 0;
  while (Date.now() < deadline) {
    last = await status(second, token, url);
    if (last === expected) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(last, expected, `the second api still answers ${last} for ${url}`);
}

/** Signs in and has both apps check (and cache) the token once. */
async function warmed(role: 'admin' | 'manager' | 'viewer') {
  const user = await api.login(role);
  assert.equal(await status(api.app, user.token), 200);
  assert.equal(await status(second, user.token), 200);
  return user;
}

test('a logout refuses the access token at once on its api and by notice on the other', async () => {
  const user = await warmed('viewer');
  const out = await api.app.inject({
    method: 'POST',
    url: '/api/auth/logout',
    headers: { cookie: user.cookie, ...bearer(user.token) },
  });
  assert.equal(out.statusCode, 204);
  assert.equal(await status(api.app, user.token), 401);
  await eventually(user.token, 401);
});

test('a role change applies to the next request, on both apis', async () => {
  const admin = await warmed('admin');
  const other = await warmed('admin');
  assert.equal(await status(api.app, other.token, '/api/users'), 200);
  assert.equal(await status(second, other.token, '/api/users'), 200);
  const res = await api.app.inject({
    method: 'PATCH',
    url: `/api/users/${other.id}`,
    headers: bearer(admin.token),
    payload: { role: 'viewer' },
  });
  assert.equal(res.statusCode, 200);
  assert.equal(await status(api.app, other.token, '/api/users'), 403);
  await eventually(other.token, 403, '/api/users');
  const me = await second.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(other.token) });
  assert.equal(me.json().user.role, 'viewer');
});

test('deactivating a user refuses their tokens at once, on both apis', async () => {
  const admin = await warmed('admin');
  const victim = await warmed('manager');
  const res = await second.inject({
    method: 'PATCH',
    url: `/api/users/${victim.id}`,
    headers: bearer(admin.token),
    payload: { active: false },
  });
  assert.equal(res.statusCode, 200);
  assert.equal(await status(second, victim.token), 401);
  assert.equal(await eventuallyFirst(victim.token), true);
});

/** The first api, waited on like `eventually` does for the second. */
async function eventuallyFirst(token: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if ((await status(api.app, token)) === 401) return true;
    await new Promise((r) => setImmediate(r));
  }
  return false;
}

test('a change made outside the api (plain SQL, the cli) reaches every api by notice', async () => {
  const user = await warmed('viewer');
  await sql`UPDATE users SET status = 'inactive' WHERE id = ${user.id}`;
  await eventually(user.token, 401);
  assert.equal(await eventuallyFirst(user.token), true);
  const revoked = await warmed('viewer');
  await sql`UPDATE sessions SET revoked_at = now() WHERE user_id = ${revoked.id}`;
  await eventually(revoked.token, 401);
  assert.equal(await eventuallyFirst(revoked.token), true);
});

test('a password change ends the other sessions of the user and keeps the current one', async () => {
  const user = await warmed('viewer');
  const login = await api.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: user.email, password: 'Correct-horse-42' },
  });
  const otherToken = login.json().accessToken as string;
  assert.equal(await status(api.app, otherToken), 200);
  assert.equal(await status(second, otherToken), 200);
  const res = await api.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: bearer(user.token),
    payload: { currentPassword: 'Correct-horse-42', newPassword: 'Another-horse-43' },
  });
  assert.equal(res.statusCode, 204, res.body);
  assert.equal(await status(api.app, otherToken), 401);
  await eventually(otherToken, 401);
  assert.equal(await status(api.app, user.token), 200);
  assert.equal(await status(second, user.token), 200);
});

test('concurrent requests with one token all pass, and none passes after its logout', async () => {
  const user = await warmed('viewer');
  const fresh = await api.login('viewer');
  const before = await Promise.all(
    Array.from({ length: 40 }, (_, i) => status(i % 2 ? api.app : second, i % 3 ? fresh.token : user.token)),
  );
  assert.deepEqual(new Set(before), new Set([200]));
  // Requests racing the logout may pass or not; every one sent after it answered is refused.
  const racing = Array.from({ length: 20 }, () => status(api.app, user.token));
  const out = await api.app.inject({
    method: 'POST',
    url: '/api/auth/logout',
    headers: { cookie: user.cookie, ...bearer(user.token) },
  });
  assert.equal(out.statusCode, 204);
  for (const s of await Promise.all(racing)) assert.ok(s === 200 || s === 401, `got ${s}`);
  const afterwards = await Promise.all(Array.from({ length: 20 }, () => status(api.app, user.token)));
  assert.deepEqual(new Set(afterwards), new Set([401]));
  await eventually(user.token, 401);
});

test('bad tokens are refused and never cached', async () => {
  const user = await warmed('viewer');
  for (const token of ['', 'x', `${user.token}x`, user.token.split('.').slice(0, 2).join('.')])
    assert.equal(await status(api.app, token), 401);
});

test('the cache: one check per token, shared by concurrent callers; a check racing a change is not kept', async () => {
  const cache = new SessionCache<{ id: string }>(sql, 300_000);
  await cache.start();
  try {
    const claims = { userId: 'u1', familyId: 'f1', expiresAtMs: Date.now() + 60_000 };
    let checks = 0;
    const check = async () => {
      checks++;
      return { id: 'u1' };
    };
    await Promise.all(Array.from({ length: 10 }, () => cache.get('t1', claims, check)));
    await cache.get('t1', claims, check);
    assert.equal(checks, 1);

    // A check that read the state before a revocation must not be stored after it.
    let release: () => void = () => {};
    const slow = cache.get('t2', { ...claims, familyId: 'f2' }, async () => {
      checks++;
      await new Promise<void>((r) => {
        release = r;
      });
      return { id: 'u1' };
    });
    cache.forgetFamily('f2');
    release();
    await slow;
    const before = checks;
    await cache.get('t2', { ...claims, familyId: 'f2' }, check);
    assert.equal(checks, before + 1);

    // A notice from PostgreSQL drops that user's entries.
    await cache.get('t3', { ...claims, userId: 'u3' }, check);
    const n = checks;
    await sql`SELECT pg_notify('pioneira_auth', 'user:u3')`;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      await cache.get('t3', { ...claims, userId: 'u3' }, check);
      if (checks > n) break;
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(checks, n + 1);

    // An entry never outlives its token.
    const expiring = { ...claims, expiresAtMs: Date.now() - 1 };
    await cache.get('t4', expiring, check);
    await cache.get('t4', expiring, check);
    assert.equal(checks, n + 3);
  } finally {
    await cache.stop();
  }
});
