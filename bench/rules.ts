/**
 * `npm run bench -- rules --json [--devices 1000] [--fixes 600]`: fixes per second evaluated by every
 * rule. Two figures: the pure evaluators over in-memory tracks (the cost of the rules themselves)
 * and the whole consumer path (`derive`: attributes, state locked and saved, events upserted in
 * PostgreSQL) over positions ingested into a bench database, in batches as the event log delivers
 * them. Baseline: the same tracks through a no-op loop (decode + sort only). DESIGN §6 target:
 * ≥ 50,000 positions/s evaluated against every rule. The geofences (`--geofences 1000` circles,
 * polygons and corridors over the fleet's area) are measured the same two ways: pure (the R-tree
 * index and the presence evaluator, the geofence speed limits fed to the rules) and the geofences
 * consumer path (`evaluateGeofences`: state locked and saved, visits and events upserted).
 */
import { parseArgs } from 'node:util';
import type { RuleSettings } from '@pioneira/contracts';
import { IngestService, type WirePosition } from '@pioneira/gps';
import type { DecodedPosition } from '@pioneira/protocols';
import {
  derive,
  evaluateDevice,
  evaluateGeofences,
  evaluatePresence,
  GeofenceIndex,
  type GeofenceRecord,
  GeofencesService,
  geofenceRecords,
  initialDeviceState,
  initialGeofenceState,
  type LonLat,
  parseShape,
  type RuleFix,
  storedGeofenceStates,
  storedStates,
} from '@pioneira/rules';
import type { Bench } from '../scripts/bench';
import { benchDatabase } from './lib/database';
import { streamBench } from './lib/rules-stream';

const SETTINGS: RuleSettings = {
  timeZone: 'America/Sao_Paulo',
  speedLimitKmh: 80,
  overspeedToleranceKmh: 7,
  overspeedMinSeconds: 10,
  harshAccelerationMs2: 3,
  harshBrakingMs2: 3.5,
  harshCorneringMs2: 3,
  harshMaxFixGapSeconds: 5,
  idleMaxSeconds: 300,
  movingSpeedKmh: 5,
  maxFixGapSeconds: 300,
  stopMinSeconds: 120,
  tripMinDistanceM: 500,
  tripMinSeconds: 300,
  tripStopMinSeconds: 300,
  tripMaxGapSeconds: 900,
  allowedHours: [{ days: [1, 2, 3, 4, 5], from: '06:00', to: '20:00' }],
  drivingTime: true,
  continuousDrivingMaxMinutes: 330,
  restMinMinutes: 30,
  restFractionMinMinutes: 10,
  dailyRestMinMinutes: 660,
  dailyRestFirstMinMinutes: 480,
  mealBreakMinMinutes: 60,
  workdayMinutes: 480,
  overtimeMinutes: 120,
};
const T0 = Date.UTC(2026, 2, 2, 20); // 17:00 local: the track runs past the allowed hours

/** A device's track: a fix every 2 s, cruising, speeding, braking, turning, idling in turn. */
function speedAt(device: number, i: number): { speed: number; course: number; ignition: boolean } {
  const phase = (i + device * 7) % 300;
  if (phase < 120) return { speed: 60 + (phase % 10), course: (device * 13) % 360, ignition: true };
  if (phase < 160) return { speed: 100 + (phase % 5), course: (device * 13) % 360, ignition: true };
  if (phase < 165)
    return {
      speed: 100 - (phase - 160) * 18,
      course: (device * 13 + (phase - 160) * 30) % 360,
      ignition: true,
    };
  if (phase < 260) return { speed: 0, course: 0, ignition: true };
  return { speed: 0, course: 0, ignition: phase < 280 };
}

function track(device: number, fixes: number, from = 0): RuleFix[] {
  return Array.from({ length: fixes }, (_, k) => {
    const i = from + k;
    const { speed, course, ignition } = speedAt(device, i);
    return {
      t: T0 + i * 2000,
      latitude: -23.55 + i * 1e-5,
      longitude: -46.63 + device * 1e-4,
      speedKmh: speed,
      course,
      ignition,
      motion: speed > 0,
      deviceFlag: null,
      driverUniqueId: null,
    };
  });
}

/**
 * `count` geofences on a grid over the fleet's area (São Paulo centre): circles of 60–240 m, hexagons
 * and 60 m wide corridors in turn, one in five with a 40 km/h limit, as GeoJSON features.
 */
function geofenceFeatures(count: number) {
  // Spread over 16 × 11 km of the city: one geofence every ~420 m, as a dense fleet operation has.
  const columns = Math.ceil(Math.sqrt((count * 16) / 11));
  const rows = Math.ceil(count / columns);
  return Array.from({ length: count }, (_, i) => {
    const lon = -46.66 + (i % columns) * (0.16 / columns);
    const lat = -23.6 + Math.floor(i / columns) * (0.1 / rows);
    const r = 0.0005 + (i % 7) * 0.0002;
    const properties = { name: `cerca ${i}`, speedLimitKmh: i % 5 === 0 ? 40 : null, dwellMaxSeconds: 600 };
    if (i % 3 === 0)
      return {
        type: 'Feature',
        properties: { ...properties, radiusM: 60 + (i % 10) * 20 },
        geometry: { type: 'Point', coordinates: [lon, lat] },
      };
    if (i % 3 === 1) {
      const ring: LonLat[] = Array.from({ length: 6 }, (_, k) => [
        lon + r * Math.cos((k * Math.PI) / 3),
        lat + r * Math.sin((k * Math.PI) / 3),
      ]);
      return {
        type: 'Feature',
        properties,
        geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] },
      };
    }
    return {
      type: 'Feature',
      properties: { ...properties, widthM: 60 },
      geometry: {
        type: 'LineString',
        coordinates: [
          [lon - r, lat],
          [lon, lat + r / 2],
          [lon + r, lat],
        ],
      },
    };
  });
}

const bench: Bench = async ({ args, log }) => {
  const { values } = parseArgs({
    args,
    options: {
      devices: { type: 'string', default: '1000' },
      fixes: { type: 'string', default: '600' },
      geofences: { type: 'string', default: '1000' },
      'stream-devices': { type: 'string', default: '500' },
      'stream-fixes': { type: 'string', default: '400' },
      'request-fixes': { type: 'string', default: '20' },
      'latency-seconds': { type: 'string', default: '30' },
      probes: { type: 'string', default: '10' },
      'no-stream': { type: 'boolean', default: false },
    },
  });
  const features = geofenceFeatures(Number(values.geofences));
  const devices = Number(values.devices);
  const perDevice = Number(values.fixes);
  const tracks = Array.from({ length: devices }, (_, d) => track(d, perDevice));
  const total = devices * perDevice;
  const BATCH = 20; // fixes per device per batch: 200-message batches of 10 devices' fixes, roughly

  // Baseline: the same batching and sorting, no rule.
  let started = performance.now();
  let sink = 0;
  for (let from = 0; from < perDevice; from += BATCH)
    for (const fixes of tracks) sink += [...fixes.slice(from, from + BATCH)].sort((a, b) => a.t - b.t).length;
  const baselineMs = performance.now() - started;

  started = performance.now();
  const states = tracks.map(() => initialDeviceState());
  let episodes = 0;
  for (let from = 0; from < perDevice; from += BATCH)
    tracks.forEach((fixes, d) => {
      const result = evaluateDevice(states[d], fixes.slice(from, from + BATCH), SETTINGS);
      states[d] = result.state;
      episodes += result.episodes.length;
    });
  const pureMs = performance.now() - started;
  log(`pure: ${total} fixes, ${episodes} episodes in ${Math.round(pureMs)} ms`);

  // Geofences, pure: the index built from the features, every fix through the presence evaluator
  // and its geofence speed limit looked up for the overspeed rule.
  const records: GeofenceRecord[] = features.map((f, i) => ({
    id: String(i + 1),
    name: f.properties.name,
    groupId: null,
    shape: parseShape(f.geometry, f.properties as { radiusM?: number; widthM?: number }),
    speedLimitKmh: f.properties.speedLimitKmh,
    allowedHours: null,
    dwellMaxSeconds: f.properties.dwellMaxSeconds,
    hysteresisM: 20,
  }));
  const index = new GeofenceIndex();
  index.load(records);
  const presence = tracks.map(() => initialGeofenceState());
  let facts = 0;
  let limited = 0;
  started = performance.now();
  for (let from = 0; from < perDevice; from += BATCH)
    tracks.forEach((fixes, d) => {
      const slice = fixes.slice(from, from + BATCH);
      const result = evaluatePresence(presence[d], slice, index);
      presence[d] = result.state;
      facts += result.facts.length;
      for (const f of slice) if (index.speedLimitAt(f.latitude, f.longitude) !== null) limited++;
    });
  const geofenceMs = performance.now() - started;
  log(
    `geofences pure: ${total} fixes × ${index.size} geofences, ${facts} facts in ${Math.round(geofenceMs)} ms`,
  );

  // The whole consumer path against PostgreSQL, on a smaller fleet.
  const db = await benchDatabase('pioneira_bench_rules', log);
  const e2eDevices = Math.min(devices, 200);
  await db.sql`TRUNCATE rules_device_state, driver_activity`;
  await db.sql`DELETE FROM telemetry_events WHERE source = 'rules'`;
  await db.sql`DELETE FROM devices WHERE identifier LIKE 'bench-rules-%'`;
  await db.sql`
    INSERT INTO devices (identifier, name, protocol)
    SELECT 'bench-rules-' || i, 'bench ' || i, 'teltonika' FROM generate_series(0, ${e2eDevices - 1}) AS i`;
  const nums = new Map(
    (
      await db.sql<
        { identifier: string; num: number }[]
      >`SELECT identifier, num FROM devices WHERE identifier LIKE 'bench-rules-%'`
    ).map((r) => [r.identifier, r.num]),
  );
  const ingest = new IngestService(db.sql);
  await ingest.start();
  const wire: WirePosition[][] = [];
  for (let from = 0; from < perDevice; from += BATCH) {
    const batch: DecodedPosition[] = [];
    for (let d = 0; d < e2eDevices; d++)
      for (const fix of tracks[d].slice(from, from + BATCH))
        batch.push({
          deviceIdentifier: `bench-rules-${d}`,
          fixedAt: new Date(fix.t),
          latitude: fix.latitude,
          longitude: fix.longitude,
          speedKmh: fix.speedKmh,
          course: fix.course,
          altitude: null,
          accuracy: null,
          attributes: { ignition: fix.ignition as boolean },
        });
    await ingest.submit(batch, 'teltonika');
    for (let i = 0; i < batch.length; i += 200)
      wire.push(
        batch.slice(i, i + 200).map((p) => ({
          deviceNum: nums.get(p.deviceIdentifier) as number,
          t: p.fixedAt.getTime(),
          latitude: p.latitude,
          longitude: p.longitude,
          speedKmh: p.speedKmh,
          course: p.course,
        })),
      );
  }
  await ingest.stop();
  await db.sql`DELETE FROM outbox`;
  started = performance.now();
  let stored = 0;
  let evaluated = 0;
  const ruleStates = storedStates();
  for (const batch of wire) {
    const result = await derive(db.sql, batch, ruleStates);
    stored += result.events;
    evaluated += result.evaluated;
  }
  const e2eMs = performance.now() - started;
  const e2eFixes = wire.reduce((n, b) => n + b.length, 0);
  log(
    `consumer path: ${e2eFixes} fixes (${evaluated} evaluated), ${stored} events in ${Math.round(e2eMs)} ms`,
  );

  // The same fixes again from scratch, in batches as the event log hands them to the consumer under
  // load (200 messages of about 20 fixes: 4,000 fixes a transaction).
  await db.sql`TRUNCATE rules_device_state, driver_activity`;
  await db.sql`DELETE FROM telemetry_events WHERE source = 'rules'`;
  const large: WirePosition[][] = [];
  for (let i = 0; i < wire.length; i += 20) large.push(wire.slice(i, i + 20).flat());
  const largeStates = storedStates();
  let largeEvents = 0;
  started = performance.now();
  for (const batch of large) largeEvents += (await derive(db.sql, batch, largeStates)).events;
  const largeMs = performance.now() - started;
  log(`consumer path, 4,000-fix batches: ${largeEvents} events in ${Math.round(largeMs)} ms`);

  // And in batches of 1,000 messages (20,000 fixes), the rules consumer's batch size.
  await db.sql`TRUNCATE rules_device_state, driver_activity`;
  await db.sql`DELETE FROM telemetry_events WHERE source = 'rules'`;
  const larger: WirePosition[][] = [];
  for (let i = 0; i < wire.length; i += 100) larger.push(wire.slice(i, i + 100).flat());
  const largerStates = storedStates();
  let largerEvents = 0;
  started = performance.now();
  for (const batch of larger) largerEvents += (await derive(db.sql, batch, largerStates)).events;
  const largerMs = performance.now() - started;
  log(`consumer path, 20,000-fix batches: ${largerEvents} events in ${Math.round(largerMs)} ms`);

  // Geofences, the consumer path: the features imported through the API's service, then the same
  // batches through evaluateGeofences.
  await db.sql`TRUNCATE geofence_device_state, geofence_visits, device_status`;
  await db.sql`DELETE FROM telemetry_events WHERE source IN ('geofence', 'device')`;
  await db.sql`DELETE FROM geofences`;
  await new GeofencesService(db.sql).import('geojson', { type: 'FeatureCollection', features }, null, null);
  const storedIndex = new GeofenceIndex();
  storedIndex.load(await geofenceRecords(db.sql));
  started = performance.now();
  let geofenceEvents = 0;
  let geofenceEvaluated = 0;
  const geofenceStates = storedGeofenceStates();
  for (const batch of wire) {
    const result = await evaluateGeofences(
      db.sql,
      storedIndex,
      batch,
      {
        tuning: { confirmSeconds: 30, crossingMaxGapSeconds: 600, timeZone: 'America/Sao_Paulo' },
        offlineAfterSeconds: 1800,
      },
      geofenceStates,
    );
    geofenceEvents += result.events;
    geofenceEvaluated += result.evaluated;
  }
  const geofenceE2eMs = performance.now() - started;
  const [{ visits }] = await db.sql`SELECT count(*)::int AS visits FROM geofence_visits`;
  log(
    `geofences consumer path: ${geofenceEvaluated} evaluated, ${geofenceEvents} events, ${visits} visits in ${Math.round(geofenceE2eMs)} ms`,
  );
  await db.close();

  const stream = values['no-stream']
    ? null
    : await streamBench({
        devices: Number(values['stream-devices']),
        fixesPerDevice: Number(values['stream-fixes']),
        requestFixes: Number(values['request-fixes']),
        latencySeconds: Number(values['latency-seconds']),
        probes: Number(values.probes),
        track,
        geofences: features,
        log,
      });

  return {
    target: '≥ 50,000 positions/s evaluated by every rule (DESIGN §6)',
    devices,
    fixesPerDevice: perDevice,
    pure: {
      fixes: total,
      episodes,
      fixesPerSecond: Math.round(total / (pureMs / 1000)),
      baselineFixesPerSecond: Math.round(sink / (baselineMs / 1000)),
    },
    consumerPath: {
      devices: e2eDevices,
      fixes: e2eFixes,
      batchSize: 200,
      events: stored,
      fixesPerSecond: Math.round(e2eFixes / (e2eMs / 1000)),
      batchesOf4000: { events: largeEvents, fixesPerSecond: Math.round(e2eFixes / (largeMs / 1000)) },
      batchesOf20000: { events: largerEvents, fixesPerSecond: Math.round(e2eFixes / (largerMs / 1000)) },
    },
    geofences: {
      geofences: index.size,
      pure: {
        fixes: total,
        facts,
        fixesWithSpeedLimit: limited,
        fixesPerSecond: Math.round(total / (geofenceMs / 1000)),
      },
      consumerPath: {
        devices: e2eDevices,
        fixes: e2eFixes,
        evaluated: geofenceEvaluated,
        events: geofenceEvents,
        visits,
        fixesPerSecond: Math.round(e2eFixes / (geofenceE2eMs / 1000)),
      },
    },
    stream,
  };
};

export default bench;
