import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addEvent, seedFleet } from './fleet-fixtures';
import { bearer, createTestApi, type TestApi } from './helpers';

// Sortable lists: `sort` takes a whitelisted column, `-` for descending; anything else is a 400.
let api: TestApi;
let token: string;
let joaoId: string;
const JOAO = '-5714153672471940592';
const JOANA = '-1000000000000000002';
const SPEEDING = '-614457561876096876';
const PHONE = '-7000000000000000001';
const BRAKING = '-9050647299058098294';

before(async () => {
  api = await createTestApi();
  token = (await api.login('viewer')).token;
  const fleet = await seedFleet(api.db.sql);
  joaoId = fleet.driverId(JOAO);
  const events = [
    { driver: JOAO, type: SPEEDING, at: '2026-03-01T10:00:00Z', speed: 95 },
    { driver: JOAO, type: PHONE, at: '2026-03-02T10:00:00Z', speed: 40 },
    { driver: JOAO, type: BRAKING, at: '2026-03-03T10:00:00Z', speed: 70 },
    { driver: JOANA, type: SPEEDING, at: '2026-03-02T11:00:00Z', speed: 88 },
  ];
  for (const e of events) await addEvent(api.db.sql, e);
});
after(() => api.close());

const get = (url: string) => api.app.inject({ method: 'GET', url, headers: bearer(token) });
const period = 'from=2026-03-01&to=2026-03-05';

test("a driver's infractions sort by time, speed and severity either way", async () => {
  const speeds = async (sort: string) =>
    (await get(`/api/drivers/${joaoId}/infractions?${period}&sort=${sort}`))
      .json()
      .items.map((i: { speedKmh: number }) => i.speedKmh);
  assert.deepEqual(await speeds('-occurredAt'), [70, 40, 95], 'newest first');
  assert.deepEqual(await speeds('occurredAt'), [95, 40, 70]);
  assert.deepEqual(await speeds('speed'), [40, 70, 95]);
  assert.deepEqual(await speeds('-speed'), [95, 70, 40]);
  const severities = (await get(`/api/drivers/${joaoId}/infractions?${period}&sort=-severity`))
    .json()
    .items.map((i: { type: { severity: string } }) => i.type.severity);
  assert.equal(severities[0], 'gravissima');
});

test('the ranking sorts by score, infractions or name; the position stays the rank by score', async () => {
  const rows = async (sort?: string) =>
    (await get(`/api/rankings/drivers?${period}${sort ? `&sort=${sort}` : ''}`)).json().items as {
      position: number;
      driver: { name: string };
    }[];
  const byScore = await rows();
  assert.deepEqual(
    byScore.map((r) => [r.position, r.driver.name]),
    [
      [1, 'João Gonçalves'],
      [2, 'Joana Prado'],
    ],
  );
  const byName = await rows('name');
  assert.deepEqual(
    byName.map((r) => [r.position, r.driver.name]),
    [
      [2, 'Joana Prado'],
      [1, 'João Gonçalves'],
    ],
  );
  assert.deepEqual(
    (await rows('-name')).map((r) => r.driver.name),
    ['João Gonçalves', 'Joana Prado'],
  );
  assert.deepEqual(
    (await rows('infractions')).map((r) => r.driver.name),
    ['Joana Prado', 'João Gonçalves'],
  );
});

test('a sort outside the whitelist is a 400 saying what is allowed', async () => {
  for (const url of [
    `/api/drivers/${joaoId}/infractions?${period}&sort=password`,
    `/api/drivers/${joaoId}/infractions?${period}&sort=started_at;DROP TABLE x`,
    `/api/rankings/drivers?${period}&sort=--score`,
    `/api/parcels?sort=secret`,
    `/api/vehicles?sort=id`,
  ]) {
    const res = await get(url);
    assert.equal(res.statusCode, 400, url);
    assert.equal(res.json().error.code, 'validation_failed', url);
    assert.match(res.json().error.message, /sort/, url);
  }
});
