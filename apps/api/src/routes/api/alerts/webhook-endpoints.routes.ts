import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  protectedErrors,
  WebhookEndpointCreate,
  WebhookEndpointPatch,
  WebhookEndpointSchema,
  WebhookEndpointWithSecret,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const editors = { access: ['admin', 'manager'] as const };
const tags = ['alerts'];

/**
 * /api/webhook-endpoints: where alert webhooks go; each signing secret is shown once (docs/webhooks.md).
 * Admins and managers only: an endpoint's URL often carries a token of the receiving system.
 */
const webhookEndpointsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { endpoints } = app.deps.alerts;

  app.get(
    '/',
    {
      config: editors,
      schema: { tags, response: { 200: Type.Array(WebhookEndpointSchema), ...protectedErrors } },
    },
    async () => endpoints.list(),
  );

  app.post(
    '/',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Add an endpoint; the response is the only time its signing secret is shown',
        body: WebhookEndpointCreate,
        response: { 201: WebhookEndpointWithSecret, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await endpoints.create(request.body, request.principal?.id ?? null)),
  );

  app.patch(
    '/:id',
    {
      config: editors,
      schema: {
        tags,
        params: IdParams,
        body: WebhookEndpointPatch,
        response: { 200: WebhookEndpointSchema, ...protectedErrors },
      },
    },
    async (request) => endpoints.update(request.params.id, request.body),
  );

  app.post(
    '/:id/rotate-secret',
    {
      config: editors,
      schema: {
        tags,
        summary: 'A new signing secret (shown once); the old one stops at once',
        params: IdParams,
        response: { 200: WebhookEndpointWithSecret, ...protectedErrors },
      },
    },
    async (request) => endpoints.rotate(request.params.id),
  );

  app.delete(
    '/:id',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Delete an endpoint (and take it out of every rule)',
        params: IdParams,
        response: { 204: Type.Null(), ...protectedErrors },
      },
    },
    async (request, reply) => {
      await endpoints.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default webhookEndpointsRoutes;
