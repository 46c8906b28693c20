import type { Config } from '@pioneira/config';
import { createSql, type Sql } from '@pioneira/db';
import {
  AccessTokens,
  AuthService,
  EventsService,
  FleetService,
  LoginThrottle,
  UsersService,
} from '@pioneira/domain';
import { DevicesService, IngestService, LatestStore, PositionsService } from '@pioneira/gps';
import { credentialStore, EtlService } from '@pioneira/mix';
import { ImportsService, IntegrationKeys, ParcelsService } from '@pioneira/parcels';
import { JobQueues } from '@pioneira/pipeline';
import { Redis } from 'ioredis';
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
  events: EventsService;
  etl: EtlService;
  gps: {
    /** The group-committed ingest path, shared by every /ingest route. */
    ingest: IngestService;
    devices: DevicesService;
    latest: LatestStore;
    positions: PositionsService;
  };
  parcels: { parcels: ParcelsService; imports: ImportsService; keys: IntegrationKeys };
  jobs: JobQueues;
  live: LiveHub;
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
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  const throttle = new LoginThrottle(
    redis,
    config.redisPrefix,
    config.auth.loginMaxFailures,
    config.auth.loginWindowSeconds,
  );
  const accessTokens = new AccessTokens(config.auth.jwtSecret, config.auth.accessTokenTtlSeconds);
  const jobs = new JobQueues({ url: config.redisUrl, maxRetriesPerRequest: 2 }, config.redisPrefix);
  const ingest = new IngestService(sql);
  const latest = new LatestStore(redis, config.redisPrefix, config.positionTtlSeconds);
  const live = new LiveHub(redis, config.redisPrefix);
  let started: Promise<void> | undefined;
  return {
    config,
    sql,
    redis,
    auth: new AuthService(sql, accessTokens, throttle, config.auth),
    users: new UsersService(sql, config.auth),
    fleet: new FleetService(sql),
    events: new EventsService(sql),
    etl: new EtlService(
      sql,
      {
        runNow: (job, by) => jobs.add(job, { trigger: 'manual', requestedBy: by }),
        waiting: (job) => jobs.waiting(job),
      },
      credentialStore(config, sql),
      { backfillDays: config.mix.backfillDays },
    ),
    gps: {
      ingest,
      // The ingest's device cache forgets at once what this process changes (others learn by NOTIFY).
      devices: new DevicesService(sql, { onChange: () => ingest.devices.clear() }),
      latest,
      positions: new PositionsService(sql, latest, config.positionTtlSeconds),
    },
    parcels: {
      parcels: new ParcelsService(sql),
      imports: new ImportsService(sql),
      keys: new IntegrationKeys(sql),
    },
    jobs,
    live,
    start() {
      started ??= ingest.start();
      return started;
    },
    async close() {
      await live.close();
      if (started) await ingest.stop();
      await jobs.close();
      await Promise.allSettled([sql.end({ timeout: 5 }), redis.quit()]);
    },
  };
}
