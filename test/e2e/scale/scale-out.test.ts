/**
 * Scale-out on one machine (DESIGN §5, §7): two `pioneira api` and three `pioneira worker --roles
 * relay,consumers` processes share one PostgreSQL, with EVENT_LOG=redis, nats and kafka in turn. A
 * worker is killed with SIGKILL in the middle of the run; the others must take over its partitions /
 * pending entries. Every run must store exactly what was acknowledged, carry every position through the
 * event log, leave each device's newest fix as its latest position, and end identical to a run of the
 * same input on one api and one worker.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LATEST_GROUP } from '@pioneira/gps';
import { TOPICS } from '@pioneira/pipeline';
import { type Cluster, type EventLogKind, startCluster } from './cluster';
import { audit, type Outcome, settle, storedKeys } from './outcome';
import { type Child, kill9, stopAll, until } from './processes';
import { provision, send, workload } from './workload';

const DEVICES = 30;
const FIXES = 120; // per device: 3,600 positions in all
const BATCH = 20;
const batches = workload(DEVICES, FIXES, BATCH);
const TOTAL = DEVICES * FIXES;

let single: Outcome;
after(stopAll);

before(async () => {
  const cluster = await startCluster('redis', 1, 1);
  try {
    await provision(cluster.db.sql, batches);
    const sent = await send(
      cluster.apis.map((a) => a.url),
      batches,
      { concurrency: 4, pauseMs: 0 },
    );
    assert.equal(sent.acknowledged, TOTAL, 'the single-process run acknowledged every position');
    single = await settle(cluster);
    assert.equal(single.stored, TOTAL);
  } finally {
    await cluster.close();
  }
});

/** The worker to kill: on Redis one that holds unacknowledged entries right now, if any does. */
async function victim(cluster: Cluster): Promise<{ worker: Child; pending: number }> {
  if (cluster.kind === 'redis') {
    const stream = `${cluster.prefix}:events:{${TOPICS.positions}}`;
    for (let tries = 0; tries < 40; tries++) {
      const consumers = (await cluster.redis.xinfo('CONSUMERS', stream, LATEST_GROUP)) as unknown[][];
      for (const fields of consumers) {
        const info = Object.fromEntries(
          Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]),
        );
        const pending = Number(info.pending);
        const worker = cluster.workers.find((w) => String(info.name).includes(`-${w.process.pid}-`));
        if (worker && pending > 0) return { worker, pending };
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return { worker: cluster.workers[1], pending: 0 };
}

for (const kind of ['redis', 'nats', 'kafka'] as EventLogKind[]) {
  test(`EVENT_LOG=${kind}: 2 apis + 3 workers, one worker killed -9 mid-run → 0 lost, 0 duplicated, same result as one process`, {
    timeout: 420_000,
  }, async (t) => {
    const cluster = await startCluster(kind, 2, 3);
    try {
      await provision(cluster.db.sql, batches);
      let killed: { worker: Child; pending: number; atBatch: number } | undefined;
      const sent = await send(
        cluster.apis.map((a) => a.url),
        batches,
        {
          concurrency: 4,
          pauseMs: 20,
          onProgress: async (done) => {
            if (killed || done < batches.length / 2) return;
            killed = { ...(await victim(cluster)), atBatch: done };
            await kill9(killed.worker);
          },
        },
      );
      assert.ok(killed, 'a worker was killed during the run');
      assert.equal(killed.worker.process.signalCode, 'SIGKILL');
      t.diagnostic(
        `${kind}: killed ${killed.worker.name} after ${killed.atBatch}/${batches.length} batches` +
          (kind === 'redis' ? ` (it held ${killed.pending} unacknowledged entries a moment before)` : ''),
      );
      assert.equal(sent.acknowledged, TOTAL, 'every position was acknowledged');
      assert.equal(sent.duplicates, 0);

      const started = Date.now();
      const result = await settle(cluster);
      t.diagnostic(
        `${kind}: settled ${Date.now() - started} ms after the last batch (${sent.retried} resends)`,
      );

      // stored = acknowledged, exactly: the primary key makes a duplicate impossible to hide.
      assert.equal(result.stored, sent.acknowledged, 'stored = acknowledged');
      // Every stored position reached the event log, and the consumers' group acknowledged all of it.
      const carried = await audit(cluster, TOTAL);
      const stored = await storedKeys(cluster);
      assert.equal(carried.size, stored.size, 'the event log carried every stored position');
      assert.deepEqual(
        [...stored].filter((k) => !carried.has(k)),
        [],
      );
      assert.deepEqual(await cluster.log.lag(LATEST_GROUP, TOPICS.positions), {
        undelivered: 0,
        pending: 0,
        total: 0,
      });
      // The latest position of each device is its newest fix, and everything equals the one-process run.
      assert.equal(Object.keys(result.latest).length, DEVICES);
      assert.deepEqual(result.latest, result.newest);
      assert.deepEqual(result, single, 'identical to the single-process run of the same input');
      // An api replica's /metrics shows the drained pipeline for this event log.
      const lagLine = `pioneira_event_log_consumer_lag{event_log="${kind}",group="latest-positions",topic="positions"} 0\n`;
      const metrics = await until(
        '/metrics to report the consumer lag',
        async () => {
          const text = await (await fetch(`${cluster.apis[0].url}/metrics`)).text();
          return text.includes(lagLine) ? text : undefined;
        },
        30_000,
      );
      assert.match(metrics, /pioneira_outbox_depth 0\n/);
      // The survivors kept working: none of them died along the way.
      for (const worker of cluster.workers.filter((w) => w !== killed!.worker))
        assert.equal(worker.process.exitCode, null, `${worker.name} is still running:\n${worker.output()}`);
    } finally {
      await cluster.close();
    }
  });
}
