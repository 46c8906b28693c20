import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AlertRuleInput } from '@pioneira/alerts';
import {
  AlertRecipientSchema,
  AlertRuleCreate,
  AlertRulePatch,
  AlertRuleSchema,
  IdParams,
  PageOf,
  PageQuery,
  protectedErrors,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const editors = { access: ['admin', 'manager'] as const };
const tags = ['alerts'];

/**
 * /api/alert-rules: what to tell whom, and when. Only admins and managers read or change them: a rule
 * names its recipients (users, e-mail addresses, webhook endpoints), which viewers may not see.
 */
const alertRulesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { rules } = app.deps.alerts;
  const { users } = app.deps;

  app.get(
    '/',
    {
      config: editors,
      schema: { tags, response: { 200: Type.Array(AlertRuleSchema), ...protectedErrors } },
    },
    async () => rules.list(),
  );

  // Managers may not list users (/api/users is for admins): this is only whom a rule can tell.
  app.get(
    '/recipients',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Active users a rule can notify (name and e-mail), by name',
        querystring: Type.Object(
          { ...PageQuery, search: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(AlertRecipientSchema), ...protectedErrors },
      },
    },
    async (request) => {
      const { page, pageSize, search } = request.query;
      const found = await users.list(
        { search, status: 'active', sort: 'name', direction: 'asc' },
        { page, pageSize },
      );
      return { ...found, items: found.items.map(({ id, name, email }) => ({ id, name, email })) };
    },
  );

  app.get(
    '/:id',
    {
      config: editors,
      schema: { tags, params: IdParams, response: { 200: AlertRuleSchema, ...protectedErrors } },
    },
    async (request) => rules.get(request.params.id),
  );

  app.post(
    '/',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Create an alert rule (empty filters match any event)',
        body: AlertRuleCreate,
        response: { 201: AlertRuleSchema, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await rules.create(request.body as AlertRuleInput, request.principal?.id ?? null)),
  );

  app.patch(
    '/:id',
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change an alert rule (only the fields sent)',
        params: IdParams,
        body: AlertRulePatch,
        response: { 200: AlertRuleSchema, ...protectedErrors },
      },
    },
    async (request) => rules.update(request.params.id, request.body as Partial<AlertRuleInput>),
  );

  app.delete(
    '/:id',
    {
      config: editors,
      schema: { tags, params: IdParams, response: { 204: Type.Null(), ...protectedErrors } },
    },
    async (request, reply) => {
      await rules.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default alertRulesRoutes;
