import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BigIntId,
  IdParams,
  PageOf,
  PageQuery,
  protectedErrors,
  RecomputeBody,
  RecomputeSchema,
  RuleAuditEntrySchema,
  type RuleCategory,
  RuleCategorySchema,
  RuleOverviewSchema,
  RuleScopeSchema,
  type RuleSettingsChange,
  RuleSettingsPatch,
  VehicleRulesSchema,
} from '@pioneira/contracts';
import { badRequest, notFound } from '@pioneira/core';
import { Type } from '@sinclair/typebox';

const editors = { access: ['admin', 'manager'] as const };
const everyone = { access: 'authenticated' as const };
const RECOMPUTE_MAX_DAYS = 92;

/**
 * /api/rules: the thresholds of the driving rules, per default, vehicle category and vehicle.
 * Everyone reads them; admins and managers change them, each change audited.
 */
const rulesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { settings, requestRecompute, recomputeStatus } = app.deps.rules;

  app.get(
    '/settings',
    {
      config: everyone,
      schema: { tags: ['rules'], response: { 200: RuleOverviewSchema, ...protectedErrors } },
    },
    async () => settings.overview(),
  );

  app.patch(
    '/settings/defaults',
    {
      config: editors,
      schema: {
        tags: ['rules'],
        description: 'Changes the defaults every category and vehicle inherits; null removes a key.',
        body: RuleSettingsPatch,
        response: { 200: RuleOverviewSchema, ...protectedErrors },
      },
    },
    async (request) => settings.changeDefaults(request.body as RuleSettingsChange, request.principal!.id),
  );

  app.patch(
    '/settings/categories/:category',
    {
      config: editors,
      schema: {
        tags: ['rules'],
        params: Type.Object({ category: RuleCategorySchema }),
        body: RuleSettingsPatch,
        response: { 200: RuleScopeSchema, ...protectedErrors },
      },
    },
    async (request) =>
      settings.changeCategory(
        request.params.category,
        request.body as RuleSettingsChange,
        request.principal!.id,
      ),
  );

  app.get(
    '/vehicles/:id',
    {
      config: everyone,
      schema: {
        tags: ['rules'],
        params: Type.Object({ id: BigIntId }),
        response: { 200: VehicleRulesSchema, ...protectedErrors },
      },
    },
    async (request) => settings.vehicle(request.params.id),
  );

  app.patch(
    '/vehicles/:id',
    {
      config: editors,
      schema: {
        tags: ['rules'],
        description: "Sets a vehicle's category (cargo, passengers, exempt) and its own thresholds.",
        params: Type.Object({ id: BigIntId }),
        body: Type.Object(
          { category: Type.Optional(RuleCategorySchema), settings: Type.Optional(RuleSettingsPatch) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: VehicleRulesSchema, ...protectedErrors },
      },
    },
    async (request) =>
      settings.changeVehicle(
        request.params.id,
        request.body as { category?: RuleCategory; settings?: RuleSettingsChange },
        request.principal!.id,
      ),
  );

  app.get(
    '/audit',
    {
      config: editors,
      schema: {
        tags: ['rules'],
        querystring: Type.Object(
          {
            ...PageQuery,
            scope: Type.Optional(Type.String({ maxLength: 32 })),
            key: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(RuleAuditEntrySchema), ...protectedErrors },
      },
    },
    async (request) => {
      const { page, pageSize, scope, key } = request.query;
      return settings.audit({ scope, key }, { page, pageSize });
    },
  );

  app.post(
    '/recompute',
    {
      config: editors,
      schema: {
        tags: ['rules'],
        description: `Queues a recompute of the rules' events from a date (at most ${RECOMPUTE_MAX_DAYS} days back) with the settings in force now; poll GET /api/rules/recompute/:id.`,
        body: RecomputeBody,
        response: { 202: RecomputeSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const from = new Date(request.body.from);
      const age = Date.now() - from.getTime();
      if (age < 0)
        throw badRequest('from_in_future', '`from` is in the future: there is nothing to recompute yet.');
      if (age > RECOMPUTE_MAX_DAYS * 86_400_000)
        throw badRequest(
          'from_too_old',
          `Recompute at most ${RECOMPUTE_MAX_DAYS} days back; split older periods.`,
        );
      if (request.body.vehicleId) await settings.vehicle(request.body.vehicleId); // 404 for an unknown vehicle
      const queued = await requestRecompute(from, request.body.vehicleId ?? null, request.principal!.id);
      return reply.code(202).send(queued);
    },
  );

  app.get(
    '/recompute/:id',
    {
      config: editors,
      schema: {
        tags: ['rules'],
        params: IdParams,
        response: { 200: RecomputeSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const found = await recomputeStatus(request.params.id);
      if (!found) throw notFound('Recompute');
      return found;
    },
  );
};

export default rulesRoutes;
