import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addEvent, seedFleet } from './fleet-fixtures';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let admin: string;
let viewer: string;
let fleet: Awaited<ReturnType<typeof seedFleet>>;
const DRIVER = '-1000000000000000004';
const IGNITION = '-7000000000000000003';

before(async () => {
  api = await createTestApi();
  admin = (await api.login('admin')).token;
  viewer = (await api.login('viewer')).token;
  fleet = await seedFleet(api.db.sql);
  await addEvent(api.db.sql, { driver: DRIVER, type: IGNITION, at: '2026-05-05T10:00:00Z' });
});
after(() => api.close());

const types = async () =>
  (await api.app.inject({ method: 'GET', url: '/api/event-types', headers: bearer(viewer) })).json()
    .items as Array<{
    id: string;
    externalId: string;
    description: string;
    isInfraction: boolean;
    severity: string | null;
    label: string;
  }>;

test('new event types arrive classified by sensible defaults', async () => {
  const byName = Object.fromEntries((await types()).map((t) => [t.description, t]));
  assert.deepEqual(
    [byName['Excesso de velocidade'].isInfraction, byName['Excesso de velocidade'].severity],
    [true, 'grave'],
  );
  assert.equal(byName['Uso de celular ao volante'].severity, 'gravissima');
  assert.equal(byName['Marcha lenta excessiva'].severity, 'leve');
  assert.deepEqual([byName['Ignição ligada'].isInfraction, byName['Ignição ligada'].severity], [false, null]);
});

test('a viewer may read the catalogue but not change it; an admin flags a type and infractions follow', async () => {
  const ignition = (await types()).find((t) => t.externalId === IGNITION)!;
  const url = `/api/event-types/${ignition.id}`;
  const denied = await api.app.inject({
    method: 'PATCH',
    url,
    headers: bearer(viewer),
    payload: { isInfraction: true, severity: 'leve' },
  });
  assert.equal(denied.statusCode, 403);
  const infractions = () =>
    api.app.inject({
      method: 'GET',
      url: `/api/drivers/${fleet.driverId(DRIVER)}/infractions?from=2026-05-01&to=2026-05-31`,
      headers: bearer(viewer),
    });
  assert.equal((await infractions()).json().total, 0);
  const ok = await api.app.inject({
    method: 'PATCH',
    url,
    headers: bearer(admin),
    payload: { isInfraction: true, severity: 'leve', label: 'Ignição fora de hora' },
  });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().label, 'Ignição fora de hora');
  const after = (await infractions()).json();
  assert.equal(after.total, 1);
  assert.equal(after.items[0].type.label, 'Ignição fora de hora');
  const bad = await api.app.inject({
    method: 'PATCH',
    url,
    headers: bearer(admin),
    payload: { severity: 'catastrofica' },
  });
  assert.equal(bad.statusCode, 400);
  const missing = await api.app.inject({
    method: 'PATCH',
    url: '/api/event-types/987654',
    headers: bearer(admin),
    payload: { label: 'x' },
  });
  assert.equal(missing.statusCode, 404);
});
