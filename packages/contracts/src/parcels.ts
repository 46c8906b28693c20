import { Type } from '@sinclair/typebox';
import { DateTime, NullableDateTime, Nullable as nullable, StringEnum, type WireOf } from './common';
import { PARCEL_STATUSES, UFS } from './enums';

export const StatusSchema = StringEnum(PARCEL_STATUSES);
export const UfSchema = StringEnum(UFS);

export const ParcelSchema = Type.Object({
  trackingCode: Type.String(),
  senderCity: nullable(Type.String()),
  senderUf: nullable(Type.String()),
  recipientCity: nullable(Type.String()),
  recipientUf: nullable(Type.String()),
  recipientCep: nullable(Type.String()),
  service: nullable(Type.String()),
  weightKg: Type.Union([Type.Number(), Type.Null()]),
  postedAt: NullableDateTime,
  expectedAt: NullableDateTime,
  deliveredAt: NullableDateTime,
  status: nullable(StatusSchema),
  statusLabel: nullable(Type.String()),
  statusAt: NullableDateTime,
  late: Type.Boolean(),
  updatedAt: DateTime,
});

export const TimelineEventSchema = Type.Object({
  status: StatusSchema,
  statusLabel: Type.String(),
  occurredAt: DateTime,
  city: nullable(Type.String()),
  uf: nullable(Type.String()),
  facility: nullable(Type.String()),
  description: nullable(Type.String()),
  source: Type.String(),
});

const Rate = Type.Union([Type.Number(), Type.Null()]);
export const StatsSchema = Type.Object({
  from: DateTime,
  to: DateTime,
  kpis: Type.Object({
    total: Type.Integer({
      description: 'parcels posted in the period: noStatus + inTransit + delivered + returnedOrLost',
    }),
    inTransit: Type.Integer({ description: 'on their way: a status, not delivered, not returned or lost' }),
    noStatus: Type.Integer({ description: 'known from the parcel file but without any tracking event yet' }),
    delivered: Type.Integer(),
    returnedOrLost: Type.Integer(),
    late: Type.Integer({ description: 'delivered after the deadline, or still open past it' }),
    onTime: Type.Integer({ description: 'delivered by the deadline: withDeadline - late' }),
    withDeadline: Type.Integer({
      description: 'parcels whose punctuality is known: a deadline, and delivered or past it',
    }),
    deliveryHoursP50: Rate,
    deliveryHoursP90: Rate,
    onTimeRate: Type.Union([Type.Number(), Type.Null()], { description: 'onTime / withDeadline' }),
  }),
  byDay: Type.Array(Type.Object({ day: Type.String(), posted: Type.Integer(), delivered: Type.Integer() })),
  byStatus: Type.Array(
    Type.Object({ status: nullable(StatusSchema), label: nullable(Type.String()), count: Type.Integer() }),
  ),
  byUf: Type.Array(
    Type.Object({
      uf: nullable(Type.String()),
      total: Type.Integer(),
      delivered: Type.Integer(),
      late: Type.Integer(),
      onTimeRate: Rate,
    }),
  ),
});

export const ParcelDetailSchema = Type.Intersect([
  ParcelSchema,
  Type.Object({ timeline: Type.Array(TimelineEventSchema) }),
]);

export type Parcel = WireOf<typeof ParcelSchema>;
export type TimelineEvent = WireOf<typeof TimelineEventSchema>;
export type ParcelDetail = WireOf<typeof ParcelDetailSchema>;
export type ParcelStats = WireOf<typeof StatsSchema>;
