import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LatestPositionSchema, protectedErrors } from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

/** GET /api/positions/latest: the newest fix of every device seen within the position TTL. */
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
    async () => app.deps.gps.positions.latest(),
  );
};

export default positionsRoutes;
