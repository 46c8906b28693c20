import type { Redis } from 'ioredis';
import { ConsumerLoop } from '../consumer-loop';
import type { SubscribeOptions, Tuning } from '../types';
import { decodeEntry, type RawEntry, type ReadEntry } from './entries';
import { streamKey } from './keys';

export interface RedisSubscriptionParts {
  /** Shared connection: used only to interrupt the reader's blocking read on stop(). */
  commands: Redis;
  /** This subscription's own connection: blocking reads must not hold up anybody else. */
  reader: Redis;
  prefix: string;
  consumer: string;
  tuning: Tuning;
}

type StreamsReply = [stream: Buffer, entries: RawEntry[]][] | null;
type AutoClaimReply = [cursor: Buffer, entries: RawEntry[], deleted?: Buffer[]];

/**
 * A consumer of a Redis Streams consumer group. Each step does one of three reads, in this priority:
 * its own pending entries (a failed batch, or what a previous run under the same consumer name left),
 * entries idle longer than `ackTimeoutMs` in other consumers' pending lists (a crashed consumer: taken
 * over with XAUTOCLAIM, checked every ackTimeoutMs/2), then new entries with a blocking XREADGROUP.
 */
export async function startRedisSubscription(
  options: SubscribeOptions,
  parts: RedisSubscriptionParts,
): Promise<ConsumerLoop> {
  const { commands, reader, prefix, consumer, tuning } = parts;
  const { group } = options;
  const batchSize = options.batchSize ?? 100;
  const streams = options.topics.map((topic) => streamKey(prefix, topic));
  const topicOf = new Map(options.topics.map((topic, i) => [streams[i], topic]));
  const startId = options.startAt === 'latest' ? '$' : '0';
  for (const stream of streams) await createGroup(reader, stream, group, startId);

  let readerId = await reader.client('ID');
  reader.on('ready', () => {
    reader.client('ID').then((id) => {
      readerId = id;
    }, options.onError);
  });
  let blocked = false;
  let ownPendingFirst = true;
  let claimDueAt = 0;
  const claimIntervalMs = Math.max(100, tuning.ackTimeoutMs / 2);
  const cursors = new Map(streams.map((stream) => [stream, '0-0']));

  const loop = new ConsumerLoop(
    options.handler,
    options.onError ?? console.error,
    tuning.retryDelayMs,
    async () => {
      if (blocked) await commands.client('UNBLOCK', readerId);
    },
    async () => {
      await forgetConsumerIfIdle(reader, streams, group, consumer);
      reader.disconnect();
    },
  );

  async function process(entries: ReadEntry[], stream: (entry: ReadEntry) => string): Promise<void> {
    const trimmed = entries.filter((entry) => !entry.message);
    if (trimmed.length > 0) await ack(trimmed, stream);
    const live = entries.filter((entry) => entry.message);
    if (live.length === 0) return;
    await loop.handle(
      live.map((entry) => entry.message!),
      {
        ack: () => ack(live, stream),
        fail: async () => {
          ownPendingFirst = true;
        },
      },
    );
  }

  async function ack(entries: ReadEntry[], stream: (entry: ReadEntry) => string): Promise<void> {
    const idsByStream = new Map<string, string[]>();
    for (const entry of entries) {
      const key = stream(entry);
      idsByStream.set(key, [...(idsByStream.get(key) ?? []), entry.entryId]);
    }
    const pipeline = reader.pipeline();
    for (const [key, ids] of idsByStream) pipeline.xack(key, group, ...ids);
    await pipeline.exec();
  }

  async function readGroup(
    ids: string[],
    block: boolean,
  ): Promise<{ entries: ReadEntry[]; streamOf: Map<ReadEntry, string> }> {
    const args = [
      'GROUP',
      group,
      consumer,
      'COUNT',
      batchSize,
      ...(block ? ['BLOCK', tuning.pollTimeoutMs] : []),
    ];
    blocked = block;
    const reply = (await reader
      .callBuffer('XREADGROUP', [...args, 'STREAMS', ...streams, ...ids])
      .finally(() => {
        blocked = false;
      })) as StreamsReply;
    const entries: ReadEntry[] = [];
    const streamOf = new Map<ReadEntry, string>();
    for (const [streamBuffer, raws] of reply ?? []) {
      const stream = streamBuffer.toString();
      for (const raw of raws) {
        const entry = decodeEntry(topicOf.get(stream)!, raw, !block);
        entries.push(entry);
        streamOf.set(entry, stream);
      }
    }
    return { entries, streamOf };
  }

  async function claimStale(): Promise<boolean> {
    for (const stream of streams) {
      const cursor = cursors.get(stream)!;
      const reply = (await reader.callBuffer('XAUTOCLAIM', [
        stream,
        group,
        consumer,
        tuning.ackTimeoutMs,
        cursor,
        'COUNT',
        batchSize,
      ])) as AutoClaimReply;
      cursors.set(stream, reply[0].toString());
      const entries = reply[1].filter(Boolean).map((raw) => decodeEntry(topicOf.get(stream)!, raw, true));
      if (entries.length > 0) {
        await process(entries, () => stream);
        return true;
      }
    }
    if ([...cursors.values()].every((cursor) => cursor === '0-0')) claimDueAt = Date.now() + claimIntervalMs;
    return false;
  }

  loop.run(async () => {
    if (ownPendingFirst) {
      const { entries, streamOf } = await readGroup(
        streams.map(() => '0'),
        false,
      );
      if (entries.length === 0) ownPendingFirst = false;
      else return process(entries, (entry) => streamOf.get(entry)!);
    }
    if (Date.now() >= claimDueAt && (await claimStale())) return;
    if (loop.isStopping) return;
    const { entries, streamOf } = await readGroup(
      streams.map(() => '>'),
      true,
    );
    await process(entries, (entry) => streamOf.get(entry)!);
  });
  return loop;
}

async function createGroup(redis: Redis, stream: string, group: string, startId: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, group, startId, 'MKSTREAM');
  } catch (error) {
    if (!String(error).includes('BUSYGROUP')) throw error;
  }
}

// Consumer names accumulate in a group; a consumer that leaves nothing pending removes its own.
async function forgetConsumerIfIdle(redis: Redis, streams: string[], group: string, consumer: string) {
  for (const stream of streams) {
    const pending = (await redis.xpending(stream, group, '-', '+', 1, consumer)) as unknown[];
    if (pending.length === 0) await redis.xgroup('DELCONSUMER', stream, group, consumer);
  }
}
