import { type Static, Type } from '@sinclair/typebox';
import { DateTime, Email, Nullable, NullableDateTime, StringEnum, Uuid } from './common';
import { RULE_CATEGORIES, SEVERITIES } from './enums';

/** Channels of an alert delivery and the states of a delivery. */
export const ALERT_CHANNELS = ['in_app', 'email', 'webhook'] as const;
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'dead'] as const;

const NumericId = Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'a numeric id, as a string' });
const HHMM = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$',
  description: 'local time HH:MM',
});

/** One window of a rule's weekly calendar in the company's time zone (day 0 = Sunday). */
export const CalendarWindowSchema = Type.Object(
  { day: Type.Integer({ minimum: 0, maximum: 6 }), from: HHMM, to: HHMM },
  { additionalProperties: false },
);

const ruleFields = {
  name: Type.String({ minLength: 1, maxLength: 120 }),
  enabled: Type.Boolean(),
  eventTypes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 200,
    description: 'event type ids (e.g. "rules.overspeed", "parcel.returned"); empty: any',
  }),
  severities: Type.Array(Type.Unsafe<string>(StringEnum(SEVERITIES)), { maxItems: 4 }),
  geofenceIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500 }),
  vehicleIds: Type.Array(NumericId, { maxItems: 5000 }),
  vehicleCategories: Type.Array(Type.Unsafe<string>(StringEnum(RULE_CATEGORIES)), {
    maxItems: RULE_CATEGORIES.length,
    description:
      'groups of vehicles (their rule category); a rule matches these and the vehicleIds; both empty: any',
  }),
  driverIds: Type.Array(NumericId, { maxItems: 5000 }),
  parcelCodes: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 1000 }),
  calendar: Nullable(Type.Array(CalendarWindowSchema, { maxItems: 70, description: 'null: at any time' })),
  userIds: Type.Array(Uuid, { maxItems: 500 }),
  emails: Type.Array(Email, { maxItems: 100 }),
  webhookIds: Type.Array(Uuid, { maxItems: 50 }),
  inApp: Type.Boolean({ description: "the users are told in the web app's notification centre" }),
  emailUsers: Type.Boolean({ description: 'the users are also e-mailed at their own address' }),
  throttleMinutes: Type.Integer({
    minimum: 0,
    maximum: 10080,
    description: 'at most one alert per rule and vehicle in this many minutes (0: every event)',
  }),
  digest: Type.Boolean({ description: 'the next alert after a quiet window says how many were held back' }),
};

export const AlertRuleSchema = Type.Object({
  id: Uuid,
  ...ruleFields,
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const optional = Type.Partial(Type.Object(ruleFields)).properties;

export const AlertRuleCreate = Type.Object(
  { ...optional, name: ruleFields.name },
  { additionalProperties: false },
);
export const AlertRulePatch = Type.Object(optional, { additionalProperties: false, minProperties: 1 });

/** A user an alert rule can notify, as the rule's editors see them. */
export const AlertRecipientSchema = Type.Object({ id: Uuid, name: Type.String(), email: Type.String() });

export const WebhookEndpointSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  url: Type.String(),
  enabled: Type.Boolean(),
  secretHint: Type.String({ description: 'the last 4 characters of the signing secret' }),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const WebhookEndpointWithSecret = Type.Intersect([
  WebhookEndpointSchema,
  Type.Object({ secret: Type.String({ description: 'the signing secret: shown this once only' }) }),
]);

export const WebhookEndpointCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const WebhookEndpointPatch = Type.Partial(WebhookEndpointCreate, {
  additionalProperties: false,
  minProperties: 1,
});

export const DeliverySchema = Type.Object({
  id: Uuid,
  alertId: Uuid,
  ruleId: Uuid,
  ruleName: Type.String(),
  eventKey: Type.String(),
  eventType: Nullable(Type.String()),
  vehicleId: Nullable(Type.String()),
  occurredAt: DateTime,
  channel: StringEnum(ALERT_CHANNELS),
  recipient: Type.String(),
  status: StringEnum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  lastResponseCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  lastAttemptAt: NullableDateTime,
  sentAt: NullableDateTime,
  createdAt: DateTime,
});

export const NotificationSchema = Type.Object({
  id: Uuid,
  userId: Uuid,
  title: Type.String(),
  body: Type.String(),
  eventType: Nullable(Type.String()),
  vehicleId: Nullable(Type.String()),
  occurredAt: DateTime,
  createdAt: DateTime,
  readAt: NullableDateTime,
});

/** The wire types of the alerts API (the web app's view of it). */
export type AlertRuleView = Static<typeof AlertRuleSchema>;
/** What a rule's create (all of it) or patch (part of it) carries. */
export type AlertRuleFields = Omit<AlertRuleView, 'id' | 'createdBy' | 'createdAt' | 'updatedAt'>;
export type AlertRecipient = Static<typeof AlertRecipientSchema>;
export type WebhookEndpointView = Static<typeof WebhookEndpointSchema>;
export type DeliveryView = Static<typeof DeliverySchema>;
export type NotificationView = Static<typeof NotificationSchema>;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
