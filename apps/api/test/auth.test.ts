import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSigner } from 'fast-jwt';
import { bearer, createTestApi, PASSWORD, type TestApi } from './helpers';

let api: TestApi;
before(async () => {
  api = await createTestApi();
});
after(() => api.close());

const refresh = (cookie: string) =>
  api.app.inject({ method: 'POST', url: '/api/auth/refresh', headers: { cookie } });
const me = (token: string) => api.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });

describe('login', () => {
  test('right password gives an access token, the user and an httpOnly refresh cookie', async () => {
    const { email } = await api.login('viewer');
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: email.toUpperCase(), password: PASSWORD },
    });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.user.email, email);
    assert.equal(body.user.role, 'viewer');
    assert.equal(body.expiresIn, 900);
    const cookie = res.cookies.find((c) => c.name === 'pioneira_refresh');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.path, '/api/auth');
    assert.equal((await me(body.accessToken)).json().user.email, email);
  });

  test('wrong password and unknown email give the same 401', async () => {
    const { email } = await api.login('viewer');
    const wrong = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'nope-nope-1' },
    });
    const unknown = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'ghost@test.pioneira', password: 'nope-nope-1' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json().error.code, 'invalid_credentials');
  });

  test('repeated failures are throttled with 429 and Retry-After, even for the right password', async () => {
    const { email } = await api.login('viewer');
    for (let i = 0; i < 5; i++) {
      const r = await api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: `wrong-${i}-pass` },
      });
      assert.equal(r.statusCode, 401);
    }
    const blocked = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().error.code, 'too_many_attempts');
    assert.ok(Number(blocked.headers['retry-after']) > 0);
  });

  test('many failures from one IP across accounts are throttled too', async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) {
      const r = await api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.9.8.7',
        payload: { email: `spray${i}@test.pioneira`, password: 'wrong-pass-1' },
      });
      last = r.statusCode;
    }
    assert.equal(last, 429);
  });
});

describe('tokens', () => {
  test('missing, tampered and expired access tokens are refused', async () => {
    const { token, id } = await api.login('viewer');
    assert.equal((await api.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode, 401);
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    assert.equal(payload.role, 'viewer');
    // The viewer's own signature on a payload that claims admin: only the payload changed.
    const forged = Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url');
    assert.notEqual(forged, p);
    const forgedRes = await me(`${h}.${forged}.${s}`);
    assert.equal(forgedRes.statusCode, 401);
    assert.equal(forgedRes.json().error.code, 'unauthenticated');
    const users = await api.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: bearer(`${h}.${forged}.${s}`),
    });
    assert.equal(users.statusCode, 401);
    assert.equal((await me(`${h}.${p}.${s.slice(0, -2)}xx`)).statusCode, 401);
    assert.equal((await me(token)).statusCode, 200, 'the untouched token still works');
    const otherKey = createSigner({ key: 'another-secret-that-is-long-enough-000', iss: 'pioneira' });
    assert.equal((await me(otherKey({ sub: id, fam: payload.fam, role: 'admin' }))).statusCode, 401);
    const expired = createSigner({
      key: 'test-secret-that-is-long-enough-0123456789',
      iss: 'pioneira',
      clockTimestamp: Date.now() - 3_600_000,
      expiresIn: 60_000,
    });
    const res = await me(expired({ sub: id, fam: payload.fam, role: 'admin' }));
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'unauthenticated');
  });

  test('a token signed with the right key but without exp or iss is refused', async () => {
    const { token } = await api.login('viewer');
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const key = 'test-secret-that-is-long-enough-0123456789';
    const noExp = createSigner({ key, iss: 'pioneira' });
    const noIss = createSigner({ key, expiresIn: 60_000 });
    const claimsOnly = { sub: claims.sub, fam: claims.fam, role: claims.role };
    assert.equal((await me(noExp(claimsOnly))).statusCode, 401);
    assert.equal((await me(noIss(claimsOnly))).statusCode, 401);
    const proper = createSigner({ key, iss: 'pioneira', expiresIn: 60_000 });
    assert.equal((await me(proper(claimsOnly))).statusCode, 200, 'the same claims with exp and iss pass');
  });

  test('refresh rotates the cookie; the old one cannot be used again', async () => {
    const { cookie } = await api.login('viewer');
    const first = await refresh(cookie);
    assert.equal(first.statusCode, 200);
    const next = first.cookies.find((c) => c.name === 'pioneira_refresh')!.value;
    assert.notEqual(`pioneira_refresh=${next}`, cookie);
    assert.equal((await me(first.json().accessToken)).statusCode, 200);
  });

  test('a reused refresh token is refused and kills its whole family, successor and access tokens included', async () => {
    const { cookie, token } = await api.login('viewer');
    const rotated = await refresh(cookie);
    const successor = `pioneira_refresh=${rotated.cookies.find((c) => c.name === 'pioneira_refresh')!.value}`;
    const reuse = await refresh(cookie);
    assert.equal(reuse.statusCode, 401);
    assert.equal(reuse.json().error.code, 'refresh_token_reused');
    assert.equal((await refresh(successor)).statusCode, 401);
    assert.equal((await me(rotated.json().accessToken)).statusCode, 401);
    assert.equal((await me(token)).statusCode, 401);
  });

  test('logout ends the session at once', async () => {
    const { cookie, token } = await api.login('manager');
    const out = await api.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, ...bearer(token) },
    });
    assert.equal(out.statusCode, 204);
    assert.equal((await me(token)).statusCode, 401);
    assert.equal((await refresh(cookie)).statusCode, 401);
  });

  test('changing the own password keeps this session and ends the others', async () => {
    const a = await api.login('viewer');
    const other = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: a.email, password: PASSWORD },
    });
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(a.token),
      payload: { currentPassword: PASSWORD, newPassword: 'Another-pass-77' },
    });
    assert.equal(res.statusCode, 204);
    assert.equal((await me(a.token)).statusCode, 200);
    assert.equal((await me(other.json().accessToken)).statusCode, 401);
    const weak = await api.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(a.token),
      payload: { currentPassword: 'Another-pass-77', newPassword: 'short' },
    });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().error.code, 'weak_password');
  });
});

describe('registration', () => {
  test('an invitation registers one account, once', async () => {
    const { token } = await api.login('admin');
    const inv = await api.app.inject({
      method: 'POST',
      url: '/api/users/invitations',
      headers: bearer(token),
      payload: { email: 'new.person@test.pioneira', role: 'manager' },
    });
    assert.equal(inv.statusCode, 201);
    const link = inv.json().token;
    const info = await api.app.inject({ method: 'GET', url: `/api/auth/invitations/${link}` });
    assert.equal(info.json().role, 'manager');
    const reg = await api.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { token: link, name: 'Nova Pessoa', password: 'Brand-new-pass-1' },
    });
    assert.equal(reg.statusCode, 201);
    assert.equal(reg.json().user.role, 'manager');
    const again = await api.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { token: link, name: 'X', password: 'Brand-new-pass-1' },
    });
    assert.equal(again.statusCode, 404);
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'new.person@test.pioneira', password: 'Brand-new-pass-1' },
    });
    assert.equal(login.statusCode, 200);
  });

  test('an expired invitation is refused', async () => {
    const { token } = await api.login('admin');
    const inv = await api.app.inject({
      method: 'POST',
      url: '/api/users/invitations',
      headers: bearer(token),
      payload: { email: 'late@test.pioneira', role: 'viewer' },
    });
    await api.db
      .sql`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = ${inv.json().id}`;
    const reg = await api.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { token: inv.json().token, name: 'Late', password: 'Brand-new-pass-1' },
    });
    assert.equal(reg.statusCode, 404);
    const [{ n }] = await api.db.sql`SELECT count(*)::int AS n FROM users WHERE email = 'late@test.pioneira'`;
    assert.equal(n, 0);
  });

  test('open sign-up is off by default', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { email: 'open@test.pioneira', name: 'Open', password: 'Brand-new-pass-1' },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'registration_closed');
    assert.equal(
      (await api.app.inject({ method: 'GET', url: '/api/auth/config' })).json().selfRegistration,
      false,
    );
  });
});

test('with open sign-up on, new accounts wait for an admin to approve them', async () => {
  const open = await createTestApi({ SELF_REGISTRATION: 'true' });
  try {
    const res = await open.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { email: 'self@test.pioneira', name: 'Self', password: 'Brand-new-pass-1' },
    });
    assert.equal(res.statusCode, 202);
    const denied = await open.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'self@test.pioneira', password: 'Brand-new-pass-1' },
    });
    assert.equal(denied.statusCode, 403);
    const { token } = await open.login('admin');
    const list = await open.app.inject({
      method: 'GET',
      url: '/api/users?status=pending',
      headers: bearer(token),
    });
    const pending = list.json().items.find((u: { email: string }) => u.email === 'self@test.pioneira');
    const approved = await open.app.inject({
      method: 'POST',
      url: `/api/users/${pending.id}/approve`,
      headers: bearer(token),
    });
    assert.equal(approved.json().status, 'active');
    const ok = await open.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'self@test.pioneira', password: 'Brand-new-pass-1' },
    });
    assert.equal(ok.statusCode, 200);
  } finally {
    await open.close();
  }
});
