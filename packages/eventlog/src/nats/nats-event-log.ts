import {
  AckPolicy,
  type ConsumerConfig,
  connect,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  nanos,
  headers as natsHeaders,
  RetentionPolicy,
  StorageType,
} from 'nats';
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
import { ignoreNotFound, isConsumerNotFound, isStreamNotFound } from './nats-errors';
import { startNatsSubscription } from './nats-subscription';
import { streamName, subjectOf, topicSubjects } from './subjects';

interface Connected {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

// Publishes in flight at once: enough to fill the connection, few enough that none times out waiting.
const PUBLISH_WINDOW = 1000;

/** The event log on NATS JetStream: one stream per topic, one durable pull consumer per group and topic. */
export class NatsEventLog implements EventLog {
  private connection: Promise<Connected>;
  private readonly knownTopics = new Set<string>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly prefix: string,
    private readonly tuning: Tuning,
  ) {
    checkName('prefix', prefix);
    this.connection = this.connect();
  }

  private connect(): Promise<Connected> {
    const connection = connect({ servers: this.url, name: `pioneira-eventlog-${this.prefix}` }).then(
      async (nc) => ({
        nc,
        js: nc.jetstream(),
        jsm: await nc.jetstreamManager(),
      }),
    );
    connection.catch(() => {}); // reported by the first call that needs the connection
    return connection;
  }

  async publish(messages: EventLogMessage[]): Promise<void> {
    const { js } = await this.open();
    await this.ensureTopics([...new Set(messages.map((message) => message.topic))]);
    try {
      for (let start = 0; start < messages.length; start += PUBLISH_WINDOW) {
        await Promise.all(
          messages.slice(start, start + PUBLISH_WINDOW).map((message) => {
            const h = natsHeaders();
            for (const [name, value] of Object.entries(message.headers ?? {})) h.set(name, value);
            return js.publish(subjectOf(this.prefix, message.topic, message.key), message.value, {
              msgID: message.id,
              headers: h,
              expect: { streamName: streamName(this.prefix, message.topic) },
            });
          }),
        );
      }
    } catch (error) {
      throw new EventLogError(
        'EVENT_LOG_PUBLISH_FAILED',
        `Publishing ${messages.length} messages to NATS JetStream failed (${String(error)}); keep them and retry.`,
        { cause: error },
      );
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const { nc, js } = await this.open();
    checkName('group', options.group);
    await this.ensureTopics(options.topics);
    for (const topic of options.topics)
      await this.ensureConsumer(topic, options.group, options.startAt ?? 'earliest');
    const loop = startNatsSubscription(options, {
      connection: nc,
      jetstream: js,
      prefix: this.prefix,
      tuning: this.tuning,
    });
    const subscription: Subscription = {
      stop: async () => {
        await loop.stop();
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async replay(options: { group: string; topic: string; from: Date }): Promise<void> {
    const { jsm } = await this.open();
    const stream = streamName(this.prefix, checkName('topic', options.topic));
    checkName('group', options.group);
    // A durable's start cannot be moved, so the group's consumer is recreated starting at `from`.
    await ignoreNotFound(jsm.consumers.delete(stream, options.group));
    await jsm.consumers.add(stream, {
      ...this.consumerConfig(options.topic, options.group),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: options.from.toISOString(),
    });
  }

  async ensureTopics(topics: string[]): Promise<void> {
    const { jsm } = await this.open();
    for (const topic of topics) {
      if (this.knownTopics.has(topic)) continue;
      const name = streamName(this.prefix, checkName('topic', topic));
      const config = {
        name,
        subjects: [topicSubjects(this.prefix, topic)],
        max_age: nanos(this.tuning.retentionMs),
        duplicate_window: nanos(Math.min(this.tuning.dedupWindowMs, this.tuning.retentionMs)),
      };
      try {
        const info = await jsm.streams.info(name);
        if (
          info.config.max_age !== config.max_age ||
          info.config.duplicate_window !== config.duplicate_window
        ) {
          await jsm.streams.update(name, config);
        }
      } catch (error) {
        if (!isStreamNotFound(error)) throw error;
        await jsm.streams.add({
          ...config,
          storage: StorageType.File,
          retention: RetentionPolicy.Limits,
          discard: DiscardPolicy.Old,
        });
      }
      this.knownTopics.add(topic);
    }
  }

  async deleteTopics(topics: string[]): Promise<void> {
    const { jsm } = await this.open();
    for (const topic of topics) {
      await ignoreNotFound(jsm.streams.delete(streamName(this.prefix, checkName('topic', topic))));
      this.knownTopics.delete(topic);
    }
  }

  async lag(group: string, topic: string): Promise<GroupLag> {
    const { jsm } = await this.open();
    const stream = streamName(this.prefix, checkName('topic', topic));
    try {
      const info = await jsm.consumers.info(stream, checkName('group', group));
      return {
        undelivered: info.num_pending,
        pending: info.num_ack_pending,
        total: info.num_pending + info.num_ack_pending,
      };
    } catch (error) {
      if (isStreamNotFound(error)) return { undelivered: 0, pending: 0, total: 0 };
      if (!isConsumerNotFound(error)) throw error;
      // A group created later starts at the earliest retained message, so everything is its lag.
      const { state } = await jsm.streams.info(stream);
      return { undelivered: state.messages, pending: 0, total: state.messages };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopping = Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      stopping,
      new Promise((resolve) => (timer = setTimeout(resolve, this.tuning.shutdownTimeoutMs))),
    ]);
    clearTimeout(timer);
    // Past the deadline a handler is still running: its batch stays unacknowledged and JetStream hands it
    // to another consumer of the group after ackTimeoutMs.
    const { nc } = await this.connection.catch(() => ({ nc: undefined }));
    await nc?.close();
  }

  private async ensureConsumer(topic: string, group: string, startAt: StartAt): Promise<void> {
    const { jsm } = await this.open();
    const stream = streamName(this.prefix, topic);
    try {
      await jsm.consumers.info(stream, group);
    } catch (error) {
      if (!isConsumerNotFound(error)) throw error;
      await jsm.consumers.add(stream, {
        ...this.consumerConfig(topic, group),
        deliver_policy: startAt === 'latest' ? DeliverPolicy.New : DeliverPolicy.All,
      });
    }
  }

  private consumerConfig(topic: string, group: string): Partial<ConsumerConfig> {
    return {
      durable_name: group,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(this.tuning.ackTimeoutMs),
      filter_subject: topicSubjects(this.prefix, topic),
      max_deliver: -1,
    };
  }

  private async open() {
    if (this.closed)
      throw new EventLogError('EVENT_LOG_CLOSED', 'The event log is closed; create a new one.');
    try {
      return await this.connection;
    } catch (error) {
      // The client reconnects by itself once connected; a first connection that failed is retried next call.
      this.connection = this.connect();
      throw new EventLogError(
        'EVENT_LOG_UNREACHABLE',
        `Cannot connect to NATS (${String(error)}): check NATS_URL and that JetStream is enabled.`,
        { cause: error },
      );
    }
  }
}
