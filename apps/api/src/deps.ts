import {
  AlertRulesService,
  DeliveriesService,
  NotificationsService,
  WebhookEndpointsService,
} from '@pioneira/alerts';
import { CommandsService } from '@pioneira/commands';
import type { Config } from '@pioneira/config';
import { ConnectionErrors, type Period } from '@pioneira/core';
import { createSql, type Sql } from '@pioneira/db';
import {
  AccessTokens,
  AssignmentsService,
  AuthService,
  createMailer,
  DriverProjection,
  EventsService,
  FleetAdminService,
  FleetService,
  JustificationsService,
  LoginThrottle,
  type Principal,
  SessionCache,
  UsersService,
} from '@pioneira/domain';
import { DevicesService, IngestService, LatestStore, LatestView, PositionsService } from '@pioneira/gps';
import { credentialStore, EtlService, mixUsageKey, readUsage } from '@pioneira/mix';
import { ImportsService, IntegrationKeys, ParcelsService } from '@pioneira/parcels';
import { JobQueues } from '@pioneira/pipeline';
import {
  driverScorecard,
  GeofencesService,
  type RecomputeRequest,
  RuleSettingsService,
  recomputeRequests,
  type Scorecard,
} from '@pioneira/rules';
import { ReportsService } from '@pioneira/trips';
import { Redis } from 'ioredis';
import pino from 'pino';
import { EventStreams } from './live/event-streams';
import { LiveHub } from './live/live-hub';

/**
 * The api's composition root: every service, producer and live hub of one process, built once from
 * the config. Routes read what they need from `app.deps`; tests build their own with their config.
 */
export interface ApiDeps {
  config: Readonly<Config>;
  sql: Sql;
  redis: Redis;
  auth: AuthService;
  users: UsersService;
  fleet: FleetService;
  /** Writes to vehicles and drivers, and the dated vehicle↔driver assignments. */
  fleetAdmin: { admin: FleetAdminService; assignments: AssignmentsService };
  events: EventsService;
  justifications: JustificationsService;
  etl: EtlService;
  gps: {
    /** The group-committed ingest path, shared by every /ingest route. */
    ingest: IngestService;
    devices: DevicesService;
    latest: LatestStore;
    /** The answer of GET /api/positions/latest, kept in memory and moved by the live deltas. */
    latestView: LatestView;
    positions: PositionsService;
  };
  parcels: { parcels: ParcelsService; imports: ImportsService; keys: IntegrationKeys };
  rules: {
    settings: RuleSettingsService;
    /** Queues a recompute of the rules' events from a date (the `rules.recompute` job). */
    requestRecompute(from: Date, vehicleId: string | null, by: string): Promise<RecomputeRequest>;
    recomputeStatus(id: string): Promise<RecomputeRequest | undefined>;
    scorecard(driverId: string, period: Period & { timeZone: string }): Promise<Scorecard>;
  };
  /** Trips, stops and daily summaries (packages/trips). */
  reports: ReportsService;
  /** Remote commands to devices and their audit trail (packages/commands). */
  commands: CommandsService;
  /** Alert rules, webhook endpoints, the delivery log and the notification centre (packages/alerts). */
  alerts: {
    rules: AlertRulesService;
    endpoints: WebhookEndpointsService;
    deliveries: DeliveriesService;
    notifications: NotificationsService;
  };
  /** Geofences, their groups and visits (packages/rules). */
  geofences: GeofencesService;
  jobs: JobQueues;
  live: LiveHub;
  /** The open SSE streams of this process, each closed when its session ends. */
  streams: EventStreams;
  /** Starts what listens in the background (the ingest's device cache); called by buildApp. */
  start(): Promise<void>;
  /** Drains what was accepted, then closes the producers, the hub and the pools. */
  close(): Promise<void>;
}

export function createDeps(config: Readonly<Config>): ApiDeps {
  const sql = createSql(config.databaseUrl, {
    max: config.databasePoolSize,
    applicationName: 'pioneira-api',
  });
  // A Redis outage after the start is logged once per component and interval, never flooded.
  const background = pino({ level: config.logLevel, name: 'api' });
  const connections = new ConnectionErrors(
    (message, fields) => background.warn(fields, message),
    (message, fields) => background.info(fields, message),
  );
  const redis = connections.watch(
    new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }),
    'redis',
  );
  const throttle = new LoginThrottle(
    redis,
    config.redisPrefix,
    config.auth.loginMaxFailures,
    config.auth.loginWindowSeconds,
  );
  const accessTokens = new AccessTokens(config.auth.jwtSecret, config.auth.accessTokenTtlSeconds);
  const jobs = new JobQueues({ url: config.redisUrl, maxRetriesPerRequest: 2 }, config.redisPrefix, (queue) =>
    connections.watch(queue, 'job queues'),
  );
  const ingest = new IngestService(sql, {
    fixWindow: {
      earliestMs: Date.UTC(config.ingest.earliestFixYear, 0, 1),
      maxAheadMs: config.ingest.maxFixAheadHours * 3_600_000,
    },
  });
  const latest = new LatestStore(redis, config.redisPrefix, config.positionTtlSeconds);
  const live = new LiveHub(redis, config.redisPrefix, connections);
  const latestView = new LatestView({
    sql,
    store: latest,
    ttlSeconds: config.positionTtlSeconds,
    subscribe: (listener) => live.listen('positions', listener, { immediate: true }),
  });
  const mailer = createMailer(config.smtp.url, config.smtp.from);
  let started: Promise<void> | undefined;
  const sessionChecks = new SessionCache<Principal>(sql, config.auth.sessionCacheSeconds * 1000);
  const auth = new AuthService(sql, accessTokens, throttle, config.auth, sessionChecks);
  const streams = new EventStreams((token) => auth.authenticate(token));
  const driverSearch = new DriverProjection(sql, (error) =>
    background.error({ err: error }, 'driver search projection'),
  );
  const fleet = new FleetService(sql, driverSearch);
  return {
    config,
    sql,
    redis,
    auth,
    users: new UsersService(sql, {
      ...config.auth,
      webOrigin: config.web.origin,
      mailer,
      onUserChange: (userId) => sessionChecks.forgetUser(userId),
    }),
    fleet,
    fleetAdmin: {
      admin: new FleetAdminService(sql, fleet, () => latestView.devicesChanged()),
      assignments: new AssignmentsService(sql),
    },
    events: new EventsService(sql),
    justifications: new JustificationsService(sql),
    etl: new EtlService(
      sql,
      {
        runNow: (job, by) => jobs.add(job, { trigger: 'manual', requestedBy: by }),
        waiting: (job) => jobs.waiting(job),
      },
      credentialStore(config, sql),
      {
        backfillDays: config.mix.backfillDays,
        usage: (minutes) => readUsage(redis, mixUsageKey(config.redisPrefix), minutes),
        limitPerMinute: config.mix.rateLimitPerMinute,
        liveReservePerMinute: config.mix.liveReservePerMinute,
      },
    ),
    gps: {
      ingest,
      // The ingest's device cache forgets at once what this process changes (others learn by NOTIFY).
      devices: new DevicesService(sql, {
        onChange: () => {
          ingest.devices.clear();
          latestView.devicesChanged();
        },
        latest,
        offlineAfterSeconds: config.deviceOfflineAfterSeconds,
      }),
      latest,
      latestView,
      positions: new PositionsService(sql),
    },
    parcels: {
      parcels: new ParcelsService(sql),
      imports: new ImportsService(sql, { maxStoredPerUser: config.imports.maxStoredPerUser }),
      keys: new IntegrationKeys(sql),
    },
    rules: {
      settings: new RuleSettingsService(sql),
      async requestRecompute(from, vehicleId, by) {
        const request = await recomputeRequests.create(sql, from, vehicleId, by);
        await jobs.add('rules.recompute', { recomputeId: request.id }, { jobId: request.id });
        return request;
      },
      recomputeStatus: (id) => recomputeRequests.get(sql, id),
      scorecard: (driverId, period) => driverScorecard(sql, driverId, period),
    },
    reports: new ReportsService(sql, config.companyTimeZone),
    commands: new CommandsService(sql),
    alerts: {
      rules: new AlertRulesService(sql),
      endpoints: new WebhookEndpointsService(sql, config.credentialsKey),
      deliveries: new DeliveriesService(sql),
      notifications: new NotificationsService(sql),
    },
    geofences: new GeofencesService(sql),
    jobs,
    live,
    streams,
    start() {
      started ??= Promise.all([ingest.start(), sessionChecks.start(), driverSearch.start()]).then(() => {});
      return started;
    },
    async close() {
      streams.endAll();
      await latestView.stop();
      await live.close();
      if (started) await Promise.all([ingest.stop(), sessionChecks.stop(), driverSearch.stop()]);
      await jobs.close();
      mailer.close();
      await Promise.allSettled([sql.end({ timeout: 5 }), redis.quit()]);
    },
  };
}
