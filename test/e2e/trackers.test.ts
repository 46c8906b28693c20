import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { ConnectionErrors } from '@pioneira/core';
import { createHarness, eventually, type Harness } from '@pioneira/gps/testing';
import { type TcpClient, tcpClient } from '@pioneira/gps/testing/tcp';
import { encodeGt06Location, encodeGt06Login } from '@pioneira/protocols';
import * as f from '@pioneira/protocols/fixtures/trackers';
import { testEnv } from '@pioneira/testing';
import { listeners } from '../../apps/worker/src/roles/listeners';
import { ANY_LISTENER_PORTS, TEST_SECRETS } from './listener-rig';

// The tracker ports of the worker's listeners role, over real TCP, on a real database: real captures
// are stored with their times, speeds and attributes, malformed ones refused with nothing stored, and
// every acknowledgement is written only once its positions are committed.
let h: Harness;
let role: { stop(): Promise<void> };
const ports: Record<string, number> = {};
const logged: { message: string; fields?: Record<string, unknown> }[] = [];

before(async () => {
  h = await createHarness();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: h.db.url,
    REDIS_URL: testEnv().redisUrl,
    REDIS_PREFIX: h.prefix,
    ...TEST_SECRETS,
    API_HOST: '127.0.0.1',
    ...ANY_LISTENER_PORTS,
    LISTENER_HANDSHAKE_TIMEOUT_SECONDS: '5',
  });
  role = await listeners.start({
    config,
    sql: h.db.sql,
    redis: h.redis,
    connections: new ConnectionErrors(() => {}),
    log: (message, fields) => {
      logged.push({ message, fields });
      if (message === 'device listeners up') Object.assign(ports, fields);
    },
  });
});
after(async () => {
  await role.stop();
  await h.close();
});

const stored = (identifier: string) => h.db.sql`
  SELECT p.fixed_at, p.lat_e7 / 1e7 AS lat, p.lon_e7 / 1e7 AS lon, round(p.speed_kmh::numeric, 1) AS speed, p.course, a.attributes
  FROM positions p JOIN devices d ON d.num = p.device_num
  LEFT JOIN position_attributes a ON a.device_num = p.device_num AND a.fixed_at = p.fixed_at
  WHERE d.identifier = ${identifier} ORDER BY p.fixed_at`;
const count = async () => (await h.db.sql`SELECT count(*)::int AS n FROM positions`)[0]!.n as number;
const hex = (h: string) => Buffer.from(h, 'hex');
const closed = async (client: TcpClient) => {
  await Promise.race([client.closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  return client.isClosed();
};

test('GT06: login acknowledged, locations and alarms stored with UTC time, km/h and named attributes', async () => {
  await h.device('864717003283581', 'gt06');
  const client = await tcpClient(ports.gt06!);
  client.socket.write(hex(f.GT06_LOGIN));
  assert.equal((await client.read(10)).toString('hex'), '78780501000955940d0a');
  client.socket.write(hex(f.GT06_LOCATION));
  client.socket.write(hex(f.GT06_ALARM_POWER_CUT));
  // The alarm's acknowledgement comes after its commit: both rows are visible once it arrives.
  assert.equal((await client.read(10)).subarray(3, 6).toString('hex'), '160067');
  const rows = await stored('864717003283581');
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.fixed_at.toISOString(), '2015-10-20T14:21:11.000Z');
  assert.equal(Number(rows[0]!.lat).toFixed(5), '54.94535');
  assert.equal(rows[1]!.fixed_at.toISOString(), '2016-05-27T15:28:52.000Z');
  assert.equal(Number(rows[1]!.lat).toFixed(4), '-19.9916');
  assert.equal(Number(rows[1]!.lon).toFixed(4), '-43.9041');
  assert.equal(Number(rows[1]!.speed), 7);
  assert.equal(rows[1]!.attributes.alarm, 'powerCut');
  assert.equal(rows[1]!.attributes.ignition, false);
  client.socket.write(hex(f.GT06_STATUS));
  assert.equal((await client.read(10)).subarray(2, 4).toString('hex'), '0513');
  client.socket.destroy();
});

test('GT06: a device whose login announces GMT-4 has its clock shifted to UTC', async () => {
  await h.device('864717003664467', 'gt06');
  const client = await tcpClient(ports.gt06!);
  client.socket.write(hex(f.GT06_LOGIN_WEST_4));
  assert.equal((await client.read(10)).length, 10);
  const local = new Date('2025-03-01T09:00:00Z');
  client.socket.write(
    encodeGt06Location({ fixedAt: local, latitude: -3.1, longitude: -60.02, speedKmh: 33, course: 45 }, 2),
  );
  const rows = await eventually(
    async () => (await stored('864717003664467')).length === 1 && stored('864717003664467'),
  );
  assert.ok(rows);
  assert.equal(rows[0]!.fixed_at.toISOString(), '2025-03-01T13:00:00.000Z');
  assert.equal(Number(rows[0]!.speed), 33);
  client.socket.destroy();
});

test('GT06: an unknown IMEI, a device of another protocol and a bad CRC are closed with nothing stored', async () => {
  await h.device('356307042441013', 'teltonika');
  const before = await count();
  for (const login of [encodeGt06Login('350000000000001', 1), encodeGt06Login('356307042441013', 1)]) {
    const client = await tcpClient(ports.gt06!);
    client.socket.write(login);
    client.socket.write(
      encodeGt06Location({ fixedAt: new Date(), latitude: 1, longitude: 1, speedKmh: 1, course: 1 }, 2),
    );
    assert.equal((await client.read(10)).length, 0, 'no login acknowledgement');
    assert.ok(await closed(client));
  }
  const client = await tcpClient(ports.gt06!);
  client.socket.write(hex(f.GT06_LOGIN));
  assert.equal((await client.read(10)).length, 10);
  const corrupt = hex(f.GT06_ALARM_SHOCK);
  corrupt[12] ^= 0x40;
  client.socket.write(corrupt);
  assert.equal((await client.read(10)).length, 0, 'no acknowledgement, the connection is closed');
  assert.equal(await count(), before);
  await h.ingest.refusals.flush();
});

test('H02: text and binary reports are stored; a malformed report is refused alone and the session goes on', async () => {
  await h.device('4210051415', 'h02');
  const client = await tcpClient(ports.h02!);
  client.socket.write(`${f.H02_TEXT}\r\n`);
  client.socket.write('*HQ,4210051415,V1,164550,A,0956.3869,N,08406.7068,W,fast,000,221215,FFFFFBFF#');
  client.socket.write('*HQ,4210051415,V1,170000,A,0956.4000,N,08406.7068,W,21.6,090,221215,FFFFFFFF#');
  const rows = await eventually(
    async () => (await stored('4210051415')).length === 2 && stored('4210051415'),
  );
  assert.ok(rows, 'both well-formed reports stored');
  assert.equal(rows[0]!.fixed_at.toISOString(), '2015-12-22T16:45:49.000Z');
  assert.equal(Number(rows[0]!.lon).toFixed(5), '-84.11178');
  assert.equal(rows[0]!.attributes.ignition, false);
  assert.equal(Number(rows[1]!.speed), 40); // 21.6 knots
  assert.equal(rows[1]!.attributes.ignition, true);
  assert.equal(client.isClosed(), false);
  client.socket.destroy();

  await h.device('4106000826', 'h02');
  const binary = await tcpClient(ports.h02!);
  binary.socket.write(hex(f.H02_BINARY));
  const [row] =
    (await eventually(async () => (await stored('4106000826')).length === 1 && stored('4106000826'))) || [];
  assert.equal(row?.fixed_at.toISOString(), '2015-08-31T21:53:21.000Z');
  binary.socket.destroy();
});

test('Suntech: fixed and universal layouts stored with odometer, power and ignition; an unknown id is closed', async () => {
  await h.device('317652', 'suntech');
  await h.device('100850000', 'suntech');
  const sa = await tcpClient(ports.suntech!);
  sa.socket.write(`${f.SUNTECH_SA200_STT}\r${f.SUNTECH_EMG}\r${f.SUNTECH_ALV}\r`);
  const rows = await eventually(async () => (await stored('317652')).length === 2 && stored('317652'));
  assert.ok(rows);
  assert.equal(rows[1]!.fixed_at.toISOString(), '2012-07-18T15:37:12.000Z');
  assert.equal(Number(rows[1]!.lat), -15.618755);
  assert.equal(rows[1]!.attributes.odometer, 41548);
  assert.equal(rows[1]!.attributes.power, 12.17);
  assert.equal(rows[1]!.attributes.ignition, true);
  assert.equal(rows[0]!.attributes.alarm, 'sos');
  const universal = await tcpClient(ports.suntech!);
  universal.socket.write(`${f.SUNTECH_UNIVERSAL_STT}\r`);
  const [u] =
    (await eventually(async () => (await stored('100850000')).length === 1 && stored('100850000'))) || [];
  assert.equal(Number(u?.speed), 62);
  const before = await count();
  const stranger = await tcpClient(ports.suntech!);
  stranger.socket.write(`${f.SUNTECH_ST300_STT}\r`);
  assert.ok(await closed(stranger));
  assert.equal(await count(), before);
  sa.socket.destroy();
  universal.socket.destroy();
});

test('Queclink: +RESP and +BUFF reports stored, +SACK only after the commit, heartbeat answered', async () => {
  await h.device('866314060109269', 'queclink');
  const client = await tcpClient(ports.queclink!);
  // Hold the outbox so the commit waits: no SACK may reach the device until the rows are committed.
  const lock = h.db.sql.reserve();
  const held = await lock;
  await held`BEGIN`;
  await held`LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE`;
  client.socket.write(f.QUECLINK_FRI);
  const waiting = await eventually(async () => {
    const [{ n }] = await h.db.sql`
      SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'outbox'::regclass
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
    return n > 0;
  });
  assert.ok(waiting, 'the commit is waiting on the lock');
  assert.equal(client.socket.readableLength, 0, 'no SACK before the commit');
  await held`COMMIT`;
  held.release();
  assert.equal((await client.read(11)).toString(), '+SACK:0F4C$');
  const [row] = await stored('866314060109269');
  assert.equal(row?.fixed_at.toISOString(), '2023-07-22T14:53:38.000Z');
  assert.equal(Number(row?.lat), -33.524595);
  assert.equal(row?.attributes.batteryLevel, 100);
  assert.equal(row?.attributes.ignition, true);
  client.socket.write('+ACK:GTHBD,8020040200,866314060109269,,20230722145341,0F4D$');
  const heartbeatAck = '+SACK:GTHBD,8020040200,0F4D$';
  assert.equal((await client.read(heartbeatAck.length)).toString(), heartbeatAck);
  client.socket.destroy();
});

test('Queclink: malformed and unknown messages store nothing and are counted; another IMEI on the connection closes it', async () => {
  await h.device('868487004358800', 'queclink');
  const client = await tcpClient(ports.queclink!);
  client.socket.write(f.QUECLINK_SOS);
  assert.equal((await client.read(11)).toString(), '+SACK:03A6$');
  const before = await count();
  client.socket.write(
    '+RESP:GTFRI,DF0200,868487004358800,cv100,,00,1,1,0.0,0,138.0,214.015465,22.537372,20210714115224,03A7$',
  );
  client.socket.write('+RESP:GTINF,DF0200,868487004358800,cv100,41,89880000000000000000,14,99,03A8$');
  assert.equal(
    (await client.read(11)).toString(),
    '+SACK:03A8$',
    'the unknown report is acknowledged, not stored',
  );
  client.socket.write(f.QUECLINK_FRI);
  assert.ok(await closed(client));
  assert.equal(await count(), before);
  const notStored = await eventually(
    async () => logged.filter((l) => l.message === 'device message not stored').length >= 2,
  );
  assert.ok(notStored, 'the malformed and the unknown message are both logged');
  // The listeners flush their counters every few seconds into ingest_refusals (read by /metrics).
  const counted = await eventually(async () => {
    const rows = await h.db.sql`
      SELECT reason FROM ingest_refusals WHERE protocol = 'queclink' AND refused > 0
        AND reason IN ('malformed_message', 'unknown_message')`;
    return rows.length === 2;
  }, 20_000);
  assert.ok(counted, 'both are counted per protocol');
});
