import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, NullableDateTime, PageQuery, StringEnum, type WireOf } from './common';
import { BigIntId } from './devices';
import { PeriodQuery } from './fleet';

export const TRIP_SOURCES = ['device', 'mix'] as const;

/** Whose report: one vehicle, one driver, or a set of vehicles (`vehicleIds=1&vehicleIds=2`). */
export const ReportSubjectQuery = {
  vehicleId: Type.Optional(BigIntId),
  driverId: Type.Optional(BigIntId),
  vehicleIds: Type.Optional(Type.Array(BigIntId, { minItems: 1, maxItems: 1000 })),
};

export const ReportListQuery = Type.Object(
  { ...ReportSubjectQuery, ...PeriodQuery, ...PageQuery },
  { additionalProperties: false },
);

export const ReportPeriodQuery = Type.Object(
  { ...ReportSubjectQuery, ...PeriodQuery },
  { additionalProperties: false },
);

export const RouteQuery = Type.Object(
  { vehicleId: BigIntId, ...PeriodQuery },
  { additionalProperties: false },
);

const ReportPeriod = Type.Object({ from: DateTime, to: DateTime, timeZone: Type.String() });

const VehicleRef = Nullable(
  Type.Object({ id: Type.String(), plate: Nullable(Type.String()), description: Type.String() }),
);
const DriverRef = Nullable(Type.Object({ id: Type.String(), name: Type.String() }));

export const TripSchema = Type.Object({
  id: Type.String(),
  source: StringEnum(TRIP_SOURCES),
  vehicle: VehicleRef,
  driver: DriverRef,
  startedAt: DateTime,
  endedAt: DateTime,
  start: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
  end: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
  distanceKm: Type.Number(),
  durationSeconds: Type.Number(),
  drivingSeconds: Type.Number(),
  idleSeconds: Type.Number(),
  maxSpeedKmh: Nullable(Type.Number()),
  avgSpeedKmh: Nullable(Type.Number({ description: 'average moving speed' })),
  odometerStartKm: Nullable(Type.Number()),
  odometerEndKm: Nullable(Type.Number()),
  engineHours: Nullable(Type.Number()),
  fuelUsedLitres: Nullable(Type.Number()),
});

/** A trip still being driven: the segmenter's open movement of a device, up to its last fix. */
export const TripInProgressSchema = Type.Object({
  deviceId: Type.String(),
  vehicle: VehicleRef,
  driver: DriverRef,
  startedAt: DateTime,
  lastFixAt: DateTime,
  start: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
  position: Type.Object({ lat: Type.Number(), lon: Type.Number() }),
  distanceKm: Type.Number(),
  drivingSeconds: Type.Number(),
  maxSpeedKmh: Nullable(Type.Number()),
});

export const StopSchema = Type.Object({
  id: Type.String(),
  vehicle: VehicleRef,
  driver: DriverRef,
  startedAt: DateTime,
  endedAt: DateTime,
  durationSeconds: Type.Number(),
  idleSeconds: Type.Number({ description: 'part of the stop with the engine reported on' }),
  lat: Type.Number(),
  lon: Type.Number(),
});

/** The figures of a summary, over a day or a period. */
const Figures = {
  trips: Type.Integer(),
  stops: Type.Integer(),
  distanceKm: Type.Number(),
  drivingSeconds: Type.Number(),
  idleSeconds: Type.Number(),
  stoppedSeconds: Type.Number(),
  maxSpeedKmh: Nullable(Type.Number()),
  avgSpeedKmh: Nullable(Type.Number({ description: 'average moving speed' })),
  firstDepartureAt: NullableDateTime,
  lastArrivalAt: NullableDateTime,
  odometerStartKm: Nullable(Type.Number()),
  odometerEndKm: Nullable(Type.Number()),
  engineHours: Nullable(Type.Number()),
  fuelUsedLitres: Nullable(Type.Number()),
};

export const SummaryRowSchema = Type.Object({
  subject: StringEnum(['vehicle', 'driver'] as const),
  id: Type.String(),
  name: Type.String({ description: 'plate or description of a vehicle, name of a driver' }),
  ...Figures,
});

export const TripsPage = Type.Object({
  period: ReportPeriod,
  items: Type.Array(TripSchema),
  /** Trips of the subject still being driven whose last fix falls in the period (not paginated). */
  inProgress: Type.Array(TripInProgressSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const StopsPage = Type.Object({
  period: ReportPeriod,
  items: Type.Array(StopSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const SummaryPage = Type.Object({
  period: ReportPeriod,
  days: Type.Object({ from: Type.String(), to: Type.String(), timeZone: Type.String() }),
  items: Type.Array(SummaryRowSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  totals: Type.Object(Figures),
});

export const DailyReport = Type.Object({
  period: ReportPeriod,
  days: Type.Object({ from: Type.String(), to: Type.String(), timeZone: Type.String() }),
  items: Type.Array(
    Type.Object({ day: Type.String({ description: 'YYYY-MM-DD, company time zone' }), ...Figures }),
  ),
});

export type Trip = WireOf<typeof TripSchema>;
export type TripInProgress = WireOf<typeof TripInProgressSchema>;
export type Stop = WireOf<typeof StopSchema>;
export type TripsPage = WireOf<typeof TripsPage>;
export type StopsPage = WireOf<typeof StopsPage>;
export type SummaryRow = WireOf<typeof SummaryRowSchema>;
export type SummaryPage = WireOf<typeof SummaryPage>;
export type DailyReport = WireOf<typeof DailyReport>;
export type DailyRow = DailyReport['items'][number];
