import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { DevicesService, IngestService } from '@pioneira/gps';
import { formatSinceToken, type PositionsSink, runMixEvents, runMixPositions, runMixSync } from '../src';
import { createHarness, type Harness } from './helpers';

const HOUR = 3600_000;
let h: Harness;
let sink: PositionsSink;
// A simulator of its own per test: it never creates items before a cursor it already handed out.
beforeEach(async () => {
  h = await createHarness();
  const ingest = new IngestService(h.db.sql);
  await ingest.start();
  sink = { ingest, devices: new DevicesService(h.db.sql, { onChange: () => ingest.devices.clear() }) };
});
afterEach(async () => {
  await sink.ingest.stop();
  await h.close();
});

/** Stored positions as `assetId@fixIso` keys, the simulator's ground-truth form. */
async function storedKeys(): Promise<string[]> {
  const rows = await h.db.sql<{ identifier: string; fixed_at: Date }[]>`
    SELECT d.identifier, p.fixed_at FROM positions p JOIN devices d ON d.num = p.device_num
    WHERE d.protocol = 'mix'`;
  return rows.map((r) => `${r.identifier.slice('mix:'.length)}@${r.fixed_at.toISOString()}`);
}

async function assertExactlyOnce() {
  const truth = h.sim.positionsTruth();
  const stored = await storedKeys();
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

test('every simulator position is stored once, on a device per asset linked to its vehicle, with outbox rows', async () => {
  await runMixSync(h.db.sql, await h.client(), {});
  // Trips over the last day and a half, and one just now.
  for (let i = 0; i < 6; i++) h.sim.generatePositions(2, 15, new Date(Date.now() - (36 - i * 6) * HOUR));
  h.sim.generatePositions(3, 10);
  const outboxBefore = await h.db.sql`SELECT count(*)::int AS n FROM outbox`;
  const report = await runMixPositions(h.db.sql, await h.client(), sink, { quantity: 25 });
  assert.equal(report.status, 'succeeded', report.error?.message);
  assert.ok(report.pages > 5, `${report.pages} pages`);
  await assertExactlyOnce();
  const devices = await h.db.sql<{ protocol: string; vehicle_external_id: string | null }[]>`
    SELECT d.protocol, v.external_id AS vehicle_external_id
    FROM devices d LEFT JOIN vehicles v ON v.id = d.vehicle_id WHERE d.identifier LIKE 'mix:%'`;
  assert.ok(devices.length >= 3);
  for (const d of devices) {
    assert.equal(d.protocol, 'mix');
    assert.ok(d.vehicle_external_id, 'linked to the vehicle of its MiX asset');
  }
  const outboxAfter = await h.db.sql`SELECT count(*)::int AS n FROM outbox`;
  assert.ok(outboxAfter[0].n > outboxBefore[0].n, 'positions went through the outbox');
  const [control] = await h.db
    .sql`SELECT newest_item_at, caught_up_at FROM etl_control WHERE job = 'mix.positions'`;
  assert.ok(control.caught_up_at);
  assert.ok(Date.now() - control.newest_item_at.getTime() < HOUR);
});

test('stopping the job between pages, and a page whose since token never committed, lose and duplicate nothing', async () => {
  for (let i = 0; i < 4; i++) h.sim.generatePositions(3, 20, new Date(Date.now() - (10 - i) * HOUR));
  const stop = new AbortController();
  let pages = 0;
  const first = await runMixPositions(h.db.sql, await h.client(), sink, {
    quantity: 20,
    signal: stop.signal,
    onPage: () => {
      if (++pages === 2) stop.abort(new Error('worker stopping'));
    },
  });
  assert.equal(first.status, 'interrupted');
  assert.ok((await storedKeys()).length < h.sim.positionsTruth().length, 'the run stopped early');

  // The positions of a page commit before its token; a crash in between replays the page.
  const [control] = await h.db
    .sql`SELECT last_successful_sincetoken AS t FROM etl_control WHERE job = 'mix.positions'`;
  const rewound = formatSinceToken(Date.now() - 11 * HOUR);
  assert.ok(rewound < control.t);
  await h.db.sql`UPDATE etl_control SET last_successful_sincetoken = ${rewound} WHERE job = 'mix.positions'`;
  h.sim.setFaults({ duplicateAcrossPages: true, serverErrorRate: 0.2 });
  try {
    const rest = await runMixPositions(h.db.sql, await h.client(), sink, { quantity: 20 });
    assert.equal(rest.status, 'succeeded', rest.error?.message);
    assert.ok(rest.duplicates > 0, 'the replayed positions were recognised');
  } finally {
    h.sim.setFaults({ duplicateAcrossPages: false, serverErrorRate: 0 });
  }
  await assertExactlyOnce();
});

test('the positions stream shares the per-credential budget with the other MiX streams', async () => {
  h.sim.generatePositions(1, 5, new Date(Date.now() - HOUR));
  h.sim.generateEvents(5, new Date(Date.now() - HOUR));
  const positions = await runMixPositions(h.db.sql, await h.client(), sink, {});
  const events = await runMixEvents(h.db.sql, await h.client(), {});
  assert.ok(positions.requests > 0 && events.requests > 0);
  const windows = await h.redis.keys(`${h.prefix}:mix:rate:*:window`);
  assert.equal(windows.length, 1, 'one sliding window for the account, whatever the stream');
  assert.equal(await h.redis.zcard(windows[0]), positions.requests + events.requests);
});
