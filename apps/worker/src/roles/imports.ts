import { createEventLog } from '@pioneira/eventlog';
import {
  IMPORTS_QUEUE,
  ImportFormatError,
  ImportInterrupted,
  type ImportJob,
  liveParcelsChannel,
  runImport,
  startParcelsConsumer,
} from '@pioneira/parcels';
import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import type { WorkerRole } from '../role';

// A crashed worker's import is picked up again after its lock lapses: short enough that a kill -9
// costs seconds, long enough that a busy event loop renews it in time (renewed every half lock).
const LOCK_MS = 10_000;
const STALLED_CHECK_MS = 5_000;

/**
 * CSV imports (BullMQ jobs, resumable at their last committed chunk) and the parcel projection
 * consumer (tracking-events topic → parcels status → live notifications in Redis).
 */
export const importsRole: WorkerRole = {
  name: 'imports',
  summary: 'CSV parcel/tracking imports with live progress; tracking events → parcel status → live',
  async start(ctx) {
    const { config, sql, redis } = ctx;
    const channel = liveParcelsChannel(config.redisPrefix);
    // BullMQ never closes a connection it is given: this role owns it and closes it on stop.
    const bullConnection = redis.duplicate({ maxRetriesPerRequest: null });
    const stopping = new AbortController();
    const worker = new Worker<ImportJob>(
      IMPORTS_QUEUE,
      async (job, token) => {
        try {
          const done = await runImport(sql, job.data.importId, {
            signal: stopping.signal,
            onProgress: (progress) => {
              void job.updateProgress(progress.percent).catch(() => {});
              void redis
                .publish(channel, JSON.stringify({ type: 'import-progress', import: progress }))
                .catch(() => {});
            },
          });
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
        prefix: `${config.redisPrefix}:bull`,
        concurrency: 1,
        lockDuration: LOCK_MS,
        stalledInterval: STALLED_CHECK_MS,
        maxStalledCount: 5,
      },
    );
    worker.on('failed', (job, error) =>
      ctx.log('import failed', { importId: job?.data.importId, err: error.message }),
    );
    const eventLog = createEventLog({
      kind: config.eventLog.kind,
      prefix: config.redisPrefix,
      retentionHours: config.eventLog.retentionHours,
      redisUrl: config.redisUrl,
      natsUrl: config.eventLog.natsUrl,
      kafkaBrokers: config.eventLog.kafkaBrokers,
    });
    const consumer = await startParcelsConsumer({
      sql,
      eventLog,
      redis,
      redisPrefix: config.redisPrefix,
      onError: (error) => ctx.log('parcels consumer error', { err: String(error) }),
    });
    return {
      async stop() {
        stopping.abort();
        await worker.close();
        await bullConnection.quit().catch(() => bullConnection.disconnect());
        await consumer.stop();
        await eventLog.close();
      },
    };
  },
};
