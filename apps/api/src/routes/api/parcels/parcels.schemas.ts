import { PARCEL_STATUSES, UFS } from '@pioneira/parcels';
import { Type } from '@sinclair/typebox';
import { DateTime, NullableDateTime } from '../../../schemas/common';

const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const StatusSchema = Type.Union(PARCEL_STATUSES.map((s) => Type.Literal(s)));
export const UfSchema = Type.Union(UFS.map((u) => Type.Literal(u)));

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
  status: nullable(Type.String()),
  statusLabel: nullable(Type.String()),
  statusAt: NullableDateTime,
  late: Type.Boolean(),
  updatedAt: DateTime,
});

export const TimelineEventSchema = Type.Object({
  status: Type.String(),
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
    total: Type.Integer(),
    inTransit: Type.Integer(),
    delivered: Type.Integer(),
    returnedOrLost: Type.Integer(),
    late: Type.Integer(),
    deliveryHoursP50: Rate,
    deliveryHoursP90: Rate,
    onTimeRate: Rate,
  }),
  byDay: Type.Array(Type.Object({ day: Type.String(), posted: Type.Integer(), delivered: Type.Integer() })),
  byStatus: Type.Array(
    Type.Object({ status: nullable(Type.String()), label: nullable(Type.String()), count: Type.Integer() }),
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
