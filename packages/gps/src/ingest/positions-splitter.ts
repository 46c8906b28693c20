import type { EventLogMessage } from '@pioneira/eventlog';
import { type OutboxRow, TOPICS, type TopicSplitter } from '@pioneira/pipeline';
import { WIRE_RECORD_BYTES, wireDeviceNum } from './wire-record';

/** Messages of the positions topic are keyed by device bucket: one device always has the same key (so
 * its fixes stay in order on a partitioned log) while a batch becomes a few messages, not one per device. */
export const DEVICE_BUCKETS = 16;

/**
 * How the relay publishes a positions outbox row (one ingest group in the binary wire layout): one
 * message per device bucket. The id makes a republish a duplicate.
 */
export const positionsSplitter: TopicSplitter = {
  split(row: OutboxRow): EventLogMessage[] {
    const count = row.payload.length / WIRE_RECORD_BYTES;
    const buckets = new Map<number, Buffer[]>();
    for (let i = 0; i < count; i++) {
      const bucket = wireDeviceNum(row.payload, i) % DEVICE_BUCKETS;
      const record = row.payload.subarray(i * WIRE_RECORD_BYTES, (i + 1) * WIRE_RECORD_BYTES);
      const list = buckets.get(bucket);
      if (list) list.push(record);
      else buckets.set(bucket, [record]);
    }
    return [...buckets].map(([bucket, records]) => ({
      topic: row.topic,
      key: `b${bucket}`,
      value: Buffer.concat(records),
      id: `outbox-${row.id}-${bucket}`,
    }));
  },
  count: (row) => row.payload.length / WIRE_RECORD_BYTES,
};

/** The relay splitters of this package's topics. */
export const gpsSplitters: Record<string, TopicSplitter> = { [TOPICS.positions]: positionsSplitter };
