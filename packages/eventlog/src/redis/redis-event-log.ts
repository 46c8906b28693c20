import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { EventLogError } from '../errors';
import { checkConsumerName, checkName } from '../names';
import type { EventLog, EventLogMessage, GroupLag, SubscribeOptions, Subscription, Tuning } from '../types';
import { dedupKeyPrefix, lastIdBefore, streamKey } from './keys';
import { streamGroupLag } from './lag';
import { definePublishScript, publishToStreams } from './publish';
import { startRedisSubscription } from './redis-subscription';

/** The event log on Redis Streams: one stream per topic, Redis consumer groups. */
export class RedisEventLog implements EventLog {
  private readonly commands: Redis;
  private readonly subscriptions = new Set<Subscription>();
  private readonly readers = new Set<Redis>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly prefix: string,
    private readonly tuning: Tuning,
  ) {
    checkName('prefix', prefix);
    this.commands = this.connect();
    definePublishScript(this.commands);
  }

  async publish(messages: EventLogMessage[]): Promise<void> {
    this.ensureOpen();
    if (messages.length === 0) return;
    for (const topic of new Set(messages.map((message) => message.topic))) checkName('topic', topic);
    try {
      await publishToStreams(
        this.commands,
        this.prefix,
        messages,
        this.tuning.retentionMs,
        this.tuning.dedupWindowMs,
      );
    } catch (error) {
      throw new EventLogError(
        'EVENT_LOG_PUBLISH_FAILED',
        `Publishing ${messages.length} messages to Redis failed (${String(error)}); keep them and retry.`,
        { cause: error },
      );
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.ensureOpen();
    checkName('group', options.group);
    for (const topic of options.topics) checkName('topic', topic);
    const consumer = checkConsumerName(
      options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    );
    const reader = this.connect();
    this.readers.add(reader);
    reader.once('end', () => this.readers.delete(reader));
    const loop = await startRedisSubscription(options, {
      commands: this.commands,
      reader,
      prefix: this.prefix,
      consumer,
      tuning: this.tuning,
    }).catch((error) => {
      reader.disconnect();
      throw error;
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
    this.ensureOpen();
    const stream = streamKey(this.prefix, checkName('topic', options.topic));
    const id = lastIdBefore(options.from);
    try {
      await this.commands.xgroup('SETID', stream, checkName('group', options.group), id);
    } catch (error) {
      if (!/NOGROUP|no such key/i.test(String(error))) throw error;
      await this.commands.xgroup('CREATE', stream, options.group, id, 'MKSTREAM');
    }
  }

  async ensureTopics(topics: string[]): Promise<void> {
    // Streams come into being with their first entry or group; nothing to create ahead of time.
    for (const topic of topics) checkName('topic', topic);
  }

  async deleteTopics(topics: string[]): Promise<void> {
    for (const topic of topics) {
      await this.commands.unlink(streamKey(this.prefix, checkName('topic', topic)));
      const pattern = `${dedupKeyPrefix(this.prefix, topic).replace(/[{}*?[\]]/g, '\\$&')}*`;
      let cursor = '0';
      do {
        const [next, keys] = await this.commands.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length > 0) await this.commands.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  }

  lag(group: string, topic: string): Promise<GroupLag> {
    return streamGroupLag(
      this.commands,
      streamKey(this.prefix, checkName('topic', topic)),
      checkName('group', group),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopping = Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise((resolve) => {
      timer = setTimeout(resolve, this.tuning.shutdownTimeoutMs);
    });
    await Promise.race([stopping, deadline]);
    clearTimeout(timer);
    // Past the deadline a handler is still running: dropping the connections leaves its batch unacknowledged,
    // and another consumer of the group takes it over after ackTimeoutMs.
    for (const reader of this.readers) reader.disconnect();
    this.commands.disconnect();
  }

  private connect(): Redis {
    // RESP2 replies: the stream commands' array shapes are the same on every Redis version.
    const redis = new Redis(this.url, { protocol: 2 });
    redis.on('error', () => {
      // ioredis reconnects by itself; each failed command rejects and is reported where it was issued.
    });
    return redis;
  }

  private ensureOpen(): void {
    if (this.closed)
      throw new EventLogError('EVENT_LOG_CLOSED', 'The event log is closed; create a new one.');
  }
}
