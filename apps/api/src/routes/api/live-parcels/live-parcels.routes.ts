import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '@pioneira/core';
import { liveParcelsChannel } from '@pioneira/parcels';

/** Keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * GET /api/live/parcels: Server-Sent Events of parcel changes (`event: parcels`), import chunks
 * (`event: import`) and import progress (`event: import-progress`). One Redis subscription per API
 * process fans out to every open stream.
 */
const liveParcelsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const clients = new Set<ServerResponse>();
  const subscriber = app.deps.redis.duplicate();
  const channel = liveParcelsChannel(app.deps.config.redisPrefix);
  let subscribed: Promise<unknown> | undefined;
  subscriber.on('message', (_channel: string, message: string) => {
    let type = 'message';
    try {
      type = JSON.parse(message).type ?? type;
    } catch {}
    const frame = `event: ${type}\ndata: ${message}\n\n`;
    for (const client of clients) client.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    for (const client of clients) client.end();
    subscriber.disconnect();
  });

  app.get(
    '/',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['parcels'],
        summary: 'Live parcel updates (text/event-stream; send Accept: text/event-stream)',
      },
    },
    async (request, reply) => {
      if (!request.headers.accept?.includes('text/event-stream'))
        throw new AppError(
          406,
          'event_stream_only',
          'This is an event stream: request it with "Accept: text/event-stream".',
        );
      subscribed ??= subscriber.subscribe(channel);
      await subscribed;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n: connected\n\n');
      clients.add(res);
      request.raw.on('close', () => clients.delete(res));
    },
  );
};

export default liveParcelsRoutes;
