import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NotificationSchema, PageOf, PageQuery, protectedErrors } from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const own = { access: 'authenticated' as const };
const tags = ['notifications'];

/** /api/notifications: the caller's own notification centre (every role; nobody reads another's). */
const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { notifications } = app.deps.alerts;

  app.get(
    '/',
    {
      config: own,
      schema: {
        tags,
        querystring: Type.Object(
          { ...PageQuery, unread: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Intersect([PageOf(NotificationSchema), Type.Object({ unread: Type.Integer() })]),
          ...protectedErrors,
        },
      },
    },
    async (request) =>
      notifications.list(
        request.principal!.id,
        { page: request.query.page, pageSize: request.query.pageSize },
        request.query.unread === true,
      ),
  );

  app.get(
    '/unread-count',
    {
      config: own,
      schema: { tags, response: { 200: Type.Object({ unread: Type.Integer() }), ...protectedErrors } },
    },
    async (request) => ({ unread: await notifications.unread(request.principal!.id) }),
  );

  app.post(
    '/:id/read',
    {
      config: own,
      schema: { tags, params: IdParams, response: { 200: NotificationSchema, ...protectedErrors } },
    },
    async (request) => notifications.markRead(request.principal!.id, request.params.id),
  );

  app.post(
    '/read-all',
    {
      config: own,
      schema: { tags, response: { 200: Type.Object({ marked: Type.Integer() }), ...protectedErrors } },
    },
    async (request) => ({ marked: await notifications.markAllRead(request.principal!.id) }),
  );
};

export default notificationsRoutes;
