import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '@pioneira/contracts';
import { ingestTrackingEvents, MAX_STREAM_BATCH } from '@pioneira/parcels';
import { Type } from '@sinclair/typebox';

const Text = (maxLength: number) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));
const EventItem = Type.Object(
  {
    trackingCode: Type.String({ maxLength: 60 }),
    status: Type.String({ maxLength: 120 }),
    occurredAt: Type.String({ maxLength: 40 }),
    city: Text(200),
    uf: Text(10),
    facility: Text(400),
    description: Text(1000),
  },
  { additionalProperties: false },
);

/**
 * The real-time path of seed 003: producers push batches of tracking events with an integration key.
 * `access: 'public'` because users' tokens do not apply here; the key is checked before anything else.
 */
const trackingEventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { keys } = app.deps.parcels;
  // The carrier of the key that authenticated each request, for the handler.
  const carriers = new WeakMap<object, string>();
  app.post(
    '/ingest/tracking-events',
    {
      config: { access: 'public' },
      // The key is checked before the body is validated: an anonymous caller learns nothing.
      onRequest: async (request) => {
        const header = request.headers['x-api-key'];
        const auth = request.headers.authorization;
        const key = await keys.verify(
          typeof header === 'string' ? header : auth?.startsWith('Bearer pio_') ? auth.slice(7) : undefined,
        );
        carriers.set(request, key.carrier);
      },
      schema: {
        tags: ['ingest'],
        summary: `Push up to ${MAX_STREAM_BATCH} tracking events (header X-Api-Key); all or nothing; only parcels of the key's carrier`,
        security: [],
        body: Type.Object(
          { events: Type.Array(EventItem, { minItems: 1, maxItems: MAX_STREAM_BATCH }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer() }),
          400: ErrorBody,
          401: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (request) =>
      ingestTrackingEvents(app.deps.sql, request.body.events, carriers.get(request) as string),
  );
};

export default trackingEventsRoutes;
