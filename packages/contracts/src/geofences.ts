import { type Static, Type } from '@sinclair/typebox';
import { DateTime, Nullable, NullableDateTime, PageOf, PageQuery } from './common';
import { BigIntId } from './devices';
import { PeriodQuery } from './fleet';
import { AllowedWindowSchema } from './rules';

export const GEOFENCE_KINDS = ['circle', 'polygon', 'corridor'] as const;
export type GeofenceKind = (typeof GEOFENCE_KINDS)[number];

/** GeoJSON geometry (RFC 7946, [longitude, latitude]); its coordinates are checked by the service. */
export const GeofenceGeometry = Type.Object(
  {
    type: Type.Union([Type.Literal('Point'), Type.Literal('Polygon'), Type.Literal('LineString')], {
      description: 'Point = circle (with radiusM), Polygon, LineString = corridor (with widthM)',
    }),
    coordinates: Type.Array(Type.Unknown(), { maxItems: 2000 }),
  },
  { additionalProperties: false },
);

const rules = {
  speedLimitKmh: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 300 }))),
  allowedHours: Type.Optional(Nullable(Type.Array(AllowedWindowSchema, { maxItems: 21 }))),
  dwellMaxSeconds: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 30 * 86400 }))),
  hysteresisM: Type.Optional(Type.Number({ minimum: 0, maximum: 500 })),
};

export const GeofenceInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    groupId: Type.Optional(Nullable(BigIntId)),
    geometry: GeofenceGeometry,
    radiusM: Type.Optional(Nullable(Type.Number())),
    widthM: Type.Optional(Nullable(Type.Number())),
    ...rules,
  },
  { additionalProperties: false },
);
export type GeofenceInput = Static<typeof GeofenceInput>;

export const GeofencePatch = Type.Partial(GeofenceInput, { additionalProperties: false, minProperties: 1 });
export type GeofencePatch = Static<typeof GeofencePatch>;

export const GeofenceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('circle'), Type.Literal('polygon'), Type.Literal('corridor')]),
  groupId: Nullable(Type.String()),
  groupName: Nullable(Type.String()),
  geometry: Type.Object({ type: Type.String(), coordinates: Type.Unknown() }),
  radiusM: Nullable(Type.Number()),
  widthM: Nullable(Type.Number()),
  bbox: Type.Array(Type.Number(), { description: '[minLon, minLat, maxLon, maxLat]' }),
  speedLimitKmh: Nullable(Type.Number()),
  allowedHours: Nullable(Type.Array(AllowedWindowSchema)),
  dwellMaxSeconds: Nullable(Type.Integer()),
  hysteresisM: Type.Number(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Geofence = Static<typeof GeofenceSchema>;

export const GeofencePage = PageOf(GeofenceSchema);

export const GeofenceListQuery = Type.Object(
  {
    ...PageQuery,
    groupId: Type.Optional(BigIntId),
    q: Type.Optional(Type.String({ maxLength: 120, description: 'part of the name' })),
    sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('-updatedAt')], { default: 'name' })),
  },
  { additionalProperties: false },
);

export const GeofenceGroupSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  geofences: Type.Integer(),
});
export const GeofenceGroupInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 120 }) },
  { additionalProperties: false },
);

export const GeofenceImportResult = Type.Object({
  created: Type.Integer(),
  items: Type.Array(GeofenceSchema),
});

export const VisitsQuery = Type.Object(
  { vehicleId: Type.Optional(BigIntId), geofenceId: Type.Optional(BigIntId), ...PeriodQuery, ...PageQuery },
  { additionalProperties: false },
);

export const VisitSchema = Type.Object({
  geofenceId: Type.String(),
  geofenceName: Type.String(),
  deviceId: Type.String(),
  deviceName: Type.String(),
  vehicle: Nullable(
    Type.Object({ id: Type.String(), plate: Nullable(Type.String()), description: Type.String() }),
  ),
  driverExternalId: Nullable(Type.String()),
  enteredAt: DateTime,
  exitedAt: NullableDateTime,
  /** Seconds inside; up to now while the vehicle is still there. */
  durationSeconds: Type.Integer(),
});
export const VisitsPage = Type.Object({
  period: Type.Object({ from: DateTime, to: DateTime, timeZone: Type.String() }),
  items: Type.Array(VisitSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
