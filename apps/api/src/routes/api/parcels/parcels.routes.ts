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
import { type SheetColumn, spreadsheet, XLSX_CONTENT_TYPE } from '../../../exports/spreadsheet';

interface SheetParcel {
  trackingCode: string;
  statusLabel: string | null;
  postedAt: Date | null;
  expectedAt: Date | null;
  deliveredAt: Date | null;
  late: boolean;
  senderCity: string | null;
  senderUf: string | null;
  recipientCity: string | null;
  recipientUf: string | null;
  recipientCep: string | null;
  service: string | null;
  weightKg: number | null;
}

const PARCEL_COLUMNS: SheetColumn<SheetParcel>[] = [
  { header: 'Código', kind: 'text', value: (p) => p.trackingCode, width: 18 },
  { header: 'Situação', kind: 'text', value: (p) => p.statusLabel },
  { header: 'Postado em', kind: 'datetime', value: (p) => p.postedAt },
  { header: 'Prazo', kind: 'datetime', value: (p) => p.expectedAt },
  { header: 'Entregue em', kind: 'datetime', value: (p) => p.deliveredAt },
  { header: 'Atrasado', kind: 'text', value: (p) => (p.late ? 'Sim' : 'Não') },
  { header: 'Origem', kind: 'text', value: (p) => p.senderCity },
  { header: 'UF origem', kind: 'text', value: (p) => p.senderUf },
  { header: 'Destino', kind: 'text', value: (p) => p.recipientCity },
  { header: 'UF destino', kind: 'text', value: (p) => p.recipientUf },
  {
    header: 'CEP',
    kind: 'text',
    value: (p) => (p.recipientCep ? `${p.recipientCep.slice(0, 5)}-${p.recipientCep.slice(5)}` : null),
  },
  { header: 'Serviço', kind: 'text', value: (p) => p.service },
  { header: 'Peso (kg)', kind: 'decimal', value: (p) => p.weightKg },
];
/** Most parcels one spreadsheet lists; a larger selection is refused with a hint to narrow it. */
const PARCEL_SHEET_ROWS = 100_000;

const anyone = { access: 'authenticated' as const };
const Instant = Type.String({ format: 'date-time' });
const DAY = 86_400_000;
/** Longest stats window: the series are per day. */
const MAX_STATS_DAYS = 366;

const ParcelsFilter = {
  status: Type.Optional(StatusSchema),
  uf: Type.Optional(UfSchema),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
  late: Type.Optional(Type.Boolean()),
  search: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  sort: StringEnum(PARCEL_SORTS, { default: 'postedAt' }),
  direction: StringEnum(SORT_DIRECTIONS, { default: 'desc' }),
};
const ParcelsQuery = Type.Object({ ...PageQuery, ...ParcelsFilter }, { additionalProperties: false });

/** Parcels for the "Pacotes" dashboard: list, one parcel with its timeline, KPIs and series. */
const parcelsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { parcels } = app.deps.parcels;

  app.get(
    '/',
    {
      config: anyone,
      schema: {
        tags: ['parcels'],
        querystring: ParcelsQuery,
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
    '.xlsx',
    {
      config: anyone,
      schema: {
        tags: ['parcels'],
        description: `The filtered list as a spreadsheet (XLSX), at most ${PARCEL_SHEET_ROWS} parcels; times in São Paulo.`,
        querystring: Type.Object(ParcelsFilter, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { from, to, ...filter } = request.query as unknown as Omit<ParcelFilter, 'from' | 'to'> & {
        from?: string;
        to?: string;
      };
      const list = await parcels.list(
        { ...filter, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
        { page: 1, pageSize: PARCEL_SHEET_ROWS + 1 },
      );
      if (list.items.length > PARCEL_SHEET_ROWS)
        throw badRequest(
          'too_many_rows',
          `The selection holds ${list.total} parcels; a spreadsheet lists at most ${PARCEL_SHEET_ROWS}: narrow the filters.`,
        );
      reply.header('content-type', XLSX_CONTENT_TYPE);
      reply.header('content-disposition', 'attachment; filename="pacotes.xlsx"');
      return spreadsheet('Pacotes', PARCEL_COLUMNS, list.items, 'America/Sao_Paulo');
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
