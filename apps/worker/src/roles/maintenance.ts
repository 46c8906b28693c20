import type { WorkerRole } from '../role';

const MAINTENANCE_EVERY_MS = 60 * 60_000;

/** Hourly upkeep: creates the coming days' position partitions and drops those past retention. */
export const maintenance: WorkerRole = {
  name: 'maintenance',
  summary: 'create and drop the daily partitions of positions (hourly; idempotent, any replica count)',
  async start(ctx) {
    const maintain = async () => {
      const changes = await ctx.sql`SELECT * FROM gps_maintain_partitions()`;
      if (changes.length) ctx.log('position partitions maintained', { changes: changes.length });
    };
    await maintain();
    const timer = setInterval(
      () => void maintain().catch((e) => ctx.log('partition upkeep failed', { err: String(e) })),
      MAINTENANCE_EVERY_MS,
    );
    return {
      async stop() {
        clearInterval(timer);
      },
    };
  },
};
