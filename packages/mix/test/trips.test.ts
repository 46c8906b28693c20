import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { MixFaults } from '@pioneira/mix-simulator';
import { formatSinceToken, type PageReport, runMixSync, runMixTrips } from '../src';
import { createHarness, type Harness } from './helpers';

const HOUR = 3600_000;
const ZONE = 'America/Sao_Paulo';
let h: Harness;
// A simulator of its own per test: it never creates items before a cursor it already handed out.
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

async function storedTripIds(): Promise<string[]> {
  const rows = await h.db.sql<{ external_id: string }[]>`SELECT external_id FROM trips WHERE source = 'mix'`;
  return rows.map((r) => r.external_id);
}

async function assertExactlyOnce() {
  const truth = h.sim.tripsTruth();
  const stored = await storedTripIds();
  const have = new Set(stored);
  assert.deepEqual(
    {
      lost: truth.filter((k) => !have.has(k)).length,
      duplicated: stored.length - have.size,
      extra: stored.length - truth.length,
    },
    { lost: 0, duplicated: 0, extra: 0 },
  );
}

/** Drives over the last hours (each a trip), spread so the stream has many pages. */
function drive(trips = 60) {
  for (let i = 0; i < trips; i++) h.sim.generatePositions(1, 12, new Date(Date.now() - (6 - i / 12) * HOUR));
}

async function ingest(faults: Partial<MixFaults> = {}, midRun?: Partial<MixFaults>) {
  drive();
  const client = await h.client();
  // Signed in before the faults: the faults are about the stream, not the first sign-in.
  await client.tokens.get();
  h.sim.setFaults(faults);
  const pages: PageReport[] = [];
  const report = await runMixTrips(h.db.sql, client, ZONE, {
    quantity: 5,
    onPage: (p) => {
      pages.push(p);
      if (pages.length === 1 && midRun) h.sim.setFaults(midRun);
    },
  });
  h.sim.setFaults({ serverErrorRate: 0, connectionResetRate: 0, latencyMs: 0, duplicateAcrossPages: false });
  assert.equal(report.status, 'succeeded', report.error?.message);
  assert.ok(report.pages > 5, `${report.pages} pages`);
  await assertExactlyOnce();
  return { report, client };
}

test('every MiX trip is stored once with its figures, vehicle, driver and a dated assignment', async () => {
  await runMixSync(h.db.sql, await h.client(), {});
  drive(30);
  const report = await runMixTrips(h.db.sql, await h.client(), ZONE, { quantity: 7 });
  assert.equal(report.status, 'succeeded', report.error?.message);
  await assertExactlyOnce();
  for (const truth of h.sim.tripsDetail()) {
    const [row] = await h.db.sql`
      SELECT t.*, v.external_id AS asset, d.external_id AS driver, jsonb_array_length(t.sub_trips) AS legs
      FROM trips t LEFT JOIN vehicles v ON v.id = t.vehicle_id LEFT JOIN drivers d ON d.id = t.driver_id
      WHERE t.source = 'mix' AND t.external_id = ${truth.tripId.toString()}`;
    assert.equal(row.asset, truth.assetId.toString(), 'linked to the vehicle of its asset');
    assert.equal(row.driver, truth.driverId.toString(), "the trip's DriverId");
    assert.equal(row.started_at.getTime(), truth.startMs);
    assert.equal(row.ended_at.getTime(), truth.endMs);
    assert.ok(Math.abs(row.distance_m - truth.distanceKm * 1000) < 1, 'distance in metres');
    assert.equal(row.driving_seconds, (truth.endMs - truth.startMs) / 1000);
    assert.equal(row.standing_seconds, 0);
    assert.ok(row.max_speed_kmh > 0 && row.odometer_end_m > row.odometer_start_m);
    assert.equal(row.legs, 1, 'the sub-trips are kept');
  }
  const assignments = await h.db.sql`
    SELECT a.external_id, a.starts_at, a.ends_at, t.started_at, t.ended_at, a.driver_id = t.driver_id AS same
    FROM vehicle_driver_assignments a JOIN trips t ON t.source = 'mix' AND t.external_id = a.external_id
    WHERE a.source = 'mix'`;
  assert.equal(assignments.length, h.sim.tripsTruth().length, 'one assignment per trip');
  for (const a of assignments) {
    assert.ok(a.same);
    assert.equal(a.starts_at.getTime(), a.started_at.getTime());
    assert.equal(a.ends_at.getTime(), a.ended_at.getTime());
  }
  // Attribution at an instant inside a trip is that trip's driver.
  const [one] = await h.db
    .sql`SELECT vehicle_id, driver_id, started_at FROM trips WHERE source = 'mix' LIMIT 1`;
  const [{ d }] = await h.db
    .sql`SELECT assigned_driver(${one.vehicle_id}::int8, ${one.started_at}::timestamptz + interval '1 minute')::text AS d`;
  assert.equal(d, String(one.driver_id));
  const [summary] = await h.db.sql`
    SELECT sum(trips)::int AS trips FROM daily_summaries WHERE subject = 'vehicle'`;
  assert.equal(summary.trips, h.sim.tripsTruth().length, 'the daily summaries count the MiX trips');
  const [control] = await h.db
    .sql`SELECT caught_up_at, newest_item_at FROM etl_control WHERE job = 'mix.trips'`;
  assert.ok(control.caught_up_at && control.newest_item_at);
});

test('trips that arrive before mix.sync are linked to their vehicle and driver once it has run', async () => {
  drive(10);
  const first = await runMixTrips(h.db.sql, await h.client(), ZONE, {});
  assert.equal(first.status, 'succeeded', first.error?.message);
  const [before] = await h.db.sql`SELECT count(vehicle_id)::int AS linked FROM trips WHERE source = 'mix'`;
  assert.equal(before.linked, 0);
  await runMixSync(h.db.sql, await h.client(), {});
  const next = await runMixTrips(h.db.sql, await h.client(), ZONE, {});
  assert.equal(next.status, 'succeeded');
  const [after] = await h.db.sql`
    SELECT count(vehicle_id)::int AS linked, count(driver_id)::int AS drivers, count(*)::int AS n
    FROM trips WHERE source = 'mix'`;
  assert.deepEqual(after, { linked: 10, drivers: 10, n: 10 });
  const [{ n }] = await h.db
    .sql`SELECT count(*)::int AS n FROM vehicle_driver_assignments WHERE source = 'mix'`;
  assert.equal(n, 10);
});

test('a page replayed after its since token was lost stores nothing twice', async () => {
  drive(40);
  const stop = new AbortController();
  let pages = 0;
  const first = await runMixTrips(h.db.sql, await h.client(), ZONE, {
    quantity: 5,
    signal: stop.signal,
    onPage: () => {
      if (++pages === 2) stop.abort(new Error('worker stopping'));
    },
  });
  assert.equal(first.status, 'interrupted');
  await h.db
    .sql`UPDATE etl_control SET last_successful_sincetoken = ${formatSinceToken(Date.now() - 7 * HOUR)}
    WHERE job = 'mix.trips'`;
  const rest = await runMixTrips(h.db.sql, await h.client(), ZONE, { quantity: 5 });
  assert.equal(rest.status, 'succeeded', rest.error?.message);
  assert.ok(rest.duplicates > 0, 'the replayed trips were recognised');
  await assertExactlyOnce();
});

test('trips stream: 5xx answers are retried', async () => {
  const { client } = await ingest({ serverErrorRate: 0.4 });
  assert.ok(client.stats.retries > 0);
});

test('trips stream: connection resets are retried', async () => {
  const { client } = await ingest({ connectionResetRate: 0.4 });
  assert.ok(client.stats.retries > 0);
});

test('trips stream: a slow MiX is retried until it answers', async () => {
  const t = setTimeout(() => h.sim.setFaults({ latencyMs: 0 }), 2_500);
  try {
    const { client } = await ingest({ latencyMs: 2_000 });
    assert.ok(client.stats.retries > 0);
  } finally {
    clearTimeout(t);
  }
});

test('trips stream: a 429 storm is waited out', async () => {
  const { client } = await ingest({}, { rateLimitStorm: 1 });
  assert.ok(client.stats.rateLimited > 0);
});

test('trips stream: tokens expiring and refresh tokens revoked mid-run', async () => {
  const { client } = await ingest({}, { expireTokensNow: true, revokeRefreshTokens: true });
  assert.ok(client.tokens.requests >= 2, 'a new token by the password grant');
});

test('trips stream: the same trip repeated across pages is stored once', async () => {
  const { report } = await ingest({ duplicateAcrossPages: true });
  assert.ok(report.duplicates > 0);
});
