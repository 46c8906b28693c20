import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, NullableDateTime, StringEnum, type WireOf } from './common';
import { BigIntId } from './devices';

/** What an operator can ask a device to do. */
export const COMMAND_TYPES = ['engine_block', 'engine_unblock', 'custom'] as const;
export type CommandTypeName = (typeof COMMAND_TYPES)[number];
/** A command's life: queued → sent → acknowledged, or failed, expired, cancelled. */
export const COMMAND_STATES = ['queued', 'sent', 'acknowledged', 'failed', 'expired', 'cancelled'] as const;
export type CommandState = (typeof COMMAND_STATES)[number];
export const COMMAND_CHANNELS = ['online', 'sms'] as const;
export const COMMAND_AUDIT_ACTIONS = [
  'queued',
  'refused',
  'sent',
  'answered',
  'failed',
  'expired',
  'cancelled',
  'unsolicited_answer',
] as const;
export type CommandAuditAction = (typeof COMMAND_AUDIT_ACTIONS)[number];

export const CommandSchema = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  deviceIdentifier: Type.String(),
  deviceProtocol: Type.String(),
  vehicleId: Nullable(Type.String()),
  type: StringEnum(COMMAND_TYPES),
  /** The custom text, for custom commands. */
  text: Nullable(Type.String()),
  channel: StringEnum(COMMAND_CHANNELS),
  state: StringEnum(COMMAND_STATES),
  reason: Type.String(),
  requestedBy: Nullable(Type.String()),
  requestedByName: Type.String(),
  createdAt: DateTime,
  expiresAt: DateTime,
  sentAt: NullableDateTime,
  /** What the device was (or will be) sent, and the SMS an operator can send instead. */
  sentText: Nullable(Type.String()),
  smsText: Nullable(Type.String()),
  answeredAt: NullableDateTime,
  response: Nullable(Type.String()),
  finishedAt: NullableDateTime,
  error: Nullable(Type.String()),
});
export type Command = WireOf<typeof CommandSchema>;

export const CommandAuditSchema = Type.Object({
  id: Type.String(),
  commandId: Nullable(Type.String()),
  deviceId: Nullable(Type.String()),
  vehicleId: Nullable(Type.String()),
  at: DateTime,
  action: StringEnum(COMMAND_AUDIT_ACTIONS),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
});
export type CommandAuditEntry = WireOf<typeof CommandAuditSchema>;

export const QueueCommandBody = Type.Object(
  {
    type: StringEnum(COMMAND_TYPES),
    /** Required for custom commands: printable ASCII, sent verbatim. */
    text: Type.Optional(Type.String({ maxLength: 500 })),
    channel: Type.Optional(StringEnum(COMMAND_CHANNELS, { default: 'online' })),
    /** The vehicle's plate typed by the operator (the device identifier when it has no vehicle/plate). */
    confirmation: Type.String({ maxLength: 100 }),
    reason: Type.String({ maxLength: 500 }),
    /** When the target is a vehicle with several devices: which one. */
    deviceId: Type.Optional(Type.String({ format: 'uuid' })),
    /** Minutes the command may wait for the device to connect (default from the settings). */
    expiresInMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 43200 })),
  },
  { additionalProperties: false },
);
export type QueueCommandInput = WireOf<typeof QueueCommandBody>;

export const CommandListQuery = {
  state: Type.Optional(StringEnum(COMMAND_STATES)),
  type: Type.Optional(StringEnum(COMMAND_TYPES)),
  sort: Type.Optional(StringEnum(['newest', 'oldest'] as const, { default: 'newest' })),
};

export const CancelCommandBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const CommandProfileSchema = Type.Object(
  {
    teltonikaBlock: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x20-\\x7e]+$' })),
    teltonikaUnblock: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x20-\\x7e]+$' }),
    ),
    gt06Variant: Type.Optional(StringEnum(['relay', 'dyd'] as const)),
    suntechVariant: Type.Optional(StringEnum(['st300', 'universal'] as const)),
    password: Type.Optional(Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9]*$' })),
  },
  { additionalProperties: false },
);

export const CommandSettingsSchema = Type.Object({
  managersMaySend: Type.Boolean(),
  blockMaxSpeedKmh: Nullable(Type.Number({ minimum: 0, maximum: 300 })),
  speedWindowMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  defaultExpiryMinutes: Type.Integer({ minimum: 1, maximum: 43200 }),
  profile: CommandProfileSchema,
  updatedAt: DateTime,
});
export type CommandSettings = WireOf<typeof CommandSettingsSchema>;

export const CommandSettingsBody = Type.Partial(Type.Omit(CommandSettingsSchema, ['updatedAt']), {
  additionalProperties: false,
  minProperties: 1,
});

export const VehicleIdParams = Type.Object({ id: BigIntId });
