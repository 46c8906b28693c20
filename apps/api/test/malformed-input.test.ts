import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let admin: string;
before(async () => {
  api = await createTestApi();
  admin = (await api.login('admin')).token;
});
after(() => api.close());

const counts = async () =>
  (
    await api.db
      .sql`SELECT (SELECT count(*) FROM users) AS u, (SELECT count(*) FROM sessions) AS s, (SELECT count(*) FROM invitations) AS i`
  )[0];

// Shapes that break a JSON body schema in different ways.
const badBodies: Array<{ payload: string; contentType: string }> = [
  { payload: '{"email":', contentType: 'application/json' },
  { payload: '[]', contentType: 'application/json' },
  { payload: '"text"', contentType: 'application/json' },
  {
    payload: '{"email":123,"password":["x"],"name":{},"role":"root","token":1,"active":"maybe"}',
    contentType: 'application/json',
  },
  { payload: '{"unexpected":"field"}', contentType: 'application/json' },
  {
    payload: `{"email":"${'a'.repeat(300)}@x.test","password":"p","name":"${'n'.repeat(500)}"}`,
    contentType: 'application/json',
  },
  { payload: '<xml/>', contentType: 'application/xml' },
];

test('malformed bodies on every route get a 4xx with the error shape and write nothing', async () => {
  const before = await counts();
  const failures: string[] = [];
  for (const route of api.app.routeAccess.filter((r) => r.hasBody)) {
    const url = route.url
      .replace(/:id\b/g, '00000000-0000-4000-8000-000000000000')
      .replace(/:\w+/g, 'x'.repeat(40));
    for (const bad of badBodies) {
      const res = await api.app.inject({
        method: route.method as 'POST',
        url,
        headers: { ...bearer(admin), 'content-type': bad.contentType },
        payload: bad.payload,
      });
      const body = res.json();
      if (res.statusCode < 400 || res.statusCode >= 500 || typeof body.error?.message !== 'string')
        failures.push(
          `${route.method} ${route.url} ${bad.payload.slice(0, 30)} → ${res.statusCode} ${res.body.slice(0, 80)}`,
        );
    }
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(await counts(), before);
});

test('bad ids and query values are 400 with a message naming the field', async () => {
  const res = await api.app.inject({ method: 'GET', url: '/api/users/not-a-uuid', headers: bearer(admin) });
  assert.equal(res.statusCode, 400);
  assert.match(res.json().error.message, /id/);
  const page = await api.app.inject({
    method: 'GET',
    url: '/api/users?page=0&pageSize=5000',
    headers: bearer(admin),
  });
  assert.equal(page.statusCode, 400);
  assert.equal(page.json().error.code, 'validation_failed');
});

test('unknown routes are 404 in the error shape', async () => {
  const res = await api.app.inject({ method: 'GET', url: '/api/nothing-here' });
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().error.code, 'not_found');
});
