import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { protectedErrors } from '../../../schemas/common';

const Nullable = <T extends ReturnType<typeof Type.Number | typeof Type.String>>(t: T) =>
  Type.Union([t, Type.Null()]);

const LatestItem = Type.Object({
  deviceId: Type.String(),
  deviceName: Type.String(),
  vehicleId: Nullable(Type.String()),
  plate: Nullable(Type.String()),
  fixedAt: Type.String({ format: 'date-time' }),
  latitude: Type.Number(),
  longitude: Type.Number(),
  speedKmh: Nullable(Type.Number()),
  course: Nullable(Type.Number()),
});

/** GET /api/positions/latest: the newest fix of every device seen within the position TTL. */
const positionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/latest',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['positions'],
        response: { 200: Type.Object({ items: Type.Array(LatestItem) }), ...protectedErrors },
      },
    },
    async () => app.deps.gps.positions.latest(),
  );
};

export default positionsRoutes;
