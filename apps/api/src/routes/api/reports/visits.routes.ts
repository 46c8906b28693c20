import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { protectedErrors, VisitsPage, VisitsQuery } from '@pioneira/contracts';
import { parsePeriod } from '@pioneira/core';
import { DEFAULT_TIME_ZONE } from '../drivers/drivers.routes';

/** GET /api/reports/visits: geofence visits (time in, time out, duration) that overlap the period. */
const visitsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/visits',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['reports'],
        description:
          'Visits to geofences overlapping the period (the last day by default), newest first; filter by vehicleId or geofenceId. An open visit lasts up to now.',
        querystring: VisitsQuery,
        response: { 200: VisitsPage, ...protectedErrors },
      },
    },
    async (request) => {
      const period = parsePeriod(request.query, DEFAULT_TIME_ZONE, 1);
      const page = await app.deps.geofences.visits(request.query, period);
      return { period: { from: period.from, to: period.to, timeZone: period.timeZone }, ...page };
    },
  );
};

export default visitsRoutes;
