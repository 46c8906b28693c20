import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BigIntId, IdParams, protectedErrors, TrackRangeQuery, TrackSchema } from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

/**
 * Track replay: GET /api/vehicles/:id/track and /api/devices/:id/track?from=&to= (ISO-8601; the last
 * 24 h by default; at most 31 days). Long ranges come back thinned to ≤ 5,000 points (`simplified`).
 */
const trackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schema = {
    tags: ['positions'],
    querystring: TrackRangeQuery,
    response: { 200: TrackSchema, ...protectedErrors },
  };
  app.get(
    '/vehicles/:id/track',
    { config: { access: 'authenticated' }, schema: { ...schema, params: Type.Object({ id: BigIntId }) } },
    async (request) =>
      app.deps.gps.positions.vehicleTrack(request.params.id, request.query.from, request.query.to),
  );
  app.get(
    '/devices/:id/track',
    { config: { access: 'authenticated' }, schema: { ...schema, params: IdParams } },
    async (request) =>
      app.deps.gps.positions.deviceTrack(request.params.id, request.query.from, request.query.to),
  );
};

export default trackRoutes;
