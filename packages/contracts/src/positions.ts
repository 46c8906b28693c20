import { Type } from '@sinclair/typebox';
import { Nullable, type WireOf } from './common';

/** A device's newest fix, as GET /api/positions/latest lists it. */
export const LatestPositionSchema = Type.Object({
  deviceId: Type.String(),
  deviceName: Type.String(),
  vehicleId: Nullable(Type.String()),
  plate: Nullable(Type.String()),
  fixedAt: Type.String({ format: 'date-time' }),
  latitude: Type.Number(),
  longitude: Type.Number(),
  speedKmh: Nullable(Type.Number()),
  course: Nullable(Type.Number()),
});

/** `from`/`to` of a track: ISO-8601 instants. */
export const TrackRangeQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);

export const TrackSchema = Type.Object({
  points: Type.Array(
    Type.Object({
      t: Type.String({ format: 'date-time' }),
      lat: Type.Number(),
      lon: Type.Number(),
      speedKmh: Nullable(Type.Number()),
      course: Nullable(Type.Number()),
    }),
  ),
  simplified: Type.Boolean(),
});

export type LatestPosition = WireOf<typeof LatestPositionSchema>;
/** A live delta of GET /api/live/positions (no names: those come with the snapshot). */
export type PositionDelta = Omit<LatestPosition, 'deviceName' | 'plate'>;
export type Track = WireOf<typeof TrackSchema>;
export type TrackPoint = Track['points'][number];
