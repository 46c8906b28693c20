import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

// JSON bodies are validated as sent (no type coercion): a string is not a boolean or a number there.
// Query strings are text and keep their coercion.
let api: TestApi;
let admin: string;
let target: { id: string };

before(async () => {
  api = await createTestApi();
  admin = (await api.login('admin')).token;
  target = await api.login('viewer');
});
after(() => api.close());

const patchUser = (payload: unknown) =>
  api.app.inject({
    method: 'PATCH',
    url: `/api/users/${target.id}`,
    headers: { ...bearer(admin), 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

test('a body value of the wrong JSON type is a 400 and changes nothing', async () => {
  for (const body of [
    { active: 'false' },
    { active: 0 },
    { active: [false] },
    { active: null },
    { name: 42 },
    { name: ['Ana'] },
  ]) {
    const res = await patchUser(body);
    assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
    assert.equal(res.json().error.code, 'validation_failed');
  }
  const [row] = await api.db.sql`SELECT status, name FROM users WHERE id = ${target.id}`;
  assert.equal(row.status, 'active', 'the string "false" did not deactivate the account');
  assert.match(row.name, /^viewer /);
  const ok = await patchUser({ active: false });
  assert.equal(ok.statusCode, 200, ok.body);
});

test('query strings still read numbers and booleans from text', async () => {
  const res = await api.app.inject({
    method: 'GET',
    url: '/api/users?page=1&pageSize=5',
    headers: bearer(admin),
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().pageSize, 5);
  const bad = await api.app.inject({ method: 'GET', url: '/api/users?page=one', headers: bearer(admin) });
  assert.equal(bad.statusCode, 400);
});
