import { type Static, type TSchema, Type } from '@sinclair/typebox';

/**
 * Every background job of the platform: its BullMQ queue, payload schema, options and the worker role
 * that runs it. Producers (the api, the cli) and workers share this list; the integrations console
 * shows the jobs marked `console`. Pure data: the web's types may be derived from it.
 */
export interface JobDef {
  queue: string;
  payload: TSchema;
  /** The worker role whose workers consume the queue. */
  role: string;
  /** Listed, run and paused in the integrations console (its runs are in `etl_runs`). */
  console: boolean;
  summary: string;
  options: {
    attempts?: number;
    backoff?: { type: 'exponential' | 'fixed'; delay: number };
    removeOnComplete: number;
    removeOnFail: number;
  };
}

const Trigger = Type.Object(
  {
    trigger: Type.Union([Type.Literal('schedule'), Type.Literal('manual')]),
    /** Who asked, for manual runs. */
    requestedBy: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const KEEP = { removeOnComplete: 100, removeOnFail: 500 };

export const JOBS = {
  'mix.events': {
    queue: 'mix-events',
    payload: Trigger,
    role: 'mix',
    console: true,
    summary: 'MiX events created since the last checkpoint (MIX_EVENTS_CRON)',
    options: KEEP,
  },
  'mix.positions': {
    queue: 'mix-positions',
    payload: Trigger,
    role: 'mix',
    console: true,
    summary: 'MiX positions created since the last checkpoint, into the GPS positions (MIX_POSITIONS_CRON)',
    options: KEEP,
  },
  'mix.trips': {
    queue: 'mix-trips',
    payload: Trigger,
    role: 'mix',
    console: true,
    summary: 'MiX trips and sub-trips created since the last checkpoint, into the trips (MIX_TRIPS_CRON)',
    options: KEEP,
  },
  'mix.sync': {
    queue: 'mix-sync',
    payload: Trigger,
    role: 'mix',
    console: true,
    summary: 'MiX drivers, vehicles and event types (MIX_SYNC_CRON)',
    options: KEEP,
  },
  'parcels.import': {
    queue: 'imports',
    // The import row holds everything else: jobs stay small.
    payload: Type.Object({ importId: Type.String() }, { additionalProperties: false }),
    role: 'imports',
    console: false,
    summary: 'one parcels or tracking CSV import, resumable at its last committed chunk',
    options: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    },
  },
  'rules.recompute': {
    queue: 'rules-recompute',
    // The rule_recomputes row holds the period and the outcome.
    payload: Type.Object({ recomputeId: Type.String() }, { additionalProperties: false }),
    role: 'rules',
    console: false,
    summary: "re-derives the driving rules' events of a period from the positions in PostgreSQL",
    options: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: 100,
      removeOnFail: 500,
    },
  },
  'alerts.deliver': {
    queue: 'alert-deliveries',
    // The alert_deliveries row holds the channel, the recipient and the outcome of each try.
    payload: Type.Object({ deliveryId: Type.String() }, { additionalProperties: false }),
    role: 'alerts',
    console: false,
    summary: 'one alert delivery (in-app, e-mail or webhook), retried with backoff, then dead-lettered',
    // Attempts and backoff are set per installation by the alerts role (ALERT_DELIVERY_*).
    options: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    },
  },
} as const satisfies Record<string, JobDef>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = Static<(typeof JOBS)[N]['payload']>;

/** The jobs of the integrations console. */
export type ConsoleJob = { [N in JobName]: (typeof JOBS)[N]['console'] extends true ? N : never }[JobName];

export const JOB_NAMES = Object.keys(JOBS) as JobName[];
export const CONSOLE_JOBS = JOB_NAMES.filter((name) => JOBS[name].console) as ConsoleJob[];

export const isConsoleJob = (name: string): name is ConsoleJob =>
  (CONSOLE_JOBS as readonly string[]).includes(name);

/** BullMQ keys live under the installation's Redis prefix. */
export const bullPrefix = (redisPrefix: string) => `${redisPrefix}:bull`;

/** Scheduler id of a job's cron: the same in every replica, so upserting it is idempotent. */
export const schedulerIdOf = (job: JobName) => `${job}:schedule`;
