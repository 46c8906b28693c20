import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gpsSplitters } from '@pioneira/gps';
import { createHarness, eventually, type Harness } from '@pioneira/gps/testing';
import { OutboxRelay } from '@pioneira/pipeline';
import type { DecodedPosition } from '@pioneira/protocols';
import { checkOffline, GEOFENCES_GROUP, startGeofencesConsumer } from '../src';

let h: Harness;
let relay: OutboxRelay;
const consumers: Array<Awaited<ReturnType<typeof startGeofencesConsumer>>> = [];
const errors: string[] = [];
const log = () => h.openLog();

before(async () => {
  h = await createHarness();
  relay = new OutboxRelay(h.db.sql, log(), { pollMs: 100, splitters: gpsSplitters });
  await relay.start();
  // Two consumers of the group: consecutive messages of one device may go to either.
  for (let i = 0; i < 2; i++)
    consumers.push(
      await startGeofencesConsumer({
        sql: h.db.sql,
        eventLog: log(),
        timeZone: 'America/Sao_Paulo',
        offlineAfterSeconds: 1800,
        batchSize: 20,
        onError: (error) => errors.push(String(error)),
      }),
    );
});
after(async () => {
  for (const c of consumers) await c.stop();
  await relay.stop();
  await h.close();
});

const T0 = Date.UTC(2026, 2, 2, 12); // Monday 09:00 in São Paulo
const SE = { lat: -23.5503, lon: -46.6339 }; // Praça da Sé
const M_PER_DEG = 111_320;
/** A fix `east` metres east of the Sé, at `seconds` after T0. */
const fix = (device: string, seconds: number, east: number, t0 = T0): DecodedPosition => ({
  deviceIdentifier: device,
  fixedAt: new Date(t0 + seconds * 1000),
  latitude: SE.lat,
  longitude: SE.lon + east / (M_PER_DEG * Math.cos((SE.lat * Math.PI) / 180)),
  speedKmh: 40,
  course: 90,
  altitude: null,
  accuracy: null,
  attributes: {},
});

async function truck(identifier: string, externalId: string) {
  const [v] = await h.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number) VALUES (${externalId}, ${externalId}, ${externalId})
    RETURNING id`;
  await h.device(identifier, 'teltonika');
  await h.db.sql`UPDATE devices SET vehicle_id = ${v.id} WHERE identifier = ${identifier}`;
}
const facts = (vehicle: string) =>
  h.db.sql`
    SELECT event_type_external_id AS type, started_at, value, raw FROM telemetry_events
    WHERE source = 'geofence' AND vehicle_external_id = ${vehicle} ORDER BY started_at, event_type_external_id`;
const caughtUp = (identifier: string, at: number) =>
  eventually(async () => {
    const [row] = await h.db.sql`
      SELECT 1 FROM geofence_device_state s JOIN devices d ON d.num = s.device_num
      WHERE d.identifier = ${identifier} AND s.last_fix_at >= ${new Date(at)}`;
    return row !== undefined;
  }, 20_000);

test('a geofence drawn while the consumers run: enter, dwell and exit once, a visit, idempotent on replay', async () => {
  const [g] = await h.db.sql`
    INSERT INTO geofences (name, kind, geometry, radius_m, min_lon, min_lat, max_lon, max_lat, dwell_max_seconds)
    VALUES ('Pátio Sé', 'circle', ${h.db.sql.json({ type: 'Point', coordinates: [SE.lon, SE.lat] })}, 150,
      -46.64, -23.56, -46.62, -23.54, 60)
    RETURNING id`;
  const id = String(g.id);
  // Each consumer's index learns of the new geofence by NOTIFY.
  assert.ok(await eventually(async () => consumers.every((c) => c.watch.index.get(id)), 10_000));
  await truck('356307042441100', 'V-G1');
  const dev = '356307042441100';
  // From 600 m west, through the yard for 3 minutes, with jitter, to 600 m east; in several submissions.
  const track = [
    ...[-600, -400, -300, -200].map((east, i) => fix(dev, i * 10, east)),
    ...Array.from({ length: 18 }, (_, i) => fix(dev, 40 + i * 10, i % 2 ? 10 : -10)),
    ...[300, 400, 600].map((east, i) => fix(dev, 230 + i * 10, east)),
  ];
  for (let i = 0; i < track.length; i += 5) {
    // Each submission reversed: the fixes of one message arrive out of order.
    await h.ingest.submit(track.slice(i, i + 5).reverse(), 'teltonika');
  }
  await caughtUp(dev, T0 + 250_000);
  const rows = await facts('V-G1');
  assert.deepEqual(
    rows.map((r) => r.type),
    ['geofence.enter', 'geofence.dwell', 'geofence.exit'],
  );
  assert.equal(rows[0].raw.geofenceId, id);
  const [visit] = await h.db.sql`
    SELECT entered_at, exited_at, geofence_name FROM geofence_visits WHERE geofence_id = ${id}`;
  assert.equal(visit.geofence_name, 'Pátio Sé');
  assert.ok(visit.exited_at > visit.entered_at);

  const count = async () =>
    (await h.db.sql`SELECT count(*)::int AS n FROM telemetry_events WHERE source = 'geofence'`)[0].n;
  const before = await count();
  await log().replay({ group: GEOFENCES_GROUP, topic: 'positions', from: new Date(0) });
  await h.ingest.submit(track, 'teltonika');
  await h.ingest.submit([fix(dev, 400, 2000)], 'teltonika');
  await caughtUp(dev, T0 + 400_000);
  assert.equal(await count(), before);
  const [{ visits }] = await h.db
    .sql`SELECT count(*)::int AS visits FROM geofence_visits WHERE geofence_id = ${id}`;
  assert.equal(visits, 1);
  assert.deepEqual(errors, []);
});

test('a silent device turns offline once, and online once when it reports again', async () => {
  const dev = '356307042441101';
  await truck(dev, 'V-G2');
  await h.db.sql`UPDATE devices SET offline_after_seconds = 60 WHERE identifier = ${dev}`;
  const old = Date.now() - 600_000;
  await h.ingest.submit([fix(dev, 0, 5000, old)], 'teltonika');
  await caughtUp(dev, old);
  const status = () =>
    h.db.sql`
      SELECT s.online FROM device_status s JOIN devices d ON d.num = s.device_num WHERE d.identifier = ${dev}`;
  assert.deepEqual(
    (await status()).map((r) => r.online),
    [true],
  );
  // Two checks at once (two replicas): one transition, one event.
  await Promise.all([checkOffline(h.db.sql, 1800), checkOffline(h.db.sql, 1800)]);
  await checkOffline(h.db.sql, 1800);
  assert.deepEqual(
    (await status()).map((r) => r.online),
    [false],
  );
  const deviceEvents = () =>
    h.db.sql`
      SELECT event_type_external_id AS type, value FROM telemetry_events
      WHERE source = 'device' AND vehicle_external_id = 'V-G2' ORDER BY started_at`;
  assert.deepEqual(
    (await deviceEvents()).map((r) => r.type),
    ['device.offline'],
  );
  const now = Date.now() - 1000;
  await h.ingest.submit([fix(dev, 0, 5000, now)], 'teltonika');
  await caughtUp(dev, now);
  await h.ingest.submit([fix(dev, 1, 5000, now)], 'teltonika');
  await caughtUp(dev, now + 1000);
  assert.deepEqual(
    (await status()).map((r) => r.online),
    [true],
  );
  const events = await deviceEvents();
  assert.deepEqual(
    events.map((r) => r.type),
    ['device.offline', 'device.online'],
  );
  assert.ok(events[1].value >= 590, 'the online event says how long it was silent');
});
