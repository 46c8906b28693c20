import { bullPrefix, JOBS, type JobPayload } from '@pioneira/pipeline';
import { recomputeRequests } from '@pioneira/rules';
import { UnrecoverableError, Worker } from 'bullmq';
import type { WorkerRole } from '../role';
import { groupsRole } from './consumers';

const rulesGroups = groupsRole('rules', 'the driving rules over the positions');

/** Recompute jobs of the driving rules: one period re-derived from PostgreSQL at a time. */
export const rulesRole: WorkerRole = {
  name: 'rules',
  summary: `${rulesGroups.summary}; recompute jobs that re-derive a period from PostgreSQL`,
  async start(ctx) {
    const groups = await rulesGroups.start(ctx);
    const bullConnection = ctx.connections.watch(
      ctx.redis.duplicate({ maxRetriesPerRequest: null }),
      'rules jobs',
    );
    const worker = new Worker<JobPayload<'rules.recompute'>>(
      JOBS['rules.recompute'].queue,
      async (job) => {
        const done = await recomputeRequests.run(ctx.sql, job.data.recomputeId);
        if (!done) throw new UnrecoverableError(`Recompute ${job.data.recomputeId} does not exist.`);
        return { positions: done.positions, events: done.events };
      },
      { connection: bullConnection, prefix: bullPrefix(ctx.config.redisPrefix), concurrency: 1 },
    );
    ctx.connections.watch(worker, 'rules jobs');
    worker.on('failed', (job, error) =>
      ctx.log('rules recompute failed', { recomputeId: job?.data.recomputeId, err: error.message }),
    );
    return {
      async stop() {
        await groups.stop();
        await worker.close();
        await bullConnection.quit().catch(() => bullConnection.disconnect());
      },
    };
  },
};
