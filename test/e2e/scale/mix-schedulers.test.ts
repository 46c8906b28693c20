/**
 * Three `pioneira worker --roles mix` processes against the MiX simulator: every replica upserts the same
 * BullMQ job schedulers, and each scheduled tick of `mix.events` must run exactly once, never two runs of
 * a job at the same time.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createHarness, type Harness } from '@pioneira/mix/testing';
import { bullPrefix, JOBS } from '@pioneira/pipeline';
import { Queue } from 'bullmq';
import { type Child, printed, spawnPioneira, stop, stopAll } from './processes';

const PERIOD_MS = 2_000;
const WINDOW_MS = 20_000;
let h: Harness;

before(async () => {
  // Each request takes a while and events keep arriving, so a run is never instantaneous.
  h = await createHarness(
    { eventsPerMinute: 1_200, faults: { latencyMs: 100 } },
    { MIX_EVENTS_CRON: `*/${PERIOD_MS / 1000} * * * * *`, MIX_SYNC_CRON: '0 3 * * *' },
  );
});
after(async () => {
  await stopAll();
  await h.close();
});

test('3 mix workers: each scheduled mix.events tick runs once, runs never overlap, nothing lost or duplicated', {
  timeout: 180_000,
}, async (t) => {
  const env = { ...process.env, ...h.env, LOG_LEVEL: 'warn' };
  const workers: Child[] = [1, 2, 3].map((i) => spawnPioneira(`mix-${i}`, ['worker', '--roles', 'mix'], env));
  await Promise.all(workers.map((w) => printed(w, /worker running roles: mix/)));
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  await Promise.all(workers.map((w) => stop(w)));
  const window = Date.now() - started;

  const queue = new Queue(JOBS['mix.events'].queue, {
    connection: { url: h.env.REDIS_URL },
    prefix: bullPrefix(h.prefix),
  });
  try {
    const jobs = (await queue.getJobs(['completed', 'failed'])).filter((job) =>
      job.id?.startsWith('repeat:'),
    );
    const ticks = jobs.map((job) => Number(job.id!.split(':').at(-1))).sort((a, b) => a - b);
    t.diagnostic(`${ticks.length} ticks in ${window} ms`);
    // Three replicas upserting one scheduler make one schedule, not three: one job per tick.
    assert.equal(new Set(ticks).size, ticks.length, 'no tick was scheduled twice');
    for (let i = 1; i < ticks.length; i++)
      assert.ok(
        ticks[i] - ticks[i - 1] >= PERIOD_MS,
        `ticks ${ticks[i - 1]} and ${ticks[i]} are a period apart`,
      );
    assert.ok(ticks.length >= 4 && ticks.length <= window / PERIOD_MS + 2, `${ticks.length} ticks`);
    // BullMQ hands a job out again when it thinks its worker stalled (a loaded machine can delay a lock
    // renewal), so a tick's job may be attempted twice; what must hold is that the work ran once: at
    // most one etl_runs row per tick and no two runs at the same time (asserted below).
    const again = jobs.filter((job) => job.attemptsMade > 1).map((job) => job.id);
    if (again.length > 0) t.diagnostic(`ticks handed out more than once: ${again.join(', ')}`);

    // Each tick that did work left one etl_runs row, and no two runs of the job overlapped in time.
    const runs = await h.db.sql<{ started_at: Date; finished_at: Date | null; status: string }[]>`
      SELECT started_at, finished_at, status FROM etl_runs WHERE job = 'mix.events' ORDER BY started_at`;
    // A run still going when its worker was stopped (SIGKILL past the grace period) stays `active`.
    const leftover = await queue.getJobs(['active']);
    const working = [...jobs, ...leftover].filter((job) => job.returnvalue?.status !== 'skipped');
    t.diagnostic(
      `jobs: ${JSON.stringify(jobs.map((j) => [j.id?.split(':').at(-1), j.returnvalue?.status, j.failedReason]))}; left: ${JSON.stringify(leftover.map((j) => j.id))}; runs: ${JSON.stringify(runs.map((r) => r.status))}`,
    );
    // BullMQ delivers at least once: a tick whose job stalled while its first attempt was still running
    // is handed out again, finds the advisory lock taken and skips. So: never more runs than ticks,
    // and every tick that reported work has its run.
    const tickIds = new Set([...jobs, ...leftover].map((job) => job.id));
    assert.ok(
      runs.length <= tickIds.size,
      `at most one etl_runs row per tick (${runs.length} runs, ${tickIds.size} ticks)`,
    );
    assert.ok(
      runs.length >= working.filter((job) => !leftover.includes(job)).length,
      'every tick that ran left its run',
    );
    const busy = jobs.filter((job) => /another process/.test(job.returnvalue?.reason ?? ''));
    t.diagnostic(`${runs.length} runs, ${busy.length} ticks found the previous run still going`);
    for (let i = 1; i < runs.length; i++)
      assert.ok(
        runs[i - 1].finished_at && runs[i - 1].finished_at! <= runs[i].started_at,
        `run ${i} overlaps ${i - 1}`,
      );

    const syncs = await h.db.sql`SELECT status FROM etl_runs WHERE job = 'mix.sync'`;
    t.diagnostic(`first-start mix.sync ran ${syncs.length} time(s) with 3 replicas starting together`);
    assert.ok(syncs.length >= 1, 'a new installation synchronises its drivers at first start');

    const stored = await h.storedIds();
    assert.equal(new Set(stored).size, stored.length, 'no event stored twice');
    const truth = new Set(h.sim.groundTruth());
    assert.ok(
      stored.every((id) => truth.has(id)),
      'only events the simulator produced',
    );
  } finally {
    await queue.close();
  }
});
