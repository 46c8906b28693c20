import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { ConnectionErrors } from '@pioneira/core';
import { createHarness, type Harness } from '@pioneira/gps/testing';
import { encodeH02Text, encodeSuntechStt, encodeTeltonikaDatagram } from '@pioneira/protocols';
import * as f from '@pioneira/protocols/fixtures/trackers';
import { testEnv } from '@pioneira/testing';
import { listeners } from '../../apps/worker/src/roles/listeners';
import { ANY_LISTENER_PORTS, TEST_SECRETS } from './listener-rig';
import { until } from './teltonika-device';

// The UDP ports of the real listeners role, over real UDP on a real database: Teltonika Codec 8
// datagrams and the text protocols' datagrams are stored and answered only after COMMIT; bad and
// oversized datagrams are refused and counted with nothing stored; one flooding source is dropped
// while another device's datagrams still go through.
let h: Harness;
let role: { stop(): Promise<void> };
let udp: Record<string, number> = {};
const RATE = 20;
const MAX_BYTES = 1024;

before(async () => {
  h = await createHarness();
  role = await listeners.start({
    config: loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: h.db.url,
      REDIS_URL: testEnv().redisUrl,
      REDIS_PREFIX: h.prefix,
      ...TEST_SECRETS,
      API_HOST: '127.0.0.1',
      ...ANY_LISTENER_PORTS,
      TELTONIKA_UDP_PORT: '0',
      H02_UDP_PORT: '0',
      SUNTECH_UDP_PORT: '0',
      QUECLINK_UDP_PORT: '0',
      LISTENER_UDP_DATAGRAMS_PER_SECOND: String(RATE),
      LISTENER_UDP_MAX_DATAGRAM_BYTES: String(MAX_BYTES),
    }),
    sql: h.db.sql,
    redis: h.redis,
    connections: new ConnectionErrors(() => {}),
    log: (message, fields) => {
      if (message === 'device listeners up') udp = fields!.udp as Record<string, number>;
    },
  });
});
after(async () => {
  await role?.stop();
  await h?.close();
});

/** A UDP device socket on a loopback address of its own (127.0.0.0/8 is all local on Linux). */
async function device(address = '127.0.0.1') {
  const socket: Socket = createSocket('udp4');
  const inbox: Buffer[] = [];
  let wake = () => {};
  socket.on('message', (message) => {
    inbox.push(message);
    wake();
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return {
    send: (port: number, bytes: Buffer | string) =>
      new Promise<void>((resolve, reject) =>
        socket.send(
          typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes,
          port,
          '127.0.0.1',
          (e) => (e ? reject(e) : resolve()),
        ),
      ),
    /** The next reply, or null when none came within `ms` (used only where no reply is the point). */
    async reply(ms = 10_000): Promise<Buffer | null> {
      const deadline = Date.now() + ms;
      while (inbox.length === 0 && Date.now() < deadline)
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      return inbox.shift() ?? null;
    },
    pending: () => inbox.length,
    close: () => socket.close(),
  };
}
const stored = async (identifier: string) =>
  (
    await h.db.sql`SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num
    WHERE d.identifier = ${identifier}`
  )[0]!.n as number;
const total = async () => (await h.db.sql`SELECT count(*)::int AS n FROM positions`)[0]!.n as number;
// The role's own counters reach ingest_refusals every few seconds: tests poll the table.
const refused = async (reason: string, protocol: string) =>
  Number(
    (
      await h.db.sql`SELECT coalesce(sum(refused), 0) AS n FROM ingest_refusals
      WHERE reason = ${reason} AND protocol = ${protocol}`
    )[0]!.n,
  );
const fix = (at: Date) => ({ fixedAt: at, latitude: -23.55, longitude: -46.63, speedKmh: 42, course: 90 });

test('Teltonika UDP: the wiki datagram is stored and its ACK (00 05, packet id, 01, AVL id, count) follows the commit', async () => {
  await h.device('352093086403655', 'teltonika');
  const d = await device();
  // Teltonika's documented Codec 8 UDP example and the server's answer to it.
  await d.send(
    udp.teltonika!,
    Buffer.from(
      '003DCAFE0105000F33353230393330383634303336353508010000016B4F815B30010000000000000000000000000000000103021503010101425DBC000001',
      'hex',
    ),
  );
  const ack = await d.reply();
  assert.equal(ack?.toString('hex'), '0005cafe010501');
  // The ACK came after the commit: the row is there the moment it arrives.
  assert.equal(await stored('352093086403655'), 1);
  const [row] = await h.db.sql`SELECT fixed_at FROM positions p JOIN devices d ON d.num = p.device_num
    WHERE d.identifier = '352093086403655'`;
  assert.equal(row!.fixed_at.toISOString(), '2019-06-13T06:23:26.000Z');
  const now = Date.now();
  await d.send(
    udp.teltonika!,
    encodeTeltonikaDatagram('352093086403655', [fix(new Date(now - 2000)), fix(new Date(now - 1000))], {
      packetId: 0x0102,
      avlPacketId: 7,
    }),
  );
  assert.equal((await d.reply())?.toString('hex'), '00050102010702');
  assert.equal(await stored('352093086403655'), 3);
  d.close();
});

test('Teltonika UDP: an unknown IMEI, a wrong length, a truncated or oversized datagram and random bytes get no ACK and store nothing', async () => {
  const d = await device();
  const before = await total();
  const malformedBefore = await refused('malformed_message', 'teltonika');
  const unknownBefore = await refused('unknown_device', 'teltonika');
  const good = encodeTeltonikaDatagram('352093086403656', [fix(new Date())], { packetId: 1, avlPacketId: 1 });
  await d.send(udp.teltonika!, good); // not registered
  const wrongLength = Buffer.from(good);
  wrongLength.writeUInt16BE(good.length + 3, 0);
  const random = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 97 + 13) & 0xff));
  for (const bad of [wrongLength, good.subarray(0, good.length - 5), random, Buffer.alloc(MAX_BYTES + 1)])
    await d.send(udp.teltonika!, bad);
  await until(
    'the refusals to be counted',
    async () => (await refused('malformed_message', 'teltonika')) - malformedBefore === 4,
  );
  await until(
    'the unknown device to be counted',
    async () => (await refused('unknown_device', 'teltonika')) > unknownBefore,
  );
  // A registered device's datagram after them is answered: nothing above was, nothing was stored.
  await h.device('352093086403657', 'teltonika');
  await d.send(
    udp.teltonika!,
    encodeTeltonikaDatagram('352093086403657', [fix(new Date())], { packetId: 9, avlPacketId: 9 }),
  );
  assert.equal((await d.reply())?.toString('hex'), '00050009010901');
  assert.equal(d.pending(), 0, 'only the registered device was answered');
  assert.equal(await total(), before + 1);
  d.close();
});

test('text protocols over UDP: Suntech and H02 reports are stored, Queclink gets its +SACK after the commit', async () => {
  await h.device('907001', 'suntech');
  await h.device('4106012736', 'h02');
  await h.device('866314060109269', 'queclink');
  const d = await device();
  const at = new Date(Date.now() - 60_000);
  // Suntech over UDP often leaves off the CR; both forms are one report.
  await d.send(udp.suntech!, encodeSuntechStt('907001', fix(at)).toString('latin1').trimEnd());
  await d.send(udp.suntech!, encodeSuntechStt('907001', fix(new Date(at.getTime() + 1000))));
  await d.send(udp.h02!, encodeH02Text('4106012736', fix(at)));
  await until(
    'the Suntech and H02 reports',
    async () => (await stored('907001')) === 2 && (await stored('4106012736')) === 1,
  );
  await d.send(udp.queclink!, f.QUECLINK_FRI);
  assert.equal((await d.reply())?.toString('latin1'), '+SACK:0F4C$');
  assert.equal(await stored('866314060109269'), 1);
  // Two devices in one datagram: refused, nothing of it stored.
  await h.device('907002', 'suntech');
  const before = await refused('malformed_message', 'suntech');
  await d.send(
    udp.suntech!,
    Buffer.concat([
      encodeSuntechStt('907002', fix(at)),
      encodeSuntechStt('907001', fix(new Date(at.getTime() + 5000))),
    ]),
  );
  await until(
    'the mixed datagram to be refused',
    async () => (await refused('malformed_message', 'suntech')) > before,
  );
  assert.equal(await stored('907001'), 2);
  d.close();
});

test('a flooding source is dropped and counted while another device on another address is still answered', async () => {
  await h.device('352093086403658', 'teltonika');
  await h.device('352093086403659', 'teltonika');
  const hostile = await device('127.0.0.2');
  const honest = await device('127.0.0.1');
  const rateBefore = await refused('rate_limited', 'teltonika');
  const flood = 10 * RATE;
  const now = Date.now();
  for (let i = 0; i < flood; i++)
    await hostile.send(
      udp.teltonika!,
      encodeTeltonikaDatagram('352093086403658', [fix(new Date(now - 100_000 + i))], {
        packetId: i,
        avlPacketId: i,
      }),
    );
  await honest.send(
    udp.teltonika!,
    encodeTeltonikaDatagram('352093086403659', [fix(new Date(now))], { packetId: 77, avlPacketId: 77 }),
  );
  assert.equal((await honest.reply())?.toString('hex'), '0005004d014d01');
  // Every datagram of the flood is either stored or counted as dropped.
  const kept = await until('the flood to be stored or counted', async () => {
    const n = await stored('352093086403658');
    const dropped = (await refused('rate_limited', 'teltonika')) - rateBefore;
    return n + dropped === flood && n;
  });
  // The bucket holds two seconds' worth: far fewer than the flood got through.
  assert.ok(kept < flood / 2, `${kept} of ${flood} datagrams got through`);
  hostile.close();
  honest.close();
});

/** A command queued as the API would queue it (the insert's trigger tells the listeners at once). */
async function queueCommand(identifier: string, type: 'engine_block' | 'engine_unblock') {
  const [row] = await h.db.sql`
    INSERT INTO commands (device_id, type, reason, requested_by_name, expires_at)
    SELECT id, ${type}, 'Ensaio de bloqueio', 'Teste', now() + interval '1 hour'
    FROM devices WHERE identifier = ${identifier} RETURNING id`;
  return row!.id as string;
}
const commandState = async (id: string) =>
  (await h.db.sql`SELECT state, response FROM commands WHERE id = ${id}`)[0] as {
    state: string;
    response: string | null;
  };

test('H02 UDP: a command queued while the device is silent goes in answer to its next datagram, to its source; only an answer from there closes it', async () => {
  await h.device('353505221264509', 'h02');
  const block = await queueCommand('353505221264509', 'engine_block');
  // Nothing can reach a UDP device that has not sent anything: the command waits.
  assert.equal((await commandState(block)).state, 'queued');
  const d = await device('127.0.0.21');
  await d.send(udp.h02!, encodeH02Text('353505221264509', fix(new Date(Date.now() - 60_000))));
  const sent = (await d.reply())?.toString('latin1') ?? '';
  assert.match(sent, /^\*HQ,353505221264509,S20,\d{6},1,1#$/);
  assert.equal((await commandState(block)).state, 'sent');
  const time = sent.split(',')[3];
  const v4 = (deviceTime: string) =>
    `*HQ,353505221264509,V4,S20,DONE,${time},${deviceTime},A,2333.0000,S,04637.8000,W,0.00,0,041226,FFFFFBFF#`;
  // An answer naming the device from another address is not the device's word: it is followed by a
  // report in the same datagram, so once that report is stored the answer has been handled.
  const impostor = await device('127.0.0.22');
  const report = encodeH02Text('353505221264509', fix(new Date(Date.now() - 50_000))).toString('latin1');
  await impostor.send(udp.h02!, `${v4('000001')}${report}`);
  await until('the impostor datagram to be handled', async () => (await stored('353505221264509')) === 2);
  impostor.close();
  await d.send(udp.h02!, v4('120001'));
  await until(
    'the block to be acknowledged',
    async () => (await commandState(block)).state === 'acknowledged',
  );
  // The device's own answer closed it (the impostor's, handled first, would have carried 000001).
  assert.match((await commandState(block)).response ?? '', /^S20,DONE,\d{6},120001,/);
  // Its datagram was just heard: a command queued now goes out at once, to the same address.
  const unblock = await queueCommand('353505221264509', 'engine_unblock');
  assert.match((await d.reply())?.toString('latin1') ?? '', /^\*HQ,353505221264509,S20,\d{6},1,0#$/);
  assert.equal((await commandState(unblock)).state, 'sent');
  d.close();
});

test('Suntech UDP: the block goes in answer to the device datagram as ST300CMD text with CR; the CMD;Res answer closes it', async () => {
  await h.device('100850009', 'suntech');
  const block = await queueCommand('100850009', 'engine_block');
  const d = await device('127.0.0.23');
  const at = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  await d.send(udp.suntech!, encodeSuntechStt('100850009', { ...fix(new Date(at)), serial: 1 }));
  assert.equal((await d.reply())?.toString('latin1'), 'ST300CMD;100850009;02;Enable1\r');
  await d.send(udp.suntech!, 'ST300CMD;Res;100850009;010;Enable1;20261204;21:00:00;04f54\r');
  await until(
    'the block to be acknowledged',
    async () => (await commandState(block)).state === 'acknowledged',
  );
  assert.equal(
    (await commandState(block)).response,
    'ST300CMD;Res;100850009;010;Enable1;20261204;21:00:00;04f54',
  );
  d.close();
});
