import { ImportFormatError, ImportInterrupted, ImportsService, runImport } from '@pioneira/parcels';
import { bullPrefix, JOBS, type JobPayload } from '@pioneira/pipeline';
import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import type { WorkerRole } from '../role';

// A crashed worker's import is picked up again after its lock lapses: short enough that a kill -9
// costs seconds, long enough that a busy event loop renews it in time (renewed every half lock).
const LOCK_MS = 10_000;
const STALLED_CHECK_MS = 5_000;

/**
 * CSV imports (BullMQ jobs, resumable at their last committed chunk). Each chunk's transaction
 * projects parcel status and announces the import's progress through the outbox.
 */
export const importsRole: WorkerRole = {
  name: 'imports',
  summary: 'CSV parcel and tracking-event imports, resumable, progress through the outbox',
  async start(ctx) {
    const { config, sql, redis } = ctx;
    // BullMQ never closes a connection it is given: this role owns it and closes it on stop.
    const bullConnection = ctx.connections.watch(
      redis.duplicate({ maxRetriesPerRequest: null }),
      'import jobs',
    );
    const stopping = new AbortController();
    const worker = new Worker<JobPayload<'parcels.import'>>(
      JOBS['parcels.import'].queue,
      async (job, token) => {
        try {
          const done = await runImport(sql, job.data.importId, { signal: stopping.signal });
          return { rows: done.rowsRead, rejected: done.rowsRejected };
        } catch (error) {
          if (error instanceof ImportFormatError) throw new UnrecoverableError(error.message);
          if (error instanceof ImportInterrupted) {
            // Back to the queue without spending an attempt; any worker resumes at the checkpoint.
            await job.moveToDelayed(Date.now() + 1000, token);
            throw new DelayedError();
          }
          throw error;
        }
      },
      {
        connection: bullConnection,
        prefix: bullPrefix(config.redisPrefix),
        concurrency: 1,
        lockDuration: LOCK_MS,
        stalledInterval: STALLED_CHECK_MS,
        maxStalledCount: 5,
      },
    );
    ctx.connections.watch(worker, 'import jobs');
    const imports = new ImportsService(sql);
    worker.on('failed', (job, error) => {
      ctx.log('import failed', { importId: job?.data.importId, err: error.message });
      // Out of attempts: nothing will read the upload again, so its bytes go (the row keeps the error).
      const final =
        error instanceof UnrecoverableError || (job && job.attemptsMade >= (job.opts.attempts ?? 1));
      if (job && final)
        void imports.dropUpload(job.data.importId).catch((err: Error) =>
          ctx.log('could not drop the upload of a failed import', {
            importId: job.data.importId,
            err: err.message,
          }),
        );
    });
    return {
      async stop() {
        stopping.abort();
        await worker.close();
        await bullConnection.quit().catch(() => bullConnection.disconnect());
      },
    };
  },
};
