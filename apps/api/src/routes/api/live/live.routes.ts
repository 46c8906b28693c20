import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '@pioneira/core';
import type { LatestPosition } from '@pioneira/gps';

const HEARTBEAT_MS = 15_000;

const delta = (p: LatestPosition) => ({
  deviceId: p.deviceId,
  vehicleId: p.vehicleId,
  fixedAt: p.fixedAt,
  latitude: p.latitude,
  longitude: p.longitude,
  speedKmh: p.speedKmh,
  course: p.course,
});

/**
 * GET /api/live/positions: Server-Sent Events, `event: positions` with a JSON array of deltas every
 * ~500 ms. Bearer auth, so browsers read it with fetch() (EventSource cannot send the header) and
 * must ask for `Accept: text/event-stream`. Every role sees the whole fleet for now.
 */
const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const open = new Set<() => void>();
  // Streams never end on their own: end them before the server waits for its connections to close.
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });
  app.get(
    '/positions',
    { config: { access: 'authenticated' }, schema: { tags: ['positions'], produces: ['text/event-stream'] } },
    async (request, reply) => {
      if (!String(request.headers.accept ?? '').includes('text/event-stream'))
        throw new AppError(
          406,
          'not_acceptable',
          'This is a Server-Sent Events stream: send "Accept: text/event-stream".',
        );
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 3000\n\n');
      const stop = await app.gps.live.listen((positions) => {
        raw.write(`event: positions\ndata: ${JSON.stringify(positions.map(delta))}\n\n`);
      });
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const end = () => {
        if (!open.delete(end)) return;
        clearInterval(heartbeat);
        stop();
        raw.end();
      };
      open.add(end);
      request.raw.on('close', end);
    },
  );
};

export default liveRoutes;
