import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreatedInvitationSchema,
  Email,
  ErrorBody,
  IdParams,
  Name,
  PageOf,
  PageQuery,
  Password,
  PendingInvitationsSchema,
  protectedErrors,
  RoleSchema,
  SORT_DIRECTIONS,
  StringEnum,
  USER_SORTS,
  USER_STATUSES,
  UserSchema,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const admin = { access: ['admin'] as const };

const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { users } = app.deps;

  app.get(
    '/',
    {
      config: admin,
      schema: {
        tags: ['users'],
        querystring: Type.Object(
          {
            ...PageQuery,
            search: Type.Optional(Type.String({ maxLength: 100 })),
            role: Type.Optional(RoleSchema),
            status: Type.Optional(StringEnum(USER_STATUSES)),
            sort: StringEnum(USER_SORTS, { default: 'name' }),
            direction: StringEnum(SORT_DIRECTIONS, { default: 'asc' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(UserSchema), ...protectedErrors },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return users.list(filter, { page, pageSize });
    },
  );

  app.post(
    '/',
    {
      config: admin,
      schema: {
        tags: ['users'],
        body: Type.Object(
          { email: Email, name: Name, role: RoleSchema, password: Password },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await users.create(request.body)),
  );

  app.post(
    '/invitations',
    {
      config: admin,
      schema: {
        tags: ['users'],
        body: Type.Object({ email: Email, role: RoleSchema }, { additionalProperties: false }),
        response: { 201: CreatedInvitationSchema, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await users.invite(request.body, request.principal!.id)),
  );

  app.get(
    '/invitations',
    {
      config: admin,
      schema: {
        tags: ['users'],
        description: 'Invitations not used nor revoked (expired ones too), newest first.',
        response: { 200: PendingInvitationsSchema, ...protectedErrors },
      },
    },
    async () => users.pendingInvitations(),
  );

  app.delete(
    '/invitations/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        description: 'Revokes a pending invitation: its link stops working.',
        params: IdParams,
        response: { 204: Type.Null(), ...protectedErrors },
      },
    },
    async (request, reply) => {
      await users.revokeInvitation(request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/invitations/:id/resend',
    {
      config: admin,
      schema: {
        tags: ['users'],
        description:
          'A new link and expiry for a pending invitation (the old link stops working), e-mailed when SMTP is configured.',
        params: IdParams,
        response: { 200: CreatedInvitationSchema, ...protectedErrors },
      },
    },
    async (request) => users.resendInvitation(request.params.id),
  );

  app.get(
    '/:id',
    {
      config: admin,
      schema: { tags: ['users'], params: IdParams, response: { 200: UserSchema, ...protectedErrors } },
    },
    async (request) => users.get(request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            role: Type.Optional(RoleSchema),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request) => {
      const user = await users.update(request.principal!.id, request.params.id, request.body);
      void app.deps.streams.recheck(); // a deactivated user's live streams end with their sessions
      return user;
    },
  );

  app.post(
    '/:id/approve',
    {
      config: admin,
      schema: {
        tags: ['users'],
        params: IdParams,
        response: { 200: UserSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request) => users.approve(request.params.id),
  );

  app.post(
    '/:id/password',
    {
      config: admin,
      schema: {
        tags: ['users'],
        params: IdParams,
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...protectedErrors },
      },
    },
    async (request, reply) => {
      await users.resetPassword(request.params.id, request.body.password);
      void app.deps.streams.recheck();
      return reply.status(204).send(null);
    },
  );
};

export default usersRoutes;
