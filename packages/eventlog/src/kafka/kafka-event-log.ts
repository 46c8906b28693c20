import { Admin, compatibilityPartitioner, Producer } from '@platformatic/kafka';
import { EventLogError } from '../errors';
import { checkName } from '../names';
import type {
  EventLog,
  EventLogMessage,
  GroupLag,
  StartAt,
  SubscribeOptions,
  Subscription,
  Tuning,
} from '../types';
import { KafkaSubscription } from './kafka-subscription';
import { ID_HEADER, kafkaGroup, kafkaTopic } from './names';
import {
  commitOffsets,
  committedOffsets,
  EARLIEST,
  isGroupActive,
  isTopicExists,
  LATEST,
  logOffsets,
  partitionsOf,
} from './offsets';

// Messages per produce call: large enough to fill batches, small enough to stay under request size limits.
const PUBLISH_CHUNK = 2_000;

/**
 * The event log on Apache Kafka: one topic per event-log topic with `partitions` partitions, the message
 * key as partition key (per-key order), an idempotent producer, consumer groups with offsets committed
 * after each handled batch (at-least-once). Kafka does not deduplicate on `id`: consumers are idempotent.
 */
export class KafkaEventLog implements EventLog {
  private readonly admin: Admin;
  private producer: Producer<Buffer, Buffer, Buffer, Buffer> | undefined;
  private readonly knownTopics = new Set<string>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  private readonly inFlight = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly brokers: string[],
    private readonly prefix: string,
    private readonly partitions: number,
    private readonly tuning: Tuning,
  ) {
    checkName('prefix', prefix);
    this.admin = new Admin({ clientId: this.clientId('admin'), bootstrapBrokers: brokers, ...RETRIES });
  }

  async publish(messages: EventLogMessage[]): Promise<void> {
    this.checkOpen();
    await this.ensureTopics([...new Set(messages.map((message) => message.topic))]);
    this.producer ??= new Producer({
      clientId: this.clientId('producer'),
      bootstrapBrokers: this.brokers,
      // Idempotence: a produce request retried after a lost response is written once, in order.
      idempotent: true,
      acks: -1,
      // The Java client's key hashing, so other Kafka clients put a key on the same partition.
      partitioner: compatibilityPartitioner,
      ...RETRIES,
    });
    try {
      for (let start = 0; start < messages.length; start += PUBLISH_CHUNK) {
        await this.producer.send({
          messages: messages.slice(start, start + PUBLISH_CHUNK).map((message) => {
            const headers = new Map<Buffer, Buffer>();
            for (const [name, value] of Object.entries(message.headers ?? {}))
              headers.set(Buffer.from(name), Buffer.from(value));
            if (message.id !== undefined) headers.set(Buffer.from(ID_HEADER), Buffer.from(message.id));
            return {
              topic: kafkaTopic(this.prefix, message.topic),
              key: Buffer.from(message.key),
              value: Buffer.from(message.value),
              headers,
            };
          }),
        });
      }
    } catch (error) {
      throw new EventLogError(
        'EVENT_LOG_PUBLISH_FAILED',
        `Publishing ${messages.length} messages to Kafka failed (${String(error)}); keep them and retry.`,
        { cause: error },
      );
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.checkOpen();
    const groupId = kafkaGroup(this.prefix, checkName('group', options.group));
    await this.ensureTopics(options.topics);
    const topics = new Map(options.topics.map((topic) => [kafkaTopic(this.prefix, topic), topic]));
    for (const topic of topics.keys()) await this.startGroup(groupId, topic, options.startAt ?? 'earliest');
    const subscription = new KafkaSubscription(options, {
      brokers: this.brokers,
      clientId: this.clientId(options.consumer ?? 'consumer'),
      admin: this.admin,
      groupId,
      topics,
      tuning: this.tuning,
      inFlight: (topic, delta) => {
        const key = `${groupId}\n${kafkaTopic(this.prefix, topic)}`;
        this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + delta);
      },
    });
    await this.unreachableOnError(subscription.start());
    this.subscriptions.add(subscription);
    return {
      stop: async () => {
        await subscription.stop();
        this.subscriptions.delete(subscription);
      },
    };
  }

  async replay(options: { group: string; topic: string; from: Date }): Promise<void> {
    this.checkOpen();
    const groupId = kafkaGroup(this.prefix, checkName('group', options.group));
    const topic = kafkaTopic(this.prefix, checkName('topic', options.topic));
    const partitions = (await partitionsOf(this.admin, topic)) ?? [];
    const offsets = await logOffsets(this.admin, topic, partitions, BigInt(options.from.getTime()));
    try {
      await commitOffsets(this.admin, groupId, topic, offsets);
    } catch (error) {
      if (!isGroupActive(error)) throw error;
      throw new EventLogError(
        'EVENT_LOG_GROUP_ACTIVE',
        `Cannot replay group "${options.group}" on Kafka while its consumers run: stop them, replay, start them again.`,
        { cause: error },
      );
    }
  }

  async ensureTopics(topics: string[]): Promise<void> {
    this.checkOpen();
    const configs = [{ name: 'retention.ms', value: String(Math.round(this.tuning.retentionMs)) }];
    for (const topic of topics) {
      if (this.knownTopics.has(topic)) continue;
      const name = kafkaTopic(this.prefix, checkName('topic', topic));
      try {
        await this.unreachableOnError(
          this.admin.createTopics({ topics: [name], partitions: this.partitions, configs }),
        );
        await this.untilVisible(name);
      } catch (error) {
        if (!isTopicExists(error)) throw error;
        // An existing topic keeps its partition count: adding partitions would move keys and break their
        // order. Its retention follows the configuration.
        await this.admin.incrementalAlterConfigs({
          resources: [
            {
              resourceType: TOPIC_RESOURCE,
              resourceName: name,
              configs: configs.map((config) => ({ ...config, configOperation: SET })),
            },
          ],
        });
      }
      this.knownTopics.add(topic);
    }
  }

  async deleteTopics(topics: string[]): Promise<void> {
    this.checkOpen();
    const names: string[] = [];
    for (const topic of topics) {
      const name = kafkaTopic(this.prefix, checkName('topic', topic));
      this.knownTopics.delete(topic);
      if (await partitionsOf(this.admin, name)) names.push(name);
    }
    // Kafka drops the committed offsets of a deleted topic from every group by itself.
    if (names.length > 0) await this.admin.deleteTopics({ topics: names });
  }

  async lag(group: string, topic: string): Promise<GroupLag> {
    this.checkOpen();
    const groupId = kafkaGroup(this.prefix, checkName('group', group));
    const name = kafkaTopic(this.prefix, checkName('topic', topic));
    const partitions = await this.unreachableOnError(partitionsOf(this.admin, name));
    if (!partitions || partitions.length === 0) return { undelivered: 0, pending: 0, total: 0 };
    const [ends, starts, committed] = await Promise.all([
      logOffsets(this.admin, name, partitions, LATEST),
      logOffsets(this.admin, name, partitions, EARLIEST),
      committedOffsets(this.admin, groupId, name, partitions),
    ]);
    let total = 0;
    for (const partition of partitions) {
      const from = committed.get(partition) ?? starts.get(partition) ?? 0n;
      const end = ends.get(partition) ?? 0n;
      if (end > from) total += Number(end - from);
    }
    // Kafka does not know what a consumer holds: "pending" counts the batches in this process's handlers.
    const pending = Math.min(this.inFlight.get(`${groupId}\n${name}`) ?? 0, total);
    return { undelivered: total - pending, pending, total };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const running = [...this.subscriptions];
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      Promise.all(running.map((subscription) => subscription.stop())).then(() => true),
      new Promise<false>(
        (resolve) => (timer = setTimeout(() => resolve(false), this.tuning.shutdownTimeoutMs)),
      ),
    ]);
    clearTimeout(timer);
    // Past the deadline a handler is still running: its consumer leaves the group with the batch
    // uncommitted, and the group's other consumers read it again.
    if (!stopped) await Promise.all(running.map((subscription) => subscription.abandon()));
    await Promise.all([this.producer?.close().catch(() => {}), this.admin.close().catch(() => {})]);
  }

  /** Makes a group that has no offsets on the topic start at its earliest message or at its end. */
  private async startGroup(groupId: string, topic: string, startAt: StartAt): Promise<void> {
    const partitions = (await partitionsOf(this.admin, topic)) ?? [];
    if ((await committedOffsets(this.admin, groupId, topic, partitions)).size > 0) return;
    const start = await logOffsets(this.admin, topic, partitions, startAt === 'latest' ? LATEST : EARLIEST);
    try {
      await commitOffsets(this.admin, groupId, topic, start);
    } catch (error) {
      // Another consumer of the new group joined first and so started it.
      if (!isGroupActive(error)) throw error;
    }
  }

  /** Waits until the new topic's partitions appear in the cluster metadata (they follow the creation). */
  private async untilVisible(topic: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await partitionsOf(this.admin, topic))?.length !== this.partitions && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private clientId(role: string): string {
    return `pioneira-${this.prefix}-${role}`.replace(/[^A-Za-z0-9._-]/g, '_');
  }

  private checkOpen(): void {
    if (this.closed)
      throw new EventLogError('EVENT_LOG_CLOSED', 'The event log is closed; create a new one.');
  }

  private async unreachableOnError<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if ((error as { code?: string }).code !== 'PLT_KFK_NETWORK' && !isNetworkError(error)) throw error;
      throw new EventLogError(
        'EVENT_LOG_UNREACHABLE',
        `Cannot connect to Kafka at ${this.brokers.join(',')} (${String(error)}): check KAFKA_BROKERS.`,
        { cause: error },
      );
    }
  }
}

const RETRIES = { retries: 3, retryDelay: 250 };
// Kafka's ConfigResource type TOPIC and incremental-alter operation SET.
const TOPIC_RESOURCE = 2;
const SET = 0;

function isNetworkError(error: unknown): boolean {
  const found = (error as { findBy?: (p: string, v: unknown) => unknown } | null)?.findBy?.(
    'code',
    'PLT_KFK_NETWORK',
  );
  return Boolean(found);
}
