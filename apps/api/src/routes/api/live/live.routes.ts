import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { LatestPosition } from '@pioneira/gps';
import type { FastifyRequest } from 'fastify';

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
 * Server-Sent Events of the live channels. Bearer auth, so browsers read them with fetch()
 * (EventSource cannot send the header) and must ask for `Accept: text/event-stream`.
 */
const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { live, streams } = app.deps;
  app.addHook('preClose', async () => streams.endAll());
  // The token the principal was read from: the stream is checked against its session again.
  const token = (request: FastifyRequest) => String(request.headers.authorization).slice(7).trim();

  app.get(
    '/positions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['positions'],
        summary: 'Live positions: `event: positions` with a JSON array of deltas every ~500 ms',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const stream = streams.start(request, reply, token(request));
      stream.onEnd(
        await live.listen('positions', (positions) => stream.send('positions', positions.map(delta))),
      );
    },
  );

  app.get(
    '/parcels',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['parcels'],
        summary:
          'Live parcel changes (`event: parcels`), import chunks and progress (`event: import-progress`)',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const stream = streams.start(request, reply, token(request));
      stream.onEnd(await live.listen('parcels', (message) => stream.send(message.type, message)));
    },
  );

  app.get(
    '/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: "The caller's new in-app notifications as they arrive (`event: notification`)",
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const me = request.principal!.id;
      const stream = streams.start(request, reply, token(request));
      stream.onEnd(
        await live.listen('notifications', (n) => {
          if (n.userId === me) stream.send('notification', n);
        }),
      );
    },
  );
};

export default liveRoutes;
