import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { protectedErrors, SeveritySchema } from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const S = Type.Union([Type.String(), Type.Null()]);

export const EventTypeSchema = Type.Object({
  id: Type.String(),
  source: Type.String(),
  externalId: Type.String(),
  description: Type.String(),
  eventType: S,
  displayUnits: S,
  isInfraction: Type.Boolean(),
  severity: Type.Union([Type.String({ description: 'leve | media | grave | gravissima' }), Type.Null()]),
  label: S,
});

/** GET /api/event-types: the event catalogue (MiX library events and our own), by description. */
const eventTypesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { events } = app.deps;
  app.get(
    '/',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['events'],
        response: { 200: Type.Object({ items: Type.Array(EventTypeSchema) }), ...protectedErrors },
      },
    },
    async () => ({ items: await events.types() }),
  );

  app.patch(
    '/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['events'],
        description: 'Admins decide which event types are infractions, their severity and display label.',
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        body: Type.Object(
          {
            isInfraction: Type.Optional(Type.Boolean()),
            severity: Type.Optional(Type.Union([SeveritySchema, Type.Null()])),
            label: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: EventTypeSchema, ...protectedErrors },
      },
    },
    async (request) => events.classify(request.params.id, request.body),
  );
};

export default eventTypesRoutes;
