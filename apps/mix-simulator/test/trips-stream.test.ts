import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createMixSimulator, type MixSimulator } from '../src';
import { activityWeight } from '../src/activity';

const sims: MixSimulator[] = [];
after(async () => {
  for (const sim of sims) await sim.close();
});

async function start(options: Parameters<typeof createMixSimulator>[0] = {}) {
  const sim = await createMixSimulator({
    eventsPerMinute: 0,
    drivingVehicles: 0,
    rateLimitPerMinute: 0,
    ...options,
  });
  sims.push(sim);
  return { sim, base: await sim.listen(0) };
}

async function token(base: string, sim: MixSimulator) {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: sim.options.clientId,
    client_secret: sim.options.clientSecret,
    username: sim.options.username,
    password: sim.options.password,
    scope: 'offline_access MiX.Integrate',
  });
  const r = await fetch(`${base}/core/connect/token`, { method: 'POST', body: form });
  return ((await r.json()) as { access_token: string }).access_token;
}

/** Pages the trips stream from `since` to the end; returns the raw JSON texts of the items. */
async function pageTrips(base: string, sim: MixSimulator, since: string, subTrips = 'True') {
  const bearer = await token(base, sim);
  const items: string[] = [];
  let cursor = since;
  for (let more = true; more; ) {
    const r = await fetch(
      `${base}/api/trips/groups/createdsince/entitytype/Asset/sincetoken/${cursor}/quantity/50?includeSubTrips=${subTrips}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}` },
        body: `[${sim.options.organisationId}]`,
      },
    );
    assert.ok(r.status === 200 || r.status === 204, `status ${r.status}`);
    more = r.headers.get('HasMoreItems') === 'True';
    cursor = r.headers.get('GetSinceToken')!;
    if (r.status === 200) {
      const text = await r.text();
      // Ids are 19-digit numbers: split the array by the TripId field instead of JSON.parse.
      items.push(...text.split('{"TripId":').slice(1));
    }
  }
  return items;
}

const sinceToken = (ms: number) => new Date(ms).toISOString().replace(/\D/g, '').slice(0, 17);

test('trips stream: every drive is one trip, once, adding up to its positions', async () => {
  const { sim, base } = await start();
  const keys = sim.generatePositions(12, 40, new Date(Date.now() - 5 * 60_000));
  assert.equal(keys.length, 12 * 40);
  const truth = sim.tripsTruth();
  assert.equal(truth.length, 12);
  const items = await pageTrips(base, sim, sinceToken(Date.now() - 3600_000));
  const ids = items.map((t) => t.slice(0, t.indexOf(',')));
  assert.deepEqual([...ids].sort(), [...truth].sort(), 'every trip exactly once');
  for (const trip of sim.tripsDetail()) {
    const fixes = keys
      .filter((k) => k.startsWith(`${trip.assetId}@`))
      .map((k) => Date.parse(k.split('@')[1]));
    const inside = fixes.filter((ms) => ms >= trip.startMs && ms <= trip.endMs);
    assert.equal(inside.length, 40, 'the trip spans its 40 fixes');
    assert.equal(
      trip.endMs - trip.startMs,
      39 * 30_000,
      'driving time is the time between first and last fix',
    );
    assert.ok(trip.distanceKm > 0);
  }
  assert.ok(
    items.every((t) => t.includes('"SubTrips":[')),
    'sub-trips with includeSubTrips=True',
  );
  const bare = await pageTrips(base, sim, sinceToken(Date.now() - 3600_000), 'false');
  assert.equal(bare.length, 12);
  assert.ok(
    bare.every((t) => !t.includes('SubTrips')),
    'no sub-trips otherwise',
  );
  // Each trip has an event on its path: events of the trip's asset exist.
  assert.equal(sim.groundTruth().length, 12);
});

test('trips stream: duplicateAcrossPages repeats the last trip of the previous page', async () => {
  const { sim, base } = await start({ faults: { duplicateAcrossPages: true } });
  sim.generatePositions(120, 5, new Date(Date.now() - 5 * 60_000));
  const items = await pageTrips(base, sim, sinceToken(Date.now() - 3600_000));
  const ids = items.map((t) => t.slice(0, t.indexOf(',')));
  assert.ok(ids.length > new Set(ids).size, 'some trips came twice');
  assert.equal(new Set(ids).size, 120);
});

test('history: events over the days with weekday and rush-hour shape, drives over a shorter span', async () => {
  const { sim } = await start({ historyDays: 3, historyEventsPerDay: 1200, positionHistoryDays: 1 });
  const events = sim.groundTruth().length;
  assert.ok(events > 2000, `about 3 days × 1200 events plus one per drive, got ${events}`);
  const drives = sim.tripsDetail();
  assert.ok(drives.length > 20, `a day of drives, got ${drives.length}`);
  assert.ok(
    drives.every((t) => t.startMs > Date.now() - 25 * 3600_000),
    'drives only within the last day',
  );
  // The shape: a working-day rush hour weighs far more than a Sunday night.
  const rush = Date.parse('2026-12-02T11:00:00Z'); // Wednesday 08:00 in São Paulo
  const night = Date.parse('2026-12-06T06:00:00Z'); // Sunday 03:00
  assert.ok(activityWeight(rush, -3) > 20 * activityWeight(night, -3));
});

test('state file: a restart continues the clock instead of sending the same items again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mix-sim-'));
  try {
    const stateFile = join(dir, 'state.json');
    const first = await createMixSimulator({
      eventsPerMinute: 0,
      drivingVehicles: 0,
      historyDays: 2,
      historyEventsPerDay: 500,
      stateFile,
    });
    await first.listen(0);
    const before = new Set(first.groundTruth());
    await first.close();
    const second = await createMixSimulator({
      eventsPerMinute: 0,
      drivingVehicles: 0,
      historyDays: 2,
      historyEventsPerDay: 500,
      stateFile,
    });
    sims.push(second);
    await second.listen(0);
    const again = second.groundTruth();
    assert.ok(again.length < before.size / 10, `only the downtime is filled, got ${again.length}`);
    assert.ok(
      again.every((id) => !before.has(id)),
      'no event id of the first run comes again',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
