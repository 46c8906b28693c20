import { Type } from '@sinclair/typebox';
import { DateTime, NullableDateTime } from '../../../schemas/common';

export const ImportSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('parcels'), Type.Literal('tracking')]),
  filename: Type.String(),
  status: Type.Union([
    Type.Literal('queued'),
    Type.Literal('running'),
    Type.Literal('done'),
    Type.Literal('failed'),
  ]),
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
