import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, NullableDateTime, StringEnum, type WireOf } from './common';
import { BigIntId, DeviceSchema } from './devices';
import { DEVICE_STATUSES, RULE_CATEGORIES } from './enums';

/** Who drove which vehicle from when to when (`endsAt` null: still open). */
export const AssignmentSchema = Type.Object({
  id: Type.String(),
  source: StringEnum(['manual', 'mix'] as const),
  startsAt: DateTime,
  endsAt: NullableDateTime,
  note: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
  driver: Type.Object({ id: Type.String(), name: Type.String() }),
  vehicle: Type.Object({ id: Type.String(), plate: Nullable(Type.String()), description: Type.String() }),
});

export const AssignmentCreateBody = Type.Object(
  {
    driverId: BigIntId,
    startsAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: "absent: from now on, ending the vehicle's open manual assignment at this instant",
      }),
    ),
    endsAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

const optionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ minLength: 1, maxLength })));

/** The editable fields of a manual vehicle. */
export const VehicleFieldsSchema = {
  plate: Type.Optional(
    Nullable(Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Za-z0-9 -]+$', description: 'Plate' })),
  ),
  description: Type.String({ minLength: 1, maxLength: 200 }),
  fleetNumber: optionalText(50),
  make: optionalText(80),
  model: optionalText(80),
  year: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{4}$' }))),
};

export const VehicleCreateBody = Type.Object(
  { ...VehicleFieldsSchema, category: Type.Optional(StringEnum(RULE_CATEGORIES)) },
  { additionalProperties: false },
);
export const VehiclePatchBody = Type.Partial(Type.Object(VehicleFieldsSchema), {
  additionalProperties: false,
  minProperties: 1,
});

const DriverFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  employeeNumber: optionalText(50),
  mobileNumber: optionalText(40),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200 }))),
};
export const DriverCreateBody = Type.Object(DriverFields, { additionalProperties: false });
export const DriverPatchBody = Type.Partial(
  Type.Object({
    ...DriverFields,
    system: Type.Union([Type.Boolean(), Type.Null()], {
      description: 'mark as a system driver (true), a person (false), or automatic (null)',
    }),
  }),
  { additionalProperties: false, minProperties: 1 },
);

export const DeviceWithStatusSchema = Type.Intersect([
  DeviceSchema,
  Type.Object({
    status: StringEnum(DEVICE_STATUSES),
    lastFixAt: NullableDateTime,
    currentDriver: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  }),
]);

export type Assignment = WireOf<typeof AssignmentSchema>;
export type DeviceWithStatus = WireOf<typeof DeviceWithStatusSchema>;
