import type { Redis } from 'ioredis';
import type { EventLogMessage } from '../types';
import { dedupKeyPrefix, streamKey } from './keys';

// Dedup marker and XADD in one script, so a message is either marked and appended or neither (a marker
// without its entry would make the retry of a failed publish look like a duplicate). Retention trims by
// time with MINID once per call; `~` lets Redis trim whole nodes, which is cheap.
const PUBLISH_LUA = `
local added = 0
for i = 3, #ARGV, 4 do
  local id = ARGV[i]
  local fresh = true
  if id ~= '' then
    fresh = redis.call('SET', KEYS[2] .. id, '1', 'NX', 'PX', ARGV[2])
  end
  if fresh then
    redis.call('XADD', KEYS[1], '*', 'k', ARGV[i + 1], 'v', ARGV[i + 2], 'h', ARGV[i + 3], 'i', id)
    added = added + 1
  end
end
redis.call('XTRIM', KEYS[1], 'MINID', '~', ARGV[1])
return added
`;

// Bounded so one script call does not hold Redis for long; calls are pipelined, so this costs no round trip.
const MESSAGES_PER_CALL = 500;

type PublishingRedis = Redis & {
  eventLogPublish(
    stream: string,
    dedupPrefix: string,
    ...args: (string | number | Buffer)[]
  ): Promise<number>;
};

export function definePublishScript(redis: Redis): void {
  redis.defineCommand('eventLogPublish', { numberOfKeys: 2, lua: PUBLISH_LUA });
}

/** Appends the messages with one pipelined round trip; per-topic order is the order of `messages`. */
export async function publishToStreams(
  redis: Redis,
  prefix: string,
  messages: EventLogMessage[],
  retentionMs: number,
  dedupWindowMs: number,
): Promise<void> {
  const byTopic = new Map<string, EventLogMessage[]>();
  for (const message of messages) {
    const list = byTopic.get(message.topic);
    if (list) list.push(message);
    else byTopic.set(message.topic, [message]);
  }
  const minId = `${Math.max(0, Date.now() - retentionMs)}-0`;
  const pipeline = redis.pipeline() as unknown as PublishingRedis;
  for (const [topic, list] of byTopic) {
    for (let start = 0; start < list.length; start += MESSAGES_PER_CALL) {
      const args: (string | number | Buffer)[] = [minId, dedupWindowMs];
      for (const message of list.slice(start, start + MESSAGES_PER_CALL)) {
        const headers =
          message.headers && Object.keys(message.headers).length > 0 ? JSON.stringify(message.headers) : '';
        args.push(message.id ?? '', message.key, asBuffer(message.value), headers);
      }
      pipeline.eventLogPublish(streamKey(prefix, topic), dedupKeyPrefix(prefix, topic), ...args);
    }
  }
  const results = (await (pipeline as unknown as ReturnType<Redis['pipeline']>).exec()) ?? [];
  const failure = results.find(([error]) => error);
  if (failure) throw failure[0];
}

function asBuffer(value: Uint8Array | string): Buffer | string {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
