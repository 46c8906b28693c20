import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  PageQuery,
  PeriodQuery,
  protectedErrors,
  RANKING_SORTS,
  RankingPage,
  StringEnum,
} from '@pioneira/contracts';
import { parsePeriod } from '@pioneira/core';
import { Type } from '@sinclair/typebox';
import { type SheetColumn, spreadsheet, XLSX_CONTENT_TYPE } from '../../../exports/spreadsheet';
import { DEFAULT_TIME_ZONE } from '../drivers/drivers.routes';

interface RankedDriver {
  position: number;
  driver: { name: string; employeeNumber: string | null };
  infractions: number;
  score: number;
  bySeverity: { leve: number; media: number; grave: number; gravissima: number };
}

const RANKING_COLUMNS: SheetColumn<RankedDriver>[] = [
  { header: 'Posição', kind: 'integer', value: (r) => r.position },
  { header: 'Motorista', kind: 'text', value: (r) => r.driver.name, width: 32 },
  { header: 'Matrícula', kind: 'text', value: (r) => r.driver.employeeNumber },
  { header: 'Pontos', kind: 'integer', value: (r) => r.score },
  { header: 'Infrações', kind: 'integer', value: (r) => r.infractions },
  { header: 'Leves', kind: 'integer', value: (r) => r.bySeverity.leve },
  { header: 'Médias', kind: 'integer', value: (r) => r.bySeverity.media },
  { header: 'Graves', kind: 'integer', value: (r) => r.bySeverity.grave },
  { header: 'Gravíssimas', kind: 'integer', value: (r) => r.bySeverity.gravissima },
];
/** Most drivers one ranking spreadsheet lists. */
const RANKING_SHEET_ROWS = 20_000;

const rankingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/drivers',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['drivers'],
        description:
          'Drivers ordered by infraction score over the period (points per severity: leve 3, média 4, grave 5, gravíssima 7).',
        querystring: Type.Object(
          {
            ...PeriodQuery,
            ...PageQuery,
            sort: StringEnum(RANKING_SORTS, {
              default: '-score',
              description: 'column, `-` for descending; the position stays the rank by score',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: RankingPage, ...protectedErrors },
      },
    },
    async (request) => {
      const period = parsePeriod(request.query, DEFAULT_TIME_ZONE, 30);
      const { page, pageSize, sort } = request.query;
      return app.deps.fleet.ranking(period, { page, pageSize }, sort);
    },
  );

  app.get(
    '/drivers.xlsx',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['drivers'],
        description: 'The whole ranking of the period as a spreadsheet (XLSX).',
        querystring: Type.Object({ ...PeriodQuery }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const period = parsePeriod(request.query, DEFAULT_TIME_ZONE, 30);
      const ranking = await app.deps.fleet.ranking(period, { page: 1, pageSize: RANKING_SHEET_ROWS });
      reply.header('content-type', XLSX_CONTENT_TYPE);
      reply.header(
        'content-disposition',
        `attachment; filename="ranking-${period.from.toISOString().slice(0, 10)}.xlsx"`,
      );
      return spreadsheet('Ranking', RANKING_COLUMNS, ranking.items, period.timeZone);
    },
  );
};

export default rankingsRoutes;
