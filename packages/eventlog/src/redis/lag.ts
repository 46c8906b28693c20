import type { Redis } from 'ioredis';
import type { GroupLag } from '../types';

/** Lag of a group from XINFO GROUPS; counts entries itself when Redis cannot (after a SETID or trimming). */
export async function streamGroupLag(redis: Redis, stream: string, group: string): Promise<GroupLag> {
  let groups: unknown[][];
  try {
    groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  } catch (error) {
    if (String(error).includes('no such key')) return { undelivered: 0, pending: 0, total: 0 };
    throw error;
  }
  const info = groups.map(toRecord).find((fields) => fields.name === group);
  if (!info) {
    // A group created later starts at the earliest retained entry, so everything is its lag.
    const length = await redis.xlen(stream);
    return { undelivered: length, pending: 0, total: length };
  }
  const pending = Number(info.pending);
  const undelivered =
    info.lag === null || info.lag === undefined
      ? await countAfter(redis, stream, String(info['last-delivered-id']))
      : Number(info.lag);
  return { undelivered, pending, total: undelivered + pending };
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
  return record;
}

async function countAfter(redis: Redis, stream: string, lastId: string): Promise<number> {
  let count = 0;
  let start = `(${lastId}`;
  for (;;) {
    const ids = (await redis.xrange(stream, start, '+', 'COUNT', 10_000)).map(([id]) => id);
    count += ids.length;
    if (ids.length < 10_000) return count;
    start = `(${ids[ids.length - 1]}`;
  }
}
