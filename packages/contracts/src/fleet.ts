import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, NullableDateTime, StringEnum, type WireOf } from './common';
import { SEVERITIES } from './enums';

export const SeveritySchema = StringEnum(SEVERITIES);

export const DriverSchema = Type.Object({
  id: Type.String(),
  externalId: Type.String({ description: 'MiX DriverId, exact 64-bit integer as text' }),
  source: Type.String(),
  name: Type.String(),
  employeeNumber: Nullable(Type.String()),
  mobileNumber: Nullable(Type.String()),
  email: Nullable(Type.String()),
  siteExternalId: Nullable(Type.String()),
  isSystemDriver: Type.Boolean(),
  /** An admin's choice over the automatic system flag: true, false, or null (automatic). */
  systemOverride: Type.Optional(Nullable(Type.Boolean())),
  updatedAt: DateTime,
});

export const DriverDetailSchema = Type.Intersect([
  DriverSchema,
  Type.Object({
    summary: Type.Object({
      lastEventAt: NullableDateTime,
      events30d: Type.Integer(),
      infractions30d: Type.Integer(),
      events90d: Type.Integer(),
      infractions90d: Type.Integer(),
      recentVehicles: Type.Array(
        Type.Object({
          id: Nullable(Type.String()),
          plate: Nullable(Type.String()),
          description: Nullable(Type.String()),
          events: Type.Integer(),
        }),
      ),
    }),
  }),
]);

export const VehicleSchema = Type.Object({
  id: Type.String(),
  externalId: Type.String(),
  source: Type.String(),
  description: Type.String(),
  plate: Nullable(Type.String()),
  fleetNumber: Nullable(Type.String()),
  make: Nullable(Type.String()),
  model: Nullable(Type.String()),
  year: Nullable(Type.String()),
  siteExternalId: Nullable(Type.String()),
  defaultDriverExternalId: Nullable(Type.String()),
  odometerKm: Nullable(Type.Number()),
  /** Rule category (cargo, passengers, exempt); changed through /api/rules. */
  category: Type.Optional(Type.String()),
  /** The driver now: the dated assignment (MiX's first), else a linked device's own driver. */
  currentDriver: Type.Optional(Nullable(Type.Object({ id: Type.String(), name: Type.String() }))),
  updatedAt: DateTime,
});

/** `from`/`to`: a local date (YYYY-MM-DD, `to` included) in `tz`, or an ISO instant with an offset. */
export const PeriodQuery = {
  from: Type.Optional(
    Type.String({ maxLength: 40, description: 'YYYY-MM-DD (local, in tz) or ISO-8601 with offset' }),
  ),
  to: Type.Optional(
    Type.String({ maxLength: 40, description: 'YYYY-MM-DD (local, included) or ISO-8601 with offset' }),
  ),
  tz: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone, default America/Sao_Paulo' })),
};

export const JustificationSchema = Type.Object({
  text: Type.String(),
  justifiedAt: DateTime,
  justifiedBy: Nullable(Type.String()),
});

export const InfractionSchema = Type.Object({
  id: Type.String(),
  externalId: Type.String(),
  source: Type.String(),
  type: Type.Object({
    externalId: Type.String(),
    label: Type.String(),
    severity: Type.Union([SeveritySchema, Type.Null()]),
  }),
  startedAt: NullableDateTime,
  endedAt: NullableDateTime,
  durationSeconds: Nullable(Type.Number()),
  speedKmh: Nullable(Type.Number()),
  speedLimitKmh: Nullable(Type.Number()),
  value: Nullable(Type.Number()),
  valueUnits: Nullable(Type.String()),
  /** What the value was measured against (derived events). */
  limit: Nullable(Type.Number()),
  /** The measure in words, e.g. "dirigiu 6 h 12 min sem pausa; limite 5 h 30 min". */
  details: Nullable(Type.String()),
  /** A manager's justification (CTB art. 67-C §2); the event stays on the record. */
  justification: Type.Union([JustificationSchema, Type.Null()]),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  address: Nullable(Type.String()),
  vehicle: Type.Union([
    Type.Object({
      id: Nullable(Type.String()),
      externalId: Type.String(),
      plate: Nullable(Type.String()),
      description: Nullable(Type.String()),
    }),
    Type.Null(),
  ]),
});

export const SeverityCounts = Type.Object({
  leve: Type.Integer(),
  media: Type.Integer(),
  grave: Type.Integer(),
  gravissima: Type.Integer(),
});

export const InfractionsPage = Type.Object({
  driver: DriverSchema,
  period: Type.Object({ from: DateTime, to: DateTime, timeZone: Type.String() }),
  items: Type.Array(InfractionSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  summary: Type.Object({
    total: Type.Integer(),
    points: Type.Integer(),
    bySeverity: SeverityCounts,
    byType: Type.Array(
      Type.Object({
        externalId: Type.String(),
        label: Type.String(),
        severity: Type.Union([SeveritySchema, Type.Null()]),
        count: Type.Integer(),
      }),
    ),
    byDay: Type.Array(
      Type.Object({
        day: Type.String(),
        severity: Type.Union([SeveritySchema, Type.Null()]),
        count: Type.Integer(),
      }),
    ),
  }),
});

export const RankingPage = Type.Object({
  items: Type.Array(
    Type.Object({
      position: Type.Integer(),
      driver: Type.Object({
        id: Type.String(),
        externalId: Type.String(),
        name: Type.String(),
        employeeNumber: Nullable(Type.String()),
      }),
      infractions: Type.Integer(),
      /** Of which derived by the platform's rules from GPS (source `rules`). */
      derived: Type.Integer(),
      score: Type.Integer(),
      bySeverity: SeverityCounts,
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  points: SeverityCounts,
});

export type Driver = WireOf<typeof DriverSchema>;
export type DriverDetail = WireOf<typeof DriverDetailSchema>;
export type Vehicle = WireOf<typeof VehicleSchema>;
export type Infraction = WireOf<typeof InfractionSchema>;
export type InfractionsPage = WireOf<typeof InfractionsPage>;
export type RankingPage = WireOf<typeof RankingPage>;
export type RankingRow = RankingPage['items'][number];
export type SeverityCounts = WireOf<typeof SeverityCounts>;
export type TypeCount = InfractionsPage['summary']['byType'][number];
