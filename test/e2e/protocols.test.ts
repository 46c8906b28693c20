import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { startOsmAndServer, startOwnTracksMqtt, startTeltonikaServer } from '@pioneira/gps';
import { createHarness, eventually, type Harness } from '@pioneira/gps/testing';
import { encodeTeltonikaImei } from '@pioneira/protocols';
import { FORM_SDK, URL_CUSTOM_ATTRIBUTES, URL_ISO_TIME } from '@pioneira/protocols/fixtures/osmand';
import { IOS_MOVING } from '@pioneira/protocols/fixtures/owntracks';
import { FIXTURE_A_1, IMEI_HANDSHAKE, TRACCAR_CODEC_8 } from '@pioneira/protocols/fixtures/teltonika';
import { testEnv } from '@pioneira/testing';
import mqtt from 'mqtt';

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

const stored = (identifier: string) => h.db.sql`
  SELECT p.fixed_at, p.lat_e7 / 1e7 AS lat, p.lon_e7 / 1e7 AS lon, p.speed_kmh AS speed, p.course, a.attributes
  FROM positions p JOIN devices d ON d.num = p.device_num
  LEFT JOIN position_attributes a ON a.device_num = p.device_num AND a.fixed_at = p.fixed_at
  WHERE d.identifier = ${identifier} ORDER BY p.fixed_at`;

test('OsmAnd: a Traccar Client query is stored with its time, place and speed in km/h', async () => {
  await h.device('123456789012345');
  const res = await fetch(`http://127.0.0.1:${osmand.port}${URL_CUSTOM_ATTRIBUTES}`, { method: 'POST' });
  assert.equal(res.status, 200);
  const [row] = await stored('123456789012345');
  assert.equal(row.fixed_at.toISOString(), '2017-09-07T05:56:50.000Z');
  assert.equal(Number(row.lat), 40.7232949);
  assert.equal(Number(row.lon), -74.0061409);
  assert.equal(Number(row.speed), 74.08); // 40 knots
  assert.equal(row.course, 7.199); // bearing=7.19889788244, kept to 0.001°
  assert.equal(row.attributes.ignition, true);
});

test('OsmAnd: the SDK form POST is stored too, and an unknown device gets 400 with nothing stored', async () => {
  const formId = new URLSearchParams(FORM_SDK).get('id')!;
  await h.device(formId);
  const res = await fetch(`http://127.0.0.1:${osmand.port}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: FORM_SDK,
  });
  assert.equal(res.status, 200);
  assert.equal((await stored(formId)).length, 1);

  const unknown = await fetch(`http://127.0.0.1:${osmand.port}${URL_ISO_TIME}`);
  assert.equal(unknown.status, 400);
  assert.match(await unknown.text(), /Unknown device 902064/);
  assert.equal((await h.db.sql`SELECT count(*)::int AS n FROM positions`)[0].n, 2);
  await h.ingest.rejections.flush();
  const [counted] = await h.db.sql`SELECT rejected FROM rejected_devices WHERE identifier = '902064'`;
  assert.equal(Number(counted.rejected), 1);
});

function teltonikaClient(): Promise<{ socket: Socket; read(bytes: number): Promise<Buffer> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(teltonika.port, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    let waiter: (() => void) | undefined;
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      waiter?.();
    });
    socket.on('close', () => waiter?.());
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        async read(bytes) {
          while (buffered.length < bytes && !socket.destroyed) await new Promise<void>((r) => (waiter = r));
          const out = buffered.subarray(0, bytes);
          buffered = buffered.subarray(bytes);
          return out;
        },
      }),
    );
  });
}

test('Teltonika: handshake 01, ACK = records committed (sent after commit), real captures stored', async () => {
  await h.device('356307042441013', 'teltonika');
  const client = await teltonikaClient();
  client.socket.write(Buffer.from(IMEI_HANDSHAKE, 'hex'));
  assert.deepEqual(await client.read(1), Buffer.from([1]));
  client.socket.write(Buffer.from(FIXTURE_A_1, 'hex'));
  assert.equal((await client.read(4)).readUInt32BE(0), 1);
  const capture = TRACCAR_CODEC_8[0];
  client.socket.write(Buffer.from(capture.hex, 'hex'));
  assert.equal((await client.read(4)).readUInt32BE(0), capture.records);
  // Acknowledged means committed: another connection sees every record at once.
  const rows = await stored('356307042441013');
  assert.equal(rows.length, 1 + capture.records);
  assert.equal(rows[0].fixed_at.toISOString(), '2019-06-10T10:04:46.000Z');
  assert.equal(rows[0].attributes.io66, 24079);
  // Resending the same packet (a device that missed the ACK) stores nothing twice but is acknowledged.
  client.socket.write(Buffer.from(capture.hex, 'hex'));
  assert.equal((await client.read(4)).readUInt32BE(0), capture.records);
  assert.equal((await stored('356307042441013')).length, 1 + capture.records);
  client.socket.destroy();
});

test('Teltonika: an unknown IMEI gets 00 and the connection closes; a bad CRC closes it too', async () => {
  const unknown = await teltonikaClient();
  unknown.socket.write(encodeTeltonikaImei('350000000000001'));
  assert.deepEqual(await unknown.read(1), Buffer.from([0]));
  await eventually(async () => unknown.socket.destroyed || unknown.socket.readableEnded);

  const client = await teltonikaClient();
  client.socket.write(Buffer.from(IMEI_HANDSHAKE, 'hex'));
  assert.deepEqual(await client.read(1), Buffer.from([1]));
  const before = (await stored('356307042441013')).length;
  const corrupt = Buffer.from(FIXTURE_A_1, 'hex');
  corrupt[corrupt.length - 1] ^= 0xff;
  client.socket.write(corrupt);
  assert.equal((await client.read(4)).length, 0, 'no ACK, the socket is closed');
  assert.equal((await stored('356307042441013')).length, before);
});

test('OwnTracks over MQTT: a location published to owntracks/<user>/<device> is stored', async () => {
  const url = testEnv().mqttUrl;
  assert.ok(url, 'npm test starts an MQTT broker (mosquitto) or uses MQTT_URL');
  const user = h.prefix.replace(/\W/g, '');
  await h.device(`${user}/iphone`, 'owntracks');
  const listener = await startOwnTracksMqtt(h.ingest, { url, clientId: `${h.prefix}-sub` });
  const phone = await mqtt.connectAsync(url, { clientId: `${h.prefix}-phone` });
  try {
    await phone.publishAsync(`owntracks/${user}/iphone`, IOS_MOVING, { qos: 1 });
    const rows = await eventually(
      async () => (await stored(`${user}/iphone`)).length > 0 && stored(`${user}/iphone`),
    );
    assert.ok(rows && rows.length === 1, 'stored once');
    const expected = JSON.parse(IOS_MOVING);
    assert.equal(rows[0].fixed_at.getTime(), expected.tst * 1000);
    assert.equal(Number(rows[0].lat), expected.lat);
    assert.equal(Number(rows[0].speed), expected.vel);
  } finally {
    await phone.endAsync();
    await listener.close();
  }
});
