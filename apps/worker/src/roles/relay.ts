import { gpsSplitters } from '@pioneira/gps';
import { OutboxRelay, openEventLog } from '@pioneira/pipeline';
import type { WorkerRole } from '../role';

/** Outbox → event log, for every topic (idempotent; any number of replicas). */
export const relay: WorkerRole = {
  name: 'relay',
  summary: 'publish committed outbox rows of every topic to the event log',
  async start(ctx) {
    const log = openEventLog(ctx.config);
    const outbox = new OutboxRelay(ctx.sql, log, {
      splitters: { ...gpsSplitters },
      onError: (error) => ctx.log('outbox relay failed; retrying', { err: String(error) }),
    });
    await outbox.start();
    return {
      async stop() {
        await outbox.stop();
        await log.close();
      },
    };
  },
};
