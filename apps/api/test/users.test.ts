import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let admin: { token: string; id: string };
before(async () => {
  api = await createTestApi();
  admin = await api.login('admin');
});
after(() => api.close());

const get = (url: string) => api.app.inject({ method: 'GET', url, headers: bearer(admin.token) });
const create = (payload: object) =>
  api.app.inject({ method: 'POST', url: '/api/users', headers: bearer(admin.token), payload });

test('admins create users; a second account with the same email (any case) is a 409', async () => {
  const res = await create({
    email: 'Maria.Souza@test.pioneira',
    name: 'Maria Souza',
    role: 'manager',
    password: 'Maria-pass-2024',
  });
  assert.equal(res.statusCode, 201);
  assert.equal(res.json().status, 'active');
  const dup = await create({
    email: 'maria.souza@TEST.pioneira',
    name: 'Outra',
    role: 'viewer',
    password: 'Maria-pass-2024',
  });
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().error.code, 'email_taken');
  const weak = await create({ email: 'weak@test.pioneira', name: 'Weak', role: 'viewer', password: 'abc' });
  assert.equal(weak.statusCode, 400);
  assert.equal(weak.json().error.code, 'weak_password');
});

test('the list is searchable (accents kept), filterable, sorted and paginated with a total', async () => {
  for (const [name, role] of [
    ['João Gonçalves', 'viewer'],
    ['Ana Lima', 'viewer'],
    ['Bruno Alves', 'manager'],
    ['Carla Dias', 'viewer'],
  ])
    await create({
      email: `${name
        .split(' ')[1]
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z]/g, '')}@list.pioneira`,
      name,
      role,
      password: 'List-pass-2024',
    });
  const search = (await get(`/api/users?search=${encodeURIComponent('gonç')}`)).json();
  assert.deepEqual(
    search.items.map((u: { name: string }) => u.name),
    ['João Gonçalves'],
  );
  const viewers = (await get('/api/users?role=viewer&sort=name&direction=desc&pageSize=2&page=1')).json();
  assert.equal(viewers.items.length, 2);
  assert.ok(viewers.total >= 3);
  assert.ok(viewers.items[0].name.localeCompare(viewers.items[1].name) > 0);
  const beyond = (await get('/api/users?page=999')).json();
  assert.deepEqual(beyond.items, []);
  assert.ok(beyond.total > 0);
});

test('role changes take effect on the next request, without a new login', async () => {
  const m = await api.login('manager');
  const before = await api.app.inject({ method: 'GET', url: '/api/users', headers: bearer(m.token) });
  assert.equal(before.statusCode, 403);
  await api.app.inject({
    method: 'PATCH',
    url: `/api/users/${m.id}`,
    headers: bearer(admin.token),
    payload: { role: 'admin' },
  });
  const after = await api.app.inject({ method: 'GET', url: '/api/users', headers: bearer(m.token) });
  assert.equal(after.statusCode, 200);
});

test('the last active admin cannot be demoted or deactivated, nor deactivate themself', async () => {
  const solo = await createTestApi();
  try {
    const a = await solo.login('admin');
    const demote = await solo.app.inject({
      method: 'PATCH',
      url: `/api/users/${a.id}`,
      headers: bearer(a.token),
      payload: { role: 'viewer' },
    });
    assert.equal(demote.statusCode, 409);
    assert.equal(demote.json().error.code, 'last_admin');
  } finally {
    await solo.close();
  }
});

test('an admin password reset ends the user sessions and the new password works', async () => {
  const v = await api.login('viewer');
  const res = await api.app.inject({
    method: 'POST',
    url: `/api/users/${v.id}/password`,
    headers: bearer(admin.token),
    payload: { password: 'Reset-by-admin-9' },
  });
  assert.equal(res.statusCode, 204);
  assert.equal(
    (await api.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(v.token) })).statusCode,
    401,
  );
  const login = await api.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: v.email, password: 'Reset-by-admin-9' },
  });
  assert.equal(login.statusCode, 200);
});

test('everyone edits their own profile: name, language and a valid time zone', async () => {
  const v = await api.login('viewer');
  const ok = await api.app.inject({
    method: 'PATCH',
    url: '/api/auth/me',
    headers: bearer(v.token),
    payload: { name: 'Novo Nome', locale: 'en', timeZone: 'America/Sao_Paulo' },
  });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(
    [ok.json().user.name, ok.json().user.locale, ok.json().user.timeZone],
    ['Novo Nome', 'en', 'America/Sao_Paulo'],
  );
  const bad = await api.app.inject({
    method: 'PATCH',
    url: '/api/auth/me',
    headers: bearer(v.token),
    payload: { timeZone: 'Mars/Olympus' },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'invalid_time_zone');
});
