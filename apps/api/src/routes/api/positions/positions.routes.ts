import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LatestPositionSchema, protectedErrors } from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

/**
 * GET /api/positions/latest: the newest fix of every device seen within the position TTL, from the
 * api's in-memory view (packages/gps LatestView), not from PostgreSQL and Redis on each call.
 */
const positionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/latest',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['positions'],
        response: { 200: Type.Object({ items: Type.Array(LatestPositionSchema) }), ...protectedErrors },
      },
    },
    // Sent as kept: the view's fragments follow the response schema, field for field.
    async (_request, reply) =>
      reply.type('application/json; charset=utf-8').send((await app.deps.gps.latestView.json()) as never),
  );
};

export default positionsRoutes;
