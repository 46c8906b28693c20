import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeTeltonikaCodec8, encodeTeltonikaImei } from '@pioneira/protocols';
import { hashDeviceToken, newDeviceSecret, startOsmAndServer, startTeltonikaServer } from '../src';
import { createHarness, type Harness } from './harness';
import { tcpClient } from './tcp';

// A device is known by its identifier AND the protocol it was registered for AND, for OsmAnd and
// OwnTracks HTTP, its secret when it has one: naming another device's identifier is not enough.
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

const storedOf = async (identifier: string) =>
  (
    await h.db.sql`
      SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num
      WHERE d.identifier = ${identifier}`
  )[0].n as number;

const osmandFix = (query: string, init?: RequestInit) =>
  fetch(
    `http://127.0.0.1:${osmand.port}/?lat=-23.5&lon=-46.6&timestamp=${Math.floor(Date.now() / 1000) - 60}&${query}`,
    init,
  );

async function withSecret(identifier: string, protocol: string): Promise<string> {
  await h.device(identifier, protocol);
  const secret = newDeviceSecret();
  await h.db
    .sql`UPDATE devices SET secret_hash = ${hashDeviceToken(secret)} WHERE identifier = ${identifier}`;
  h.ingest.devices.clear();
  return secret;
}

test('OsmAnd cannot write for a device registered under another protocol; its own devices still can', async () => {
  await h.device('860000000000001', 'json');
  await h.device('860000000000002', 'teltonika');
  await h.device('osm-own', 'osmand');
  for (const id of ['860000000000001', '860000000000002']) {
    const res = await osmandFix(`id=${id}`);
    assert.equal(res.status, 400, `${id}: ${await res.text()}`);
  }
  assert.equal(await storedOf('860000000000001'), 0);
  assert.equal(await storedOf('860000000000002'), 0);
  assert.equal(h.ingest.refusals.get('wrong_protocol', 'osmand'), 2);
  assert.equal((await osmandFix('id=osm-own')).status, 200);
  assert.equal(await storedOf('osm-own'), 1);
});

test('Teltonika: the handshake of an IMEI registered for another protocol is refused (00) and closed', async () => {
  await h.device('860000000000003', 'json');
  await h.device('860000000000004', 'teltonika');
  const intruder = await tcpClient(teltonika.port);
  intruder.socket.write(encodeTeltonikaImei('860000000000003'));
  assert.deepEqual(await intruder.read(1), Buffer.from([0]));
  await intruder.closed;
  // Pushing AVL data without an accepted handshake stores nothing either.
  assert.equal(await storedOf('860000000000003'), 0);

  const device = await tcpClient(teltonika.port);
  device.socket.write(encodeTeltonikaImei('860000000000004'));
  assert.deepEqual(await device.read(1), Buffer.from([1]));
  device.socket.write(
    encodeTeltonikaCodec8([{ fixedAt: new Date(Date.now() - 60_000), latitude: -23.5, longitude: -46.6 }]),
  );
  assert.equal((await device.read(4)).readUInt32BE(0), 1);
  device.socket.destroy();
  assert.equal(await storedOf('860000000000004'), 1);
});

test('OsmAnd device with a secret: refused without it or with a wrong one; stored with it, never as an attribute', async () => {
  const secret = await withSecret('osm-secret', 'osmand');
  const refused = [
    await osmandFix('id=osm-secret'),
    await osmandFix('id=osm-secret&secret=pds_wrong'),
    await osmandFix('id=osm-secret', {
      headers: { authorization: `Basic ${Buffer.from('osm-secret:nope').toString('base64')}` },
    }),
  ];
  for (const res of refused) {
    assert.equal(res.status, 401);
    assert.match(await res.text(), /invalid_device_secret/);
  }
  assert.equal(await storedOf('osm-secret'), 0);
  assert.equal(h.ingest.refusals.get('invalid_secret', 'osmand'), 3);

  assert.equal((await osmandFix(`id=osm-secret&secret=${encodeURIComponent(secret)}`)).status, 200);
  const basic = `Basic ${Buffer.from(`osm-secret:${secret}`).toString('base64')}`;
  const viaHeader = await fetch(
    `http://127.0.0.1:${osmand.port}/?id=osm-secret&lat=-23.5&lon=-46.6&timestamp=${Math.floor(Date.now() / 1000) - 30}`,
    { headers: { authorization: basic } },
  );
  assert.equal(viaHeader.status, 200);
  assert.equal(await storedOf('osm-secret'), 2);
  const attributes = await h.db.sql`
    SELECT a.attributes::text AS text FROM position_attributes a JOIN devices d ON d.num = a.device_num
    WHERE d.identifier = 'osm-secret'`;
  for (const row of attributes) assert.ok(!row.text.includes(secret), 'the secret is not stored');
});
