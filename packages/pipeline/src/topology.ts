/**
 * The shape of the pipeline in one place: every event-log topic, every consumer group (the topics it
 * reads and the worker role that runs it) and every notification channel. The relay, the consumers,
 * `pioneira replay` and `/metrics` all read this file; a new topic or group is added here only.
 */

/** Event-log topics (also the `topic` column of the outbox). */
export const TOPICS = {
  /** Positions in the binary wire layout of @pioneira/gps, keyed by device bucket. */
  positions: 'positions',
  /** Parcel tracking events and import progress, JSON. */
  trackingEvents: 'tracking-events',
  /** Every new telemetry event and parcel alert fact, JSON (written by triggers, migration 070). */
  events: 'events',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export interface ConsumerGroupDef {
  topics: readonly Topic[];
  /** The worker role that runs this group. */
  role: string;
  summary: string;
}

/** Every consumer group of the platform. The event log itself cannot tell a group that never existed. */
export const CONSUMER_GROUPS = {
  'latest-positions': {
    topics: [TOPICS.positions],
    role: 'consumers',
    summary: 'latest position per device in Redis and the live map feed',
  },
  rules: {
    topics: [TOPICS.positions],
    role: 'rules',
    summary: 'derived infractions and driving-time violations into telemetry_events',
  },
  geofences: {
    topics: [TOPICS.positions],
    role: 'geofences',
    summary: 'geofence enter, exit and dwell events, visits, and device online/offline in PostgreSQL',
  },
  trips: {
    topics: [TOPICS.positions],
    role: 'trips',
    summary: 'trips, stops and daily summaries per device, vehicle and driver in PostgreSQL',
  },
  parcels: {
    topics: [TOPICS.trackingEvents],
    role: 'consumers',
    summary: 'live parcel changes and import progress to the web',
  },
  alerts: {
    topics: [TOPICS.events],
    role: 'alerts',
    summary: 'alert rules over the events: alerts and their deliveries (in-app, e-mail, webhooks)',
  },
} as const satisfies Record<string, ConsumerGroupDef>;

export type ConsumerGroup = keyof typeof CONSUMER_GROUPS;

export const consumerGroupNames = () => Object.keys(CONSUMER_GROUPS) as ConsumerGroup[];

/** Each (group, topic) pair, for lag metrics and replay. */
export const groupTopics = (): Array<{ group: ConsumerGroup; topic: Topic }> =>
  consumerGroupNames().flatMap((group) =>
    CONSUMER_GROUPS[group].topics.map((topic) => ({ group, topic: topic as Topic })),
  );

/** PostgreSQL NOTIFY channels. */
export const PG_CHANNELS = {
  /** Wakes the relays when an outbox row commits. */
  outbox: 'pioneira_outbox',
  /** A device was added, changed or removed (see migration 003). */
  devices: 'pioneira_devices',
  /** A geofence was added, changed or removed; the payload is its id (see migration 060). */
  geofences: 'pioneira_geofences',
} as const;

/** Redis pub/sub channels of live pushes to the web, under the deployment's key prefix. */
export const LIVE_CHANNELS = {
  positions: (prefix: string) => `${prefix}:gps:live`,
  parcels: (prefix: string) => `${prefix}:live:parcels`,
  /** In-app notifications as they are delivered, each addressed to one user. */
  notifications: (prefix: string) => `${prefix}:live:notifications`,
} as const;

export type LiveChannel = keyof typeof LIVE_CHANNELS;
