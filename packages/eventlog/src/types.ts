/** A message to publish. `key` orders messages (same key, same order) and `id` deduplicates where supported. */
export interface EventLogMessage {
  topic: string;
  key: string;
  value: Uint8Array | string;
  headers?: Record<string, string>;
  /** Publisher's unique id: a republish with the same id is dropped within the dedup window (Redis, NATS). */
  id?: string;
}

/** A message handed to a subscription handler. */
export interface DeliveredMessage {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  /** The publisher's id, or an adapter-made one (`<topic>:<position>`) when none was given. */
  id: string;
  /** When the log accepted the message (broker clock). */
  timestamp: Date;
  /** Adapter offset, opaque: a Redis entry id, a JetStream sequence, a Kafka `partition:offset`. */
  position: string;
  /** True when the message may have been handed out before (after a failure, a crash, a claim). */
  redelivered: boolean;
}

/** Where a group that does not exist yet starts reading. */
export type StartAt = 'earliest' | 'latest';

export interface SubscribeOptions {
  /** Consumer group: each group receives every message once; its consumers share the work. */
  group: string;
  topics: string[];
  /** This consumer's name in the group; a fresh unique one by default. */
  consumer?: string;
  /** Most messages per handler call (default 100). */
  batchSize?: number;
  /** Start of a group created by this call: 'earliest' retained message (default) or only new ones. */
  startAt?: StartAt;
  /** Called with each batch, one call at a time. Resolve to acknowledge; throw to have the batch redelivered. */
  handler: (batch: DeliveredMessage[]) => Promise<void>;
  /** Told about handler failures and transient read errors (default: console.error). */
  onError?: (error: unknown) => void;
}

/** A running consumer. */
export interface Subscription {
  /** Graceful: finishes and acknowledges the batch in hand, then stops reading. */
  stop(): Promise<void>;
}

/** Consumer lag of a group on a topic: messages not yet acknowledged by the group. */
export interface GroupLag {
  /** Published but not yet handed to any consumer of the group. */
  undelivered: number;
  /** Handed to a consumer and not yet acknowledged. */
  pending: number;
  /** undelivered + pending. */
  total: number;
}

/** The platform's event log: topics, keyed messages, consumer groups, at-least-once delivery, replay. */
export interface EventLog {
  /** Publishes a batch; resolves once the log has accepted every message. */
  publish(messages: EventLogMessage[]): Promise<void>;
  /** Starts a consumer in a group; at-least-once, acknowledging each batch after its handler resolves. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Repositions a group on a topic so it re-reads every retained message published at or after `from`. */
  replay(options: { group: string; topic: string; from: Date }): Promise<void>;
  /** Creates the topics that do not exist yet (idempotent). */
  ensureTopics(topics: string[]): Promise<void>;
  /** Deletes topics with their messages and groups (tests, tear-down tools). */
  deleteTopics(topics: string[]): Promise<void>;
  /** How far a group is behind on a topic (for /metrics). */
  lag(group: string, topic: string): Promise<GroupLag>;
  /** Stops every subscription gracefully (bounded by `shutdownTimeoutMs`), then closes the connections. */
  close(): Promise<void>;
}

/** How to reach and tune the event log. Timeouts are small in tests and the defaults suit production. */
export interface EventLogConfig {
  kind: 'redis' | 'nats' | 'kafka';
  /** Namespace of every stream, subject, key and topic this log touches. */
  prefix: string;
  /** Messages older than this are dropped by the log. */
  retentionHours: number;
  redisUrl?: string;
  natsUrl?: string;
  kafkaBrokers?: string[];
  /** Partitions per topic (Kafka). */
  partitions?: number;
  /** A message handed out and not acknowledged within this time goes to another consumer (default 30 s). */
  ackTimeoutMs?: number;
  /** How long an idle read waits for new messages; also bounds how long stop() waits (default 1 s). */
  pollTimeoutMs?: number;
  /** Pause before a failed batch is redelivered (default 1 s). */
  retryDelayMs?: number;
  /** How long close() waits for handlers in progress before dropping the connections (default 10 s). */
  shutdownTimeoutMs?: number;
  /** A message republished with the same id within this window is dropped (default 2 min). */
  dedupWindowMs?: number;
}

export interface Tuning {
  ackTimeoutMs: number;
  pollTimeoutMs: number;
  retryDelayMs: number;
  shutdownTimeoutMs: number;
  dedupWindowMs: number;
  retentionMs: number;
}

export function tuningOf(config: EventLogConfig): Tuning {
  return {
    ackTimeoutMs: config.ackTimeoutMs ?? 30_000,
    pollTimeoutMs: config.pollTimeoutMs ?? 1_000,
    retryDelayMs: config.retryDelayMs ?? 1_000,
    shutdownTimeoutMs: config.shutdownTimeoutMs ?? 10_000,
    dedupWindowMs: config.dedupWindowMs ?? 120_000,
    retentionMs: config.retentionHours * 3_600_000,
  };
}
