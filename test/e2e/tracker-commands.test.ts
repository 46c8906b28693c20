import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { ConnectionErrors } from '@pioneira/core';
import { trackerChannel } from '@pioneira/fleet-sim';
import { createHarness, type Harness } from '@pioneira/gps/testing';
import { type TcpClient, tcpClient } from '@pioneira/gps/testing/tcp';
import {
  buildGt06Packet,
  encodeGt06Login,
  encodeH02Text,
  encodeQueclinkFri,
  encodeSuntechStt,
  GT06,
} from '@pioneira/protocols';
import * as f from '@pioneira/protocols/fixtures/trackers';
import { testEnv } from '@pioneira/testing';
import { buildApp, createDeps } from '../../apps/api/src';
import { listeners } from '../../apps/worker/src/roles/listeners';
import { ANY_LISTENER_PORTS, signInAdmin, TEST_SECRETS } from './listener-rig';
import { until } from './teltonika-device';

// Remote commands on the GT06, H02, Suntech and Queclink ports of the real listeners role, over real TCP,
// on a real database, queued through the API: the exact bytes reach the device's open session, its
// answer closes the command, and a connection only ever speaks for the device it identified as.
let h: Harness;
let role: { stop(): Promise<void> };
let api: Awaited<ReturnType<typeof buildApp>>;
let deps: ReturnType<typeof createDeps>;
let admin: string;
const ports: Record<string, number> = {};
const ANSWER_TIMEOUT_SECONDS = 5;

before(async () => {
  h = await createHarness();
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: h.db.url,
    REDIS_URL: testEnv().redisUrl,
    REDIS_PREFIX: h.prefix,
    ...TEST_SECRETS,
  };
  role = await listeners.start({
    config: loadConfig({
      ...env,
      API_HOST: '127.0.0.1',
      ...ANY_LISTENER_PORTS,
      COMMANDS_POLL_SECONDS: '1',
      COMMANDS_ANSWER_TIMEOUT_SECONDS: String(ANSWER_TIMEOUT_SECONDS),
    }),
    sql: h.db.sql,
    redis: h.redis,
    connections: new ConnectionErrors(() => {}),
    log: (message, fields) => {
      if (message === 'device listeners up') Object.assign(ports, fields);
    },
  });
  deps = createDeps(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  api = await buildApp(deps);
  admin = await signInAdmin(api, deps.users);
});
after(async () => {
  await role?.stop();
  await api?.close();
  await deps?.close();
  await h?.close();
});

/** Queues a command for the device through the API (its identifier is the confirmation: no vehicle). */
async function queue(deviceId: string, identifier: string, body: { type: string; text?: string }) {
  const res = await api.inject({
    method: 'POST',
    url: `/api/devices/${deviceId}/commands`,
    headers: { authorization: `Bearer ${admin}` },
    payload: { ...body, confirmation: identifier, reason: 'Ensaio de bloqueio' },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
const commandRow = async (id: string) => (await h.db.sql`SELECT * FROM commands WHERE id = ${id}`)[0]!;
const settled = (id: string, state: string) =>
  until(`command ${id} to be ${state}`, async () => {
    const row = await commandRow(id);
    return row.state === state && row;
  });
const auditOf = async (id: string) =>
  (await h.db.sql`SELECT action, detail FROM command_audit WHERE command_id = ${id} ORDER BY id`).map(
    (r) => ({
      action: r.action as string,
      detail: r.detail as Record<string, unknown>,
    }),
  );
const closed = async (client: TcpClient) => {
  await Promise.race([client.closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  return client.isClosed();
};
const fix = (at = new Date()) => ({
  fixedAt: at,
  latitude: -23.55,
  longitude: -46.63,
  speedKmh: 0,
  course: 0,
});

test('GT06: a block reaches the logged-in session as the exact 0x80 packet; the 0x15 answer acknowledges it', async () => {
  const deviceId = await h.device('864717003283581', 'gt06');
  const client = await tcpClient(ports.gt06!);
  client.socket.write(encodeGt06Login('864717003283581', 1));
  assert.equal((await client.read(10)).subarray(3, 4).toString('hex'), '01');
  const id = await queue(deviceId, '864717003283581', { type: 'engine_block' });
  // 78 78, length 0x12, 0x80, command length 0x0C, server flag 0, "Relay,1#", serial 0, CRC-ITU, 0D 0A.
  const expected = '787812800c0000000052656c61792c312300009dee0d0a';
  assert.equal((await client.read(expected.length / 2)).toString('hex'), expected);
  assert.equal((await commandRow(id)).state, 'sent');
  client.socket.write(Buffer.from(f.GT06_ANSWER_BLOCK, 'hex'));
  const row = await settled(id, 'acknowledged');
  assert.equal(row.response, 'Cut off the fuel supply: Success!');
  assert.equal(row.sent_text, 'Relay,1#');
  const audit = await auditOf(id);
  assert.deepEqual(
    audit.map((a) => a.action),
    ['queued', 'sent', 'answered'],
  );
  assert.equal(audit[1]!.detail.bytes, expected);
  assert.equal(audit[1]!.detail.protocol, 'gt06');
  client.socket.destroy();
});

test("H02: a block reaches the reporting session as *HQ S20 text with the server's UTC time; the V4 answer acknowledges it", async () => {
  const deviceId = await h.device('353505221264507', 'h02');
  const client = await tcpClient(ports.h02!);
  client.socket.write(encodeH02Text('353505221264507', { ...fix(new Date(Date.now() - 60_000)) }));
  await until('the H02 report to be stored', async () => {
    const [r] = await h.db
      .sql`SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num
      WHERE d.id = ${deviceId}`;
    return r!.n === 1;
  });
  const before = new Date();
  const id = await queue(deviceId, '353505221264507', { type: 'engine_block' });
  const sent = (await client.read('*HQ,353505221264507,S20,hhmmss,1,1#'.length)).toString('latin1');
  const after = new Date();
  const match = /^\*HQ,353505221264507,S20,(\d{2})(\d{2})(\d{2}),1,1#$/.exec(sent);
  assert.ok(match, sent);
  // HHMMSS is the server's UTC clock when it sent the command (between queueing and reading it).
  const [hh, mm, ss] = match.slice(1).map(Number) as [number, number, number];
  const seconds = (d: Date) => d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  const at = hh * 3600 + mm * 60 + ss;
  const lo = seconds(before);
  const hi = seconds(after);
  assert.ok(
    lo <= hi ? at >= lo && at <= hi : at >= lo || at <= hi,
    `${sent} outside ${before.toISOString()}..${after.toISOString()}`,
  );
  const row = await commandRow(id);
  assert.equal(row.state, 'sent');
  assert.equal(row.sent_text, sent);
  const time = sent.split(',')[3];
  const answer = `*HQ,353505221264507,V4,S20,DONE,${time},120001,A,2333.0000,S,04637.8000,W,0.00,0,041226,FFFFFBFF#`;
  client.socket.write(answer);
  const done = await settled(id, 'acknowledged');
  assert.equal(done.response, `S20,DONE,${time},120001,A,2333.0000,S,04637.8000,W,0.00,0,041226,FFFFFBFF`);
  assert.deepEqual(
    (await auditOf(id)).map((a) => a.action),
    ['queued', 'sent', 'answered'],
  );
  // An unblock queued next goes out on the same session once the block is closed.
  const next = await queue(deviceId, '353505221264507', { type: 'engine_unblock' });
  assert.match((await client.read(sent.length)).toString('latin1'), /^\*HQ,353505221264507,S20,\d{6},1,0#$/);
  assert.equal((await commandRow(next)).state, 'sent');
  client.socket.destroy();
});

test("a tracker's refusal fails the command, with its answer recorded, and the next command goes", async () => {
  // GT06: the 0x15 string answer says the block was not carried out.
  const gt06Id = await h.device('864717003283584', 'gt06');
  const gt06 = await tcpClient(ports.gt06!);
  gt06.socket.write(encodeGt06Login('864717003283584', 1));
  assert.equal((await gt06.read(10)).length, 10);
  const block = await queue(gt06Id, '864717003283584', { type: 'engine_block' });
  const packet = await gt06.read(23);
  assert.equal(packet.subarray(3, 4).toString('hex'), '80');
  const text = Buffer.from('Cut off the fuel supply: Fail!', 'latin1');
  const content = Buffer.concat([
    Buffer.from([4 + text.length]),
    packet.subarray(5, 9),
    text,
    Buffer.from([0, 2]),
  ]);
  gt06.socket.write(buildGt06Packet(GT06.STRING_INFO, content, 2));
  const failed = await settled(block, 'failed');
  assert.equal(failed.response, 'Cut off the fuel supply: Fail!');
  assert.ok(failed.answered_at, 'the answer time is kept');
  assert.match(failed.error, /did not carry out/);
  const audit = await auditOf(block);
  assert.deepEqual(
    audit.map((a) => a.action),
    ['queued', 'sent', 'failed'],
  );
  assert.equal(audit[2]!.detail.response, 'Cut off the fuel supply: Fail!');
  // The device's slot is free again: the next command goes out at once.
  const retry = await queue(gt06Id, '864717003283584', { type: 'engine_block' });
  assert.equal((await gt06.read(23)).subarray(3, 4).toString('hex'), '80');
  assert.equal((await commandRow(retry)).state, 'sent');
  gt06.socket.destroy();

  // H02: the V4 confirmation carries ERROR.
  const h02Id = await h.device('353505221264508', 'h02');
  const h02 = await tcpClient(ports.h02!);
  h02.socket.write(encodeH02Text('353505221264508', fix(new Date(Date.now() - 60_000))));
  const unblock = await queue(h02Id, '353505221264508', { type: 'engine_unblock' });
  const sent = (await h02.read('*HQ,353505221264508,S20,hhmmss,1,0#'.length)).toString('latin1');
  const time = sent.split(',')[3];
  h02.socket.write(
    `*HQ,353505221264508,V4,S20,ERROR,${time},120001,A,2333.0000,S,04637.8000,W,0.00,0,041226,FFFFFBFF#`,
  );
  const refused = await settled(unblock, 'failed');
  assert.match(refused.response, /^S20,ERROR,/);
  assert.deepEqual(
    (await auditOf(unblock)).map((a) => a.action),
    ['queued', 'sent', 'failed'],
  );
  h02.socket.destroy();
});

test('Suntech: the block goes as ST300CMD text with CR, the CMD;Res answer is recorded; positions still flow', async () => {
  const deviceId = await h.device('100850000', 'suntech');
  const client = await tcpClient(ports.suntech!);
  // Suntech times have whole seconds: the two reports are ten seconds apart.
  const base = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  client.socket.write(encodeSuntechStt('100850000', fix(new Date(base))));
  await until('the report to be stored', async () => {
    const [r] = await h.db
      .sql`SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num
      WHERE d.id = ${deviceId}`;
    return r!.n === 1;
  });
  const id = await queue(deviceId, '100850000', { type: 'engine_block' });
  const expected = 'ST300CMD;100850000;02;Enable1\r';
  assert.equal((await client.read(expected.length)).toString('latin1'), expected);
  const answer = 'ST300CMD;Res;100850000;010;Enable1;20260101;12:00:00;04f54';
  client.socket.write(`${answer}\r`);
  const row = await settled(id, 'acknowledged');
  assert.equal(row.response, answer);
  client.socket.write(encodeSuntechStt('100850000', fix(new Date(base + 10_000))));
  await until('the next report to be stored', async () => {
    const [r] = await h.db
      .sql`SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num
      WHERE d.id = ${deviceId}`;
    return r!.n === 2;
  });
  client.socket.destroy();
});

test('Queclink: queued while offline, written as AT+GTOUT once the device reports, the +ACK:GTOUT closes it', async () => {
  const deviceId = await h.device('135790246811220', 'queclink');
  const id = await queue(deviceId, '135790246811220', { type: 'engine_unblock' });
  assert.equal((await commandRow(id)).state, 'queued');
  const client = await tcpClient(ports.queclink!);
  client.socket.write(encodeQueclinkFri('135790246811220', { ...fix(), count: 0x1a }));
  assert.equal((await client.read('+SACK:001A$'.length)).toString('latin1'), '+SACK:001A$');
  const expected = 'AT+GTOUT=gv300,0,,,0,0,0,0,0,0,0,,,,,,,FFFF$';
  assert.equal((await client.read(expected.length)).toString('latin1'), expected);
  const answer = '+ACK:GTOUT,270B01,135790246811220,GV300,FFFF,20260101120000,001B';
  client.socket.write(`${answer}$`);
  const row = await settled(id, 'acknowledged');
  assert.equal(row.response, answer, 'the answer without its "$" terminator');
  // The answer is acknowledged like any other message.
  assert.equal((await client.read('+SACK:001B$'.length)).toString('latin1'), '+SACK:001B$');
  client.socket.destroy();
});

test("a device cannot answer another device's command: the connection is closed and the command stays in flight", async () => {
  const victimId = await h.device('200000001', 'suntech');
  await h.device('200000002', 'suntech');
  const victim = await tcpClient(ports.suntech!);
  victim.socket.write('ST300ALV;200000001\r');
  const id = await queue(victimId, '200000001', { type: 'custom', text: 'ST300CMD;200000001;02;Reboot' });
  const expected = 'ST300CMD;200000001;02;Reboot\r';
  assert.equal((await victim.read(expected.length)).toString('latin1'), expected);
  const attacker = await tcpClient(ports.suntech!);
  attacker.socket.write('ST300ALV;200000002\r');
  attacker.socket.write('ST300CMD;Res;200000001;010;Reboot;20260101;12:00:00;0000\r');
  assert.ok(await closed(attacker), 'the connection that named another device is closed');
  // A fresh connection that claims to be the victim (these protocols carry no secret) did not receive
  // the command: its answer is audited as unsolicited and closes nothing.
  const impostor = await tcpClient(ports.suntech!);
  impostor.socket.write('ST300CMD;Res;200000001;010;Reboot;20260101;12:00:00;0000\r');
  await until('the impostor answer to be audited', async () => {
    const [r] = await h.db.sql`SELECT count(*)::int AS n FROM command_audit
      WHERE device_id = ${victimId} AND action = 'unsolicited_answer'`;
    return r!.n === 1;
  });
  const row = await commandRow(id);
  assert.equal(row.state, 'sent');
  assert.equal(row.response, null);
  impostor.socket.destroy();
  victim.socket.write('ST300CMD;Res;200000001;010;Reboot;20260101;12:00:01;0000\r');
  assert.equal(
    (await settled(id, 'acknowledged')).response,
    'ST300CMD;Res;200000001;010;Reboot;20260101;12:00:01;0000',
  );
  victim.socket.destroy();
});

test('an answer on one device connection never closes the command in flight on another device', async () => {
  const quietId = await h.device('864717003283582', 'gt06');
  await h.device('864717003283583', 'gt06');
  const quiet = await tcpClient(ports.gt06!);
  quiet.socket.write(encodeGt06Login('864717003283582', 1));
  assert.equal((await quiet.read(10)).length, 10);
  const id = await queue(quietId, '864717003283582', { type: 'engine_block' });
  assert.equal((await quiet.read(23)).subarray(3, 4).toString('hex'), '80');
  // Another device answers on its own session: recorded as its unsolicited answer, not the quiet one's.
  const other = await tcpClient(ports.gt06!);
  other.socket.write(encodeGt06Login('864717003283583', 1));
  assert.equal((await other.read(10)).length, 10);
  other.socket.write(Buffer.from(f.GT06_ANSWER_BLOCK, 'hex'));
  await until('the unsolicited answer to be audited', async () => {
    const [r] = await h.db
      .sql`SELECT count(*)::int AS n FROM command_audit a JOIN devices d ON d.id = a.device_id
      WHERE d.identifier = '864717003283583' AND a.action = 'unsolicited_answer'`;
    return r!.n === 1;
  });
  assert.equal((await commandRow(id)).state, 'sent');
  // The quiet device never answers: its command fails after the answer timeout.
  const failed = await until(
    'the unanswered block to fail',
    async () => {
      const row = await commandRow(id);
      return row.state === 'failed' && row;
    },
    (ANSWER_TIMEOUT_SECONDS + 30) * 1000,
  );
  assert.match(failed.error, /did not answer/);
  quiet.socket.destroy();
  other.socket.destroy();
});

test('a second connection of the device closing leaves the first one taking its commands', async () => {
  const deviceId = await h.device('864717003283585', 'gt06');
  const first = await tcpClient(ports.gt06!);
  first.socket.write(encodeGt06Login('864717003283585', 1));
  assert.equal((await first.read(10)).length, 10);
  const second = await tcpClient(ports.gt06!);
  second.socket.write(encodeGt06Login('864717003283585', 2));
  assert.equal((await second.read(10)).length, 10);
  second.socket.destroy();
  await second.closed;
  // The first connection is still served (its heartbeat is acknowledged) and takes the next command.
  first.socket.write(Buffer.from(f.GT06_STATUS, 'hex'));
  assert.equal((await first.read(10)).subarray(3, 4).toString('hex'), '13');
  const id = await queue(deviceId, '864717003283585', { type: 'engine_block' });
  const expected = '787812800c0000000052656c61792c312300009dee0d0a';
  const packet = await Promise.race([
    first.read(expected.length / 2),
    new Promise<Buffer>((resolve) => setTimeout(() => resolve(Buffer.alloc(0)), 15_000)),
  ]);
  assert.equal(packet.toString('hex'), expected, 'the block reaches the connection still open');
  assert.equal((await commandRow(id)).state, 'sent');
  first.socket.write(Buffer.from(f.GT06_ANSWER_BLOCK, 'hex'));
  await settled(id, 'acknowledged');
  first.socket.destroy();
});

test('the fleet simulator answers GT06, H02, Suntech and Queclink blocks like the firmware, and keeps reporting', async () => {
  const cases = [
    { protocol: 'gt06', identifier: '864717003283590', response: 'Cut off the fuel supply: Success!' },
    {
      protocol: 'h02',
      identifier: '353505221264590',
      response: /^S20,DONE,\d{6},\d{6},A,2333\.0000,S,04637\.8000,W,/,
    },
    { protocol: 'suntech', identifier: '300000001', response: /^ST300CMD;Res;300000001;010;Enable1;\d{8};/ },
    {
      protocol: 'queclink',
      identifier: '135790246811299',
      response: /^\+ACK:GTOUT,270B01,135790246811299,GV300,FFFF,/,
    },
  ] as const;
  const signal = new AbortController().signal;
  for (const c of cases) {
    const deviceId = await h.device(c.identifier, c.protocol);
    const sim = trackerChannel(c.protocol, c.identifier, '127.0.0.1', ports[c.protocol]!, () => {});
    const at = Date.now() - 60_000;
    const batch = (t: number) => [
      { ...fix(new Date(t)), altitude: 760, ignition: true, odometerMetres: 1000 },
    ];
    assert.deepEqual(await sim.transmit(batch(at), signal), { kind: 'acked' });
    const id = await queue(deviceId, c.identifier, { type: 'engine_block' });
    const row = await settled(id, 'acknowledged');
    if (typeof c.response === 'string') assert.equal(row.response, c.response, c.protocol);
    else assert.match(row.response, c.response, c.protocol);
    assert.deepEqual(sim.outputs, [1], `${c.protocol} relay cut`);
    assert.equal(sim.link.received.length, 1);
    // The answer's own acknowledgement (Queclink +SACK) is not mistaken for the next report's.
    assert.deepEqual(await sim.transmit(batch(at + 10_000), signal), { kind: 'acked' });
    await until(`${c.protocol} positions after the command`, async () => {
      const [r] = await h.db
        .sql`SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num
        WHERE d.id = ${deviceId}`;
      return r!.n === 2;
    });
    sim.link.close();
  }
});
