import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BigIntId,
  IdParams,
  protectedErrors,
  StringEnum,
  TRACK_EXPORT_FORMATS,
  TrackRangeQuery,
  TrackSchema,
} from '@pioneira/contracts';
import { checkTimeZone } from '@pioneira/core';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { sendJson } from '../../json-body';

const ExportQuery = Type.Object(
  {
    ...TrackRangeQuery.properties,
    format: StringEnum(TRACK_EXPORT_FORMATS),
    lang: StringEnum(['pt-BR', 'en'] as const, {
      default: 'pt-BR',
      description: 'CSV conventions: pt-BR writes ";", decimal commas and local date and time apart',
    }),
    tz: Type.String({
      maxLength: 64,
      default: 'America/Sao_Paulo',
      description: 'IANA time zone of the CSV',
    }),
  },
  { additionalProperties: false },
);

/** A file name made of the track's name and its start day, safe in a header. */
const fileName = (name: string, from: string | undefined, extension: string) =>
  `trajeto-${name.replace(/[^A-Za-z0-9-]+/g, '_').slice(0, 40) || 'veiculo'}-${(from ?? new Date().toISOString()).slice(0, 10)}.${extension}`;

/**
 * Track replay: GET /api/vehicles/:id/track and /api/devices/:id/track?from=&to= (ISO-8601; the last
 * 24 h by default; at most 31 days). Long ranges come back thinned to ≤ 5,000 points (`simplified`).
 */
const trackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schema = {
    tags: ['positions'],
    querystring: TrackRangeQuery,
    response: { 200: TrackSchema, ...protectedErrors },
  };
  app.get(
    '/vehicles/:id/track',
    { config: { access: 'authenticated' }, schema: { ...schema, params: Type.Object({ id: BigIntId }) } },
    async (request, reply) =>
      sendJson(
        reply,
        app.deps.gps.positions.vehicleTrack(request.params.id, request.query.from, request.query.to),
      ),
  );
  app.get(
    '/devices/:id/track',
    { config: { access: 'authenticated' }, schema: { ...schema, params: IdParams } },
    async (request, reply) =>
      sendJson(
        reply,
        app.deps.gps.positions.deviceTrack(request.params.id, request.query.from, request.query.to),
      ),
  );

  const exportSchema = {
    tags: ['positions'],
    description: 'The track at full resolution as GPX, KML or CSV (at most 31 days).',
    querystring: ExportQuery,
    response: protectedErrors,
  };
  const send = async (
    reply: FastifyReply,
    devices: { deviceId: string } | { vehicleId: string },
    query: typeof ExportQuery.static,
  ) => {
    const file = await app.deps.gps.positions.exportTrack(devices, query.format, query, {
      language: query.lang,
      timeZone: checkTimeZone(query.tz),
    });
    return reply
      .header('content-type', file.contentType)
      .header(
        'content-disposition',
        `attachment; filename="${fileName(file.name, query.from, file.extension)}"`,
      )
      .send(file.body);
  };
  app.get(
    '/vehicles/:id/track/export',
    {
      config: { access: 'authenticated' },
      schema: { ...exportSchema, params: Type.Object({ id: BigIntId }) },
    },
    async (request, reply) => send(reply, { vehicleId: request.params.id }, request.query),
  );
  app.get(
    '/devices/:id/track/export',
    { config: { access: 'authenticated' }, schema: { ...exportSchema, params: IdParams } },
    async (request, reply) => send(reply, { deviceId: request.params.id }, request.query),
  );
};

export default trackRoutes;
