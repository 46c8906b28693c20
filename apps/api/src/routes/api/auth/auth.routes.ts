import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DateTime,
  Email,
  ErrorBody,
  Name,
  Password,
  protectedErrors,
  RoleSchema,
  TokensSchema,
  UserSchema,
} from '@pioneira/contracts';
import type { Tokens } from '@pioneira/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const REFRESH_COOKIE = 'pioneira_refresh';

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { auth, users, config, streams } = app.deps;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.env === 'production',
    path: '/api/auth',
  };
  const client = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });
  const issue = (reply: FastifyReply, tokens: Tokens) => {
    reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, {
      ...cookieOptions,
      expires: tokens.refreshExpiresAt,
    });
    return { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, user: tokens.user };
  };

  app.get(
    '/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        security: [],
        response: { 200: Type.Object({ selfRegistration: Type.Boolean() }) },
      },
    },
    async () => ({ selfRegistration: config.auth.selfRegistration }),
  );

  app.post(
    '/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        security: [],
        body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
        response: { 200: TokensSchema, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) =>
      issue(reply, await auth.login(request.body.email, request.body.password, client(request))),
  );

  app.post(
    '/refresh',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], security: [], response: { 200: TokensSchema, 401: ErrorBody } },
    },
    async (request, reply) => {
      try {
        return issue(reply, await auth.refresh(request.cookies[REFRESH_COOKIE], client(request)));
      } catch (error) {
        reply.clearCookie(REFRESH_COOKIE, cookieOptions);
        throw error;
      }
    },
  );

  app.post(
    '/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], security: [], response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const principal = request.headers.authorization
        ? await auth.authenticate(request.headers.authorization.replace(/^Bearer /, ''))
        : undefined;
      await auth.logout(request.cookies[REFRESH_COOKIE], principal?.familyId);
      void streams.recheck(); // not awaited: the answer need not wait for every stream's check
      reply.clearCookie(REFRESH_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], response: { 200: Type.Object({ user: UserSchema }), ...protectedErrors } },
    },
    async (request) => ({ user: await users.get(request.principal!.id) }),
  );

  app.patch(
    '/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        body: Type.Object(
          {
            name: Type.Optional(Name),
            locale: Type.Optional(Type.Union([Type.Literal('pt-BR'), Type.Literal('en')])),
            timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ user: UserSchema }), ...protectedErrors },
      },
    },
    async (request) => ({ user: await users.updateProfile(request.principal!.id, request.body) }),
  );

  app.post(
    '/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        body: Type.Object(
          { currentPassword: Password, newPassword: Password },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...protectedErrors },
      },
    },
    async (request, reply) => {
      const p = request.principal!;
      await auth.changeOwnPassword(
        p.id,
        p.familyId,
        request.body.currentPassword,
        request.body.newPassword,
        p.email,
        client(request),
      );
      void streams.recheck(); // not awaited: the answer need not wait for every stream's check
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/invitations/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        security: [],
        params: Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }) }),
        response: {
          200: Type.Object({ email: Type.String(), role: RoleSchema, expiresAt: DateTime }),
          404: ErrorBody,
        },
      },
    },
    async (request) => auth.invitation(request.params.token),
  );

  app.post(
    '/register',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        security: [],
        body: Type.Object(
          { token: Type.String({ minLength: 10, maxLength: 100 }), name: Name, password: Password },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ user: UserSchema }), 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const user = await auth.register(request.body.token, request.body.name, request.body.password);
      return reply.status(201).send({ user });
    },
  );

  app.post(
    '/signup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        security: [],
        body: Type.Object({ email: Email, name: Name, password: Password }, { additionalProperties: false }),
        response: {
          202: Type.Object({ status: Type.Literal('pending') }),
          400: ErrorBody,
          403: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      await auth.signup(request.body.email, request.body.name, request.body.password, client(request));
      return reply.status(202).send({ status: 'pending' as const });
    },
  );
};

export default authRoutes;
