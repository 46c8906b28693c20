import { Type } from '@sinclair/typebox';
import { DateTime, StringEnum, type WireOf } from './common';
import { DEVICE_PROTOCOLS } from './enums';

/** Master-data ids (vehicles, drivers) are int8, carried as digit strings so they stay exact. */
// At most 18 digits: every such number fits a PostgreSQL bigint (19 digits may not).
export const BigIntId = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
export const Protocol = StringEnum(DEVICE_PROTOCOLS);

export const DeviceSchema = Type.Object({
  id: Type.String(),
  identifier: Type.String(),
  name: Type.String(),
  protocol: Protocol,
  vehicleId: Type.Union([Type.String(), Type.Null()]),
  driverId: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  updatedAt: DateTime,
  /** OsmAnd / OwnTracks HTTP requests must carry the device secret (the secret itself is never shown). */
  hasSecret: Type.Boolean(),
  /** The device's own silence timeout, or null for DEVICE_OFFLINE_AFTER_SECONDS. */
  offlineAfterSeconds: Type.Union([Type.Integer(), Type.Null()]),
});

export const DeviceFieldsSchema = {
  // OsmAnd ids, IMEIs and OwnTracks "user/device": printable, no spaces.
  identifier: Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  protocol: Protocol,
  vehicleId: Type.Optional(Type.Union([BigIntId, Type.Null()])),
  driverId: Type.Optional(Type.Union([BigIntId, Type.Null()])),
  offlineAfterSeconds: Type.Optional(
    Type.Union([Type.Integer({ minimum: 60, maximum: 7 * 86400 }), Type.Null()], {
      description:
        'seconds without a fix after which this device is offline (60 s to 7 days); null: DEVICE_OFFLINE_AFTER_SECONDS',
    }),
  ),
};

export type Device = WireOf<typeof DeviceSchema>;
