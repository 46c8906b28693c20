import type { Sql } from '@pioneira/db';
import type { EventLog, Subscription } from '@pioneira/eventlog';
import { decodeWire } from '@pioneira/gps';
import { CONSUMER_GROUPS, type ConsumerGroup } from '@pioneira/pipeline';
import { derive } from './derive';

/** Consumer group of the derived infractions on the positions topic. */
export const RULES_GROUP: ConsumerGroup = 'rules';

/** Runs the rules on the positions topic: each batch derived and stored in one transaction. */
export function startRulesConsumer(deps: {
  sql: Sql;
  eventLog: EventLog;
  batchSize?: number;
  onError?: (error: unknown) => void;
}): Promise<Subscription> {
  const report = deps.onError ?? console.error;
  return deps.eventLog.subscribe({
    group: RULES_GROUP,
    topics: [...CONSUMER_GROUPS[RULES_GROUP].topics],
    batchSize: deps.batchSize ?? 200,
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
      await derive(deps.sql, positions);
    },
  });
}
