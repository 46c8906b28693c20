import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addEvent, seedFleet } from './fleet-fixtures';
import { bearer, createTestApi, type TestApi } from './helpers';

const DRIVER = '-1000000000000000004';
const SPEEDING = '-614457561876096876';

let api: TestApi;
let fleet: Awaited<ReturnType<typeof seedFleet>>;
const tokens: Record<'admin' | 'manager' | 'viewer', string> = { admin: '', manager: '', viewer: '' };
let eventId: string;

before(async () => {
  api = await createTestApi();
  for (const role of ['admin', 'manager', 'viewer'] as const) tokens[role] = (await api.login(role)).token;
  fleet = await seedFleet(api.db.sql);
  await addEvent(api.db.sql, {
    driver: DRIVER,
    type: SPEEDING,
    at: '2026-03-05T14:00:00Z',
    speed: 97,
    limit: 80,
  });
  [{ id: eventId }] = await api.db
    .sql`SELECT id::text FROM telemetry_events WHERE driver_external_id = ${DRIVER}`;
});
after(() => api.close());

const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, token: string, payload?: unknown) =>
  api.app.inject({
    method,
    url,
    headers: bearer(token),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const justification = `/api/events/${'ID'}/justification`;
const at = (id: string) => justification.replace('ID', id);
const listed = async () => {
  const res = await call(
    'GET',
    `/api/drivers/${fleet.driverId(DRIVER)}/infractions?from=2026-03-01&to=2026-03-31`,
    tokens.viewer,
  );
  assert.equal(res.statusCode, 200);
  return res.json().items as Array<{
    id: string;
    justification: { text: string; justifiedBy: string | null } | null;
  }>;
};
const rows = async () =>
  (await api.db.sql`SELECT count(*)::int AS n FROM event_justifications WHERE event_id = ${eventId}::int8`)[0]
    .n as number;

test('a manager justifies an event: it stays on the record with the justification, every change kept', async () => {
  assert.equal((await listed())[0].justification, null);
  const viewer = await call('PUT', at(eventId), tokens.viewer, { text: 'Tentativa de viewer' });
  assert.equal(viewer.statusCode, 403, 'viewers cannot justify');

  const put = await call('PUT', at(eventId), tokens.manager, {
    text: '  Desvio para hospital: passageiro passou mal (art. 67-C §2)  ',
  });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().text, 'Desvio para hospital: passageiro passou mal (art. 67-C §2)');
  const [item] = await listed();
  assert.equal(item.id, eventId, 'the event is still listed');
  assert.equal(item.justification?.text, 'Desvio para hospital: passageiro passou mal (art. 67-C §2)');
  assert.ok(item.justification?.justifiedBy, 'who justified it is named');

  assert.equal(
    (await call('PUT', at(eventId), tokens.admin, { text: 'Hospital Regional de Osasco' })).statusCode,
    200,
  );
  assert.equal((await listed())[0].justification?.text, 'Hospital Regional de Osasco', 'the newest wins');
  const csv = await call(
    'GET',
    `/api/drivers/${fleet.driverId(DRIVER)}/infractions.csv?from=2026-03-01&to=2026-03-31`,
    tokens.viewer,
  );
  const [header, line] = csv.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  assert.equal(header.split(';').at(-1), 'Justificativa');
  assert.equal(line.split(';').at(-1), 'Hospital Regional de Osasco', 'the export carries the justification');

  assert.equal((await call('DELETE', at(eventId), tokens.viewer)).statusCode, 403);
  assert.equal((await call('DELETE', at(eventId), tokens.manager)).statusCode, 204);
  assert.equal((await listed())[0].justification, null, 'withdrawn');
  assert.equal(
    (await call('DELETE', at(eventId), tokens.manager)).statusCode,
    404,
    'nothing left to withdraw',
  );

  const history = await call('GET', `/api/events/${eventId}/justifications`, tokens.viewer);
  assert.equal(history.statusCode, 200);
  assert.deepEqual(
    history.json().items.map((c: { text: string | null }) => c.text),
    [null, 'Hospital Regional de Osasco', 'Desvio para hospital: passageiro passou mal (art. 67-C §2)'],
  );
  const [event] = await api.db.sql`SELECT 1 FROM telemetry_events WHERE id = ${eventId}::int8`;
  assert.ok(event, 'the event itself is never deleted');
});

test('bad justifications are refused with a 4xx and nothing is stored', async () => {
  const before = await rows();
  for (const [payload, status] of [
    [{ text: '' }, 400],
    [{ text: '   ' }, 400],
    [{ text: 'x'.repeat(2001) }, 400],
    [{ text: 'com\u0000nul' }, 400],
    [{ text: 42 }, 400],
    [{ text: 'ok', extra: true }, 400],
    [{}, 400],
  ] as const) {
    const res = await call('PUT', at(eventId), tokens.admin, payload);
    assert.equal(res.statusCode, status, `${JSON.stringify(payload).slice(0, 40)} → ${res.statusCode}`);
    assert.ok(res.json().error?.message, 'the error says what is wrong');
  }
  assert.equal((await call('PUT', at('abc'), tokens.admin, { text: 'x' })).statusCode, 400);
  assert.equal((await call('PUT', at('9223372036854775808'), tokens.admin, { text: 'x' })).statusCode, 400);
  assert.equal((await call('PUT', at('424242424242'), tokens.admin, { text: 'x' })).statusCode, 404);
  assert.equal((await call('GET', `/api/events/424242424242/justifications`, tokens.viewer)).statusCode, 404);
  assert.equal(await rows(), before);
});

test('concurrent changes: every justification is kept, one withdrawal wins', async () => {
  const before = await rows();
  const puts = await Promise.all(
    Array.from({ length: 8 }, (_, i) => call('PUT', at(eventId), tokens.manager, { text: `Versão ${i}` })),
  );
  assert.deepEqual(
    puts.map((r) => r.statusCode),
    Array(8).fill(200),
  );
  assert.equal(await rows(), before + 8);
  assert.match((await listed())[0].justification?.text ?? '', /^Versão \d$/);
  const deletes = await Promise.all(
    Array.from({ length: 5 }, () => call('DELETE', at(eventId), tokens.admin)),
  );
  assert.deepEqual(deletes.map((r) => r.statusCode).sort(), [204, 404, 404, 404, 404]);
  assert.equal(await rows(), before + 9);
});
