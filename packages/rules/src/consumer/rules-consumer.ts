import type { Sql } from '@pioneira/db';
import type { EventLog, Subscription } from '@pioneira/eventlog';
import { decodeWire } from '@pioneira/gps';
import { CONSUMER_GROUPS, type ConsumerGroup } from '@pioneira/pipeline';
import { GeofenceWatch } from '../geofences/geofence-watch';
import { derive, storedStates } from './derive';

/**
 * Messages per batch: one transaction each. A position message holds one device's fixes of one
 * ingest request (one fix from a phone, tens from a tracker's buffer); a transaction's fixed costs
 * (the round trips, the commit) are paid per batch, so a backlog drains faster in large ones.
 */
export const RULES_BATCH_SIZE = 1_000;

/** Consumer group of the derived infractions on the positions topic. */
export const RULES_GROUP: ConsumerGroup = 'rules';

/**
 * Runs the rules on the positions topic: each batch derived and stored in one transaction (with the
 * devices' new states, before the batch is acknowledged), with the geofences' speed limits (an
 * index kept equal to the table) applied to the overspeed rule.
 */
export async function startRulesConsumer(deps: {
  sql: Sql;
  eventLog: EventLog;
  batchSize?: number;
  onError?: (error: unknown) => void;
}): Promise<Pick<Subscription, 'stop'> & { zones: GeofenceWatch }> {
  const report = deps.onError ?? console.error;
  const zones = new GeofenceWatch(deps.sql, undefined, report);
  await zones.start();
  // The devices' states stay in memory between batches, each written back with its batch.
  const states = storedStates();
  const subscription = await deps.eventLog.subscribe({
    group: RULES_GROUP,
    topics: [...CONSUMER_GROUPS[RULES_GROUP].topics],
    batchSize: deps.batchSize ?? RULES_BATCH_SIZE,
    onError: deps.onError,
    handler: async (batch) => {
      const positions = batch.flatMap((message) => {
        try {
          return decodeWire(message.value);
        } catch (error) {
          // Not a positions batch of ours: no retry can fix it, and it must not hold the others back.
          report(error);
          return [];
        }
      });
      await derive(deps.sql, positions, states, zones.index);
    },
  });
  return {
    zones,
    async stop() {
      await subscription.stop();
      await zones.stop();
    },
  };
}
