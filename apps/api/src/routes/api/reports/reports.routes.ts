import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BigIntId,
  DailyReport,
  protectedErrors,
  ReportListQuery,
  ReportPeriodQuery,
  RouteQuery,
  StopsPage,
  SummaryPage,
  TrackSchema,
  TripsPage,
} from '@pioneira/contracts';
import { badRequest, parsePeriod } from '@pioneira/core';
import { Type } from '@sinclair/typebox';
import { XLSX_CONTENT_TYPE } from '../../../exports/spreadsheet';
import { sendJson } from '../../json-body';
import { DEFAULT_TIME_ZONE } from '../drivers/drivers.routes';
import { reportExports } from './reports-exports';

const read = { access: 'authenticated' as const };
const tags = ['reports'];
const page = (q: { page: number; pageSize: number }) => ({ page: q.page, pageSize: q.pageSize });
const periodOf = (q: { from?: string; to?: string; tz?: string }) => parsePeriod(q, DEFAULT_TIME_ZONE, 1);
const wire = (p: ReturnType<typeof periodOf>) => ({ from: p.from, to: p.to, timeZone: p.timeZone });
/** Most rows of a CSV export. */
const EXPORT_ROWS = { page: 1, pageSize: 50_000 };
const ExportQuery = Type.Omit(ReportListQuery, ['page', 'pageSize']);

/**
 * Reports over trips, stops and daily summaries: GET /api/reports/{trips,stops,summary,daily,route}
 * for `vehicleId`, `driverId` or `vehicleIds` (summary: the whole fleet when none), over any period
 * (`from`/`to` local dates in `tz`, or ISO instants; the last day by default), and a trip's track.
 */
const reportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const reports = app.deps.reports;

  app.get(
    '/trips',
    {
      config: read,
      schema: {
        tags,
        description: 'Trips that start in the period, oldest first.',
        querystring: ReportListQuery,
        response: { 200: TripsPage, ...protectedErrors },
      },
    },
    async (request) => {
      const period = periodOf(request.query);
      const subject = await reports.subject(request.query, false);
      return { period: wire(period), ...(await reports.trips(subject, period, page(request.query))) };
    },
  );

  app.get(
    '/stops',
    {
      config: read,
      schema: {
        tags,
        description: 'Stops (≥ 5 min by default) that start in the period, oldest first.',
        querystring: ReportListQuery,
        response: { 200: StopsPage, ...protectedErrors },
      },
    },
    async (request) => {
      const period = periodOf(request.query);
      const subject = await reports.subject(request.query, false);
      return { period: wire(period), ...(await reports.stops(subject, period, page(request.query))) };
    },
  );

  app.get(
    '/summary',
    {
      config: read,
      schema: {
        tags,
        description:
          'Figures per vehicle (or for the driver) over the company days the period covers, with totals; every vehicle when no subject is given.',
        querystring: ReportListQuery,
        response: { 200: SummaryPage, ...protectedErrors },
      },
    },
    async (request) => {
      const period = periodOf(request.query);
      const subject = await reports.subject(request.query, true);
      return { period: wire(period), ...(await reports.summary(subject, period, page(request.query))) };
    },
  );

  app.get(
    '/daily',
    {
      config: read,
      schema: {
        tags,
        description: 'Figures per company day (a set of vehicles adds up), for the km-per-day chart.',
        querystring: ReportPeriodQuery,
        response: { 200: DailyReport, ...protectedErrors },
      },
    },
    async (request) => {
      const period = periodOf(request.query);
      if (period.to.getTime() - period.from.getTime() > 367 * 86_400_000)
        throw badRequest('invalid_period', 'A daily report covers at most a year; ask for a shorter period.');
      const subject = await reports.subject(request.query, true);
      return { period: wire(period), ...(await reports.daily(subject, period)) };
    },
  );

  const exportSchema = (what: string, format: 'csv' | 'xlsx') => ({
    tags,
    description:
      format === 'csv'
        ? `${what} as CSV (UTF-8 with BOM, ";" separated, decimal commas, local dates and times in columns of their own; at most 50,000 rows).`
        : `${what} as an XLSX spreadsheet (date and number cells, local times; at most 50,000 rows).`,
    querystring: ExportQuery,
  });
  const attachment = (
    reply: { header(k: string, v: string): unknown },
    name: string,
    format: 'csv' | 'xlsx',
  ) => {
    reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE);
    reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
  };
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/trips.${format}`,
      { config: read, schema: exportSchema('Trips', format) },
      async (request, reply) => {
        const period = periodOf(request.query);
        const subject = await reports.subject(request.query, false);
        const items = (await reports.trips(subject, period, EXPORT_ROWS)).items;
        attachment(reply, reportExports.trips.name, format);
        return reportExports.trips[format](items, period.timeZone);
      },
    );
    app.get(
      `/stops.${format}`,
      { config: read, schema: exportSchema('Stops', format) },
      async (request, reply) => {
        const period = periodOf(request.query);
        const subject = await reports.subject(request.query, false);
        const items = (await reports.stops(subject, period, EXPORT_ROWS)).items;
        attachment(reply, reportExports.stops.name, format);
        return reportExports.stops[format](items, period.timeZone);
      },
    );
    app.get(
      `/summary.${format}`,
      { config: read, schema: exportSchema('The summary with totals', format) },
      async (request, reply) => {
        const period = periodOf(request.query);
        const subject = await reports.subject(request.query, true);
        const summary = await reports.summary(subject, period, EXPORT_ROWS);
        attachment(reply, reportExports.summary.name, format);
        return reportExports.summary[format](summary, period.timeZone);
      },
    );
  }

  app.get(
    '/route',
    {
      config: read,
      schema: {
        tags,
        description: 'The route a vehicle drove over the period (at most 31 days, thinned to 5,000 points).',
        querystring: RouteQuery,
        response: { 200: TrackSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const period = periodOf(request.query);
      return sendJson(
        reply,
        app.deps.gps.positions.vehicleTrack(
          request.query.vehicleId,
          period.from.toISOString(),
          period.to.toISOString(),
        ),
      );
    },
  );

  app.get(
    '/trips/:id/track',
    {
      config: read,
      schema: {
        tags,
        description: "A trip's track (thinned to 5,000 points).",
        params: Type.Object({ id: BigIntId }),
        response: { 200: TrackSchema, ...protectedErrors },
      },
    },
    async (request) => reports.tripTrack(request.params.id),
  );
};

export default reportsRoutes;
