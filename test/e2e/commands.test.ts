import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { TeltonikaLink } from '@pioneira/fleet-sim';
import { kill9, type PioneiraProcess, pioneiraEnv, spawnOnFreePorts } from '@pioneira/gps/testing/processes';
import { encodeTeltonikaCodec8 } from '@pioneira/protocols';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import { buildApp, createDeps } from '../../apps/api/src';
import { signInAdmin, TEST_SECRETS } from './listener-rig';
import { TeltonikaDevice, until } from './teltonika-device';

// Two worker processes running the listeners role (as two replicas would), the API in process, one
// PostgreSQL database: commands cross real TCP from a queued row to a device and back.
let db: TestDatabase;
let api: Awaited<ReturnType<typeof buildApp>>;
let deps: ReturnType<typeof createDeps>;
const workers: PioneiraProcess[] = [];
const ports: number[] = [];
let admin: string;
let vehicleId: string;
const ANSWER_TIMEOUT_SECONDS = 5;
const BLOCK_BYTES = '00000000000000130c01050000000b7365746469676f7574203101000087a2';

before(async () => {
  db = await createTestDatabase();
  const prefix = uniqueName('cmd');
  const env = testEnv();
  // Each worker on free ports of its own, started again on others if a port was taken meanwhile.
  const started = await Promise.all(
    [0, 1].map((i) =>
      spawnOnFreePorts(
        ['worker', '--roles', 'listeners'],
        ([teltonika, osmand]) =>
          pioneiraEnv({
            databaseUrl: db.url,
            redisUrl: env.redisUrl,
            prefix: `${prefix}_${i}`,
            extra: {
              TELTONIKA_PORT: String(teltonika),
              GT06_PORT: '0',
              H02_PORT: '0',
              SUNTECH_PORT: '0',
              QUECLINK_PORT: '0',
              OSMAND_PORT: String(osmand),
              COMMANDS_POLL_SECONDS: '1',
              COMMANDS_ANSWER_TIMEOUT_SECONDS: String(ANSWER_TIMEOUT_SECONDS),
            },
          }),
        { ports: 2, ready: /worker running roles/ },
      ),
    ),
  );
  for (const {
    run,
    ports: [teltonika],
  } of started) {
    workers.push(run);
    ports.push(teltonika);
  }
  deps = createDeps(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: env.redisUrl,
      REDIS_PREFIX: prefix,
      ...TEST_SECRETS,
      LOG_LEVEL: 'silent',
    }),
  );
  api = await buildApp(deps);
  admin = await signInAdmin(api, deps.users);
  const [vehicle] = await db.sql`
    INSERT INTO vehicles (source, external_id, description, registration_number)
    VALUES ('manual', 'truck-1', 'Volvo FH', 'RIO2A19') RETURNING id`;
  vehicleId = vehicle.id;
  await db.sql`INSERT INTO devices (identifier, name, protocol, vehicle_id) VALUES
    ('356307042441013', 'FMB920 truck', 'teltonika', ${vehicleId}),
    ('356307042441014', 'FMB920 spare', 'teltonika', NULL),
    ('356307042441015', 'FMB920 twice', 'teltonika', NULL),
    ('356307042441016', 'FMB920 mute', 'teltonika', NULL)`;
});
after(async () => {
  await Promise.all(workers.map(kill9));
  await api?.close();
  await deps?.close();
  await db?.drop();
});

const send = (url: string, payload: Record<string, unknown>) =>
  api.inject({ method: 'POST', url, headers: { authorization: `Bearer ${admin}` }, payload });
const deviceId = async (identifier: string) =>
  (await db.sql`SELECT id FROM devices WHERE identifier = ${identifier}`)[0].id as string;
const commandRow = async (id: string) => (await db.sql`SELECT * FROM commands WHERE id = ${id}`)[0];
const auditOf = (commandId: string) =>
  db.sql`SELECT action, actor_name, reason, detail FROM command_audit WHERE command_id = ${commandId} ORDER BY id`;

test('a block reaches the open session only after the typed plate, with the exact Codec 12 bytes; the answer closes it', async () => {
  const device = await TeltonikaDevice.connect(ports[0], '356307042441013', () => 'DOUT1:1 Timeout:INFINITY');
  // The session carries positions as before: commands share it.
  const packet = encodeTeltonikaCodec8([
    { fixedAt: new Date(), latitude: -22.9, longitude: -43.2, speedKmh: 0 },
  ]);
  assert.equal(await device.sendAvl(packet), 1);
  const wrong = await send(`/api/vehicles/${vehicleId}/commands`, {
    type: 'engine_block',
    confirmation: 'RIO2A18',
    reason: 'Roubo comunicado pelo motorista',
  });
  assert.equal(wrong.statusCode, 400);
  assert.equal(wrong.json().error.code, 'confirmation_mismatch');
  const res = await send(`/api/vehicles/${vehicleId}/commands`, {
    type: 'engine_block',
    confirmation: 'rio-2a19',
    reason: 'Roubo comunicado pelo motorista',
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id;
  const row = await until('the block to be acknowledged', async () => {
    const r = await commandRow(id);
    return r.state === 'acknowledged' && r;
  });
  // The refused attempt sent nothing: the one command the device ever received is the block.
  assert.deepEqual(
    device.commands.map((c) => c.bytes.toString('hex')),
    [BLOCK_BYTES],
  );
  assert.equal(row.response, 'DOUT1:1 Timeout:INFINITY');
  assert.equal(row.sent_text, 'setdigout 1');
  const audit = await auditOf(id);
  assert.deepEqual(
    audit.map((a) => a.action),
    ['queued', 'sent', 'answered'],
  );
  assert.equal(audit[0].actor_name, 'Chefe');
  assert.equal(audit[0].reason, 'Roubo comunicado pelo motorista');
  assert.equal(audit[1].detail.bytes, BLOCK_BYTES);
  assert.equal(audit[2].detail.response, 'DOUT1:1 Timeout:INFINITY');
  const [refused] = await db.sql`SELECT detail FROM command_audit WHERE action = 'refused'`;
  assert.equal(refused.detail.code, 'confirmation_mismatch');
  const list = await api.inject({
    method: 'GET',
    url: `/api/vehicles/${vehicleId}/commands`,
    headers: { authorization: `Bearer ${admin}` },
  });
  assert.equal(list.json().items[0].state, 'acknowledged');
  device.close();
});

test('queued while the device is offline, delivered when it connects (to either process)', async () => {
  const id = await deviceId('356307042441014');
  const res = await send(`/api/devices/${id}/commands`, {
    type: 'custom',
    text: 'getinfo',
    confirmation: '356307042441014',
    reason: 'Diagnóstico',
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal((await commandRow(res.json().id)).state, 'queued');
  const device = await TeltonikaDevice.connect(ports[1], '356307042441014');
  await until(
    'the queued command to be answered',
    async () => (await commandRow(res.json().id)).state === 'acknowledged',
  );
  assert.deepEqual(
    device.commands.map((c) => c.text),
    ['getinfo'],
  );
  assert.equal((await commandRow(res.json().id)).response, 'GETINFO OK');
  device.close();
});

test('one device connected to both processes at once: every command is sent exactly once, one at a time', async () => {
  const id = await deviceId('356307042441015');
  const answer = (text: string) => `${text} done`;
  const sessions = [
    await TeltonikaDevice.connect(ports[0], '356307042441015', answer),
    await TeltonikaDevice.connect(ports[1], '356307042441015', answer),
  ];
  const texts = Array.from({ length: 12 }, (_, i) => `getparam ${1000 + i}`);
  const ids = await Promise.all(
    texts.map(async (text) => {
      const res = await send(`/api/devices/${id}/commands`, {
        type: 'custom',
        text,
        confirmation: '356307042441015',
        reason: 'Leitura de parâmetros',
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    }),
  );
  await until(
    'all commands answered',
    async () => {
      const [row] = await db.sql`
      SELECT count(*)::int AS n FROM commands WHERE id = ANY(${ids}::uuid[]) AND state = 'acknowledged'`;
      return row.n === ids.length;
    },
    60_000,
  );
  const received = sessions.flatMap((s) => s.commands.map((c) => c.text));
  assert.equal(
    received.length,
    texts.length,
    `received ${received.length} packets for ${texts.length} commands`,
  );
  assert.deepEqual([...received].sort(), [...texts].sort());
  const sent = await db.sql`
    SELECT command_id, count(*)::int AS n FROM command_audit
    WHERE command_id = ANY(${ids}::uuid[]) AND action = 'sent' GROUP BY command_id`;
  assert.equal(sent.length, ids.length);
  assert.ok(sent.every((r) => r.n === 1));
  // Each answer went to the command it belongs to: answers carry the text back.
  const rows =
    await db.sql`SELECT parameters->>'text' AS text, response FROM commands WHERE id = ANY(${ids}::uuid[])`;
  for (const r of rows) assert.equal(r.response, `${r.text} done`);
  // One at a time: each command left only after the previous one was answered.
  const timeline = await db.sql`
    SELECT sent_at, answered_at FROM commands WHERE id = ANY(${ids}::uuid[]) ORDER BY sent_at`;
  for (let i = 1; i < timeline.length; i++)
    assert.ok(timeline[i].sent_at >= timeline[i - 1].answered_at, `command ${i} overlapped the previous one`);
  for (const s of sessions) s.close();
});

test('a device that never answers: the command fails after the timeout and the next one goes; expiry is marked', async () => {
  const id = await deviceId('356307042441016');
  const device = await TeltonikaDevice.connect(ports[0], '356307042441016', null);
  const queue = (text: string) =>
    send(`/api/devices/${id}/commands`, {
      type: 'custom',
      text,
      confirmation: '356307042441016',
      reason: 'Teste',
    });
  const first = (await queue('getver')).json().id;
  const second = (await queue('getgps')).json().id;
  await until('the first to be sent', async () => device.commands.length === 1);
  assert.equal(device.commands[0].text, 'getver');
  await until(
    'the unanswered command to fail and the second to go',
    async () => device.commands.length === 2,
    (ANSWER_TIMEOUT_SECONDS + 20) * 1000,
  );
  const failed = await commandRow(first);
  assert.equal(failed.state, 'failed');
  assert.match(failed.error, /did not answer/);
  assert.equal((await commandRow(second)).state, 'sent');
  device.close();

  // Offline, and past its expiry: the sweep marks it, with an audit entry.
  const late = (await queue('getinfo')).json().id;
  await db.sql`UPDATE commands SET expires_at = now() - interval '1 second' WHERE id = ${late}`;
  await until('the expiry', async () => (await commandRow(late)).state === 'expired');
  assert.deepEqual(
    (await auditOf(late)).map((a) => a.action),
    ['queued', 'expired'],
  );
});

test('the fleet simulator answers like an FMB: a block sets DOUT1 and the answer is recorded', async () => {
  const [row] = await db.sql`
    INSERT INTO devices (identifier, name, protocol, vehicle_id) VALUES ('356307042441017', 'sim', 'teltonika', NULL)
    RETURNING id`;
  const link = new TeltonikaLink('127.0.0.1', ports[1], '356307042441017', () => {});
  const signal = new AbortController().signal;
  const packet = encodeTeltonikaCodec8([
    { fixedAt: new Date(), latitude: -23.5, longitude: -46.6, speedKmh: 0 },
  ]);
  assert.equal(await link.exchange(packet, signal), 1);
  const res = await send(`/api/devices/${row.id}/commands`, {
    type: 'engine_block',
    confirmation: '356307042441017',
    reason: 'Ensaio de bloqueio',
  });
  assert.equal(res.statusCode, 201, res.body);
  const done = await until('the simulator to answer', async () => {
    const r = await commandRow(res.json().id);
    return r.state === 'acknowledged' && r;
  });
  assert.equal(done.response, 'DOUT1:1 DOUT2:0');
  assert.deepEqual(link.outputs, [1, 0]);
  // Positions keep flowing on the same connection after the command.
  assert.equal(await link.exchange(packet, signal), 1);
  link.close();
});
