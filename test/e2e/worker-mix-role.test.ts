import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { compare, createHarness, type Harness } from '@pioneira/mix/testing';
import { startWorker } from '../../apps/worker/src';
import { exited, mixWorkers, until } from './mix-worker';

let h: Harness;
const workers = mixWorkers(() => h.env);
const spawnWorker = workers.spawn;

before(async () => {
  // Every request takes a little while, so there is time to kill the worker in the middle of paging.
  h = await createHarness(
    { faults: { latencyMs: 150 } },
    { MIX_EVENTS_CRON: '*/1 * * * * *', MIX_SYNC_CRON: '0 3 * * *' },
  );
});
after(async () => {
  workers.killAll();
  await h.close();
});

test('kill -9 of the worker in the middle of a run, then a restart: zero lost, zero duplicated', {
  timeout: 180_000,
}, async () => {
  h.sim.generateEvents(24_000);
  const first = spawnWorker();
  await until('the first run to commit a few pages', async () => {
    const [run] = await h.db
      .sql`SELECT pages FROM etl_runs WHERE job = 'mix.events' AND status = 'running' AND pages >= 4`;
    return run;
  });
  first.kill('SIGKILL');
  await exited(first);
  const [killed] = await h.db.sql<{ count: number }[]>`SELECT count(*)::int AS count FROM telemetry_events`;
  assert.ok(killed.count > 0 && killed.count < 24_000, `killed mid-run with ${killed.count} stored`);

  const second = spawnWorker();
  await until(
    'the backlog to be drained',
    async () => {
      const [row] = await h.db.sql`
      SELECT 1 FROM etl_runs WHERE job = 'mix.events' AND status = 'succeeded' AND has_more = false
        AND started_at > (SELECT max(started_at) FROM etl_runs WHERE status = 'interrupted')`;
      return row;
    },
    120_000,
  );
  // A graceful stop, so no BullMQ job stays locked by a dead worker for the next test.
  second.kill('SIGTERM');
  await exited(second);

  const result = compare(h.sim.groundTruth(), await h.storedIds());
  assert.deepEqual(result, { lost: 0, duplicated: 0, extra: 0 });
  const runs = await h.db.sql<
    { status: string }[]
  >`SELECT status FROM etl_runs WHERE job = 'mix.events' ORDER BY id`;
  assert.equal(runs[0].status, 'interrupted', 'the killed run is recorded as interrupted');
  const [drivers] = await h.db.sql<{ count: number }[]>`SELECT count(*)::int AS count FROM drivers`;
  assert.equal(drivers.count, h.sim.fleet.drivers.length, 'the first start synchronised the drivers');
});

test('a graceful stop in the middle of a run commits what it fetched and the next start goes on', {
  timeout: 240_000,
}, async () => {
  // A simulator and database of its own: after the first test's cursor reached "now", a new backlog
  // would pile into one millisecond, which MiX serves as one page.
  const h = await createHarness(
    { faults: { latencyMs: 150 } },
    { MIX_EVENTS_CRON: '*/1 * * * * *', MIX_SYNC_CRON: '0 3 * * *' },
  );
  try {
    const before = (await h.storedIds()).length;
    h.sim.generateEvents(12_000);
    const config = loadConfig(h.env);
    const first = await startWorker(config, ['mix']);
    try {
      await until(
        'a run with a couple of pages',
        async () => {
          const [run] = await h.db
            .sql`SELECT id FROM etl_runs WHERE job = 'mix.events' AND status = 'running' AND pages >= 2`;
          return run;
        },
        90_000,
      );
    } finally {
      await first.stop();
    }
    const running = await h.db.sql`SELECT id FROM etl_runs WHERE status = 'running'`;
    assert.equal(running.length, 0, 'a graceful stop leaves no run marked running');
    const [last] = await h.db.sql<
      { status: string }[]
    >`SELECT status FROM etl_runs WHERE job = 'mix.events' ORDER BY id DESC LIMIT 1`;
    assert.equal(last.status, 'interrupted');
    assert.ok((await h.storedIds()).length < before + 12_000, 'stopped before the end of the backlog');

    const second = await startWorker(config, ['mix']);
    try {
      await until(
        'the backlog to be drained',
        async () => (await h.storedIds()).length === h.sim.groundTruth().length,
        90_000,
      );
    } finally {
      await second.stop();
    }
    assert.deepEqual(compare(h.sim.groundTruth(), await h.storedIds()), { lost: 0, duplicated: 0, extra: 0 });
  } finally {
    await h.close();
  }
});
