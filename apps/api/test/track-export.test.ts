import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let viewer: string;
let vehicleId: string;
let deviceId: string;
// Three fixes around midnight in São Paulo (03:00 UTC), one with a name that needs escaping.
const FIXES = ['2026-03-01T02:59:58Z', '2026-03-01T02:59:59Z', '2026-03-01T03:00:00Z'];
const RANGE = 'from=2026-03-01T00:00:00Z&to=2026-03-01T06:00:00Z';

before(async () => {
  api = await createTestApi();
  viewer = (await api.login('viewer')).token;
  const manager = (await api.login('manager')).token;
  const [vehicle] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number)
    VALUES ('v-export', 'Caminhão <Norte> & Sul', 'BRA2E19') RETURNING id`;
  vehicleId = String(vehicle.id);
  const device = await api.app.inject({
    method: 'POST',
    url: '/api/devices',
    headers: bearer(manager),
    payload: { identifier: 'export-1', name: 'Rastreador "1" <A&B>', protocol: 'json', vehicleId },
  });
  assert.equal(device.statusCode, 201, device.body);
  deviceId = device.json().id;
  await api.db.sql`
    INSERT INTO positions (fixed_at, device_num, lat_e7, lon_e7, speed_kmh, course, altitude)
    SELECT t::timestamptz, d.num, -235505200 + i, -466333300 - i, (725 + i) / 10.0, 90 + i, 760
    FROM devices d, unnest(${FIXES}::text[]) WITH ORDINALITY AS f (t, i) WHERE d.id = ${deviceId}`;
});
after(() => api.close());

const get = (url: string, token = viewer) => api.app.inject({ method: 'GET', url, headers: bearer(token) });

test('GPX: every fix with its time and elevation, names escaped, offered as a download', async () => {
  const res = await get(`/api/devices/${deviceId}/track/export?format=gpx&${RANGE}`);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.headers['content-type'] as string, /^application\/gpx\+xml/);
  assert.match(
    res.headers['content-disposition'] as string,
    /^attachment; filename="trajeto-.*-2026-03-01\.gpx"$/,
  );
  const points = [
    ...res.body.matchAll(/<trkpt lat="([-\d.]+)" lon="([-\d.]+)"><ele>(\d+)<\/ele><time>([^<]+)<\/time>/g),
  ];
  assert.deepEqual(
    points.map((p) => [p[1], p[2], p[3], p[4]]),
    FIXES.map((t, i) => [
      (-23.55052 + (i + 1) / 1e7).toFixed(7),
      (-46.63333 - (i + 1) / 1e7).toFixed(7),
      '760',
      new Date(t).toISOString(),
    ]),
  );
  assert.ok(res.body.includes('<name>Rastreador &quot;1&quot; &lt;A&amp;B&gt;</name>'), res.body);
  assert.ok(!res.body.includes('<A&B>'));
});

test('KML: the route as a line over its period, start and end marked', async () => {
  const res = await get(`/api/vehicles/${vehicleId}/track/export?format=kml&${RANGE}`);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.headers['content-type'] as string, /kml/);
  assert.ok(res.body.includes('<name>BRA2E19</name>'), 'a vehicle is known by its plate');
  assert.ok(res.body.includes('<begin>2026-03-01T02:59:58.000Z</begin><end>2026-03-01T03:00:00.000Z</end>'));
  const line = res.body.split('<coordinates>')[1].split('</coordinates>')[0].trim().split(/\s+/);
  assert.deepEqual(line, [
    '-46.6333301,-23.5505199,760',
    '-46.6333302,-23.5505198,760',
    '-46.6333303,-23.5505197,760',
  ]);
});

test('CSV in pt-BR: ";" separated, decimal commas, local date and time apart; in English: ISO and points', async () => {
  const pt = await get(`/api/vehicles/${vehicleId}/track/export?format=csv&${RANGE}`);
  assert.equal(pt.statusCode, 200, pt.body);
  const rows = pt.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  assert.equal(rows[0], 'data;hora;utc;latitude;longitude;velocidade_kmh;curso_graus;altitude_m');
  assert.deepEqual(rows.slice(1), [
    '28/02/2026;23:59:58;2026-03-01T02:59:58.000Z;-23,5505199;-46,6333301;72,6;91;760',
    '28/02/2026;23:59:59;2026-03-01T02:59:59.000Z;-23,5505198;-46,6333302;72,7;92;760',
    '01/03/2026;00:00:00;2026-03-01T03:00:00.000Z;-23,5505197;-46,6333303;72,8;93;760',
  ]);
  const en = await get(`/api/vehicles/${vehicleId}/track/export?format=csv&lang=en&tz=UTC&${RANGE}`);
  const lines = en.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  assert.equal(lines[0], 'utc,local_time,latitude,longitude,speed_kmh,course_deg,altitude_m');
  assert.equal(lines[3], '2026-03-01T03:00:00.000Z,2026-03-01 03:00:00,-23.5505197,-46.6333303,72.8,93,760');
});

test('bad input is a 400 with a code, unknown tracks 404, and an anonymous caller 401', async () => {
  const url = (query: string) => `/api/vehicles/${vehicleId}/track/export?${query}`;
  const refused: Array<[string, number, string]> = [
    [`format=shp&${RANGE}`, 400, 'validation_failed'],
    [`${RANGE}`, 400, 'validation_failed'],
    [`format=csv&tz=Mars/Olympus&${RANGE}`, 400, 'invalid_time_zone'],
    ['format=gpx&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z', 400, 'range_too_long'],
    ['format=gpx&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 400, 'invalid_range'],
    [`format=csv&lang=fr&${RANGE}`, 400, 'validation_failed'],
  ];
  for (const [query, status, code] of refused) {
    const res = await get(url(query));
    assert.equal(res.statusCode, status, `${query}: ${res.body}`);
    assert.equal(res.json().error.code, code, query);
  }
  assert.equal((await get(`/api/vehicles/424242/track/export?format=gpx&${RANGE}`)).statusCode, 404);
  assert.equal(
    (await get(`/api/devices/00000000-0000-0000-0000-000000000000/track/export?format=gpx`)).statusCode,
    404,
  );
  const anonymous = await api.app.inject({ method: 'GET', url: url(`format=gpx&${RANGE}`) });
  assert.equal(anonymous.statusCode, 401);
});

test('an empty period gives a valid empty file, not an error', async () => {
  const res = await get(
    `/api/vehicles/${vehicleId}/track/export?format=gpx&from=2026-04-01T00:00:00Z&to=2026-04-02T00:00:00Z`,
  );
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.includes('<trkseg>') && !res.body.includes('<trkpt'));
  const kml = await get(
    `/api/vehicles/${vehicleId}/track/export?format=kml&from=2026-04-01T00:00:00Z&to=2026-04-02T00:00:00Z`,
  );
  assert.equal(kml.statusCode, 200);
});
