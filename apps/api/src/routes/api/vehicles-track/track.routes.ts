import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams, protectedErrors } from '../../../schemas/common';
import { BigIntId } from '../devices/devices.schemas';

const RangeQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

const Track = Type.Object({
  points: Type.Array(
    Type.Object({
      t: Type.String({ format: 'date-time' }),
      lat: Type.Number(),
      lon: Type.Number(),
      speedKmh: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  simplified: Type.Boolean(),
});

/**
 * Track replay: GET /api/vehicles/:id/track and /api/devices/:id/track?from=&to= (ISO-8601; the last
 * 24 h by default; at most 31 days). Long ranges come back thinned to ≤ 5,000 points (`simplified`).
 */
const trackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schema = {
    tags: ['positions'],
    querystring: RangeQuery,
    response: { 200: Track, ...protectedErrors },
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
