import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EventsService } from '@pioneira/domain';
import { Type } from '@sinclair/typebox';
import { protectedErrors } from '../../../schemas/common';

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
  const events = new EventsService(app.deps.sql);
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
};

export default eventTypesRoutes;
