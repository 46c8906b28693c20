import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readSheet } from 'read-excel-file/node';
import { addEvent, seedFleet } from './fleet-fixtures';
import { bearer, createTestApi, type TestApi } from './helpers';

// The XLSX exports are read back with an independent reader: dates must come back as dates (in local
// wall time) and numbers as numbers, or a spreadsheet cannot sort, sum or filter them.
let api: TestApi;
let viewer: string;
let fleet: Awaited<ReturnType<typeof seedFleet>>;
const CONCEICAO = '-1000000000000000003';
const SPEEDING = '-614457561876096876';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

before(async () => {
  api = await createTestApi();
  viewer = (await api.login('viewer')).token;
  fleet = await seedFleet(api.db.sql);
  await addEvent(api.db.sql, {
    driver: CONCEICAO,
    type: SPEEDING,
    at: '2026-03-01T02:30:00Z',
    speed: 92.4,
    limit: 80,
  });
  await addEvent(api.db.sql, {
    driver: CONCEICAO,
    type: SPEEDING,
    at: '2026-03-01T12:00:00Z',
    speed: 101,
    limit: 80,
  });
  // An admin-set label that a spreadsheet would run as a formula if it were written as one.
  await api.db
    .sql`UPDATE event_types SET label = '=HYPERLINK("http://evil.example","x")' WHERE external_id = ${SPEEDING}`;
});
after(() => api.close());

const asDate = (value: unknown): Date => {
  assert.ok(value instanceof Date, `a date cell, got ${typeof value} ${String(value)}`);
  return value;
};

const download = async (url: string) => {
  const res = await api.app.inject({ method: 'GET', url, headers: bearer(viewer) });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], XLSX);
  assert.match(res.headers['content-disposition'] as string, /^attachment; filename=".+\.xlsx"$/);
  return readSheet(res.rawPayload);
};

test("a driver's infractions: local date-times and numbers as real cells, labels as plain text", async () => {
  const rows = await download(
    `/api/drivers/${fleet.driverId(CONCEICAO)}/infractions.xlsx?from=2026-02-28&to=2026-03-01`,
  );
  assert.deepEqual(rows[0].slice(0, 6), [
    'Início',
    'Fim',
    'Duração (s)',
    'Infração',
    'Gravidade',
    'Velocidade (km/h)',
  ]);
  assert.equal(rows.length, 3);
  const [newest, oldest] = [rows[1], rows[2]];
  // 02:30 UTC is 23:30 of the day before in São Paulo: the cell shows the local wall time.
  assert.equal(asDate(oldest[0]).toISOString(), '2026-02-28T23:30:00.000Z');
  assert.equal(asDate(newest[0]).toISOString(), '2026-03-01T09:00:00.000Z');
  assert.equal(oldest[2], 12);
  assert.equal(oldest[5], 92.4);
  assert.equal(oldest[6], 80);
  assert.equal(typeof oldest[7], 'number', 'latitude is a number');
  assert.equal(oldest[3], '=HYPERLINK("http://evil.example","x")', 'kept as text, not a formula');
});

test('the ranking and the parcels list as spreadsheets', async () => {
  const ranking = await download('/api/rankings/drivers.xlsx?from=2026-02-28&to=2026-03-01');
  assert.deepEqual(ranking[0].slice(0, 5), ['Posição', 'Motorista', 'Matrícula', 'Pontos', 'Infrações']);
  assert.deepEqual(ranking[1].slice(0, 5), [1, 'Conceição Magalhães', '3001', 10, 2]);

  await api.db
    .sql`INSERT INTO parcels (tracking_code, recipient_uf, recipient_cep, posted_at, weight_kg, status)
    VALUES ('XL123456789BR', 'SP', '01310100', '2026-03-01T13:00:00Z', 1.25, 'in_transit')`;
  const parcels = await download('/api/parcels.xlsx?uf=SP');
  assert.equal(parcels.length, 2);
  const [code, status, posted] = parcels[1];
  assert.deepEqual([code, status], ['XL123456789BR', 'Em trânsito']);
  assert.equal(asDate(posted).toISOString(), '2026-03-01T10:00:00.000Z');
  assert.equal(parcels[1][10], '01310-100');
  assert.equal(parcels[1][12], 1.25);
});

test('bad filters are refused and an anonymous caller gets 401', async () => {
  const get = (url: string) => api.app.inject({ method: 'GET', url, headers: bearer(viewer) });
  assert.equal((await get('/api/parcels.xlsx?uf=ZZ')).statusCode, 400);
  assert.equal((await get('/api/rankings/drivers.xlsx?from=ontem')).statusCode, 400);
  assert.equal((await get('/api/drivers/99999/infractions.xlsx')).statusCode, 404);
  assert.equal((await api.app.inject({ method: 'GET', url: '/api/parcels.xlsx' })).statusCode, 401);
});
