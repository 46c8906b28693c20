import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
before(async () => {
  api = await createTestApi();
});
after(() => api.close());

const activeAdmins = async () =>
  (await api.db.sql`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND status = 'active'`)[0].n;

test('two admins demoting each other at once leave one admin, every time', async () => {
  for (let round = 0; round < 10; round++) {
    await api.db.sql`UPDATE users SET role = 'viewer' WHERE role = 'admin'`;
    const a = await api.login('admin');
    const b = await api.login('admin');
    assert.equal(await activeAdmins(), 2);
    const change = (actor: string, target: string, payload: object) =>
      api.app.inject({ method: 'PATCH', url: `/api/users/${target}`, headers: bearer(actor), payload });
    const payloads = [{ role: 'viewer' }, { active: false }];
    const [x, y] = await Promise.all([
      change(a.token, b.id, payloads[round % 2]),
      change(b.token, a.id, payloads[(round + 1) % 2]),
    ]);
    const statuses = [x.statusCode, y.statusCode].sort();
    assert.equal(await activeAdmins(), 1, `round ${round}: ${statuses}`);
    assert.ok(statuses.includes(200), `round ${round}: one demotion went through (${statuses})`);
    const refused = [x, y].find((r) => r.statusCode !== 200)!;
    assert.ok(
      [401, 403, 409].includes(refused.statusCode),
      `round ${round}: ${refused.statusCode} ${refused.body}`,
    );
    await api.db.sql`UPDATE users SET status = 'active'`;
  }
});
