import { createEventLog } from '@pioneira/eventlog';
import { eventLogConfig, LatestConsumer } from '@pioneira/gps';
import type { WorkerRole } from '../role';

/** Event-log consumers: the latest position per device in Redis (and its live announcements). */
export const consumers: WorkerRole = {
  name: 'consumers',
  summary: 'latest position per device in Redis, rebuilt from PostgreSQL when Redis lost it',
  async start(ctx) {
    const log = createEventLog(eventLogConfig(ctx.config));
    const latest = new LatestConsumer({
      sql: ctx.sql,
      redis: ctx.redis,
      log,
      prefix: ctx.config.redisPrefix,
      ttlSeconds: ctx.config.positionTtlSeconds,
      onError: (error) => ctx.log('latest-position consumer error', { err: String(error) }),
    });
    await latest.start();
    return {
      async stop() {
        await latest.stop();
        await log.close();
      },
    };
  },
};
