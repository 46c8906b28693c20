import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { IngestService } from '@pioneira/gps';
import { gpsSplitters, type WirePosition, wireSpeedKmh } from '@pioneira/gps';
import { createHarness, eventually, type Harness } from '@pioneira/gps/testing';
import { OutboxRelay } from '@pioneira/pipeline';
import { DEFAULT_TRIP_SETTINGS, initialState, segment, TripsConsumer } from '../src';
import type { Fix } from '../src/fix';
import { TrackBuilder } from './tracks';

type Decoded = Parameters<IngestService['submit']>[0][number];

let h: Harness;
let relay: OutboxRelay;
let consumer: TripsConsumer;
before(async () => {
  h = await createHarness();
  const log = h.openLog();
  relay = new OutboxRelay(h.db.sql, log, { pollMs: 100, splitters: gpsSplitters });
  consumer = new TripsConsumer({
    sql: h.db.sql,
    log,
    timeZone: 'America/Sao_Paulo',
    flushEveryMs: 3_600_000,
  });
  await relay.start();
  await consumer.start();
});
after(async () => {
  await consumer.stop();
  await relay.stop();
  await h.close();
});

/** A device on a vehicle of its own; returns the device number and the vehicle id. */
async function vehicleDevice(name: string) {
  await h.device(name);
  const [v] = await h.db.sql`
    INSERT INTO vehicles (source, external_id, description) VALUES ('manual', ${name}, ${name}) RETURNING id`;
  const [d] = await h.db
    .sql`UPDATE devices SET vehicle_id = ${v.id} WHERE identifier = ${name} RETURNING num`;
  return { num: d.num as number, vehicleId: v.id as string };
}

const decoded = (identifier: string, f: Fix): Decoded => ({
  deviceIdentifier: identifier,
  fixedAt: new Date(f.t),
  latitude: f.lat,
  longitude: f.lon,
  speedKmh: f.speedKmh,
  course: null,
  altitude: null,
  accuracy: null,
  attributes: {
    ...(f.ignition === null ? {} : { ignition: f.ignition }),
    ...(f.odometerM === null ? {} : { odometer: f.odometerM }),
    ...(f.driverKey ? { driverUniqueId: f.driverKey } : {}),
  },
});

async function send(identifier: string, fixes: Fix[], chunk = 60) {
  for (let i = 0; i < fixes.length; i += chunk)
    await h.ingest.submit(
      fixes.slice(i, i + chunk).map((f) => decoded(identifier, f)),
      'osmand',
    );
}

/** Waits until the device's state has seen the fix at `t` and the event log has nothing pending. */
async function settled(num: number, t: number) {
  const ok = await eventually(async () => {
    const [row] = await h.db.sql`SELECT last_fixed_at FROM trip_states WHERE device_num = ${num}`;
    const [{ n }] = await h.db.sql`SELECT count(*)::int AS n FROM outbox`;
    return row?.last_fixed_at && (row.last_fixed_at as Date).getTime() >= t && n === 0;
  }, 20_000);
  assert.ok(ok, `device ${num} segmented up to ${new Date(t).toISOString()}`);
  // The message for `t` may be handled while later ones are still pending: wait for an idle group.
  await eventually(async () => (await h.openLog().lag('trips', 'positions')).total === 0, 20_000);
}

const storedTrips = (num: number) => h.db.sql`
  SELECT id, (extract(epoch FROM started_at) * 1000)::float8 AS started, round(distance_m) AS metres
  FROM trips WHERE device_num = ${num} ORDER BY started_at`;
const storedStops = (num: number) => h.db.sql`
  SELECT (extract(epoch FROM started_at) * 1000)::float8 AS started,
         (extract(epoch FROM ended_at) * 1000)::float8 AS ended
  FROM stops WHERE device_num = ${num} ORDER BY started_at`;

const workday = (start: string) =>
  new TrackBuilder(start)
    .park(600, false)
    .drive(900, 50, true)
    .park(600, true)
    .drive(600, 40, true)
    .park(900, false)
    .drive(1200, 60, true)
    .park(600, false);

test('fixes through the pipeline become the trips and stops the segmenter computes', async () => {
  const { num, vehicleId } = await vehicleDevice('trips-inorder');
  const track = workday('2026-03-02T12:00:00Z');
  await send('trips-inorder', track.fixes);
  await settled(num, track.fixes.at(-1)!.t);
  const expected = segment(initialState(), track.fixes, DEFAULT_TRIP_SETTINGS).closed;
  const trips = await storedTrips(num);
  assert.equal(trips.length, 3);
  assert.deepEqual(
    trips.map((t) => t.started),
    expected.filter((s) => s.kind === 'trip').map((s) => s.startedAt),
  );
  assert.equal((await storedStops(num)).length, expected.filter((s) => s.kind === 'stop').length);
  const [day] = await h.db.sql`
    SELECT day::text, trips, round(distance_m) AS metres, odometer_start_m, odometer_end_m
    FROM daily_summaries WHERE subject = 'vehicle' AND subject_id = ${vehicleId}`;
  assert.equal(day.day, '2026-03-02');
  assert.equal(day.trips, 3);
  const total = trips.reduce((sum, t) => sum + Number(t.metres), 0);
  assert.ok(Math.abs(Number(day.metres) - total) <= 3, `summary distance ${day.metres} ≈ ${total}`);
  assert.ok(Number(day.odometer_end_m) > Number(day.odometer_start_m));
  const [state] = await h.db
    .sql`SELECT jsonb_typeof(state) AS kind FROM trip_states WHERE device_num = ${num}`;
  assert.equal(state.kind, 'object', 'the state is stored as JSON, not as a JSON string');
});

test('late and out-of-order fixes re-segment to the same result as fixes in order', async () => {
  const { num } = await vehicleDevice('trips-late');
  const track = workday('2026-03-03T12:00:00Z');
  const fixes = track.fixes;
  // The middle hour arrives last (a phone that buffered it), the rest in reverse chunks.
  const middle = fixes.slice(150, 400);
  const rest = [...fixes.slice(0, 150), ...fixes.slice(400)];
  const chunks: Fix[][] = [];
  for (let i = 0; i < rest.length; i += 50) chunks.push(rest.slice(i, i + 50));
  for (const chunk of chunks.reverse()) await send('trips-late', chunk);
  await settled(num, fixes.at(-1)!.t);
  await send('trips-late', middle);
  await eventually(async () => (await storedTrips(num)).length === 3, 20_000);
  await settled(num, fixes.at(-1)!.t);
  const expected = segment(initialState(), fixes, DEFAULT_TRIP_SETTINGS).closed;
  assert.deepEqual(
    (await storedTrips(num)).map((t) => t.started),
    expected.filter((s) => s.kind === 'trip').map((s) => s.startedAt),
  );
  assert.deepEqual(
    (await storedStops(num)).map((s) => [s.started, s.ended]),
    expected.filter((s) => s.kind === 'stop').map((s) => [s.startedAt, s.endedAt]),
  );
});

test('a replay of the log changes nothing, trip ids included', async () => {
  const { num, vehicleId } = await vehicleDevice('trips-replay');
  const track = workday('2026-03-04T12:00:00Z');
  await send('trips-replay', track.fixes);
  await settled(num, track.fixes.at(-1)!.t);
  const before = await storedTrips(num);
  const summary = () =>
    h.db.sql`SELECT * FROM daily_summaries WHERE subject = 'vehicle' AND subject_id = ${vehicleId}`;
  const summaryBefore = await summary();
  const log = h.openLog();
  await log.replay({ group: 'trips', topic: 'positions', from: new Date(0) });
  await eventually(async () => (await log.lag('trips', 'positions')).total === 0, 30_000);
  assert.deepEqual(await storedTrips(num), before);
  assert.deepEqual(await summary(), summaryBefore);
});

test('a trip across local midnight counts on both São Paulo days, not on UTC days', async () => {
  const { num, vehicleId } = await vehicleDevice('trips-midnight');
  // 02:40–03:20 UTC is 23:40–00:20 in São Paulo (UTC−3): one trip over two local days.
  const track = new TrackBuilder('2026-03-05T02:30:00Z').park(600).drive(2400, 45).park(900);
  await send('trips-midnight', track.fixes);
  await settled(num, track.fixes.at(-1)!.t);
  const days = await h.db.sql`
    SELECT day::text, trips, distance_m, driving_seconds FROM daily_summaries
    WHERE subject = 'vehicle' AND subject_id = ${vehicleId} ORDER BY day`;
  assert.deepEqual(
    days.map((d) => d.day),
    ['2026-03-04', '2026-03-05'],
  );
  assert.deepEqual(
    days.map((d) => d.trips),
    [1, 0],
    'the trip counts on the day it starts',
  );
  const [eve, morning] = days.map((d) => Number(d.driving_seconds));
  assert.ok(Math.abs(eve - 1200) < 30 && Math.abs(morning - 1200) < 30, `split ${eve}/${morning}`);
});

test('a device silent mid-trip: the trip ends at its last fix once the silence is long enough', async () => {
  const { num } = await vehicleDevice('trips-silent');
  const track = new TrackBuilder('2026-03-06T12:00:00Z').park(600).drive(900);
  await send('trips-silent', track.fixes);
  await settled(num, track.fixes.at(-1)!.t);
  assert.equal((await storedTrips(num)).length, 0, 'the trip is still open');
  await consumer.service.flushSilent(track.now + 3_600_000);
  const trips = await h.db.sql`SELECT ended_at, distance_m FROM trips WHERE device_num = ${num}`;
  assert.equal(trips.length, 1);
  assert.equal((trips[0].ended_at as Date).getTime(), track.fixes.at(-1)!.t);
});

test('fixes arriving late after a silence closed the trip continue it, as in order', async () => {
  const { num } = await vehicleDevice('trips-buffered');
  const track = new TrackBuilder('2026-03-08T12:00:00Z').park(600).drive(1200).park(900);
  const cut = 80; // a phone that lost signal 3 min into the drive and sent the rest much later
  await send('trips-buffered', track.fixes.slice(0, cut));
  await settled(num, track.fixes[cut - 1].t);
  await consumer.service.flushSilent(track.fixes[cut - 1].t + 3_600_000);
  assert.equal((await storedTrips(num)).length, 0, 'too short to be a trip when the silence ended it');
  const [{ moving }] = await h.db.sql`SELECT moving FROM trip_states WHERE device_num = ${num}`;
  assert.equal(moving, false, 'the flush ended the movement');
  await send('trips-buffered', track.fixes.slice(cut));
  await settled(num, track.fixes.at(-1)!.t);
  const expected = segment(initialState(), track.fixes, DEFAULT_TRIP_SETTINGS).closed;
  assert.deepEqual(
    (await storedTrips(num)).map((t) => t.started),
    expected.filter((s) => s.kind === 'trip').map((s) => s.startedAt),
  );
});

test('a driver identified by the device gets the trip and a daily summary of their own', async () => {
  const { num } = await vehicleDevice('trips-ibutton');
  const [ana] = await h.db.sql`
    INSERT INTO drivers (source, external_id, name, extended_driver_id)
    VALUES ('manual', 'ibutton-ana', 'Ana', 'TAG-0042') RETURNING id`;
  const track = new TrackBuilder('2026-03-09T12:00:00Z').park(600).drive(900).park(900);
  // The key is read once the engine starts (the first moving fixes), as an iButton reader does.
  const fixes = track.fixes.map((f, i) => (i >= 62 && i < 70 ? { ...f, driverKey: 'TAG-0042' } : f));
  await send('trips-ibutton', fixes);
  await settled(num, fixes.at(-1)!.t);
  const [trip] = await h.db.sql`SELECT driver_id FROM trips WHERE device_num = ${num}`;
  assert.equal(String(trip.driver_id), String(ana.id));
  const [day] = await h.db.sql`
    SELECT trips FROM daily_summaries WHERE subject = 'driver' AND subject_id = ${ana.id}`;
  assert.equal(day?.trips, 1);
});

test('without identification, a trip goes to the driver assigned to the vehicle at its start', async () => {
  const { num, vehicleId } = await vehicleDevice('trips-assigned');
  const [bia, caio] = await h.db.sql`
    INSERT INTO drivers (source, external_id, name)
    VALUES ('manual', 'assigned-bia', 'Bia'), ('manual', 'assigned-caio', 'Caio') RETURNING id`;
  // Bia drove until 12:30, Caio from then on: the day's two trips belong to one each.
  await h.db.sql`
    INSERT INTO vehicle_driver_assignments (vehicle_id, driver_id, starts_at, ends_at)
    VALUES (${vehicleId}, ${bia.id}, '2026-03-10T00:00:00Z', '2026-03-10T12:30:00Z'),
           (${vehicleId}, ${caio.id}, '2026-03-10T12:30:00Z', NULL)`;
  const track = new TrackBuilder('2026-03-10T12:00:00Z').park(600).drive(900).park(1200).drive(900).park(900);
  await send('trips-assigned', track.fixes);
  await settled(num, track.fixes.at(-1)!.t);
  const trips = await h.db.sql`SELECT driver_id FROM trips WHERE device_num = ${num} ORDER BY started_at`;
  assert.deepEqual(
    trips.map((t) => String(t.driver_id)),
    [String(bia.id), String(caio.id)],
  );
});

test('concurrent batches of one device (two consumers, redeliveries) give one result', async () => {
  const { num } = await vehicleDevice('trips-concurrent');
  const track = workday('2026-03-07T12:00:00Z');
  await send('trips-concurrent', track.fixes);
  await settled(num, track.fixes.at(-1)!.t);
  const before = await storedTrips(num);
  const times = track.fixes.map((f) => f.t);
  await Promise.all(
    [0, 1, 2, 3].map((i) =>
      consumer.service.apply([{ deviceNum: num, times: times.slice(i * 100, i * 100 + 100) }]),
    ),
  );
  assert.deepEqual(await storedTrips(num), before);
});

/** The fixes as a position message carries them (what the consumer segments a device moving forward from). */
const asLogged = (num: number, fixes: Fix[]): WirePosition[] =>
  fixes.map((f) => ({
    deviceNum: num,
    t: f.t,
    latitude: Math.round(f.lat * 1e7) / 1e7,
    longitude: Math.round(f.lon * 1e7) / 1e7,
    speedKmh: wireSpeedKmh(f.speedKmh),
    course: null,
  }));

test('segmented from the messages or re-segmented from PostgreSQL, a stretch decides the same, to the speed', async () => {
  const { num } = await vehicleDevice('trips-speeds');
  // Speeds stored to 0.001: halts creeping at 4.996 km/h (the message carries 5.00, the moving
  // threshold) and drives at speeds a message rounds to 0.01.
  const track = new TrackBuilder('2026-03-09T12:00:00Z')
    .park(600, null, 4.996)
    .drive(900, 47.125, true)
    .park(600, null, 4.996)
    .drive(600, 52.345, true)
    .park(900, false);
  await send('trips-speeds', track.fixes);
  await settled(num, track.fixes.at(-1)!.t);
  const stored = async () => ({
    trips: await h.db.sql`SELECT * FROM trips WHERE device_num = ${num} ORDER BY started_at`,
    stops: await h.db.sql`SELECT * FROM stops WHERE device_num = ${num} ORDER BY started_at`,
  });
  const first = await stored();
  const logged = track.fixes.map((f) => ({ ...f, speedKmh: wireSpeedKmh(f.speedKmh) }));
  const expected = segment(initialState(), logged, DEFAULT_TRIP_SETTINGS).closed;
  const trips = expected.filter((s) => s.kind === 'trip');
  assert.ok(trips.length >= 1, 'the track has a trip');
  assert.deepEqual(
    first.trips.map((t) => [(t.started_at as Date).getTime(), t.max_speed_kmh]),
    trips.map((t) => [t.startedAt, t.maxSpeedKmh]),
  );
  assert.deepEqual(
    first.stops.map((s) => (s.started_at as Date).getTime()),
    expected.filter((s) => s.kind === 'stop').map((s) => s.startedAt),
  );
  // A replay makes every fix late: each device is re-segmented from the fixes PostgreSQL stores.
  const log = h.openLog();
  await log.replay({ group: 'trips', topic: 'positions', from: new Date(0) });
  await eventually(async () => (await log.lag('trips', 'positions')).total === 0, 30_000);
  assert.deepEqual(await stored(), first);
});

test('the same messages handled by several consumers at once (a redelivery racing the first) give the in-order result', async () => {
  const { num } = await vehicleDevice('trips-race');
  const track = workday('2026-03-10T12:00:00Z');
  // Stored (as the log's messages always are) and delivered to the running consumer too.
  await send('trips-race', track.fixes, 1_000);
  const positions = asLogged(num, track.fixes);
  // One more copy out of order, and a device that no longer exists: left out, not an error.
  const shuffled = [...positions.slice(300), ...positions.slice(0, 300)];
  const gone = asLogged(2_000_000_000, track.fixes.slice(0, 5));
  await Promise.all([
    consumer.service.applyPositions(positions),
    consumer.service.applyPositions(positions.slice(0, 200)),
    consumer.service.applyPositions([...shuffled, ...gone]),
  ]);
  await settled(num, track.fixes.at(-1)!.t);
  const expected = segment(initialState(), track.fixes, DEFAULT_TRIP_SETTINGS).closed;
  assert.deepEqual(
    (await storedTrips(num)).map((t) => t.started),
    expected.filter((s) => s.kind === 'trip').map((s) => s.startedAt),
  );
  assert.deepEqual(
    (await storedStops(num)).map((s) => [s.started, s.ended]),
    expected.filter((s) => s.kind === 'stop').map((s) => [s.startedAt, s.endedAt]),
  );
  const [state] = await h.db.sql`SELECT last_fixed_at FROM trip_states WHERE device_num = 2000000000`;
  assert.equal(state, undefined, 'no state row for a device that does not exist');
});

test('a consumer stopped while it waits out its batch interval still handles the batch in hand', async () => {
  const { num } = await vehicleDevice('trips-paced');
  const log = h.openLog();
  // A second consumer of the group whose next batch would wait an hour: stop must not.
  const paced = new TripsConsumer({
    sql: h.db.sql,
    log,
    timeZone: 'America/Sao_Paulo',
    flushEveryMs: 3_600_000,
    batchIntervalMs: 3_600_000,
  });
  await paced.start();
  const track = workday('2026-03-11T12:00:00Z');
  try {
    await send('trips-paced', track.fixes, 20);
  } finally {
    await paced.stop();
    await log.close();
  }
  await settled(num, track.fixes.at(-1)!.t);
  const expected = segment(initialState(), track.fixes, DEFAULT_TRIP_SETTINGS).closed;
  assert.deepEqual(
    (await storedTrips(num)).map((t) => t.started),
    expected.filter((s) => s.kind === 'trip').map((s) => s.startedAt),
  );
  assert.deepEqual(
    (await storedStops(num)).map((s) => [s.started, s.ended]),
    expected.filter((s) => s.kind === 'stop').map((s) => [s.startedAt, s.endedAt]),
  );
});

test('thresholds come from the rule settings: the vehicle category overrides the defaults, the vehicle its category', async () => {
  await h.db.sql`
    INSERT INTO rule_settings (scope, scope_key, settings)
    VALUES ('category', 'passengers', '{"tripMinDistanceM": 100000}')
    ON CONFLICT (scope, scope_key) DO UPDATE SET settings = rule_settings.settings || EXCLUDED.settings`;
  const strict = await vehicleDevice('trips-category');
  const own = await vehicleDevice('trips-vehicle-own');
  await h.db
    .sql`UPDATE vehicles SET rule_category = 'passengers' WHERE id IN (${strict.vehicleId}, ${own.vehicleId})`;
  await h.db.sql`
    INSERT INTO rule_settings (scope, scope_key, settings)
    VALUES ('vehicle', ${own.vehicleId}, '{"tripMinDistanceM": 2000, "tripStopMinSeconds": 900}')`;
  const track = workday('2026-03-09T12:00:00Z');
  await send('trips-category', track.fixes);
  await send('trips-vehicle-own', track.fixes);
  await settled(strict.num, track.fixes.at(-1)!.t);
  await settled(own.num, track.fixes.at(-1)!.t);

  // Every drive of the day is shorter than 100 km: for the category, none of them is a trip.
  assert.equal((await storedTrips(strict.num)).length, 0);
  // The vehicle's own thresholds: the 10-minute halt with the engine on no longer splits the morning.
  const expected = segment(initialState(), track.fixes, {
    ...DEFAULT_TRIP_SETTINGS,
    minTripDistanceM: 2000,
    minStopSeconds: 900,
  }).closed.filter((s) => s.kind === 'trip');
  const trips = await storedTrips(own.num);
  assert.equal(trips.length, expected.length);
  assert.ok(trips.length < 3, `fewer trips than with the defaults (${trips.length})`);
  assert.deepEqual(
    trips.map((t) => t.started),
    expected.map((s) => s.startedAt),
  );
});
