import { type Static, Type } from '@sinclair/typebox';
import { DateTime, Nullable, StringEnum, type WireOf } from './common';
import { BigIntId } from './devices';
import { RULE_CATEGORIES } from './enums';

const Minutes = (description: string, maximum = 24 * 60) =>
  Type.Integer({ minimum: 1, maximum, description });
const Positive = (description: string, maximum: number) =>
  Type.Number({ exclusiveMinimum: 0, maximum, description });
const HourMinute = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });

/** A window of allowed use: weekdays (0 = Sunday) and local times from-to (to may pass midnight). */
export const AllowedWindowSchema = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
      minItems: 1,
      maxItems: 7,
      uniqueItems: true,
    }),
    from: HourMinute,
    to: HourMinute,
  },
  { additionalProperties: false },
);

/** Every threshold of the driving rules; the stored scopes hold any subset (see RuleSettingsPatch). */
export const RuleSettingsSchema = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone of allowed hours' }),
    speedLimitKmh: Positive('speed limit, km/h', 300),
    overspeedToleranceKmh: Type.Number({ minimum: 0, maximum: 100, description: 'km/h above the limit' }),
    overspeedMinSeconds: Type.Integer({ minimum: 0, maximum: 3600 }),
    harshAccelerationMs2: Positive('m/s²', 20),
    harshBrakingMs2: Positive('m/s², as a positive deceleration', 20),
    harshCorneringMs2: Positive('lateral m/s²', 20),
    harshMaxFixGapSeconds: Type.Integer({
      minimum: 1,
      maximum: 60,
      description: 'derive only below this gap',
    }),
    idleMaxSeconds: Type.Integer({ minimum: 1, maximum: 86400 }),
    movingSpeedKmh: Positive('below this the vehicle is stopped', 50),
    maxFixGapSeconds: Type.Integer({
      minimum: 1,
      maximum: 86400,
      description: 'a longer gap ends an episode',
    }),
    stopMinSeconds: Type.Integer({
      minimum: 1,
      maximum: 3600,
      description: 'a shorter stop is still driving',
    }),
    tripMinDistanceM: Type.Integer({
      minimum: 0,
      maximum: 100_000,
      description: 'a shorter movement is not a trip (metres)',
    }),
    tripMinSeconds: Type.Integer({
      minimum: 0,
      maximum: 86400,
      description: 'a shorter movement is not a trip',
    }),
    tripStopMinSeconds: Type.Integer({
      minimum: 1,
      maximum: 86400,
      description: 'being still this long ends a trip',
    }),
    tripMaxGapSeconds: Type.Integer({
      minimum: 1,
      maximum: 86400,
      description: 'a longer silence ends the trip at its last fix',
    }),
    allowedHours: Nullable(Type.Array(AllowedWindowSchema, { maxItems: 21 })),
    drivingTime: Type.Boolean({ description: 'apply the Lei 13.103 checks' }),
    continuousDrivingMaxMinutes: Minutes('longest continuous driving'),
    restMinMinutes: Minutes('rest that ends continuous driving (may be split)'),
    restFractionMinMinutes: Minutes('shortest stop that counts as part of a rest'),
    dailyRestMinMinutes: Minutes('rest within each 24 h'),
    dailyRestFirstMinMinutes: Minutes('first uninterrupted period of the daily rest'),
    mealBreakMinMinutes: Minutes('a stop this long is not working time'),
    workdayMinutes: Minutes('normal working day'),
    overtimeMinutes: Type.Integer({
      minimum: 0,
      maximum: 240,
      description: 'allowed overtime (2 h, 4 h by agreement)',
    }),
  },
  { additionalProperties: false },
);
export type RuleSettings = Static<typeof RuleSettingsSchema>;

/**
 * A change to one scope: any subset; null removes the key so the scope below applies again (for
 * `allowedHours`, whose null means "any time" in the defaults, the same: the scope inherits).
 */
export type RuleSettingsChange = { [K in keyof RuleSettings]?: RuleSettings[K] | null };
export const RuleSettingsPatch = Type.Unsafe<RuleSettingsChange>(
  Type.Object(
    Object.fromEntries(
      Object.entries(RuleSettingsSchema.properties).map(([key, schema]) => [
        key,
        Type.Optional(Nullable(schema)),
      ]),
    ),
    { additionalProperties: false, minProperties: 1 },
  ),
);

export const RuleCategorySchema = StringEnum(RULE_CATEGORIES);

export const RuleScopeSchema = Type.Object({
  /** What this scope sets itself. */
  settings: Type.Record(Type.String(), Type.Unknown()),
  /** What applies, every scope merged. */
  effective: RuleSettingsSchema,
  updatedAt: Nullable(DateTime),
});

export const RuleOverviewSchema = Type.Object({
  defaults: RuleScopeSchema,
  categories: Type.Record(RuleCategorySchema, RuleScopeSchema),
});

export const VehicleRulesSchema = Type.Intersect([
  Type.Object({ vehicleId: BigIntId, category: RuleCategorySchema }),
  RuleScopeSchema,
]);

export const RuleAuditEntrySchema = Type.Object({
  id: Type.String(),
  scope: Type.String(),
  scopeKey: Type.String(),
  changedBy: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
  changedAt: DateTime,
  before: Type.Unknown(),
  after: Type.Unknown(),
});

export const RecomputeBody = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    vehicleId: Type.Optional(BigIntId),
  },
  { additionalProperties: false },
);
export const RecomputeSchema = Type.Object({
  id: Type.String(),
  from: DateTime,
  vehicleId: Nullable(Type.String()),
  status: StringEnum(['queued', 'running', 'done', 'failed'] as const),
  positions: Type.Integer(),
  events: Type.Integer(),
  error: Nullable(Type.String()),
  createdAt: DateTime,
  finishedAt: Nullable(DateTime),
});
export type Recompute = WireOf<typeof RecomputeSchema>;

export type RuleOverview = WireOf<typeof RuleOverviewSchema>;
export type VehicleRules = WireOf<typeof VehicleRulesSchema>;
export type RuleAuditEntry = WireOf<typeof RuleAuditEntrySchema>;

/** A driver's scorecard: infractions of every source per 100 km driven. */
export const ScorecardSchema = Type.Object({
  driver: Type.Object({ id: Type.String(), externalId: Type.String(), name: Type.String() }),
  period: Type.Object({ from: DateTime, to: DateTime, timeZone: Type.String() }),
  distanceKm: Type.Number(),
  drivingMinutes: Type.Integer(),
  infractions: Type.Integer(),
  points: Type.Integer(),
  infractionsPer100Km: Nullable(Type.Number()),
  bySource: Type.Record(Type.String(), Type.Integer()),
  byType: Type.Array(
    Type.Object({
      externalId: Type.String(),
      label: Type.String(),
      severity: Nullable(Type.String()),
      count: Type.Integer(),
      per100Km: Nullable(Type.Number()),
    }),
  ),
});
export type Scorecard = WireOf<typeof ScorecardSchema>;
