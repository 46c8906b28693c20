import type { DeliveredMessage, EventLog, Subscription } from '@pioneira/eventlog';
import { CONSUMER_GROUPS, type ConsumerGroup, LIVE_CHANNELS } from '@pioneira/pipeline';
import type { Redis } from 'ioredis';
import { type LiveParcelsMessage, liveMessagesOf, type TrackingTopicPayload } from './live';

/** Consumer group of the live parcel feed on the tracking-events topic. */
export const PARCELS_GROUP: ConsumerGroup = 'parcels';

/** The live messages of a batch of tracking-events messages. */
export function liveParcelMessages(batch: DeliveredMessage[]): LiveParcelsMessage[] {
  return batch.flatMap((message) => {
    try {
      return liveMessagesOf(JSON.parse(message.value.toString('utf8')) as TrackingTopicPayload);
    } catch {
      return []; // not ours to fix: a message that is not a payload of ours can never be shown
    }
  });
}

/**
 * Runs the live parcel feed: tracking-events topic → live notifications in Redis. Parcel status is
 * already projected by the transaction that stored the events; this only tells the browsers.
 */
export function startParcelsConsumer(deps: {
  eventLog: EventLog;
  redis: Redis;
  redisPrefix: string;
  onError?: (error: unknown) => void;
}): Promise<Subscription> {
  const channel = LIVE_CHANNELS.parcels(deps.redisPrefix);
  return deps.eventLog.subscribe({
    group: PARCELS_GROUP,
    topics: [...CONSUMER_GROUPS[PARCELS_GROUP].topics],
    batchSize: 200,
    onError: deps.onError,
    handler: async (batch) => {
      const live = liveParcelMessages(batch);
      if (live.length === 0) return;
      const pipeline = deps.redis.pipeline();
      for (const message of live) pipeline.publish(channel, JSON.stringify(message));
      await pipeline.exec();
    },
  });
}
