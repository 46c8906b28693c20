import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LatestPositionSchema, protectedErrors } from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';
import { sendJson } from '../../json-body';

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
    async (_request, reply) => sendJson(reply, app.deps.gps.latestView.json()),
  );
};

export default positionsRoutes;
