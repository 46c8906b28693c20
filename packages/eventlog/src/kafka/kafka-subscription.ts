import { type Admin, Consumer, type Message, type MessagesStream } from '@platformatic/kafka';
import { ConsumerLoop } from '../consumer-loop';
import type { DeliveredMessage, SubscribeOptions, Subscription, Tuning } from '../types';
import { handedGroup, ID_HEADER, partitionKey } from './names';
import { commitOffsets, committedOffsets, type PartitionOffsets } from './offsets';

type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;
type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

export interface KafkaSubscriptionParts {
  brokers: string[];
  clientId: string;
  admin: Admin;
  groupId: string;
  /** Kafka topic name → the event log's topic name. */
  topics: Map<string, string>;
  tuning: Tuning;
  /** Counts messages in the handler per group and topic, for lag(). */
  inFlight(topic: string, delta: number): void;
}

// Kafka refuses session timeouts under group.min.session.timeout.ms (6 s by default on a broker).
const MIN_SESSION_TIMEOUT_MS = 6_000;

/**
 * One Kafka consumer in a consumer group, reading a messages stream of the group's assignment. A batch is
 * what the stream has ready (up to batchSize); its offsets are committed after the handler resolves. A
 * failed batch is re-read from the committed offsets by a fresh stream, so it comes back first, in order.
 */
export class KafkaSubscription implements Subscription {
  private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  private stream: Stream | undefined;
  private readonly loop: ConsumerLoop;
  private readonly batchSize: number;
  /** How far the group has handed out each partition (see handedGroup); cleared on every rebalance. */
  private readonly handed = new Map<string, bigint>();
  private wake: (() => void) | undefined;
  private abandoned = false;

  constructor(
    options: SubscribeOptions,
    private readonly parts: KafkaSubscriptionParts,
  ) {
    const { tuning } = parts;
    this.batchSize = options.batchSize ?? 100;
    const sessionTimeout = Math.max(tuning.ackTimeoutMs, MIN_SESSION_TIMEOUT_MS);
    this.consumer = new Consumer({
      clientId: parts.clientId,
      bootstrapBrokers: parts.brokers,
      groupId: parts.groupId,
      sessionTimeout,
      rebalanceTimeout: sessionTimeout,
      // Frequent heartbeats: a member learns of a rebalance (a consumer joining or leaving) at its next one.
      heartbeatInterval: Math.min(Math.max(tuning.pollTimeoutMs, 100), sessionTimeout / 3),
      autocommit: false,
      maxWaitTime: Math.max(tuning.pollTimeoutMs, 10),
      highWaterMark: this.batchSize,
      retries: 3,
      retryDelay: 250,
    });
    this.consumer.on('consumer:group:join', () => this.handed.clear());
    this.loop = new ConsumerLoop(
      options.handler,
      options.onError ?? console.error,
      tuning.retryDelayMs,
      async () => this.wake?.(),
      () => this.shutDown(),
    );
  }

  /** Joins the group; resolves once this consumer has its share of the partitions. */
  async start(): Promise<void> {
    await this.openStream();
    await this.untilGroupStable();
    this.loop.run(() => this.step());
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Leaves the group at once, even with a handler still running: its batch stays uncommitted. */
  async abandon(): Promise<void> {
    this.abandoned = true;
    this.wake?.();
    await this.shutDown();
  }

  /**
   * Joining makes the group rebalance; the other members learn their new share at their next heartbeat.
   * Waiting for the group to be stable means that, once subscribe() resolves, no member still reads
   * partitions that have just become this one's.
   */
  private async untilGroupStable(): Promise<void> {
    const deadline = Date.now() + Math.max(this.parts.tuning.ackTimeoutMs, MIN_SESSION_TIMEOUT_MS);
    while (Date.now() < deadline) {
      const groups = await this.parts.admin.describeGroups({ groups: [this.parts.groupId] });
      if (groups.get(this.parts.groupId)?.state === 'STABLE') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async step(): Promise<void> {
    if (!this.stream || this.stream.destroyed) await this.openStream();
    const messages = this.take();
    if (messages.length === 0) return this.waitReadable();
    const delivered = await this.markHanded(messages);
    const counts = countByTopic(delivered);
    for (const [topic, count] of counts) this.parts.inFlight(topic, count);
    try {
      await this.loop.handle(delivered, {
        ack: () => this.commit(messages),
        fail: () => this.rewind(),
      });
    } finally {
      for (const [topic, count] of counts) this.parts.inFlight(topic, -count);
    }
  }

  private take(): KafkaMessage[] {
    // A fetch sent before a rebalance can bring messages of partitions that now belong to another member:
    // they are dropped here, and their new owner reads them from the committed offsets.
    const owned = new Set<string>();
    for (const { topic, partitions } of this.consumer.assignments ?? []) {
      for (const partition of partitions) owned.add(partitionKey(topic, partition));
    }
    const messages: KafkaMessage[] = [];
    while (this.stream && messages.length < this.batchSize) {
      const message = this.stream.read() as KafkaMessage | null;
      if (message === null) break;
      if (owned.has(partitionKey(message.topic, message.partition))) messages.push(message);
    }
    return messages;
  }

  private waitReadable(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.parts.tuning.pollTimeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async openStream(): Promise<void> {
    const { tuning } = this.parts;
    // A new stream starts at the committed offsets ("committed"); a partition without any starts at its
    // earliest message, as the group's start was committed when the group was created (see subscribe).
    const stream = await this.consumer.consume({
      topics: [...this.parts.topics.keys()],
      mode: 'committed',
      fallbackMode: 'earliest',
      autocommit: false,
      maxWaitTime: Math.max(tuning.pollTimeoutMs, 10),
      highWaterMark: this.batchSize,
    });
    stream.on('readable', () => this.wake?.());
    stream.on('error', () => {}); // a broken stream is replaced by the next step
    const old = this.stream;
    this.stream = stream;
    if (old) await closeStream(old);
  }

  /** Records how far messages were handed out before the handler sees them, and marks re-reads. */
  private async markHanded(messages: KafkaMessage[]): Promise<DeliveredMessage[]> {
    const { admin, groupId } = this.parts;
    const marks = handedGroup(groupId);
    const byTopic = new Map<string, PartitionOffsets>();
    for (const message of messages) {
      const ends = byTopic.get(message.topic) ?? new Map<number, bigint>();
      ends.set(message.partition, bigintMax(ends.get(message.partition) ?? 0n, message.offset + 1n));
      byTopic.set(message.topic, ends);
    }
    for (const [topic, ends] of byTopic) {
      const unknown = [...ends.keys()].filter((p) => !this.handed.has(partitionKey(topic, p)));
      if (unknown.length > 0) {
        const stored = await committedOffsets(admin, marks, topic, unknown);
        for (const p of unknown) this.handed.set(partitionKey(topic, p), stored.get(p) ?? -1n);
      }
    }
    const delivered = messages.map((message) =>
      toDelivered(
        this.parts.topics.get(message.topic) ?? message.topic,
        message,
        message.offset < (this.handed.get(partitionKey(message.topic, message.partition)) ?? -1n),
      ),
    );
    for (const [topic, ends] of byTopic) {
      const advanced: PartitionOffsets = new Map();
      for (const [p, end] of ends) {
        if (end > (this.handed.get(partitionKey(topic, p)) ?? -1n)) advanced.set(p, end);
      }
      await commitOffsets(admin, marks, topic, advanced);
      for (const [p, end] of advanced) this.handed.set(partitionKey(topic, p), end);
    }
    return delivered;
  }

  private async commit(messages: KafkaMessage[]): Promise<void> {
    const next = new Map<string, { topic: string; partition: number; offset: bigint }>();
    for (const { topic, partition, offset } of messages) {
      const key = partitionKey(topic, partition);
      const current = next.get(key);
      if (!current || offset + 1n > current.offset) next.set(key, { topic, partition, offset: offset + 1n });
    }
    await this.consumer.commit({
      offsets: [...next.values()].map((entry) => ({ ...entry, leaderEpoch: -1 })),
    });
  }

  /** Drops what was read after the failed batch and reads again from the committed offsets. */
  private async rewind(): Promise<void> {
    if (this.abandoned || this.loop.isStopping) return;
    await this.openStream();
  }

  private async shutDown(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await closeStream(stream).catch(() => {});
    await Promise.resolve(this.consumer.close(true)).catch(() => {});
  }
}

/** Closes a stream, dropping what it has buffered (a paused stream would otherwise wait to be drained). */
async function closeStream(stream: Stream): Promise<void> {
  stream.removeAllListeners('readable');
  stream.resume();
  await stream.close();
}

function toDelivered(topic: string, message: KafkaMessage, redelivered: boolean): DeliveredMessage {
  const headers: Record<string, string> = {};
  let id: string | undefined;
  for (const [name, value] of message.headers) {
    const header = name.toString();
    if (header === ID_HEADER) id = value.toString();
    else headers[header] = value.toString();
  }
  const position = `${message.partition}:${message.offset}`;
  return {
    topic,
    key: message.key?.toString() ?? '',
    value: message.value ?? Buffer.alloc(0),
    headers,
    id: id ?? `${topic}:${position}`,
    timestamp: new Date(Number(message.timestamp)),
    position,
    redelivered,
  };
}

function countByTopic(messages: DeliveredMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { topic } of messages) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  return counts;
}

const bigintMax = (a: bigint, b: bigint) => (a > b ? a : b);
