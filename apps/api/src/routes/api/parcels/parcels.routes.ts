import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  PARCEL_SORTS,
  PageOf,
  PageQuery,
  ParcelDetailSchema,
  ParcelSchema,
  protectedErrors,
  SORT_DIRECTIONS,
  StatsSchema,
  StatusSchema,
  StringEnum,
  UfSchema,
} from '@pioneira/contracts';
import { badRequest } from '@pioneira/core';
import type { ParcelFilter } from '@pioneira/parcels';
import { Type } from '@sinclair/typebox';

const anyone = { access: 'authenticated' as const };
const Instant = Type.String({ format: 'date-time' });
const DAY = 86_400_000;
/** Longest stats window: the series are per day. */
const MAX_STATS_DAYS = 366;

/** Parcels for the "Pacotes" dashboard: list, one parcel with its timeline, KPIs and series. */
const parcelsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { parcels } = app.deps.parcels;

  app.get(
    '/',
    {
      config: anyone,
      schema: {
        tags: ['parcels'],
        querystring: Type.Object(
          {
            ...PageQuery,
            status: Type.Optional(StatusSchema),
            uf: Type.Optional(UfSchema),
            from: Type.Optional(Instant),
            to: Type.Optional(Instant),
            late: Type.Optional(Type.Boolean()),
            search: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            sort: StringEnum(PARCEL_SORTS, { default: 'postedAt' }),
            direction: StringEnum(SORT_DIRECTIONS, { default: 'desc' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(ParcelSchema), ...protectedErrors },
      },
    },
    async (request) => {
      const query = request.query as unknown as Omit<ParcelFilter, 'from' | 'to'> & {
        page: number;
        pageSize: number;
        from?: string;
        to?: string;
      };
      const { page, pageSize, from, to, ...filter } = query;
      return parcels.list(
        { ...filter, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
        { page, pageSize },
      );
    },
  );

  app.get(
    '/stats',
    {
      config: anyone,
      schema: {
        tags: ['parcels'],
        summary:
          'KPIs of the parcels posted in [from, to) (default: the last 30 days) and series by day, status, UF',
        querystring: Type.Object(
          { from: Type.Optional(Instant), to: Type.Optional(Instant) },
          { additionalProperties: false },
        ),
        response: { 200: StatsSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const to = request.query.to ? new Date(request.query.to) : new Date();
      const from = request.query.from ? new Date(request.query.from) : new Date(to.getTime() - 30 * DAY);
      if (!(from < to)) throw badRequest('invalid_range', '"from" must be before "to".');
      if (to.getTime() - from.getTime() > MAX_STATS_DAYS * DAY)
        throw badRequest('range_too_long', `Ask for at most ${MAX_STATS_DAYS} days at a time.`);
      return parcels.stats(from, to);
    },
  );

  app.get(
    '/:code',
    {
      config: anyone,
      schema: {
        tags: ['parcels'],
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: {
          200: ParcelDetailSchema,
          ...protectedErrors,
        },
      },
    },
    async (request) => parcels.get(request.params.code),
  );
};

export default parcelsRoutes;
