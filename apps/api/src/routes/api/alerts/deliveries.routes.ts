import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ALERT_CHANNELS,
  DELIVERY_STATUSES,
  DeliverySchema,
  PageOf,
  PageQuery,
  protectedErrors,
  StringEnum,
  Uuid,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

/**
 * /api/alert-deliveries: the delivery log (every try's outcome), newest first. Admins and managers only:
 * it names every recipient (e-mail addresses, webhook URLs); a viewer reads their own /api/notifications.
 */
const deliveriesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { deliveries } = app.deps.alerts;

  app.get(
    '/',
    {
      config: { access: ['admin', 'manager'] },
      schema: {
        tags: ['alerts'],
        querystring: Type.Object(
          {
            ...PageQuery,
            status: Type.Optional(StringEnum(DELIVERY_STATUSES)),
            channel: Type.Optional(StringEnum(ALERT_CHANNELS)),
            ruleId: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(DeliverySchema), ...protectedErrors },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return deliveries.list(filter, { page, pageSize });
    },
  );
};

export default deliveriesRoutes;
