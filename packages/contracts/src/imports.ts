import { Type } from '@sinclair/typebox';
import { DateTime, NullableDateTime, StringEnum, type WireOf } from './common';
import { IMPORT_KINDS, IMPORT_STATUSES } from './enums';

export const ImportSchema = Type.Object({
  id: Type.String(),
  kind: StringEnum(IMPORT_KINDS),
  filename: Type.String(),
  status: StringEnum(IMPORT_STATUSES),
  encoding: Type.Union([Type.String(), Type.Null()]),
  delimiter: Type.Union([Type.String(), Type.Null()]),
  bytesTotal: Type.Number(),
  bytesRead: Type.Number(),
  rowsRead: Type.Number(),
  rowsAccepted: Type.Number(),
  rowsInserted: Type.Number(),
  rowsRejected: Type.Number(),
  percent: Type.Number(),
  rowsPerSecond: Type.Number(),
  attempts: Type.Integer(),
  startedAt: NullableDateTime,
  finishedAt: NullableDateTime,
  error: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
});

export type ParcelImport = WireOf<typeof ImportSchema>;
