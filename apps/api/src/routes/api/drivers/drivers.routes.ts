import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DRIVER_SORTS,
  DRIVER_SYSTEM_FILTERS,
  DriverCreateBody,
  DriverDetailSchema,
  DriverPatchBody,
  DriverSchema,
  ErrorBody,
  INFRACTION_SORTS,
  InfractionsPage,
  PageOf,
  PageQuery,
  PeriodQuery,
  protectedErrors,
  StringEnum,
} from '@pioneira/contracts';
import { parsePeriod } from '@pioneira/core';
import type { Severity } from '@pioneira/domain';
import { Type } from '@sinclair/typebox';
import { XLSX_CONTENT_TYPE } from '../../../exports/spreadsheet';
import { infractionsCsv } from './infractions-csv';
import { infractionsXlsx } from './infractions-xlsx';

const read = { access: 'authenticated' as const };
const managers = { access: ['admin', 'manager'] as const };
const DriverId = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,18}$', description: 'Pioneira driver id' }),
});
export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';
const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const InfractionsQuery = Type.Object(
  {
    ...PeriodQuery,
    ...PageQuery,
    pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    types: Type.Optional(
      Type.String({
        maxLength: 2000,
        pattern: '^-?[0-9]+(,-?[0-9]+)*$',
        description: 'event type external ids, comma-separated',
      }),
    ),
    severity: Type.Optional(
      Type.String({ pattern: '^(leve|media|grave|gravissima)(,(leve|media|grave|gravissima))*$' }),
    ),
    sort: StringEnum(INFRACTION_SORTS, { default: '-occurredAt', description: 'column, `-` for descending' }),
  },
  { additionalProperties: false },
);

const driversRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { fleet } = app.deps;

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags: ['drivers'],
        description:
          'Search drivers by name (accents and case ignored, typos forgiven word by word) or employee number, ranked: exact, prefix, word, typo.',
        querystring: Type.Object(
          {
            ...PageQuery,
            search: Type.Optional(Type.String({ maxLength: 100 })),
            sort: StringEnum(DRIVER_SORTS, { default: 'relevance' }),
            system: StringEnum(DRIVER_SYSTEM_FILTERS, {
              default: 'exclude',
              description:
                'system drivers (MiX system drivers, placeholders such as "Unknown"): left out, included, or only them',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(DriverSchema), ...protectedErrors },
      },
    },
    async (request) => {
      const { search, sort, page, pageSize, system } = request.query;
      return fleet.searchDrivers(search, sort, { page, pageSize }, system);
    },
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags: ['drivers'],
        params: DriverId,
        response: {
          200: DriverDetailSchema,
          ...protectedErrors,
        },
      },
    },
    async (request) => fleet.driver(request.params.id),
  );

  app.post(
    '/',
    {
      config: managers,
      schema: {
        tags: ['drivers'],
        description: 'Registers a driver kept in Pioneira itself (source `manual`).',
        body: DriverCreateBody,
        response: { 201: DriverDetailSchema, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await app.deps.fleetAdmin.admin.createDriver(request.body)),
  );

  app.patch(
    '/:id',
    {
      config: managers,
      schema: {
        tags: ['drivers'],
        description:
          "Edits a manual driver; `system` marks any driver as a system driver (true), a person (false) or automatic (null). A MiX driver's own fields are refused (409 driver_not_manual).",
        params: DriverId,
        body: DriverPatchBody,
        response: { 200: DriverDetailSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request) => app.deps.fleetAdmin.admin.updateDriver(request.params.id, request.body),
  );

  const infractions = async (params: { id: string }, query: typeof InfractionsQuery.static, all = false) => {
    const period = parsePeriod(query, DEFAULT_TIME_ZONE, 90);
    const filter = {
      ...period,
      types: list(query.types),
      severities: list(query.severity) as Severity[] | undefined,
      sort: query.sort,
    };
    const page = all ? { page: 1, pageSize: 100_000 } : { page: query.page, pageSize: query.pageSize };
    return fleet.driverInfractions(params.id, filter, page, period.timeZone);
  };

  app.get(
    '/:id/infractions',
    {
      config: read,
      schema: {
        tags: ['drivers'],
        description:
          "The driver's infractions in the period, newest first, with the period's summary (the infraction form).",
        params: DriverId,
        querystring: InfractionsQuery,
        response: { 200: InfractionsPage, ...protectedErrors },
      },
    },
    async (request) => infractions(request.params, request.query),
  );

  app.get(
    '/:id/infractions.csv',
    {
      config: read,
      schema: {
        tags: ['drivers'],
        description: 'The same list as CSV (UTF-8 with BOM, ";" separated, local times).',
        params: DriverId,
        querystring: InfractionsQuery,
      },
    },
    async (request, reply) => {
      const result = await infractions(request.params, request.query, true);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="infracoes-${result.driver.id}.csv"`);
      return infractionsCsv(result.items, result.period.timeZone);
    },
  );
  app.get(
    '/:id/infractions.xlsx',
    {
      config: read,
      schema: {
        tags: ['drivers'],
        description: 'The same list as a spreadsheet (XLSX) with date and number cells in local time.',
        params: DriverId,
        querystring: InfractionsQuery,
      },
    },
    async (request, reply) => {
      const result = await infractions(request.params, request.query, true);
      reply.header('content-type', XLSX_CONTENT_TYPE);
      reply.header('content-disposition', `attachment; filename="infracoes-${result.driver.id}.xlsx"`);
      return infractionsXlsx(result.items, result.period.timeZone);
    },
  );
};

export default driversRoutes;
