import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DateTime,
  EVENT_SOURCES,
  NullableDateTime,
  PageOf,
  PageQuery,
  protectedErrors,
  StringEnum,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const everyone = { access: 'authenticated' as const };
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
};

export default eventsRoutes;
