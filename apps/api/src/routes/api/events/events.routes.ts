import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BigIntId,
  DateTime,
  EVENT_SOURCES,
  JustificationSchema,
  NullableDateTime,
  PageOf,
  PageQuery,
  protectedErrors,
  StringEnum,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const everyone = { access: 'authenticated' as const };
const editors = { access: ['admin', 'manager'] as const };
const EventId = Type.Object({ id: BigIntId });
const JustificationBody = Type.Object(
  {
    text: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'Why the event happened (CTB art. 67-C §2)',
    }),
  },
  { additionalProperties: false },
);
const JustificationChangeSchema = Type.Object({
  text: Type.Union([Type.String(), Type.Null()], { description: 'null: the justification was withdrawn' }),
  justifiedAt: DateTime,
  justifiedBy: Type.Union([Type.String(), Type.Null()]),
});
const ExternalId = Type.String({ pattern: '^-?\\d{1,19}$|^[\\w.:-]{1,100}$', maxLength: 100 });
const N = Type.Union([Type.Number(), Type.Null()]);
const S = Type.Union([Type.String(), Type.Null()]);

const EventSchema = Type.Object({
  id: Type.String(),
  source: Type.String(),
  externalId: Type.String(),
  driver: Type.Union([Type.Object({ externalId: Type.String(), name: S }), Type.Null()]),
  vehicle: Type.Union([Type.Object({ externalId: Type.String(), plate: S }), Type.Null()]),
  eventType: Type.Union([Type.Object({ externalId: Type.String(), description: S }), Type.Null()]),
  category: S,
  startedAt: NullableDateTime,
  endedAt: NullableDateTime,
  latitude: N,
  longitude: N,
  speedKmh: N,
  speedLimitKmh: N,
  value: N,
  valueUnits: S,
  totalTimeSeconds: Type.Union([Type.Integer(), Type.Null()]),
  address: S,
});

/** GET /api/events: telemetry events, newest first, filtered by driver, vehicle, type and period. */
const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { events } = app.deps;
  app.get(
    '/',
    {
      config: everyone,
      schema: {
        tags: ['events'],
        querystring: Type.Object(
          {
            ...PageQuery,
            driver: Type.Optional(ExternalId),
            vehicle: Type.Optional(ExternalId),
            type: Type.Optional(ExternalId),
            source: Type.Optional(StringEnum(EVENT_SOURCES)),
            from: Type.Optional(DateTime),
            to: Type.Optional(DateTime),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(EventSchema), ...protectedErrors },
      },
    },
    async (request) => {
      const { page, pageSize, from, to, ...filter } = request.query;
      return events.list(
        {
          ...filter,
          from: from ? new Date(from as string) : undefined,
          to: to ? new Date(to as string) : undefined,
        },
        { page, pageSize },
      );
    },
  );

  const { justifications } = app.deps;
  app.put(
    '/:id/justification',
    {
      config: editors,
      schema: {
        tags: ['events'],
        description:
          'Justifies an event (CTB art. 67-C §2) without deleting it; replaces the current justification, keeping the history.',
        params: EventId,
        body: JustificationBody,
        response: { 200: JustificationSchema, ...protectedErrors },
      },
    },
    async (request) => justifications.justify(request.params.id, request.body.text, request.principal!.id),
  );
  app.delete(
    '/:id/justification',
    {
      config: editors,
      schema: {
        tags: ['events'],
        description: "Withdraws an event's justification; the event and the history stay.",
        params: EventId,
        response: { 204: Type.Null(), ...protectedErrors },
      },
    },
    async (request, reply) => {
      await justifications.withdraw(request.params.id, request.principal!.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/:id/justifications',
    {
      config: everyone,
      schema: {
        tags: ['events'],
        description: "Every change of an event's justification, newest first.",
        params: EventId,
        response: { 200: Type.Object({ items: Type.Array(JustificationChangeSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({ items: await justifications.history(request.params.id) }),
  );
};

export default eventsRoutes;
