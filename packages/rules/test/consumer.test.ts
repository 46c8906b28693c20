import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Subscription } from '@pioneira/eventlog';
import { gpsSplitters } from '@pioneira/gps';
import { createHarness, eventually, type Harness } from '@pioneira/gps/testing';
import { OutboxRelay } from '@pioneira/pipeline';
import type { AttributeValue, DecodedPosition } from '@pioneira/protocols';
import { RULES_GROUP, startRulesConsumer } from '../src';

let h: Harness;
let relay: OutboxRelay;
const consumers: Subscription[] = [];
const errors: string[] = [];
const log = () => h.openLog();

before(async () => {
  h = await createHarness();
  relay = new OutboxRelay(h.db.sql, log(), { pollMs: 100, splitters: gpsSplitters });
  await relay.start();
  // Two consumers of the group, each with its own event-log client: the work is shared between them.
  for (let i = 0; i < 2; i++)
    consumers.push(
      await startRulesConsumer({
        sql: h.db.sql,
        eventLog: log(),
        batchSize: 50,
        onError: (error) => errors.push(String(error)),
      }),
    );
});
after(async () => {
  for (const c of consumers) await c.stop();
  await relay.stop();
  await h.close();
});

const T0 = Date.UTC(2026, 2, 2, 11); // Monday 08:00 in São Paulo
const fix = (
  device: string,
  seconds: number,
  speedKmh: number,
  attributes: Record<string, AttributeValue> = {},
): DecodedPosition => ({
  deviceIdentifier: device,
  fixedAt: new Date(T0 + seconds * 1000),
  latitude: -23.55 - seconds * 1e-5,
  longitude: -46.63,
  speedKmh,
  course: 180,
  altitude: null,
  accuracy: null,
  attributes,
});

async function vehicle(externalId: string, plate: string, category: string, driver: string | null) {
  const [row] = await h.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number, rule_category, default_driver_external_id)
    VALUES (${externalId}, ${plate}, ${plate}, ${category}, ${driver}) RETURNING id`;
  return String(row.id);
}
async function device(identifier: string, vehicleId: string) {
  await h.device(identifier, 'teltonika');
  await h.db.sql`UPDATE devices SET vehicle_id = ${vehicleId} WHERE identifier = ${identifier}`;
}
const derived = (vehicleExternalId: string) =>
  h.db.sql`
    SELECT external_id, event_type_external_id AS type, driver_external_id AS driver, value, limit_value, speed_kmh,
           started_at, ended_at, details
    FROM telemetry_events WHERE source = 'rules' AND vehicle_external_id = ${vehicleExternalId}
    ORDER BY started_at, event_type_external_id`;
/** Waits until the rules have evaluated the device's newest fix. */
const caughtUp = (identifier: string, seconds: number) =>
  eventually(async () => {
    const [row] = await h.db.sql`
      SELECT 1 FROM rules_device_state s JOIN devices d ON d.num = s.device_num
      WHERE d.identifier = ${identifier} AND s.last_fix_at >= ${new Date(T0 + seconds * 1000)}`;
    return row !== undefined;
  }, 20_000);

test('overspeed, harsh braking and idling from a tracker become one event each, attributed and idempotent', async () => {
  await h.db.sql`INSERT INTO drivers (external_id, name) VALUES ('D-1', 'Ana Brandão')`;
  const truck = await vehicle('V-1', 'BRA2E19', 'exempt', 'D-1');
  await device('356307042441013', truck);
  const on = { ignition: true };
  const id = '356307042441013';
  // Cruising at 60, speeding up 4 km/h a second to a peak of 119, slowing down, then a hard
  // 20 km/h stop in one second, then 390 s still with the engine on.
  const speeds = [
    ...Array.from({ length: 10 }, () => 60),
    ...Array.from({ length: 10 }, (_, i) => 64 + i * 4),
    ...Array.from({ length: 20 }, (_, i) => 100 + i),
    ...Array.from({ length: 10 }, (_, i) => 115 - i * 4),
    59,
    59,
  ];
  const track = [
    ...speeds.map((speed, i) => fix(id, i, speed, on)),
    ...Array.from({ length: 39 }, (_, i) => fix(id, 60 + i * 10, 0, on)),
    fix(id, 450, 0, { ignition: false }),
  ];
  // Shuffled, as a tracker's buffer may send them: one submission is one message, sorted by the rules.
  const shuffled = [...track].sort(
    (a, b) => ((a.fixedAt.getTime() * 7919) % 101) - ((b.fixedAt.getTime() * 7919) % 101),
  );
  await h.ingest.submit(shuffled, 'teltonika');
  await caughtUp(id, 450);
  const rows = await derived('V-1');
  assert.deepEqual(
    rows.map((r) => [r.type, r.driver]),
    [
      ['rules.overspeed', 'D-1'],
      ['rules.harsh-braking', 'D-1'],
      ['rules.idling', 'D-1'],
    ],
  );
  assert.deepEqual([rows[0].speed_kmh, rows[0].limit_value], [119, 80]);
  assert.deepEqual(
    [rows[0].started_at.getTime() - T0, rows[0].ended_at.getTime() - T0],
    [16_000, 47_000],
    'from the first fix above 87 km/h to the first back under it',
  );
  assert.equal(rows[2].value, 390);

  // A fix older than the newest evaluated changes nothing (the recompute re-derives in order).
  await h.ingest.submit([fix(id, 460, 0, { ignition: false })], 'teltonika');
  await caughtUp(id, 460);
  await h.ingest.submit([fix(id, 455, 140, on)], 'teltonika');
  await h.ingest.submit([fix(id, 480, 0, { ignition: false })], 'teltonika');
  await caughtUp(id, 480);
  assert.equal((await derived('V-1')).length, 3);

  // Replaying the whole log, and resending the same fixes, stores nothing twice.
  const before = (await h.db.sql`SELECT count(*)::int AS n FROM telemetry_events WHERE source = 'rules'`)[0]
    .n;
  const replayer = log();
  await replayer.replay({ group: RULES_GROUP, topic: 'positions', from: new Date(0) });
  await h.ingest.submit(track, 'teltonika');
  await h.ingest.submit([fix(id, 490, 0, { ignition: false })], 'teltonika');
  await caughtUp(id, 490);
  const [{ n }] = await h.db.sql`SELECT count(*)::int AS n FROM telemetry_events WHERE source = 'rules'`;
  assert.equal(n, before);
});

test('a device that reports no ignition yields no idling; bad attributes are read as absent', async () => {
  const car = await vehicle('V-2', 'RIO4F56', 'exempt', null);
  await device('356307042441014', car);
  const track = [
    fix('356307042441014', 0, 30),
    ...Array.from({ length: 70 }, (_, i) => fix('356307042441014', 10 + i * 10, 0, { ignition: 'maybe' })),
    fix('356307042441014', 800, 30),
  ];
  await h.ingest.submit(track, 'teltonika');
  await caughtUp('356307042441014', 800);
  assert.equal((await derived('V-2')).length, 0);
});

test('driving-time: a cargo driver who drives 6 h 12 min without a pause, over two trucks', async () => {
  await h.db
    .sql`INSERT INTO drivers (external_id, name, extended_driver_id) VALUES ('D-3', 'Carlos Lima', '00000000000A1B2C')`;
  const a = await vehicle('V-3', 'CAR1G01', 'cargo', null);
  const b = await vehicle('V-4', 'CAR1G02', 'cargo', null);
  await device('356307042441015', a);
  await device('356307042441016', b);
  const tag = { driverUniqueId: '00000000000A1B2C', ignition: true };
  const minute = (device: string, from: number, to: number, speed: number, attrs = tag) =>
    Array.from({ length: to - from + 1 }, (_, i) => fix(device, (from + i) * 60, speed, attrs));
  // Truck A 08:00–11:00, 5 min changing trucks, truck B 11:05–14:17, then a stop.
  await h.ingest.submit(
    [
      ...minute('356307042441015', 0, 180, 60),
      ...minute('356307042441015', 181, 185, 0, { ...tag, ignition: false }),
    ],
    'teltonika',
  );
  await h.ingest.submit(
    [...minute('356307042441016', 185, 377, 60), ...minute('356307042441016', 378, 400, 0)],
    'teltonika',
  );
  await caughtUp('356307042441016', 400 * 60);
  const violation = await eventually(async () => {
    const [row] = await h.db.sql`
      SELECT driver_external_id AS driver, value, limit_value, details, category FROM telemetry_events
      WHERE source = 'rules' AND event_type_external_id = 'rules.continuous-driving'`;
    return row;
  });
  assert.ok(violation, 'a continuous-driving violation was stored');
  assert.equal(violation.driver, 'D-3');
  assert.equal(violation.details, 'dirigiu 6 h 12 min sem pausa; limite 5 h 30 min');
  assert.equal(violation.category, 'CTB art. 230, XXIII');
});

test('a message that is not a positions batch is reported and skipped; the fixes after it are derived', async () => {
  const car = await vehicle('V-5', 'BAD0A00', 'exempt', null);
  await device('356307042441017', car);
  await log().publish([{ topic: 'positions', key: 'garbage', value: Buffer.from('not 24-byte records') }]);
  const track = [
    ...Array.from({ length: 10 }, (_, i) => fix('356307042441017', i * 2, 80 + i * 2)),
    ...Array.from({ length: 10 }, (_, i) => fix('356307042441017', 20 + i * 2, 100)),
    ...Array.from({ length: 10 }, (_, i) => fix('356307042441017', 40 + i * 2, 98 - i * 2)),
  ];
  await h.ingest.submit(track, 'teltonika');
  await caughtUp('356307042441017', 30);
  assert.deepEqual(
    (await derived('V-5')).map((r) => r.type),
    ['rules.overspeed'],
  );
  assert.ok(
    errors.some((e) => /multiple of 24 bytes/.test(e)),
    errors.join('\n'),
  );
});

test('driving-time: a day with too little rest and too long a working day, from the vehicle driver', async () => {
  await h.db.sql`INSERT INTO drivers (external_id, name) VALUES ('D-4', 'Paulo Reis')`;
  const truck = await vehicle('V-6', 'CAR1G03', 'cargo', 'D-4');
  const id = '356307042441018';
  await device(id, truck);
  const minutes = (from: number, to: number, speed: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => fix(id, (from + i) * 60, speed, { ignition: speed > 0 }));
  // 08:00–13:00, 30 min, 13:30–18:30, 30 min, 19:00–21:20, only 6 h of rest, 03:20–05:40, then the next day.
  const day = [
    ...minutes(0, 300, 60),
    ...minutes(301, 329, 0),
    ...minutes(330, 630, 60),
    ...minutes(631, 659, 0),
    ...minutes(660, 800, 60),
    ...minutes(801, 1159, 0),
    ...minutes(1160, 1300, 60),
    ...minutes(1301, 1449, 0),
    ...minutes(1450, 1460, 60),
    ...minutes(1461, 1470, 0),
  ];
  for (let i = 0; i < day.length; i += 500) await h.ingest.submit(day.slice(i, i + 500), 'teltonika');
  await caughtUp(id, 1470 * 60);
  const rows = await eventually(async () => {
    const r = await h.db.sql`
      SELECT event_type_external_id AS type, driver_external_id AS driver, details, started_at FROM telemetry_events
      WHERE source = 'rules' AND driver_external_id = 'D-4' ORDER BY event_type_external_id`;
    return r.length >= 2 ? r : null;
  });
  assert.ok(rows, 'the violations were stored');
  assert.deepEqual(
    rows.map((r) => [r.type, r.driver]),
    [
      ['rules.daily-rest', 'D-4'],
      ['rules.workday', 'D-4'],
    ],
  );
  assert.equal(rows[0].started_at.getTime(), T0);
  assert.match(rows[0].details, /^descansou 9 h 20 min em 24 h \(maior período 6 h\)/);
  // 08:00 to 08:20 the next day, less the 6 h and 2 h 30 min stops.
  assert.match(rows[1].details, /^jornada de 15 h 50 min; limite 10 h/);
});
