import { createEventLog } from '@pioneira/eventlog';
import { eventLogConfig, OutboxRelay } from '@pioneira/gps';
import type { WorkerRole } from '../role';

const MAINTENANCE_EVERY_MS = 60 * 60_000;

/** Outbox → event log, plus the hourly partition upkeep of `positions` (both idempotent, any replica count). */
export const relay: WorkerRole = {
  name: 'relay',
  summary: 'publish committed outbox rows to the event log; create/drop position partitions',
  async start(ctx) {
    const log = createEventLog(eventLogConfig(ctx.config));
    const outbox = new OutboxRelay(ctx.sql, log, {
      onError: (error) => ctx.log('outbox relay failed; retrying', { err: String(error) }),
    });
    const maintain = async () => {
      const changes = await ctx.sql`SELECT * FROM gps_maintain_partitions()`;
      if (changes.length) ctx.log('position partitions maintained', { changes: changes.length });
    };
    await maintain();
    const timer = setInterval(
      () => void maintain().catch((e) => ctx.log('partition upkeep failed', { err: String(e) })),
      MAINTENANCE_EVERY_MS,
    );
    await outbox.start();
    return {
      async stop() {
        clearInterval(timer);
        await outbox.stop();
        await log.close();
      },
    };
  },
};
