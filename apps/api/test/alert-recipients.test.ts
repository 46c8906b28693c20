import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

// GET /api/alert-rules/recipients: whom a rule's editors can pick (managers cannot list /api/users).
let api: TestApi;
const tokens: Record<string, string> = {};

before(async () => {
  api = await createTestApi();
  for (const role of ['admin', 'manager', 'viewer'] as const)
    tokens[role] = (await api.login(role, `${role}.recipients@test.pioneira`)).token;
  const gone = await api.app.deps.users.create({
    email: 'gone@test.pioneira',
    name: 'Zé Desligado',
    role: 'viewer',
    password: 'Correct-horse-42',
  });
  await api.db.sql`UPDATE users SET status = 'inactive' WHERE id = ${gone.id}`;
});
after(() => api.close());

const get = (role: string | null, query = '') =>
  api.app.inject({
    method: 'GET',
    url: `/api/alert-rules/recipients${query}`,
    headers: role ? bearer(tokens[role]) : {},
  });

test('admins and managers list the active users by name, with only their name and e-mail', async () => {
  for (const role of ['admin', 'manager']) {
    const res = await get(role);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json();
    assert.deepEqual(
      page.items.map((u: { email: string }) => u.email),
      [
        'admin.recipients@test.pioneira',
        'manager.recipients@test.pioneira',
        'viewer.recipients@test.pioneira',
      ],
    );
    assert.equal(page.total, 3);
    assert.deepEqual(Object.keys(page.items[0]).sort(), ['email', 'id', 'name']);
  }
});

test('the search narrows the list', async () => {
  const res = await get('manager', '?search=viewer');
  assert.deepEqual(
    res.json().items.map((u: { email: string }) => u.email),
    ['viewer.recipients@test.pioneira'],
  );
});

test('viewers are refused, anonymous callers too, and bad queries get a 400', async () => {
  assert.equal((await get('viewer')).statusCode, 403);
  assert.equal((await get(null)).statusCode, 401);
  for (const query of ['?pageSize=0', '?pageSize=500', '?role=admin', `?search=${'x'.repeat(101)}`]) {
    const res = await get('admin', query);
    assert.equal(res.statusCode, 400, query);
    assert.equal(res.json().error.code, 'validation_failed');
  }
});
