import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DateTime, IdParams, NullableDateTime, protectedErrors } from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const admin = { access: ['admin'] as const };
const KeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  carrier: Type.String({ description: 'the carrier (or source system) whose parcels the key may write' }),
  keyPrefix: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  revokedAt: NullableDateTime,
});

/** Keys of the systems that push tracking events to POST /ingest/tracking-events (admins only). */
const integrationKeysRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { keys } = app.deps.parcels;

  app.get(
    '/',
    {
      config: admin,
      schema: { tags: ['integration-keys'], response: { 200: Type.Array(KeySchema), ...protectedErrors } },
    },
    async () => keys.list(),
  );

  app.post(
    '/',
    {
      config: admin,
      schema: {
        tags: ['integration-keys'],
        summary: 'Create a key; the response is the only time the key is shown',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            carrier: Type.String({
              pattern: '^[a-z0-9][a-z0-9_-]{0,39}$',
              description:
                'carrier or source id, e.g. "correios" or "jadlog": the key writes only its parcels',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Intersect([KeySchema, Type.Object({ key: Type.String() })]),
          ...protectedErrors,
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await keys.create(request.body.name.trim(), request.body.carrier, request.principal?.id ?? null),
        ),
  );

  app.delete(
    '/:id',
    {
      config: admin,
      schema: {
        tags: ['integration-keys'],
        summary: 'Revoke a key',
        params: IdParams,
        response: { 200: KeySchema, ...protectedErrors },
      },
    },
    async (request) => keys.revoke(request.params.id),
  );
};

export default integrationKeysRoutes;
