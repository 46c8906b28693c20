import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '@pioneira/contracts';
import { badRequest, unauthorized } from '@pioneira/core';
import type { DeviceRef } from '@pioneira/gps';
import { Type } from '@sinclair/typebox';

const MAX_POSITIONS = 1000;
const EARLIEST = Date.UTC(2000, 0, 1);
const MAX_AHEAD_MS = 24 * 3_600_000;

const Nullable = (schema: ReturnType<typeof Type.Number>) => Type.Optional(Type.Union([schema, Type.Null()]));

const PositionBody = Type.Object(
  {
    fixedAt: Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Number()]),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    speedKmh: Nullable(Type.Number({ minimum: 0, maximum: 2000 })),
    course: Nullable(Type.Number({ minimum: 0, maximum: 360 })),
    altitude: Nullable(Type.Number({ minimum: -12_000, maximum: 100_000 })),
    accuracy: Nullable(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    attributes: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 64 }),
        Type.Union([Type.String({ maxLength: 256 }), Type.Number(), Type.Boolean()]),
        { maxProperties: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);

/** ISO-8601 text or epoch milliseconds (also as digits) → Date; null when it is not a plausible fix time. */
function fixTime(value: string | number, now: number): Date | null {
  const t = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(t) && t >= EARLIEST && t <= now + MAX_AHEAD_MS ? new Date(t) : null;
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: DeviceRef;
  }
}

/** POST /ingest/positions: a batch of one device's fixes, authenticated by the device's token. */
const positionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/positions',
    {
      config: { access: 'public' },
      // The device token is checked before the body is even validated, like every protected route.
      onRequest: async (request) => {
        const header = request.headers.authorization;
        const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
        const device = token ? await app.deps.gps.ingest.devices.byDeviceToken(token) : null;
        if (!device)
          throw unauthorized(
            'invalid_device_token',
            'Send the device token given when the device was registered as "Authorization: Bearer …".',
          );
        request.device = device;
      },
      schema: {
        tags: ['ingest'],
        security: [{ bearer: [] }],
        body: Type.Object(
          { positions: Type.Array(PositionBody, { minItems: 1, maxItems: MAX_POSITIONS }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer() }),
          400: ErrorBody,
          401: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (request) => {
      const now = Date.now();
      const positions = request.body.positions.map((p, i) => {
        const fixedAt = fixTime(p.fixedAt, now);
        if (!fixedAt)
          throw badRequest(
            'invalid_fix_time',
            `positions[${i}].fixedAt must be an ISO-8601 time or epoch milliseconds between 2000 and tomorrow; nothing was stored.`,
          );
        return {
          fixedAt,
          latitude: p.latitude,
          longitude: p.longitude,
          speedKmh: p.speedKmh ?? null,
          course: p.course ?? null,
          altitude: p.altitude ?? null,
          accuracy: p.accuracy ?? null,
          attributes: p.attributes ?? {},
        };
      });
      return app.deps.gps.ingest.submitFor(request.device!, positions);
    },
  );
};

export default positionsRoutes;
