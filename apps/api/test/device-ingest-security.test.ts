import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, createTestApi, type TestApi } from './helpers';

// Device ingest over the api's HTTP as an attacker sees it: a device is authenticated the way its
// registration says (JSON token, protocol, OsmAnd/OwnTracks secret), bodies are validated as sent
// (no coercion), and no role but managers ever learns a device credential, and only once.
let api: TestApi;
let manager: string;
let viewer: string;
before(async () => {
  api = await createTestApi();
  manager = (await api.login('manager')).token;
  viewer = (await api.login('viewer')).token;
});
after(async () => api.close());

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) =>
  api.app.inject({ method, url, headers: bearer(token), payload });

async function register(identifier: string, protocol: string) {
  const res = await inject('POST', '/api/devices', manager, { identifier, name: identifier, protocol });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; token: string; hasSecret: boolean };
}

const storedOf = async (identifier: string) =>
  (
    await api.db.sql`
      SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num
      WHERE d.identifier = ${identifier}`
  )[0].n as number;

const recent = () => Math.floor(Date.now() / 1000) - Math.floor(Math.random() * 3000) - 60;
const osmand = (query: string, headers: Record<string, string> = {}) =>
  api.app.inject({ method: 'GET', url: `/ingest/osmand?lat=-23.5&lon=-46.6&${query}`, headers });
const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const owntracks = (user: string, device: string, headers: Record<string, string>, body?: object) =>
  api.app.inject({
    method: 'POST',
    url: `/ingest/owntracks?u=${user}&d=${device}`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body ?? { _type: 'location', lat: -23.5, lon: -46.6, tst: recent() }),
  });

test('device secrets: managers set and remove them; viewers see only whether there is one', async () => {
  const device = await register('sec-phone', 'osmand');
  assert.equal(device.hasSecret, false);
  assert.equal((await inject('POST', `/api/devices/${device.id}/secret`, viewer)).statusCode, 403);
  const set = await inject('POST', `/api/devices/${device.id}/secret`, manager);
  assert.equal(set.statusCode, 200, set.body);
  const { secret } = set.json();
  assert.match(secret, /^pds_\S{20,}$/);
  for (const url of [`/api/devices/${device.id}`, '/api/devices?search=sec-phone']) {
    for (const token of [viewer, manager]) {
      const res = await inject('GET', url, token);
      assert.equal(res.statusCode, 200);
      assert.ok(!res.body.includes(secret) && !res.body.includes(device.token), `${url}: no credential`);
      assert.ok(!/secretHash|secret_hash|tokenHash|"token"|"secret"/.test(res.body), `${url}: ${res.body}`);
    }
  }
  assert.equal((await inject('GET', `/api/devices/${device.id}`, viewer)).json().hasSecret, true);
  const json = await register('sec-json', 'json');
  const refused = await inject('POST', `/api/devices/${json.id}/secret`, manager);
  assert.equal(refused.statusCode, 400);
  assert.equal(refused.json().error.code, 'secret_not_supported');
  assert.equal((await inject('DELETE', `/api/devices/${device.id}/secret`, viewer)).statusCode, 403);
  assert.equal((await inject('DELETE', `/api/devices/${device.id}/secret`, manager)).statusCode, 204);
  assert.equal((await inject('GET', `/api/devices/${device.id}`, viewer)).json().hasSecret, false);
  assert.equal((await osmand(`id=sec-phone&timestamp=${recent()}`)).statusCode, 200, 'no secret: accepted');
});

test('a device is only reachable through its own protocol: OsmAnd for a JSON device, a JSON token of an OsmAnd device', async () => {
  const json = await register('proto-json', 'json');
  const res = await osmand(`id=proto-json&timestamp=${recent()}`);
  assert.equal(res.statusCode, 400, res.body);
  assert.equal(await storedOf('proto-json'), 0);

  const phone = await register('proto-osmand', 'osmand');
  const viaToken = await api.app.inject({
    method: 'POST',
    url: '/ingest/positions',
    headers: bearer(phone.token),
    payload: { positions: [{ fixedAt: new Date().toISOString(), latitude: 1, longitude: 1 }] },
  });
  assert.equal(viaToken.statusCode, 401);
  assert.equal(viaToken.json().error.code, 'invalid_device_token');
  assert.equal(await storedOf('proto-osmand'), 0);
  // The JSON device's own token still works.
  const own = await api.app.inject({
    method: 'POST',
    url: '/ingest/positions',
    headers: bearer(json.token),
    payload: { positions: [{ fixedAt: new Date().toISOString(), latitude: 1, longitude: 1 }] },
  });
  assert.equal(own.statusCode, 200, own.body);
});

test('OsmAnd over the api with a device secret: 401 without or with a wrong one, 200 with it', async () => {
  const device = await register('sec-osmand', 'osmand');
  const { secret } = (await inject('POST', `/api/devices/${device.id}/secret`, manager)).json();
  assert.equal((await osmand(`id=sec-osmand&timestamp=${recent()}`)).statusCode, 401);
  assert.equal((await osmand(`id=sec-osmand&timestamp=${recent()}&secret=x`)).statusCode, 401);
  assert.equal(
    (await osmand(`id=sec-osmand&timestamp=${recent()}`, basic('sec-osmand', 'x'))).statusCode,
    401,
  );
  assert.equal(await storedOf('sec-osmand'), 0);
  assert.equal((await osmand(`id=sec-osmand&timestamp=${recent()}&secret=${secret}`)).statusCode, 200);
  assert.equal((await osmand(`id=sec-osmand&timestamp=${recent()}`, basic('x', secret))).statusCode, 200);
  assert.equal(await storedOf('sec-osmand'), 2);
});

test('OwnTracks HTTP checks the Basic-auth password against the device secret, and the protocol', async () => {
  const device = await register('ana/phone', 'owntracks');
  const { secret } = (await inject('POST', `/api/devices/${device.id}/secret`, manager)).json();
  assert.equal((await owntracks('ana', 'phone', {})).statusCode, 401);
  const wrong = await owntracks('ana', 'phone', basic('ana', 'wrong'));
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.json().error.code, 'invalid_device_secret');
  const lwt = await owntracks('ana', 'phone', basic('ana', 'wrong'), { _type: 'lwt', tst: recent() });
  assert.equal(lwt.statusCode, 401, 'a message without a position is not a way around it');
  assert.equal(await storedOf('ana/phone'), 0);
  const ok = await owntracks('ana', 'phone', basic('ana', secret));
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(await storedOf('ana/phone'), 1);

  await register('bob/phone', 'json');
  assert.equal((await owntracks('bob', 'phone', {})).statusCode, 400);
  assert.equal(await storedOf('bob/phone'), 0);
  const metrics = await api.app.inject({ method: 'GET', url: '/metrics' });
  assert.match(
    metrics.body,
    /pioneira_ingest_refusals_total\{reason="invalid_secret",protocol="owntracks"\} 3/,
  );
  assert.match(
    metrics.body,
    /pioneira_ingest_refusals_total\{reason="wrong_protocol",protocol="owntracks"\} 1/,
  );
});

test('POST /ingest/positions validates strictly: no coercion of numbers or dates; query strings still parse', async () => {
  const device = await register('strict-json', 'json');
  const good = { fixedAt: new Date(Date.now() - 60_000).toISOString(), latitude: -23.5, longitude: -46.6 };
  const cases: [string, object][] = [
    ['latitude null', { ...good, latitude: null }],
    ['latitude true', { ...good, latitude: true }],
    ['latitude "0x10"', { ...good, latitude: '0x10' }],
    ['latitude [-23.5]', { ...good, latitude: [-23.5] }],
    ['latitude " 1 "', { ...good, latitude: ' 1 ' }],
    ['latitude "Infinity"', { ...good, latitude: 'Infinity' }],
    ['speedKmh "10"', { ...good, speedKmh: '10' }],
    ['fixedAt "March 1, 2026"', { ...good, fixedAt: 'March 1, 2026' }],
    ['fixedAt without a zone', { ...good, fixedAt: '2026-03-01T10:00:00' }],
    ['fixedAt 2024-02-30', { ...good, fixedAt: '2024-02-30T10:00:00Z' }],
    ['fixedAt ten years ahead', { ...good, fixedAt: Date.now() + 10 * 365 * 86_400_000 }],
    ['a NUL in an attribute', { ...good, attributes: { note: 'a\u0000b' } }],
  ];
  for (const [what, position] of cases) {
    const res = await api.app.inject({
      method: 'POST',
      url: '/ingest/positions',
      headers: bearer(device.token),
      payload: { positions: [good, position] },
    });
    assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
    assert.ok(res.json().error.message.length > 10, `${what} says what was wrong`);
  }
  assert.equal(await storedOf('strict-json'), 0, 'nothing of a refused batch is stored');
  const list = await inject('GET', '/api/devices?page=1&pageSize=5', viewer);
  assert.equal(list.statusCode, 200, 'query-string numbers are still parsed');
  assert.equal(list.json().pageSize, 5);
});

test('OsmAnd over the api: strict decimals, real calendar days, the fix window: 400, never 500', async () => {
  await register('strict-osmand', 'osmand');
  const ten = Math.floor((Date.now() + 10 * 365 * 86_400_000) / 1000);
  for (const query of [
    'lat=%201%20&lon=-46.6',
    'lat=0x10&lon=-46.6',
    'lat=Infinity&lon=-46.6',
    'lat=-23.5&lon=-46.6&timestamp=2024-02-30',
    'lat=-23.5&lon=-46.6&timestamp=2024-02-30T10:00:00Z',
    'lat=-23.5&lon=-46.6&timestamp=2024-02-30%2010:00:00',
    `lat=-23.5&lon=-46.6&timestamp=${ten}`,
  ]) {
    const res = await api.app.inject({ method: 'GET', url: `/ingest/osmand?id=strict-osmand&${query}` });
    assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
  }
  assert.equal(await storedOf('strict-osmand'), 0);
});

test('device secret routes: bad ids are 400, unknown ones 404; two concurrent replacements leave exactly one secret working', async () => {
  assert.equal((await inject('POST', '/api/devices/not-a-uuid/secret', manager)).statusCode, 400);
  const missing = '00000000-0000-4000-8000-000000000000';
  assert.equal((await inject('POST', `/api/devices/${missing}/secret`, manager)).statusCode, 404);
  assert.equal((await inject('DELETE', `/api/devices/${missing}/secret`, manager)).statusCode, 404);
  const device = await register('sec-race', 'osmand');
  const answers = await Promise.all([
    inject('POST', `/api/devices/${device.id}/secret`, manager),
    inject('POST', `/api/devices/${device.id}/secret`, manager),
  ]);
  for (const res of answers) assert.equal(res.statusCode, 200);
  const statuses = [];
  for (const res of answers)
    statuses.push((await osmand(`id=sec-race&timestamp=${recent()}&secret=${res.json().secret}`)).statusCode);
  assert.deepEqual(statuses.sort(), [200, 401], 'the last replacement wins, the other secret is dead');
});
