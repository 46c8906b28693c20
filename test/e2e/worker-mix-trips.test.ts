import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '@pioneira/mix/testing';
import { exited, mixWorkers, until } from './mix-worker';

let h: Harness;
const workers = mixWorkers(() => h.env);
const spawnWorker = workers.spawn;

before(async () => {
  // Every request takes a little while, so there is time to kill the worker in the middle of paging.
  h = await createHarness(
    { faults: { latencyMs: 150 } },
    {
      MIX_TRIPS_CRON: '*/1 * * * * *',
      MIX_POSITIONS_CRON: '0 3 * * *',
      MIX_EVENTS_CRON: '0 3 * * *',
      MIX_SYNC_CRON: '0 3 * * *',
    },
  );
});
after(async () => {
  workers.killAll();
  await h.close();
});

async function storedTrips(): Promise<string[]> {
  const rows = await h.db.sql<{ external_id: string }[]>`SELECT external_id FROM trips WHERE source = 'mix'`;
  return rows.map((r) => r.external_id);
}

test('MiX trips through the worker: kill -9 in the middle of the back-fill, restart, every trip once', {
  timeout: 180_000,
}, async () => {
  // Three days of short drives, spread so the back-fill is many pages of 1000.
  const vehicles = h.sim.fleet.assets.length;
  for (let i = 0; i < 72 * 2; i++)
    h.sim.generatePositions(vehicles, 2, new Date(Date.now() - 72 * 3600_000 + i * 30 * 60_000));
  const truth = h.sim.tripsTruth();
  assert.ok(truth.length > 5_000, `${truth.length} trips`);
  const first = spawnWorker();
  await until('the first run to commit a few pages', async () => {
    const [run] = await h.db
      .sql`SELECT pages FROM etl_runs WHERE job = 'mix.trips' AND status = 'running' AND pages >= 2`;
    return run;
  });
  first.kill('SIGKILL');
  await exited(first);
  const killed = (await storedTrips()).length;
  assert.ok(killed > 0 && killed < truth.length, `killed mid-run with ${killed} of ${truth.length} stored`);

  const second = spawnWorker();
  await until(
    'the back-fill to be drained',
    async () => {
      const [row] = await h.db.sql`
        SELECT 1 FROM etl_control WHERE job = 'mix.trips' AND NOT has_more AND caught_up_at IS NOT NULL`;
      return row;
    },
    150_000,
  );
  second.kill('SIGTERM');
  await exited(second);

  const stored = await storedTrips();
  const have = new Set(stored);
  assert.deepEqual(
    {
      lost: truth.filter((k) => !have.has(k)).length,
      duplicated: stored.length - have.size,
      extra: stored.length - truth.length,
    },
    { lost: 0, duplicated: 0, extra: 0 },
  );
  const [{ n }] = await h.db
    .sql`SELECT count(*)::int AS n FROM vehicle_driver_assignments WHERE source = 'mix'`;
  assert.equal(n, truth.length, 'one dated assignment per trip (mix.sync ran first on a new installation)');
});
