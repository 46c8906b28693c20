import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PeriodQuery, protectedErrors, ScorecardSchema } from '@pioneira/contracts';
import { parsePeriod } from '@pioneira/core';
import { Type } from '@sinclair/typebox';
import { DEFAULT_TIME_ZONE } from './drivers.routes';

/** GET /api/drivers/:id/scorecard: infractions of every source per 100 km driven in the period. */
const scorecardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { scorecard } = app.deps.rules;
  app.get(
    '/:id/scorecard',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['drivers'],
        description: 'Infractions (MiX, rules, trackers) per 100 km of the driving the platform recorded.',
        params: Type.Object({
          id: Type.String({ pattern: '^[0-9]{1,18}$', description: 'Pioneira driver id' }),
        }),
        querystring: Type.Object(PeriodQuery, { additionalProperties: false }),
        response: { 200: ScorecardSchema, ...protectedErrors },
      },
    },
    async (request) => scorecard(request.params.id, parsePeriod(request.query, DEFAULT_TIME_ZONE, 30)),
  );
};

export default scorecardRoutes;
