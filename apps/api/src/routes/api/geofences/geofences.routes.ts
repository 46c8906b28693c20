import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BigIntId,
  GeofenceGroupInput,
  GeofenceGroupSchema,
  GeofenceImportResult,
  GeofenceInput,
  GeofenceListQuery,
  GeofencePage,
  GeofencePatch,
  GeofenceSchema,
  protectedErrors,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const editors = { access: ['admin', 'manager'] as const };
const everyone = { access: 'authenticated' as const };
const tags = ['geofences'];
const Id = Type.Object({ id: BigIntId });
const Format = Type.Union([Type.Literal('geojson'), Type.Literal('kml')]);

/**
 * /api/geofences: circles, polygons and corridors (GeoJSON, [longitude, latitude]) with their groups,
 * speed limits, allowed hours and dwell limits; import and export as GeoJSON or KML. Everyone reads;
 * admins and managers write. A geometry that is not valid is a 400 `invalid_geometry` saying why.
 */
const geofencesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const geofences = app.deps.geofences;
  const by = (request: { principal?: { id: string } }) => request.principal?.id ?? null;

  app.get(
    '/',
    {
      config: everyone,
      schema: { tags, querystring: GeofenceListQuery, response: { 200: GeofencePage, ...protectedErrors } },
    },
    async (request) => geofences.list(request.query),
  );

  app.post(
    '/',
    {
      config: editors,
      schema: {
        tags,
        description:
          'Creates a geofence: a Point with radiusM (circle), a Polygon (outer ring counter-clockwise, at most 2,000 points, not self-intersecting) or a LineString with widthM (corridor).',
        body: GeofenceInput,
        response: { 201: GeofenceSchema, ...protectedErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await geofences.create(request.body, by(request))),
  );

  app.get(
    '/groups',
    {
      config: everyone,
      schema: { tags, response: { 200: Type.Array(GeofenceGroupSchema), ...protectedErrors } },
    },
    async () => geofences.groups(),
  );

  app.post(
    '/groups',
    {
      config: editors,
      schema: {
        tags,
        body: GeofenceGroupInput,
        response: { 201: GeofenceGroupSchema, 409: protectedErrors[400], ...protectedErrors },
      },
    },
    async (request, reply) => reply.code(201).send(await geofences.createGroup(request.body.name)),
  );

  app.delete(
    '/groups/:id',
    {
      config: editors,
      schema: {
        tags,
        description: 'Deletes a group; its geofences stay, without a group.',
        params: Id,
        response: { 204: Type.Null(), ...protectedErrors },
      },
    },
    async (request, reply) => {
      await geofences.removeGroup(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/export',
    {
      config: everyone,
      schema: {
        tags,
        description: 'Every geofence (or one group) as a GeoJSON FeatureCollection or a KML document.',
        querystring: Type.Object(
          { format: Type.Optional(Format), groupId: Type.Optional(BigIntId) },
          { additionalProperties: false },
        ),
        response: { 200: Type.String(), ...protectedErrors },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'geojson';
      reply.header(
        'content-type',
        format === 'kml'
          ? 'application/vnd.google-earth.kml+xml; charset=utf-8'
          : 'application/geo+json; charset=utf-8',
      );
      reply.header(
        'content-disposition',
        `attachment; filename="cercas.${format === 'kml' ? 'kml' : 'geojson'}"`,
      );
      return geofences.export(format, request.query.groupId);
    },
  );

  app.post(
    '/import',
    {
      config: editors,
      schema: {
        tags,
        description:
          "Imports a GeoJSON FeatureCollection (properties name, group, radiusM, widthM, speedLimitKmh, allowedHours, dwellMaxSeconds, hysteresisM: what the export writes) or a KML document (as a string; the same properties as ExtendedData, allowedHours as JSON): all of it, or nothing when any geofence is not valid (400 naming the feature). A feature's group is found by name, or made; groupId puts every feature in that group instead.",
        body: Type.Object(
          {
            format: Format,
            data: Type.Union([
              Type.String({ maxLength: 3_000_000 }),
              Type.Object({}, { additionalProperties: true }),
            ]),
            groupId: Type.Optional(Type.Union([BigIntId, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: GeofenceImportResult, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await geofences.import(
            request.body.format,
            request.body.data,
            request.body.groupId ?? null,
            by(request),
          ),
        ),
  );

  app.get(
    '/:id',
    { config: everyone, schema: { tags, params: Id, response: { 200: GeofenceSchema, ...protectedErrors } } },
    async (request) => geofences.get(request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: editors,
      schema: {
        tags,
        params: Id,
        body: GeofencePatch,
        response: { 200: GeofenceSchema, ...protectedErrors },
      },
    },
    async (request) => geofences.update(request.params.id, request.body, by(request)),
  );

  app.delete(
    '/:id',
    {
      config: editors,
      schema: {
        tags,
        description: 'Deletes a geofence; its visits stay in the reports (open ones are closed).',
        params: Id,
        response: { 204: Type.Null(), ...protectedErrors },
      },
    },
    async (request, reply) => {
      await geofences.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default geofencesRoutes;
