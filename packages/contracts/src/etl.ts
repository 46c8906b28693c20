import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, NullableDateTime, StringEnum, type WireOf } from './common';
import { CREDENTIALS_SOURCES, RUN_STATUSES } from './enums';

/** A job of the ETL console: the names come from the job catalog, so the API lists them. */
export const JobName = Type.String({ pattern: '^[a-z]+\\.[a-z.-]+$', maxLength: 60 });

export const RunSchema = Type.Object({
  id: Type.String(),
  job: JobName,
  trigger: Type.String(),
  status: StringEnum(RUN_STATUSES),
  startedAt: DateTime,
  finishedAt: NullableDateTime,
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  pages: Type.Integer(),
  requests: Type.Integer(),
  fetched: Type.Integer(),
  inserted: Type.Integer(),
  duplicates: Type.Integer(),
  sinceTokenStart: Nullable(Type.String()),
  sinceTokenEnd: Nullable(Type.String()),
  hasMore: Type.Boolean(),
  gap: Type.Union([Type.Object({ from: DateTime, to: DateTime }), Type.Null()]),
  error: Nullable(Type.String()),
});

export const JobStatusSchema = Type.Object({
  job: JobName,
  paused: Type.Boolean(),
  configured: Type.Boolean(),
  checkpoint: Type.Object({ sinceToken: Nullable(Type.String()), at: NullableDateTime }),
  lastSuccessAt: NullableDateTime,
  /** Seconds since MiX last said "nothing more" (HasMoreItems false or 204); sync: since its last success. */
  lagSeconds: Type.Union([Type.Integer(), Type.Null()]),
  caughtUpAt: NullableDateTime,
  newestItemAt: NullableDateTime,
  newestItemAgeSeconds: Type.Union([Type.Integer(), Type.Null()]),
  /** The oldest instant "recover from" accepts now (streams only). */
  recoverableFrom: NullableDateTime,
  recovery: Type.Union([
    Type.Object({
      active: Type.Boolean(),
      from: DateTime,
      position: NullableDateTime,
      until: NullableDateTime,
      startedAt: NullableDateTime,
      pages: Type.Integer(),
      items: Type.Integer(),
      estimatedSecondsLeft: Type.Union([Type.Integer(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  lastError: Type.Union([Type.Object({ message: Type.String(), at: DateTime }), Type.Null()]),
  backlog: Type.Object({
    hasMore: Type.Boolean(),
    estimatedEvents: Type.Union([Type.Integer(), Type.Null()]),
  }),
  running: Type.Union([RunSchema, Type.Null()]),
  lastRun: Type.Union([RunSchema, Type.Null()]),
  queued: Type.Integer(),
});

/** How the MiX request budget (per credential) was spent, per minute and per stream. */
export const BudgetSchema = Type.Object({
  limitPerMinute: Type.Integer(),
  /** Slots per minute a back-fill leaves to live polling. */
  liveReservePerMinute: Type.Integer(),
  minutes: Type.Array(
    Type.Object({
      minute: DateTime,
      total: Type.Integer(),
      requests: Type.Record(Type.String(), Type.Integer()),
    }),
  ),
  streams: Type.Array(Type.Object({ job: JobName, requests: Type.Integer(), share: Type.Number() })),
});
export type BudgetWire = WireOf<typeof BudgetSchema>;

export const BudgetQuery = Type.Object(
  { minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, default: 10 })) },
  { additionalProperties: false },
);

/** "Recover from <date>": the stream is paged again from `from` (within MIX_BACKFILL_DAYS). */
export const RecoverBody = Type.Object({ from: DateTime }, { additionalProperties: false });

const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 });
const Int64Text = Type.String({ pattern: '^-?\\d{1,19}$', description: 'a MiX 64-bit id as decimal text' });

export const CredentialsBody = Type.Object(
  {
    identityUrl: HttpUrl,
    apiUrl: HttpUrl,
    clientId: Type.String({ minLength: 1, maxLength: 200 }),
    clientSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    username: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    organisationId: Int64Text,
  },
  { additionalProperties: false },
);

export const CredentialsViewSchema = Type.Object({
  source: StringEnum(CREDENTIALS_SOURCES),
  configured: Type.Boolean(),
  identityUrl: Nullable(Type.String()),
  apiUrl: Nullable(Type.String()),
  clientId: Nullable(Type.String()),
  username: Nullable(Type.String()),
  organisationId: Nullable(Type.String()),
  hasClientSecret: Type.Boolean(),
  hasPassword: Type.Boolean(),
  updatedAt: NullableDateTime,
  tokenExpiresAt: NullableDateTime,
});

export type EtlRecoverInput = WireOf<typeof RecoverBody>;
export type EtlRun = WireOf<typeof RunSchema>;
export type EtlJobStatus = WireOf<typeof JobStatusSchema>;
export type MixCredentialsView = WireOf<typeof CredentialsViewSchema>;
/** What the credentials form sends; a secret left out keeps the stored one. */
export type MixCredentialsInput = WireOf<typeof CredentialsBody>;
