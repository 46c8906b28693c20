import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, createTestApi, PASSWORD, type TestApi } from './helpers';

let api: TestApi;
let admin: string;
before(async () => {
  api = await createTestApi();
  admin = (await api.login('admin')).token;
});
after(() => api.close());

const createUser = (email: string, password: string) =>
  api.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: bearer(admin),
    payload: { email, name: 'Policy Person', role: 'viewer', password },
  });

describe('password policy', () => {
  test('common passwords and their usual decorations are refused, everywhere a password is set', async () => {
    const common = [
      'password123',
      'Password2024!',
      'P@ssw0rd1234',
      'qwerty12345',
      '1q2w3e4r5t',
      'abc1234567',
      'iloveyou123',
      'Senha@12345',
      'flamengo2024',
      'Corinthians10',
      'admin123456',
      'Welcome2025',
      'zaq12wsxcde3',
    ];
    for (const [i, password] of common.entries()) {
      const res = await createUser(`common${i}@test.pioneira`, password);
      assert.equal(res.statusCode, 400, `${password} was accepted`);
      assert.equal(res.json().error.code, 'weak_password');
      assert.match(res.json().error.message, /common/);
    }
    const me = await api.login('viewer');
    const change = await api.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: bearer(me.token),
      payload: { currentPassword: PASSWORD, newPassword: 'password123' },
    });
    assert.equal(change.statusCode, 400);
    const [{ n }] = await api.db.sql`SELECT count(*)::int AS n FROM users WHERE email LIKE 'common%'`;
    assert.equal(n, 0);
  });

  test('short passwords are refused; long uncommon ones are accepted', async () => {
    assert.equal((await createUser('short@test.pioneira', 'Ab1-xyz89')).statusCode, 400);
    for (const [i, password] of ['Correct-horse-42', 'Brand-new-pass-1', 'tapioca de queijo 7'].entries())
      assert.equal((await createUser(`fine${i}@test.pioneira`, password)).statusCode, 201, password);
  });
});

describe('open sign-up and password changes', () => {
  test('sign-up answers the same for a new and an existing email, and stores nothing for the latter', async () => {
    const open = await createTestApi({ SELF_REGISTRATION: 'true' });
    try {
      const { email } = await open.login('viewer');
      const signup = (address: string, remoteAddress = '127.0.0.1') =>
        open.app.inject({
          method: 'POST',
          url: '/api/auth/signup',
          remoteAddress,
          payload: { email: address, name: 'Curious', password: 'Brand-new-pass-1' },
        });
      const fresh = await signup('fresh@test.pioneira');
      const existing = await signup(email);
      assert.equal(existing.statusCode, fresh.statusCode);
      assert.deepEqual(existing.json(), fresh.json());
      const [user] = await open.db.sql`SELECT name, status FROM users WHERE email = ${email}`;
      assert.deepEqual([user.name, user.status], ['viewer 1', 'active'], 'the existing account is untouched');
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++)
        statuses.push((await signup(`flood${i}@test.pioneira`, '10.44.0.1')).statusCode);
      assert.equal(statuses.at(-1), 429, 'sign-ups from one address are throttled');
      assert.equal((await signup('other@test.pioneira', '10.44.0.2')).statusCode, 202);
    } finally {
      await open.close();
    }
  });

  test('guessing the current password on POST /api/auth/password is throttled', async () => {
    const me = await api.login('viewer');
    const change = (currentPassword: string) =>
      api.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: bearer(me.token),
        payload: { currentPassword, newPassword: 'Fresh-pass-phrase-88' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await change(`guess-number-${i}`)).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
    assert.equal((await change(PASSWORD)).statusCode, 429, 'even the right one waits out the window');
  });
});
