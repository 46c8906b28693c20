import { startAlertsConsumer } from '@pioneira/alerts';
import type { Subscription } from '@pioneira/eventlog';
import { JobQueues, type openEventLog } from '@pioneira/pipeline';
import type { WorkerContext } from '../role';

/** The alerts consumer group: rules over the events topic, deliveries queued as `alerts.deliver` jobs. */
export async function startAlertsGroup(
  ctx: WorkerContext,
  log: ReturnType<typeof openEventLog>,
): Promise<Pick<Subscription, 'stop'>> {
  const jobs = new JobQueues(
    { url: ctx.config.redisUrl, maxRetriesPerRequest: null },
    ctx.config.redisPrefix,
  );
  const { alerts } = ctx.config;
  const subscription = await startAlertsConsumer({
    sql: ctx.sql,
    eventLog: log,
    timeZone: ctx.config.companyTimeZone,
    enqueue: (ids) => enqueueDeliveries(jobs, ids, alerts),
    onError: (error) => ctx.connections.report('alerts consumer', error),
  });
  return {
    async stop() {
      await subscription.stop();
      await jobs.close();
    },
  };
}

/** One job per delivery, its id the delivery's: queuing one twice is a no-op. */
export async function enqueueDeliveries(
  jobs: JobQueues,
  ids: string[],
  settings: WorkerContext['config']['alerts'],
): Promise<void> {
  await Promise.all(
    ids.map((deliveryId) =>
      jobs.add(
        'alerts.deliver',
        { deliveryId },
        {
          jobId: deliveryId,
          attempts: settings.deliveryAttempts,
          backoff: { type: 'exponential', delay: settings.retryDelayMs },
        },
      ),
    ),
  );
}
