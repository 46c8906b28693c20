import { DeliveriesService, deliver, WebhookEndpointsService } from '@pioneira/alerts';
import { createMailer } from '@pioneira/domain';
import { bullPrefix, JOBS, type JobPayload, JobQueues, LIVE_CHANNELS } from '@pioneira/pipeline';
import { Worker } from 'bullmq';
import type { WorkerRole } from '../role';
import { enqueueDeliveries } from './alerts-group';
import { groupsRole } from './consumers';

const alertsGroups = groupsRole('alerts', 'alert rules over the events topic');

// A killed worker's delivery is taken up again once its lock lapses (renewed every half lock).
const LOCK_MS = 10_000;
// Deliveries whose job was lost (Redis flushed, a crash between commit and queueing) are queued again.
const SWEEP_EVERY_MS = 30_000;
const STALE_AFTER_MS = 60_000;

/** The alerts: the consumer group that records them, and the deliveries (in-app, e-mail, webhooks). */
export const alertsRole: WorkerRole = {
  name: 'alerts',
  summary: `${alertsGroups.summary}; alert deliveries with retries and a dead-letter state`,
  async start(ctx) {
    const { config, sql, redis } = ctx;
    const groups = await alertsGroups.start(ctx);
    const mailer = createMailer(config.smtp.url, config.smtp.from);
    const endpoints = new WebhookEndpointsService(sql, config.credentialsKey);
    const deliveries = new DeliveriesService(sql);
    const jobs = new JobQueues(
      { url: config.redisUrl, maxRetriesPerRequest: null },
      config.redisPrefix,
      (queue) => ctx.connections.watch(queue, 'alert jobs'),
    );
    const bullConnection = ctx.connections.watch(
      redis.duplicate({ maxRetriesPerRequest: null }),
      'alert jobs',
    );
    const worker = new Worker<JobPayload<'alerts.deliver'>>(
      JOBS['alerts.deliver'].queue,
      async (job) => {
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return deliver(
          {
            sql,
            endpoints,
            mailer,
            timeZone: config.companyTimeZone,
            webhookTimeoutMs: config.alerts.webhookTimeoutMs,
            publish: async (n) => {
              await redis.publish(LIVE_CHANNELS.notifications(config.redisPrefix), JSON.stringify(n));
            },
          },
          job.data.deliveryId,
          final,
        );
      },
      {
        connection: bullConnection,
        prefix: bullPrefix(config.redisPrefix),
        concurrency: config.alerts.deliveryConcurrency,
        lockDuration: LOCK_MS,
        stalledInterval: LOCK_MS / 2,
        maxStalledCount: 5,
      },
    );
    ctx.connections.watch(worker, 'alert jobs');
    worker.on('failed', (job, error) =>
      ctx.log('alert delivery failed', {
        deliveryId: job?.data.deliveryId,
        attempt: job?.attemptsMade,
        err: error.message,
      }),
    );
    const sweep = setInterval(() => {
      deliveries
        .stale(STALE_AFTER_MS)
        .then((ids) => enqueueDeliveries(jobs, ids, config.alerts))
        .catch((error) => ctx.log('alert delivery sweep failed', { err: String(error) }));
    }, SWEEP_EVERY_MS);
    return {
      async stop() {
        clearInterval(sweep);
        await groups.stop();
        await worker.close();
        await jobs.close();
        mailer.close();
        await bullConnection.quit().catch(() => bullConnection.disconnect());
      },
    };
  },
};
