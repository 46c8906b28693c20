import { DevicesService, IngestService, LatestStore, PositionsService } from '@pioneira/gps';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LiveHub } from '../api/live/live-hub';

export interface GpsServices {
  ingest: IngestService;
  devices: DevicesService;
  latest: LatestStore;
  positions: PositionsService;
  live: LiveHub;
}

declare module 'fastify' {
  interface FastifyInstance {
    gps: GpsServices;
  }
}

/**
 * The GPS services of one api process: the group-committed ingest path (one per process, shared by
 * every /ingest route), the device registry, the latest-position store and the live fan-out.
 * Closing the app drains what was accepted before the pools close.
 */
export default fp(async function gps(app: FastifyInstance) {
  const { sql, redis, config } = app.deps;
  const ingest = new IngestService(sql);
  await ingest.start();
  const live = new LiveHub(redis, config.redisPrefix);
  const latest = new LatestStore(redis, config.redisPrefix, config.positionTtlSeconds);
  app.decorate('gps', {
    ingest,
    // The ingest's device cache forgets at once what this process changes (others learn by NOTIFY).
    devices: new DevicesService(sql, { onChange: () => ingest.devices.clear() }),
    latest,
    positions: new PositionsService(sql, latest, config.positionTtlSeconds),
    live,
  });
  app.addHook('onClose', async () => {
    await live.close();
    await ingest.stop();
  });
});
