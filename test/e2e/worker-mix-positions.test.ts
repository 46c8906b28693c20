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
    { MIX_POSITIONS_CRON: '*/1 * * * * *', MIX_EVENTS_CRON: '0 3 * * *', MIX_SYNC_CRON: '0 3 * * *' },
  );
});
after(async () => {
  workers.killAll();
  await h.close();
});

async function storedKeys(): Promise<string[]> {
  const rows = await h.db.sql<{ identifier: string; fixed_at: Date }[]>`
    SELECT d.identifier, p.fixed_at FROM positions p JOIN devices d ON d.num = p.device_num
    WHERE d.protocol = 'mix'`;
  return rows.map((r) => `${r.identifier.slice('mix:'.length)}@${r.fixed_at.toISOString()}`);
}

test('MiX positions through the worker: kill -9 in the middle of the back-fill, restart, every position once', {
  timeout: 180_000,
}, async () => {
  // Two and a half hours of driving for every vehicle, received by MiX before the first connection.
  const vehicles = h.sim.fleet.assets.length;
  h.sim.generatePositions(vehicles, 300, new Date(Date.now() - 10 * 60_000));
  const truth = h.sim.positionsTruth();
  const first = spawnWorker();
  await until('the first run to commit a few pages', async () => {
    const [run] = await h.db
      .sql`SELECT pages FROM etl_runs WHERE job = 'mix.positions' AND status = 'running' AND pages >= 3`;
    return run;
  });
  first.kill('SIGKILL');
  await exited(first);
  const killed = (await storedKeys()).length;
  assert.ok(killed > 0 && killed < truth.length, `killed mid-run with ${killed} of ${truth.length} stored`);

  const second = spawnWorker();
  await until(
    'the back-fill to be drained',
    async () => {
      const [row] = await h.db.sql`
        SELECT 1 FROM etl_control WHERE job = 'mix.positions' AND NOT has_more AND caught_up_at IS NOT NULL`;
      return row;
    },
    120_000,
  );
  second.kill('SIGTERM');
  await exited(second);

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
  const [devices] = await h.db.sql<{ n: number; linked: number }[]>`
    SELECT count(*)::int AS n, count(vehicle_id)::int AS linked FROM devices WHERE protocol = 'mix'`;
  assert.equal(devices.n, vehicles, 'one device per MiX asset');
  assert.equal(devices.linked, vehicles, 'each linked to its vehicle once mix.sync has run');
});
