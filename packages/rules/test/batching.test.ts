import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Queryable } from '@pioneira/core';
import type { WirePosition } from '@pioneira/gps';
import { createHarness, eventually, type Harness } from '@pioneira/gps/testing';
import { kill9, pioneiraEnv, printed, spawnPioneira } from '@pioneira/gps/testing/processes';
import type { DecodedPosition } from '@pioneira/protocols';
import { testEnv } from '@pioneira/testing';
import {
  DEFAULT_TUNING,
  derive,
  evaluateDevice,
  evaluateGeofences,
  evaluatePresence,
  GeofenceIndex,
  GeofencesService,
  geofenceRecords,
  initialDeviceState,
  initialGeofenceState,
  type RuleFix,
  ruleAttributes,
  SettingsBook,
  type StateStore,
  storedGeofenceStates,
  storedStates,
} from '../src';
import type { SettingsRow } from '../src/store/rules.repository';

// The consumers keep each device's state in memory between batches and write it back with the
// batch. These tests hold that cache to what PostgreSQL says: a batch that fails before its commit,
// two consumers of the group taking turns on one device, a process killed with -9, a replay.

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(async () => {
  await h.close();
});

const T0 = Date.UTC(2026, 2, 2, 12); // Monday 09:00 in São Paulo
const SE = { lat: -23.5503, lon: -46.6339 }; // Praça da Sé

/** A fix every 2 s: cruising, speeding, a hard stop, idling with the engine on, the engine off, in turn. */
function track(
  identifier: string,
  fixes: number,
  phase: number,
  east = (_i: number) => 0,
): DecodedPosition[] {
  return Array.from({ length: fixes }, (_, i) => {
    const p = (i + phase) % 150;
    const speed = p < 40 ? 60 : p < 70 ? 100 + (p % 5) : p < 73 ? 100 - (p - 69) * 25 : 0;
    return {
      deviceIdentifier: identifier,
      fixedAt: new Date(T0 + i * 2000),
      latitude: SE.lat - i * 1e-5,
      longitude: SE.lon + east(i) / 102_000,
      speedKmh: speed,
      course: 180,
      altitude: null,
      accuracy: null,
      attributes: { ignition: p < 140 },
    };
  });
}

/** Shuffled in a fixed way, as a tracker's buffer may send them. */
const shuffled = <T extends { fixedAt: Date }>(list: T[]) =>
  [...list].sort((a, b) => ((a.fixedAt.getTime() * 7919) % 97) - ((b.fixedAt.getTime() * 7919) % 97));

async function nums(identifiers: string[]): Promise<Map<string, number>> {
  const rows = await h.db.sql<{ identifier: string; num: number }[]>`
    SELECT identifier, num FROM devices WHERE identifier = ANY(${identifiers}::text[])`;
  return new Map(rows.map((r) => [r.identifier, r.num]));
}

const wire = (p: DecodedPosition, num: number): WirePosition => ({
  deviceNum: num,
  t: p.fixedAt.getTime(),
  latitude: p.latitude,
  longitude: p.longitude,
  speedKmh: p.speedKmh,
  course: p.course,
});

/** What the rules derive from the whole track in one pass, in memory: the oracle. */
async function expectedRules(sql: Queryable, fixes: DecodedPosition[]) {
  const rows = await sql<SettingsRow[]>`
    SELECT scope, scope_key, settings FROM rule_settings WHERE scope <> 'vehicle'`;
  const settings = new SettingsBook(rows).for('exempt', null);
  const ruleFixes: RuleFix[] = fixes.map((p) => ({
    t: p.fixedAt.getTime(),
    latitude: p.latitude,
    longitude: p.longitude,
    speedKmh: p.speedKmh,
    course: p.course,
    ...ruleAttributes(p.attributes),
  }));
  return evaluateDevice(initialDeviceState(), ruleFixes, settings)
    .episodes.map((e) => `rules.${e.rule} ${e.startedAt - T0} ${e.endedAt - T0} ${e.value}`)
    .sort();
}

async function storedRules(sql: Queryable, identifier: string) {
  const rows = await sql<{ type: string; s: Date; e: Date; value: number | null }[]>`
    SELECT event_type_external_id AS type, started_at AS s, ended_at AS e, value FROM telemetry_events
    WHERE source = 'rules' AND raw->>'deviceId' = (SELECT id::text FROM devices WHERE identifier = ${identifier})`;
  return rows.map((r) => `${r.type} ${r.s.getTime() - T0} ${r.e.getTime() - T0} ${r.value}`).sort();
}

/** A store that fails the first `failures` saves after sending them, like a crash before the commit. */
function failing(store: StateStore, failures: { left: number }): StateStore {
  return {
    lock: (tx, ranges) => store.lock(tx, ranges),
    committed: (states) => store.committed(states),
    async save(tx, states) {
      await store.save(tx, states);
      if (failures.left-- > 0) throw new Error('crash before the commit');
    },
  };
}

test('rules in batches: a batch that fails before its commit changes nothing; retried, with two consumers taking turns, each device gets the events of one pass', async () => {
  const a = track('batch-a', 450, 0);
  const b = track('batch-b', 450, 75);
  for (const id of ['batch-a', 'batch-b']) await h.device(id, 'teltonika');
  await h.ingest.submit([...a, ...b], 'teltonika');
  const num = await nums(['batch-a', 'batch-b']);
  // Batches of 30 fixes of each device, shuffled, both devices in every batch.
  const batches: WirePosition[][] = [];
  for (let i = 0; i < a.length; i += 30)
    batches.push(
      shuffled([...a.slice(i, i + 30), ...b.slice(i, i + 30)]).map((p) =>
        wire(p, num.get(p.deviceIdentifier) as number),
      ),
    );
  const first = storedStates();
  const second = storedStates();
  const failures = { left: 1 };
  for (const [i, batch] of batches.entries()) {
    if (i === 7) {
      const before = await h.db.sql`SELECT device_num, last_fix_at, state FROM rules_device_state ORDER BY 1`;
      const events = await storedRules(h.db.sql, 'batch-a');
      await assert.rejects(derive(h.db.sql, batch, failing(first, failures)), /crash before the commit/);
      assert.deepEqual(
        await h.db.sql`SELECT device_num, last_fix_at, state FROM rules_device_state ORDER BY 1`,
        before,
        'the states are those of the last commit',
      );
      assert.deepEqual(await storedRules(h.db.sql, 'batch-a'), events, 'no event of the failed batch');
    }
    // Consumers take turns in runs of two: each finds the other moved the devices' rows on.
    await derive(h.db.sql, batch, Math.floor(i / 2) % 2 === 0 ? first : second);
  }
  const expectedA = await expectedRules(h.db.sql, a);
  assert.ok(expectedA.length >= 6, `the track has episodes (${expectedA.join(', ')})`);
  assert.deepEqual(await storedRules(h.db.sql, 'batch-a'), expectedA);
  assert.deepEqual(await storedRules(h.db.sql, 'batch-b'), await expectedRules(h.db.sql, b));
  assert.notDeepEqual(expectedA, await expectedRules(h.db.sql, b), 'the two devices differ');

  // A replay from scratch through a fresh consumer (empty cache) stores nothing new.
  const [{ n }] = await h.db.sql`SELECT count(*)::int AS n FROM telemetry_events WHERE source = 'rules'`;
  const fresh = storedStates();
  let added = 0;
  for (const batch of batches) added += (await derive(h.db.sql, batch, fresh)).events;
  assert.equal(added, 0);
  const [again] = await h.db.sql`SELECT count(*)::int AS n FROM telemetry_events WHERE source = 'rules'`;
  assert.equal(again.n, n);
});

test('geofences in batches: two consumers taking turns and a failed batch give the visits of one pass, per device', async () => {
  await new GeofencesService(h.db.sql).import(
    'geojson',
    {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'Sé', radiusM: 150 },
          geometry: { type: 'Point', coordinates: [SE.lon, SE.lat] },
        },
      ],
    },
    null,
    null,
  );
  const index = new GeofenceIndex();
  index.load(await geofenceRecords(h.db.sql));
  // Back and forth across the circle: 600 m east and back, every 40 fixes; the second device lags.
  const swing = (shift: number) => (i: number) => 600 * Math.abs((((i + shift) % 80) - 40) / 40);
  const a = track('fence-a', 400, 0, swing(0)).map((p) => ({ ...p, latitude: SE.lat }));
  const b = track('fence-b', 400, 0, swing(25)).map((p) => ({ ...p, latitude: SE.lat }));
  for (const id of ['fence-a', 'fence-b']) await h.device(id, 'teltonika');
  await h.ingest.submit([...a, ...b], 'teltonika');
  const num = await nums(['fence-a', 'fence-b']);
  const options = { tuning: DEFAULT_TUNING, offlineAfterSeconds: 1800 };
  const first = storedGeofenceStates();
  const second = storedGeofenceStates();
  for (let i = 0, k = 0; i < a.length; i += 25, k++) {
    const batch = shuffled([...a.slice(i, i + 25), ...b.slice(i, i + 25)]).map((p) =>
      wire(p, num.get(p.deviceIdentifier) as number),
    );
    if (k === 5) {
      // The failure comes with the batch's writes sent: nothing of them stays, the cache included.
      const broken = Object.create(first) as typeof first;
      broken.save = async (tx, saved) => {
        await first.save(tx, saved);
        throw new Error('crash before the commit');
      };
      await assert.rejects(evaluateGeofences(h.db.sql, index, batch, options, broken), /crash/);
    }
    await evaluateGeofences(h.db.sql, index, batch, options, k % 3 === 0 ? second : first);
  }
  const facts = async (identifier: string) =>
    (
      await h.db.sql<{ type: string; t: Date }[]>`
        SELECT event_type_external_id AS type, started_at AS t FROM telemetry_events
        WHERE source = 'geofence' AND raw->>'deviceId' = (SELECT id::text FROM devices WHERE identifier = ${identifier})`
    )
      .map((r) => `${r.type} ${r.t.getTime() - T0}`)
      .sort();
  const oracle = (fixes: DecodedPosition[]) =>
    evaluatePresence(
      initialGeofenceState(),
      fixes.map((p) => ({ t: p.fixedAt.getTime(), latitude: p.latitude, longitude: p.longitude })),
      index,
    )
      .facts.map((f) => `geofence.${f.type} ${f.t - T0}`)
      .sort();
  const expectedA = oracle(a);
  assert.ok(expectedA.filter((f) => f.startsWith('geofence.enter')).length >= 4, expectedA.join(', '));
  assert.deepEqual(await facts('fence-a'), expectedA);
  assert.deepEqual(await facts('fence-b'), oracle(b));
  const [{ visits }] = await h.db.sql`
    SELECT count(*)::int AS visits FROM geofence_visits WHERE device_num = ${num.get('fence-a') as number}`;
  assert.equal(visits, expectedA.filter((f) => f.startsWith('geofence.enter')).length);
});

test('kill -9 of the rules worker mid-stream: after the restart every device has the events of one pass, none twice', {
  timeout: 240_000,
}, async () => {
  const env = pioneiraEnv({ databaseUrl: h.db.url, redisUrl: testEnv().redisUrl, prefix: `${h.prefix}k9` });
  const ids = ['kill-a', 'kill-b', 'kill-c'];
  const tracks = ids.map((id, i) => track(id, 900, i * 40));
  for (const id of ids) await h.device(id, 'teltonika');
  const worker = spawnPioneira(['worker', '--roles', 'relay,rules'], env);
  let again: ReturnType<typeof spawnPioneira> | undefined;
  try {
    await printed(worker, /worker running roles/, 60_000);
    const num = await nums(ids);
    const progress = async () => {
      const [row] = await h.db.sql<{ t: Date | null }[]>`
        SELECT min(last_fix_at) AS t FROM rules_device_state WHERE device_num = ANY(${[...num.values()]}::int4[])`;
      return row.t ? row.t.getTime() - T0 : -1;
    };
    // Many small messages (20 s of each device at a time) while the worker derives, so the kill
    // lands while it has a batch in hand.
    const sending = (async () => {
      for (let i = 0; i < 900; i += 10)
        await h.ingest.submit(
          tracks.flatMap((t) => t.slice(i, i + 10)),
          'teltonika',
        );
    })();
    await eventually(async () => (await progress()) > 200_000 || undefined, 60_000);
    await kill9(worker);
    await sending;
    const end = 899 * 2000;
    assert.ok((await progress()) < end, 'killed before the end of the tracks');
    again = spawnPioneira(['worker', '--roles', 'relay,rules'], env);
    await eventually(async () => (await progress()) === end || undefined, 120_000);
    for (const [i, id] of ids.entries())
      assert.deepEqual(await storedRules(h.db.sql, id), await expectedRules(h.db.sql, tracks[i]), id);
  } finally {
    await kill9(worker);
    if (again) {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  }
});
