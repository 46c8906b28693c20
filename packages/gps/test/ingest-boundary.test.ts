import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeTeltonikaCodec8, encodeTeltonikaImei } from '@pioneira/protocols';
import { startOsmAndServer, startTeltonikaServer } from '../src';
import { createHarness, type Harness } from './harness';
import { tcpClient } from './tcp';

// What every protocol refuses before storage: values PostgreSQL cannot hold, and fix times outside
// the window (2000 to 24 h ahead by default) that would freeze a vehicle's latest position.
let h: Harness;
let osmand: Awaited<ReturnType<typeof startOsmAndServer>>;
let teltonika: Awaited<ReturnType<typeof startTeltonikaServer>>;
before(async () => {
  h = await createHarness();
  osmand = await startOsmAndServer(h.ingest, { host: '127.0.0.1', port: 0 });
  teltonika = await startTeltonikaServer(h.ingest, { host: '127.0.0.1', port: 0 });
});
after(async () => {
  await osmand.close();
  await teltonika.close();
  await h.close();
});

const base = Date.now() - 3_600_000;
const fix = (identifier: string, second: number, attributes = {}) => ({
  deviceIdentifier: identifier,
  fixedAt: new Date(base + second * 1000),
  latitude: -23.55,
  longitude: -46.63,
  speedKmh: 40,
  course: 90,
  altitude: null,
  accuracy: null,
  attributes,
});
const count = async () => (await h.db.sql`SELECT count(*)::int AS n FROM positions`)[0].n as number;
const TEN_YEARS_MS = 10 * 365 * 86_400_000;

test('a NUL byte or a non-finite value is refused at the boundary with 400, on every path', async () => {
  await h.device('nul-1');
  const before = await count();
  const url = `http://127.0.0.1:${osmand.port}/?id=nul-1&lat=-23.5&lon=-46.6&timestamp=${Math.floor(base / 1000)}`;
  const query = await fetch(`${url}&note=a%00b`);
  assert.equal(query.status, 400, await query.text());
  const json = await fetch(`http://127.0.0.1:${osmand.port}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      device_id: 'nul-1',
      location: {
        timestamp: new Date(base).toISOString(),
        coords: { latitude: -23.5, longitude: -46.6 },
        extras: { 'k\u0000': 'x' },
      },
    }),
  });
  assert.equal(json.status, 400, await json.text());
  // Below the decoders (any protocol feeds submit): the ingest's own check refuses it too.
  await assert.rejects(h.ingest.submit([fix('nul-1', 1, { note: 'a\u0000b' })], 'osmand'), {
    code: 'invalid_position',
    status: 400,
  });
  await assert.rejects(
    h.ingest.submit([{ ...fix('nul-1', 2), latitude: Number.POSITIVE_INFINITY }], 'osmand'),
    { code: 'invalid_position' },
  );
  await assert.rejects(h.ingest.submit([{ ...fix('nul-1', 3), speedKmh: Number.NaN }], 'osmand'), {
    code: 'invalid_position',
  });
  assert.equal(await count(), before, 'nothing of a refused request is stored');
  assert.equal(h.ingest.refusals.get('invalid_value'), 3);
});

test('OsmAnd: a fix ten years ahead, before 2000 or on a day that does not exist is a 400, counted', async () => {
  await h.device('window-osm');
  const before = await count();
  const url = (timestamp: string) =>
    `http://127.0.0.1:${osmand.port}/?id=window-osm&lat=-23.5&lon=-46.6&timestamp=${timestamp}`;
  for (const timestamp of [
    String(Math.floor((Date.now() + TEN_YEARS_MS) / 1000)),
    '1999-12-31T23:59:59Z',
    '2024-02-30T10:00:00Z',
    encodeURIComponent('2024-02-30 10:00:00'),
  ]) {
    const res = await fetch(url(timestamp));
    assert.equal(res.status, 400, `${timestamp}: ${await res.text()}`);
  }
  assert.equal(await count(), before);
  assert.equal(h.ingest.refusals.get('fix_time', 'osmand'), 2);
  assert.equal((await fetch(url(String(Math.floor(base / 1000))))).status, 200);
});

test('Teltonika: a record far ahead is dropped and counted, the rest of its packet stored, the packet ACKed', async () => {
  await h.device('860000000000010', 'teltonika');
  const device = await tcpClient(teltonika.port);
  device.socket.write(encodeTeltonikaImei('860000000000010'));
  assert.deepEqual(await device.read(1), Buffer.from([1]));
  device.socket.write(
    encodeTeltonikaCodec8([
      { fixedAt: new Date(base), latitude: -23.5, longitude: -46.6 },
      { fixedAt: new Date(Date.now() + TEN_YEARS_MS), latitude: -23.5, longitude: -46.6 },
    ]),
  );
  // The ACK covers both: resending the bad one could never succeed and would block the device queue.
  assert.equal((await device.read(4)).readUInt32BE(0), 2);
  device.socket.destroy();
  const rows = await h.db.sql`
    SELECT p.fixed_at FROM positions p JOIN devices d ON d.num = p.device_num
    WHERE d.identifier = '860000000000010'`;
  assert.deepEqual(
    rows.map((r) => r.fixed_at.getTime()),
    [base],
  );
  assert.equal(h.ingest.refusals.get('fix_time', 'teltonika'), 1);
});

test('submit: any protocol is held to the window; the window is configurable', async () => {
  await h.device('window-any', 'owntracks');
  await assert.rejects(
    h.ingest.submit(
      [{ ...fix('window-any', 0), fixedAt: new Date(Date.now() + 2 * 86_400_000) }],
      'owntracks',
    ),
    { code: 'invalid_fix_time', status: 400 },
  );
  const strict = await createHarness({ fixWindow: { earliestMs: Date.now() - 60_000, maxAheadMs: 0 } });
  try {
    await strict.device('window-strict');
    await assert.rejects(strict.ingest.submit([fix('window-strict', 0)], 'osmand'), {
      code: 'invalid_fix_time',
    });
  } finally {
    await strict.close();
  }
});
