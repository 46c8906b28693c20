import type { Sql } from '@pioneira/db';
import type { EventLog } from '@pioneira/eventlog';
import { decodeWire } from '@pioneira/gps';
import { CONSUMER_GROUPS, type ConsumerGroup } from '@pioneira/pipeline';
import { evaluateGeofences, storedGeofenceStates } from './evaluate-geofences';
import { GeofenceWatch } from './geofence-watch';
import { DEFAULT_TUNING } from './presence';

/** Consumer group of the geofences on the positions topic. */
export const GEOFENCES_GROUP: ConsumerGroup = 'geofences';

/** Runs the geofences on the positions topic, over an index kept equal to the table. */
export async function startGeofencesConsumer(deps: {
  sql: Sql;
  eventLog: EventLog;
  timeZone: string;
  offlineAfterSeconds: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}): Promise<{ watch: GeofenceWatch; stop(): Promise<void> }> {
  const report = deps.onError ?? console.error;
  const watch = new GeofenceWatch(deps.sql, undefined, report);
  await watch.start();
  const tuning = { ...DEFAULT_TUNING, timeZone: deps.timeZone };
  // The devices' states stay in memory between batches, each written back with its batch.
  const states = storedGeofenceStates();
  const subscription = await deps.eventLog.subscribe({
    group: GEOFENCES_GROUP,
    topics: [...CONSUMER_GROUPS[GEOFENCES_GROUP].topics],
    batchSize: deps.batchSize ?? 1_000,
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
      await evaluateGeofences(
        deps.sql,
        watch.index,
        positions,
        {
          tuning,
          offlineAfterSeconds: deps.offlineAfterSeconds,
        },
        states,
      );
    },
  });
  return {
    watch,
    async stop() {
      await subscription.stop();
      await watch.stop();
    },
  };
}
