import type { Subscription } from '@pioneira/eventlog';
import { LatestConsumer } from '@pioneira/gps';
import { startParcelsConsumer } from '@pioneira/parcels';
import { CONSUMER_GROUPS, type ConsumerGroup, consumerGroupNames, openEventLog } from '@pioneira/pipeline';
import { startGeofencesConsumer, startRulesConsumer } from '@pioneira/rules';
import { TripsConsumer } from '@pioneira/trips';
import type { WorkerContext, WorkerRole } from '../role';
import { startAlertsGroup } from './alerts-group';

type EventLog = ReturnType<typeof openEventLog>;
type Started = Pick<Subscription, 'stop'>;

/** How each consumer group of the topology runs: a new group must be given its start here. */
const GROUPS: Record<ConsumerGroup, (ctx: WorkerContext, log: EventLog) => Promise<Started>> = {
  'latest-positions': async (ctx, log) => {
    const latest = new LatestConsumer({
      sql: ctx.sql,
      redis: ctx.redis,
      log,
      prefix: ctx.config.redisPrefix,
      ttlSeconds: ctx.config.positionTtlSeconds,
      onError: (error) => ctx.connections.report('latest-position consumer', error),
    });
    await latest.start();
    return latest;
  },
  rules: (ctx, log) =>
    startRulesConsumer({
      sql: ctx.sql,
      eventLog: log,
      onError: (error) => ctx.connections.report('rules consumer', error),
    }),
  geofences: (ctx, log) =>
    startGeofencesConsumer({
      sql: ctx.sql,
      eventLog: log,
      timeZone: ctx.config.companyTimeZone,
      offlineAfterSeconds: ctx.config.deviceOfflineAfterSeconds,
      onError: (error) => ctx.connections.report('geofences consumer', error),
    }),
  trips: async (ctx, log) => {
    const trips = new TripsConsumer({
      sql: ctx.sql,
      log,
      timeZone: ctx.config.companyTimeZone,
      onError: (error) => ctx.connections.report('trips consumer', error),
    });
    await trips.start();
    return trips;
  },
  parcels: (ctx, log) =>
    startParcelsConsumer({
      eventLog: log,
      redis: ctx.redis,
      redisPrefix: ctx.config.redisPrefix,
      onError: (error) => ctx.connections.report('parcels consumer', error),
    }),
  alerts: startAlertsGroup,
};

/**
 * A role that runs the consumer groups the topology assigns to it, on one event-log client. The
 * projections the map needs at once (latest positions, parcels) run in `consumers`; the heavier
 * derivations (trips, rules) have roles of their own, so they can be scaled apart and never slow the
 * live map's feed by sharing its event loop.
 */
export function groupsRole(name: string, summary: string): WorkerRole {
  const groups = consumerGroupNames().filter((group) => CONSUMER_GROUPS[group].role === name);
  return {
    name,
    summary: `${summary}: ${groups.join(', ')}`,
    async start(ctx) {
      const log = openEventLog(ctx.config);
      const started: Started[] = [];
      try {
        for (const group of groups) started.push(await GROUPS[group](ctx, log));
      } catch (error) {
        for (const s of started.reverse()) await s.stop().catch(() => {});
        await log.close();
        throw error;
      }
      return {
        async stop() {
          for (const s of started.reverse()) await s.stop();
          await log.close();
        },
      };
    },
  };
}

export const consumers = groupsRole('consumers', 'event-log consumer groups');
export const tripsRole = groupsRole('trips', 'trips, stops and daily summaries from the positions');
