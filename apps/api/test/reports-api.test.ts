import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { IngestService } from '@pioneira/gps';
import { SegmentationService } from '@pioneira/trips';
import { readSheet } from 'read-excel-file/node';
import { bearer, createTestApi, type TestApi } from './helpers';

// The reports as a client sees them: a vehicle with a tracker and a driver drives two trips on
// 2 March 2026 (São Paulo) and one on 3 March; a second vehicle one trip; positions go through the
// ingest and the segmentation service, the routes read trips, stops and daily summaries.
let api: TestApi;
let viewer: string;
let vehicleA: string;
let vehicleB: string;
let driver: string;

const DAY1 = Date.parse('2026-03-02T12:00:00Z'); // 09:00 in São Paulo
const DAY2 = Date.parse('2026-03-03T12:00:00Z');

/** Fixes every 10 s: parked 10 min, then (drive 10 min at 36 km/h, park 10 min) × `trips`. */
function workday(identifier: string, start: number, trips: number, lat0 = -23.55) {
  const fixes: Parameters<IngestService['submit']>[0] = [];
  let t = start;
  let lat = lat0;
  const push = (speed: number) => {
    fixes.push({
      deviceIdentifier: identifier,
      fixedAt: new Date(t),
      latitude: lat,
      longitude: -46.63,
      speedKmh: speed,
      course: null,
      altitude: null,
      accuracy: null,
      attributes: { ignition: speed > 0 },
    });
    t += 10_000;
  };
  for (let i = 0; i < 60; i++) push(0);
  for (let k = 0; k < trips; k++) {
    for (let i = 0; i < 60; i++) {
      lat += 100 / 111_195;
      push(36);
    }
    for (let i = 0; i < 60; i++) push(0);
  }
  return fixes;
}

async function drive(identifier: string, fixes: Parameters<IngestService['submit']>[0]) {
  await api.app.deps.gps.ingest.submit(fixes, 'osmand');
  const [d] = await api.db.sql`SELECT num FROM devices WHERE identifier = ${identifier}`;
  await new SegmentationService(api.db.sql, 'America/Sao_Paulo').apply([
    { deviceNum: d.num as number, times: fixes.map((f) => f.fixedAt.getTime()) },
  ]);
}

before(async () => {
  api = await createTestApi();
  viewer = (await api.login('viewer')).token;
  const [a] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number) VALUES ('r-1', 'Volvo FH', 'BRA2E19')
    RETURNING id`;
  const [b] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number) VALUES ('r-2', 'Fiat Strada', 'QWE1A23')
    RETURNING id`;
  const [d] = await api.db
    .sql`INSERT INTO drivers (external_id, name) VALUES ('rd-1', 'Ana Souza') RETURNING id`;
  [vehicleA, vehicleB, driver] = [a.id, b.id, d.id].map(String);
  await api.db.sql`
    INSERT INTO devices (identifier, name, protocol, vehicle_id, driver_id) VALUES
      ('rep-a', 'A', 'osmand', ${vehicleA}, ${driver}), ('rep-b', 'B', 'osmand', ${vehicleB}, NULL)`;
  await drive('rep-a', [...workday('rep-a', DAY1, 2), ...workday('rep-a', DAY2, 1, -23.4)]);
  await drive('rep-b', workday('rep-b', DAY1, 1, -22.9));
});
after(() => api.close());

const get = (url: string, token = viewer) => api.app.inject({ method: 'GET', url, headers: bearer(token) });

test('trips of a vehicle over local days, paginated, with a track for each', async () => {
  const res = await get(`/api/reports/trips?vehicleId=${vehicleA}&from=2026-03-02&to=2026-03-03`);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.total, 3);
  assert.equal(body.period.timeZone, 'America/Sao_Paulo');
  const [first] = body.items;
  assert.equal(first.vehicle.plate, 'BRA2E19');
  assert.equal(first.driver.name, 'Ana Souza');
  assert.ok(Math.abs(first.distanceKm - 6) < 0.2, `distance ${first.distanceKm}`);
  assert.ok(Math.abs(first.avgSpeedKmh - 36) < 2, `average speed ${first.avgSpeedKmh}`);
  const oneDay = (await get(`/api/reports/trips?vehicleId=${vehicleA}&from=2026-03-02&to=2026-03-02`)).json();
  assert.equal(oneDay.total, 2, 'the second day is outside');
  const pages = await Promise.all(
    [1, 2, 3].map(async (page) =>
      (
        await get(
          `/api/reports/trips?vehicleId=${vehicleA}&from=2026-03-02&to=2026-03-03&pageSize=1&page=${page}`,
        )
      ).json(),
    ),
  );
  assert.deepEqual(
    pages.map((p) => p.items[0].id),
    body.items.map((t: { id: string }) => t.id),
  );
  const track = (await get(`/api/reports/trips/${first.id}/track`)).json();
  assert.ok(track.points.length >= 60, `track of ${track.points.length} points`);
  assert.equal(track.points[0].t, first.startedAt);
});

test('stops of a driver and of a set of vehicles', async () => {
  const byDriver = (await get(`/api/reports/stops?driverId=${driver}&from=2026-03-02&to=2026-03-03`)).json();
  assert.ok(byDriver.total >= 2, `driver stops ${byDriver.total}`);
  assert.ok(byDriver.items.every((s: { vehicle: { id: string } }) => s.vehicle.id === vehicleA));
  assert.ok(byDriver.items.every((s: { durationSeconds: number }) => s.durationSeconds >= 300));
  const set = await get(
    `/api/reports/trips?vehicleIds=${vehicleA}&vehicleIds=${vehicleB}&from=2026-03-02&to=2026-03-02`,
  );
  assert.equal(set.json().total, 3);
});

test('fleet summary with totals, and the km per day of a vehicle', async () => {
  const res = await get('/api/reports/summary?from=2026-03-01&to=2026-03-31');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.total, 2);
  assert.deepEqual(body.days, { from: '2026-03-01', to: '2026-03-31', timeZone: 'America/Sao_Paulo' });
  const a = body.items.find((i: { id: string }) => i.id === vehicleA);
  assert.equal(a.trips, 3);
  assert.equal(a.name, 'BRA2E19');
  assert.equal(body.totals.trips, 4);
  const sum = body.items.reduce((s: number, i: { distanceKm: number }) => s + i.distanceKm, 0);
  assert.ok(Math.abs(body.totals.distanceKm - sum) < 0.01);
  assert.ok(body.totals.drivingSeconds > 0 && body.totals.stoppedSeconds > 0);
  const driverSummary = (
    await get(`/api/reports/summary?driverId=${driver}&from=2026-03-01&to=2026-03-31`)
  ).json();
  assert.equal(driverSummary.items[0].name, 'Ana Souza');
  assert.equal(driverSummary.items[0].trips, 3);
  const daily = (await get(`/api/reports/daily?vehicleId=${vehicleA}&from=2026-03-01&to=2026-03-31`)).json();
  assert.deepEqual(
    daily.items.map((d: { day: string; trips: number }) => [d.day, d.trips]),
    [
      ['2026-03-02', 2],
      ['2026-03-03', 1],
    ],
  );
});

test('CSV exports of trips, stops and the summary with its total line', async () => {
  const trips = await get(`/api/reports/trips.csv?vehicleId=${vehicleA}&from=2026-03-02&to=2026-03-03`);
  assert.equal(trips.statusCode, 200, trips.body);
  assert.match(trips.headers['content-type'] as string, /text\/csv/);
  assert.match(trips.headers['content-disposition'] as string, /viagens\.csv/);
  const lines = trips.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  assert.equal(lines.length, 4, 'header and three trips');
  assert.match(lines[0], /^Placa;Veículo;Motorista;Saída \(data\);Saída \(hora\);Chegada \(data\);/);
  assert.match(lines[1], /^BRA2E19;Volvo FH;Ana Souza;02\/03\/2026;09:09:50;/, 'local date and time apart');
  const distance = lines[1].split(';')[7];
  assert.match(distance, /^\d+(,\d+)?$/, `a number with a decimal comma: ${distance}`);
  assert.match(lines[1].split(';')[13], /^-\d+,\d+$/, 'a negative latitude stays a number');
  const stops = await get(`/api/reports/stops.csv?driverId=${driver}&from=2026-03-02&to=2026-03-03`);
  assert.ok(stops.body.trim().split('\r\n').length >= 3);
  const summary = await get('/api/reports/summary.csv?from=2026-03-01&to=2026-03-31');
  const rows = summary.body.trim().split('\r\n');
  assert.equal(rows.length, 4, 'header, two vehicles, total');
  assert.match(rows[3], /^Total;4;/);
  assert.equal((await get('/api/reports/trips.csv?vehicleId=abc')).statusCode, 400);
});

test('XLSX exports of trips, stops and the summary: local date-times and numbers as real cells', async () => {
  const sheet = async (url: string) => {
    const res = await get(url);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(
      res.headers['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    assert.match(res.headers['content-disposition'] as string, /\.xlsx"$/);
    return readSheet(res.rawPayload);
  };
  const trips = await sheet(`/api/reports/trips.xlsx?vehicleId=${vehicleA}&from=2026-03-02&to=2026-03-03`);
  assert.deepEqual(trips[0].slice(0, 6), [
    'Placa',
    'Veículo',
    'Motorista',
    'Saída',
    'Chegada',
    'Distância (km)',
  ]);
  assert.equal(trips.length, 4, 'header and three trips');
  assert.ok(trips[1][3] instanceof Date, 'the departure is a date cell');
  // 12:09:50 UTC is 09:09:50 in São Paulo: the cell shows the local wall time.
  const toSecond = (d: Date) => new Date(Math.round(d.getTime() / 1000) * 1000).toISOString();
  assert.equal(toSecond(trips[1][3] as Date), '2026-03-02T09:09:50.000Z');
  assert.equal(typeof trips[1][5], 'number', 'the distance is a number');
  const stops = await sheet(`/api/reports/stops.xlsx?driverId=${driver}&from=2026-03-02&to=2026-03-03`);
  assert.ok(stops.length >= 3);
  const summary = await sheet('/api/reports/summary.xlsx?from=2026-03-01&to=2026-03-31');
  assert.equal(summary.length, 4, 'header, two vehicles, total');
  assert.deepEqual(summary[3].slice(0, 2), ['Total', 4]);
});

test('the route of a vehicle over a period', async () => {
  const res = await get(
    `/api/reports/route?vehicleId=${vehicleA}&from=2026-03-02T12:00:00Z&to=2026-03-02T13:00:00Z`,
  );
  assert.equal(res.statusCode, 200, res.body);
  assert.ok(res.json().points.length > 100);
});

test('bad periods, bad ids and bad subjects get a clear 4xx', async () => {
  const cases: Array<[string, number, string?]> = [
    [`/api/reports/trips?vehicleId=${vehicleA}&from=2026-03-05&to=2026-03-01`, 400, 'invalid_period'],
    [`/api/reports/trips?vehicleId=${vehicleA}&from=yesterday`, 400, 'invalid_date'],
    [`/api/reports/trips?vehicleId=${vehicleA}&from=2026-02-30`, 400],
    [`/api/reports/trips?vehicleId=${vehicleA}&tz=Mars/Olympus`, 400, 'invalid_time_zone'],
    [`/api/reports/stops?vehicleId=${vehicleA}&from=2020-01-01&to=2026-01-01`, 400, 'invalid_period'],
    ['/api/reports/trips?vehicleId=abc', 400],
    ['/api/reports/trips?vehicleId=-1', 400],
    ['/api/reports/trips?vehicleId=999999', 404],
    [`/api/reports/trips?vehicleIds=${vehicleA}&vehicleIds=999998`, 404],
    ['/api/reports/stops?driverId=999999', 404],
    [`/api/reports/trips?vehicleId=${vehicleA}&driverId=${driver}`, 400, 'validation_failed'],
    ['/api/reports/trips', 400, 'validation_failed'],
    [`/api/reports/trips?vehicleId=${vehicleA}&pageSize=0`, 400],
    [`/api/reports/trips?vehicleId=${vehicleA}&colour=red`, 400],
    [`/api/reports/daily?vehicleId=${vehicleA}&from=2024-01-01&to=2026-01-01`, 400, 'invalid_period'],
    ['/api/reports/route', 400],
    [`/api/reports/route?vehicleId=${vehicleA}&from=2026-01-01&to=2026-03-01`, 400],
    ['/api/reports/trips/999999/track', 404],
    ['/api/reports/trips/x1/track', 400],
  ];
  for (const [url, status, code] of cases) {
    const res = await get(url);
    assert.equal(res.statusCode, status, `${url} → ${res.statusCode} ${res.body}`);
    const error = res.json().error;
    assert.ok(error?.code && error.message, `${url} error shape`);
    if (code) assert.equal(error.code, code, url);
  }
});

test('every report route needs a signed-in user and answers every role', async () => {
  const [{ id: tripId }] = await api.db.sql`SELECT id FROM trips LIMIT 1`;
  const urls = [
    `/api/reports/trips?vehicleId=${vehicleA}`,
    `/api/reports/stops?vehicleId=${vehicleA}`,
    '/api/reports/summary',
    `/api/reports/daily?vehicleId=${vehicleA}`,
    `/api/reports/route?vehicleId=${vehicleA}`,
    `/api/reports/trips/${tripId}/track`,
    `/api/reports/trips.csv?vehicleId=${vehicleA}`,
    `/api/reports/stops.csv?vehicleId=${vehicleA}`,
    '/api/reports/summary.csv',
    `/api/reports/trips.xlsx?vehicleId=${vehicleA}`,
    `/api/reports/stops.xlsx?vehicleId=${vehicleA}`,
    '/api/reports/summary.xlsx',
  ];
  const tokens = {
    admin: (await api.login('admin')).token,
    manager: (await api.login('manager')).token,
    viewer,
  };
  for (const url of urls) {
    assert.equal((await api.app.inject({ method: 'GET', url })).statusCode, 401, url);
    assert.equal((await get(url, 'not.a.jwt')).statusCode, 401, url);
    for (const [role, token] of Object.entries(tokens))
      assert.equal((await get(url, token)).statusCode, 200, `${url} as ${role}`);
  }
});

test('the OpenAPI document describes every report route', async () => {
  const doc = (await api.app.inject('/docs/json')).json();
  for (const path of ['trips', 'stops', 'summary', 'daily', 'route', 'trips/{id}/track'])
    assert.ok(doc.paths[`/api/reports/${path}`]?.get, path);
});

test('a vendor (MiX) trip of the vehicle wins over the tracker trip of the same time', async () => {
  const url = `/api/reports/trips?vehicleId=${vehicleB}&from=2026-03-02&to=2026-03-02`;
  const [device] = (await get(url)).json().items;
  assert.equal(device.source, 'device');
  await api.db.sql`
    INSERT INTO trips (source, external_id, vehicle_id, started_at, ended_at, start_lat, start_lon, end_lat,
                       end_lon, distance_m, driving_seconds)
    VALUES ('mix', 'mix-trip-1', ${vehicleB}, ${device.startedAt}, ${device.endedAt}, -22.9, -46.63, -22.85,
            -46.63, 6100, 600)`;
  try {
    const items = (await get(url)).json().items;
    assert.deepEqual(
      items.map((t: { source: string; distanceKm: number }) => [t.source, t.distanceKm]),
      [['mix', 6.1]],
    );
  } finally {
    await api.db.sql`DELETE FROM trips WHERE source = 'mix'`;
  }
});

test('concurrent report reads while trips are re-segmented stay consistent', async () => {
  const [d] = await api.db.sql`SELECT num FROM devices WHERE identifier = 'rep-b'`;
  const service = new SegmentationService(api.db.sql, 'America/Sao_Paulo');
  const url = `/api/reports/trips?vehicleId=${vehicleB}&from=2026-03-02&to=2026-03-02`;
  const results = await Promise.all([
    ...Array.from({ length: 4 }, () => service.apply([{ deviceNum: d.num as number, times: [DAY1] }])),
    ...Array.from({ length: 6 }, () => get(url)),
  ]);
  for (const r of results.slice(4) as Awaited<ReturnType<typeof get>>[]) assert.equal(r.json().total, 1);
});

test('a trip still being driven is listed as in progress until it ends, then as a trip', async () => {
  const [c] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number) VALUES ('r-3', 'Scania R450', 'SCA1N45')
    RETURNING id`;
  const vehicleC = String(c.id);
  await api.db.sql`INSERT INTO devices (identifier, name, protocol, vehicle_id, driver_id)
    VALUES ('rep-c', 'C', 'osmand', ${vehicleC}, ${driver})`;
  const start = Date.parse('2026-03-10T12:00:00Z');
  // Parked ten minutes, then driving for ten, without stopping yet.
  const fixes = workday('rep-c', start, 1).slice(0, 120);
  await drive('rep-c', fixes);
  const url = `/api/reports/trips?vehicleId=${vehicleC}&from=2026-03-10&to=2026-03-10`;
  const open = (await get(url)).json();
  assert.equal(open.total, 0, 'no closed trip yet');
  assert.equal(open.inProgress.length, 1, JSON.stringify(open.inProgress));
  const [trip] = open.inProgress;
  assert.equal(trip.vehicle.plate, 'SCA1N45');
  assert.equal(trip.driver.name, 'Ana Souza');
  assert.ok(Math.abs(trip.distanceKm - 6) < 0.3, `distance so far ${trip.distanceKm}`);
  assert.equal(trip.lastFixAt, fixes.at(-1)?.fixedAt.toISOString());
  assert.equal(
    (await get(`/api/reports/trips?driverId=${driver}&from=2026-03-10&to=2026-03-10`)).json().inProgress
      .length,
    1,
  );
  assert.equal(
    (await get(`/api/reports/trips?vehicleId=${vehicleA}&from=2026-03-10&to=2026-03-10`)).json().inProgress
      .length,
    0,
    'another vehicle has none',
  );
  assert.equal(
    (await get(`/api/reports/trips?vehicleId=${vehicleC}&from=2026-03-09&to=2026-03-09`)).json().inProgress
      .length,
    0,
    'not in an earlier period',
  );

  // It stops for ten minutes: the trip closes.
  await drive('rep-c', workday('rep-c', start, 1).slice(120));
  const closed = (await get(url)).json();
  assert.equal(closed.inProgress.length, 0);
  assert.equal(closed.total, 1);
});
