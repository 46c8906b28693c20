import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CancelCommandBody,
  CommandAuditSchema,
  CommandListQuery,
  CommandSchema,
  CommandSettingsBody,
  CommandSettingsSchema,
  ErrorBody,
  IdParams,
  PageOf,
  PageQuery,
  protectedErrors,
  QueueCommandBody,
  VehicleIdParams,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';

const senders = { access: ['admin', 'manager'] as const };
const admins = { access: ['admin'] as const };
const everyone = { access: 'authenticated' as const };
const tags = ['commands'];
const ListQuery = Type.Object({ ...PageQuery, ...CommandListQuery }, { additionalProperties: false });
const AuditQuery = Type.Object(PageQuery, { additionalProperties: false });
const queueErrors = { 409: ErrorBody, 422: ErrorBody, ...protectedErrors };
const QUEUE_DESCRIPTION =
  'Queues a command; it is sent when the device is (or next gets) connected. Admins only, or managers ' +
  'when the settings allow it; `confirmation` must be the vehicle plate (the device identifier without ' +
  'one), `reason` at least 3 characters; an engine block is refused while the vehicle is faster than ' +
  'the configured speed. Every attempt, accepted or refused, is audited.';

const actor = (request: FastifyRequest) => {
  const p = request.principal!;
  return { id: p.id, name: p.name || p.email, role: p.role };
};

/** Remote commands of devices and vehicles, their audit trail and the fleet's command settings. */
const commandsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { commands } = app.deps;

  app.post(
    '/vehicles/:id/commands',
    {
      config: senders,
      schema: {
        tags,
        description: QUEUE_DESCRIPTION,
        params: VehicleIdParams,
        body: QueueCommandBody,
        response: { 201: CommandSchema, ...queueErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await commands.queue({ vehicleId: request.params.id }, request.body, actor(request))),
  );

  app.post(
    '/devices/:id/commands',
    {
      config: senders,
      schema: {
        tags,
        description: QUEUE_DESCRIPTION,
        params: IdParams,
        body: QueueCommandBody,
        response: { 201: CommandSchema, ...queueErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await commands.queue({ deviceId: request.params.id }, request.body, actor(request))),
  );

  app.get(
    '/vehicles/:id/commands',
    {
      config: everyone,
      schema: {
        tags,
        description: "The vehicle's commands, newest first by default, filtered by state or type.",
        params: VehicleIdParams,
        querystring: ListQuery,
        response: { 200: PageOf(CommandSchema), ...protectedErrors },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return commands.list({ vehicleId: request.params.id }, filter, { page, pageSize });
    },
  );

  app.get(
    '/devices/:id/commands',
    {
      config: everyone,
      schema: {
        tags,
        params: IdParams,
        querystring: ListQuery,
        response: { 200: PageOf(CommandSchema), ...protectedErrors },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return commands.list({ deviceId: request.params.id }, filter, { page, pageSize });
    },
  );

  app.get(
    '/vehicles/:id/commands/audit',
    {
      config: everyone,
      schema: {
        tags,
        description: 'Every command step, refused attempt and device answer of the vehicle, newest first.',
        params: VehicleIdParams,
        querystring: AuditQuery,
        response: { 200: PageOf(CommandAuditSchema), ...protectedErrors },
      },
    },
    async (request) => commands.audit({ vehicleId: request.params.id }, request.query),
  );

  app.get(
    '/devices/:id/commands/audit',
    {
      config: everyone,
      schema: {
        tags,
        params: IdParams,
        querystring: AuditQuery,
        response: { 200: PageOf(CommandAuditSchema), ...protectedErrors },
      },
    },
    async (request) => commands.audit({ deviceId: request.params.id }, request.query),
  );

  app.get(
    '/commands/settings',
    {
      config: everyone,
      schema: { tags, response: { 200: CommandSettingsSchema, ...protectedErrors } },
    },
    async () => commands.settings(),
  );

  app.put(
    '/commands/settings',
    {
      config: admins,
      schema: {
        tags,
        description:
          'Whether managers may send commands, the speed rule, the default expiry, how devices obey.',
        body: CommandSettingsBody,
        response: { 200: CommandSettingsSchema, ...protectedErrors },
      },
    },
    async (request) => commands.updateSettings(request.body, actor(request)),
  );

  app.get(
    '/commands/:id',
    {
      config: everyone,
      schema: { tags, params: IdParams, response: { 200: CommandSchema, ...protectedErrors } },
    },
    async (request) => commands.get(request.params.id),
  );

  app.post(
    '/commands/:id/cancel',
    {
      config: senders,
      schema: {
        tags,
        description: 'Cancels a queued command (409 once it has been sent).',
        params: IdParams,
        body: CancelCommandBody,
        response: { 200: CommandSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request) => commands.cancel(request.params.id, actor(request), request.body.reason),
  );
};

export default commandsRoutes;
