import { bullPrefix, JOBS, type JobPayload, schedulerIdOf } from '@pioneira/pipeline';
import { Queue, Worker } from 'bullmq';
import type { WorkerRole } from '../role';
import { type MixJob, mixProcessor } from './mix-processor';

type Trigger = JobPayload<MixJob>;
const MIX_JOBS: MixJob[] = ['mix.events', 'mix.positions', 'mix.trips', 'mix.sync'];

/**
 * MiX Telematics ingestion on BullMQ: `mix.events` every minute and `mix.sync` daily, each from a job
 * scheduler (idempotent across replicas) on a queue of its own with concurrency 1. The jobs also
 * take a PostgreSQL advisory lock, so two replicas never page the same stream at once.
 */
export const mixRole: WorkerRole = {
  name: 'mix',
  summary:
    'MiX Telematics ingestion: mix.events (MIX_EVENTS_CRON), mix.positions (MIX_POSITIONS_CRON), mix.trips (MIX_TRIPS_CRON) and mix.sync (MIX_SYNC_CRON)',
  async start(ctx) {
    const { config } = ctx;
    const connection = { url: config.redisUrl, maxRetriesPerRequest: null };
    const prefix = bullPrefix(config.redisPrefix);
    const stopping = new AbortController();
    const queues = new Map(
      MIX_JOBS.map((job) => [
        job,
        ctx.connections.watch(new Queue<Trigger>(JOBS[job].queue, { connection, prefix }), 'mix jobs'),
      ]),
    );
    const cron: Record<MixJob, string> = {
      'mix.events': config.mix.eventsCron,
      'mix.positions': config.mix.positionsCron,
      'mix.trips': config.mix.tripsCron,
      'mix.sync': config.mix.syncCron,
    };
    for (const job of MIX_JOBS) {
      await queues
        .get(job)!
        .upsertJobScheduler(
          schedulerIdOf(job),
          { pattern: cron[job] },
          { name: job, data: { trigger: 'schedule' }, opts: JOBS[job].options },
        );
    }
    const process = mixProcessor(ctx, stopping.signal);
    const workers = MIX_JOBS.map(
      (job) =>
        new Worker<Trigger>(JOBS[job].queue, (j) => process(job, j.data), {
          connection,
          prefix,
          concurrency: 1,
        }),
    );
    for (const worker of workers) {
      worker.on('failed', (j, error) => ctx.log(`${j?.name} failed: ${error.message}`));
      ctx.connections.watch(worker, 'mix jobs');
    }
    // A new installation should show its drivers within a minute, not at 03:00 tomorrow.
    if (await process.neverSynced())
      await queues.get('mix.sync')!.add('mix.sync', { trigger: 'schedule' }, JOBS['mix.sync'].options);
    return {
      async stop() {
        stopping.abort(new Error('worker stopping'));
        await Promise.allSettled(workers.map((w) => w.close()));
        await process.stop();
        await Promise.allSettled([...queues.values()].map((q) => q.close()));
      },
    };
  },
};
