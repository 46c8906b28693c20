import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PageQuery, PeriodQuery, protectedErrors, RankingPage } from '@pioneira/contracts';
import { parsePeriod } from '@pioneira/core';
import { Type } from '@sinclair/typebox';
import { DEFAULT_TIME_ZONE } from '../drivers/drivers.routes';

const rankingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/drivers',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['drivers'],
        description:
          'Drivers ordered by infraction score over the period (points per severity: leve 3, média 4, grave 5, gravíssima 7).',
        querystring: Type.Object({ ...PeriodQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: RankingPage, ...protectedErrors },
      },
    },
    async (request) => {
      const period = parsePeriod(request.query, DEFAULT_TIME_ZONE, 30);
      return app.deps.fleet.ranking(period, { page: request.query.page, pageSize: request.query.pageSize });
    },
  );
};

export default rankingsRoutes;
