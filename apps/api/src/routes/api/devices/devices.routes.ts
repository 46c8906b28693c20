import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BigIntId,
  DeviceFieldsSchema,
  DeviceSchema,
  DeviceWithStatusSchema,
  ErrorBody,
  IdParams,
  PageOf,
  PageQuery,
  protectedErrors,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const managers = { access: ['admin', 'manager'] as const };
const everyone = { access: 'authenticated' as const };
const Token = Type.Object({ token: Type.String() });

/** /api/devices: the trackers and phones allowed to send positions. Managers and admins write. */
const devicesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { devices } = app.deps.gps;

  app.get(
    '/',
    {
      config: everyone,
      schema: {
        tags: ['devices'],
        description:
          "Devices with their status (online while the last fix is at most the device's offlineAfterSeconds, else DEVICE_OFFLINE_AFTER_SECONDS, old; offline; never_seen), the time of the last fix and the current driver.",
        querystring: Type.Object(
          {
            ...PageQuery,
            search: Type.Optional(Type.String({ maxLength: 100 })),
            vehicleId: Type.Optional(BigIntId),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(DeviceWithStatusSchema), ...protectedErrors },
      },
    },
    async (request) => devices.list(request.query),
  );

  app.post(
    '/',
    {
      config: managers,
      schema: {
        tags: ['devices'],
        description:
          'Registers a device. The response carries its token for POST /ingest/positions, shown only once.',
        body: Type.Object(DeviceFieldsSchema, { additionalProperties: false }),
        response: { 201: Type.Intersect([DeviceSchema, Token]), 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await devices.create(request.body)),
  );

  app.get(
    '/:id',
    {
      config: everyone,
      schema: {
        tags: ['devices'],
        params: IdParams,
        response: { 200: DeviceWithStatusSchema, ...protectedErrors },
      },
    },
    async (request) => devices.detail(request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: managers,
      schema: {
        tags: ['devices'],
        params: IdParams,
        body: Type.Partial(Type.Object(DeviceFieldsSchema), {
          additionalProperties: false,
          minProperties: 1,
        }),
        response: { 200: DeviceSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request) => devices.update(request.params.id, request.body),
  );

  app.post(
    '/:id/token',
    {
      config: managers,
      schema: {
        tags: ['devices'],
        description: 'Replaces the device token; the old one stops working at once.',
        params: IdParams,
        response: { 200: Token, ...protectedErrors },
      },
    },
    async (request) => devices.rotateToken(request.params.id),
  );

  app.post(
    '/:id/secret',
    {
      config: managers,
      schema: {
        tags: ['devices'],
        description:
          'Gives an OsmAnd or OwnTracks device a new secret, shown only once: its HTTP requests must then carry it (`?secret=` or the Basic-auth password).',
        params: IdParams,
        response: { 200: Type.Object({ secret: Type.String() }), ...protectedErrors },
      },
    },
    async (request) => devices.setSecret(request.params.id),
  );

  app.delete(
    '/:id/secret',
    {
      config: managers,
      schema: {
        tags: ['devices'],
        description: 'Removes the device secret: the device is known by identifier and protocol alone again.',
        params: IdParams,
        response: { 204: Type.Null(), ...protectedErrors },
      },
    },
    async (request, reply) => {
      await devices.removeSecret(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/:id',
    {
      config: managers,
      schema: { tags: ['devices'], params: IdParams, response: { 204: Type.Null(), ...protectedErrors } },
    },
    async (request, reply) => {
      await devices.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default devicesRoutes;
