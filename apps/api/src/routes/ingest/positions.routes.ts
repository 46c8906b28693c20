import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody } from '@pioneira/contracts';
import { badRequest, unauthorized } from '@pioneira/core';
import type { DeviceRef } from '@pioneira/gps';
import { type TSchema, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifySchemaCompiler } from 'fastify';

const MAX_POSITIONS = 1000;
// ISO-8601 with a date, a time and a zone: what a device clock means is never left to guessing.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

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

/**
 * ISO-8601 text (with its zone) or epoch milliseconds (a JSON number, or digits) → Date; null when it
 * is neither or names a day the calendar does not have. The window is the ingest's (FixWindow).
 */
function fixTime(value: string | number): Date | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? new Date(value) : null;
  if (/^\d{1,15}$/.test(value)) return new Date(Number(value));
  const iso = ISO_8601.exec(value);
  if (!iso) return null;
  const [, year, month, day, hour, minute] = iso.map(Number);
  // Date.parse rolls 2024-02-30 over to March 1st: a day that does not exist is refused instead.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59)
    return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t) : null;
}

/**
 * Ingest bodies are validated as sent, without the API's type coercion: `null`, `true`, `"0x10"`,
 * `[-23.5]` or `" 1 "` are not numbers here. (The app-wide Ajv coerces, which query strings need.)
 */
const strictBody: FastifySchemaCompiler<unknown> = ({ schema }) => {
  const check = TypeCompiler.Compile(schema as TSchema);
  return (value) => {
    if (check.Check(value)) return { value };
    const errors = [...check.Errors(value)].slice(0, 10).map((e) => ({
      keyword: 'type',
      instancePath: e.path,
      schemaPath: '',
      params: {},
      message: e.message,
    }));
    return { error: errors } as never;
  };
};

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
        // The token of a device registered for another protocol does not open this path.
        if (device.protocol !== 'json')
          throw unauthorized(
            'invalid_device_token',
            `This device is registered for ${device.protocol}; only devices registered as json send here.`,
          );
        request.device = device;
      },
      validatorCompiler: strictBody,
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
      const positions = request.body.positions.map((p, i) => {
        const fixedAt = fixTime(p.fixedAt);
        if (!fixedAt)
          throw badRequest(
            'invalid_fix_time',
            `positions[${i}].fixedAt must be an ISO-8601 time with its zone (2026-03-01T12:00:00Z) or epoch milliseconds; nothing was stored.`,
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
