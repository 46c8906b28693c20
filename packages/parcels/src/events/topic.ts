/** Event-log topic (and outbox topic) of new tracking events: one outbox row per committed batch. */
export const TRACKING_EVENTS_TOPIC = 'tracking-events';

/** Redis pub/sub channel of live parcel changes, under the deployment's key prefix. */
export const liveParcelsChannel = (redisPrefix: string) => `${redisPrefix}:live:parcels`;
