import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sleep } from './sleep';

// Sliding window over Redis' own clock (TIME), so replicas with skewed clocks agree. Admits and
// records the request atomically, or answers how many ms until the oldest one leaves the window.
// A 429 from MiX blocks the key for everyone until its Retry-After has passed.
// A back-fill request may not take the last `reserve` slots of the window (ARGV[5]): they stay for
// live polling, as long as a live request was seen within two windows (KEYS[4]); when every stream
// is back-filling, the back-fills use the whole budget. An admitted request with a label (ARGV[6], the stream) is counted in the usage hash
// of its minute (KEYS[3]..':'..minute), which the console reads as the budget split per stream.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > now then return blocked - now end
local span = tonumber(ARGV[2]) + tonumber(ARGV[4])
local reserve = tonumber(ARGV[5])
if reserve > 0 and redis.call('EXISTS', KEYS[4]) == 0 then reserve = 0 end
local allowed = math.max(1, tonumber(ARGV[1]) - reserve)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
local n = redis.call('ZCARD', KEYS[1])
if n < allowed then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], span + 1000)
  if ARGV[7] == 'live' then redis.call('SET', KEYS[4], '1', 'PX', span * 2) end
  if ARGV[6] ~= '' and KEYS[3] ~= '' then
    local usage = KEYS[3] .. ':' .. math.floor(now / 60000)
    redis.call('HINCRBY', usage, ARGV[6], 1)
    redis.call('PEXPIRE', usage, 3600000)
  end
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], n - allowed, n - allowed, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + span - now)
`;

const USAGE = `
local t = redis.call('TIME')
local minute = math.floor((tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)) / 60000)
local out = {}
for i = 0, tonumber(ARGV[1]) - 1 do
  local m = minute - i
  table.insert(out, tostring(m))
  table.insert(out, redis.call('HGETALL', KEYS[1] .. ':' .. m))
end
return out
`;

/** Requests admitted per stream in one minute of Redis' clock. */
export interface MinuteUsage {
  minute: Date;
  requests: Record<string, number>;
}

/** The budget's use per stream over the last `minutes` minutes, newest first. */
export async function readUsage(redis: Redis, usageKey: string, minutes: number): Promise<MinuteUsage[]> {
  const raw = (await redis.eval(USAGE, 1, usageKey, minutes)) as Array<string | string[]>;
  const out: MinuteUsage[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const pairs = raw[i + 1] as string[];
    const requests: Record<string, number> = {};
    for (let j = 0; j < pairs.length; j += 2) requests[pairs[j]] = Number(pairs[j + 1]);
    out.push({ minute: new Date(Number(raw[i]) * 60_000), requests });
  }
  return out;
}

/** Who a request is for: its stream (counted in the usage) and whether it may take live slots. */
export interface AcquireOptions {
  label?: string;
  /** A back-fill (recovery or a cursor far behind) leaves the live reserve alone. */
  backfill?: boolean;
}

const BLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000) end
return untilMs
`;

export interface RateLimiterOptions {
  /** Requests admitted per window, across every replica sharing the key. */
  limit: number;
  windowMs?: number;
  /**
   * Extra ms a slot stays taken: covers the time between admission here and arrival at MiX, so
   * MiX's own window (which starts when it receives the request) never sees one request too many.
   */
  marginMs?: number;
  /** Slots per window a back-fill may not take, kept for live polling (0 = none). */
  liveReserve?: number;
  /** Where admitted requests are counted per stream and minute (none when absent). */
  usageKey?: string;
}

/** One request budget per MiX credential, shared by every process through Redis. */
export class RedisRateLimiter {
  private readonly windowKey: string;
  private readonly blockKey: string;
  private readonly windowMs: number;
  private readonly marginMs: number;
  private seq = 0;
  private readonly instance = randomBytes(6).toString('hex');

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
    private readonly options: RateLimiterOptions,
  ) {
    this.windowKey = `${keyPrefix}:window`;
    this.blockKey = `${keyPrefix}:blocked`;
    this.windowMs = options.windowMs ?? 60_000;
    this.marginMs = options.marginMs ?? 400;
  }

  /** Waits exactly until a slot is free, then takes it. Rejects when `signal` aborts. */
  async acquire(signal?: AbortSignal, who: AcquireOptions = {}): Promise<void> {
    const reserve = who.backfill ? Math.min(this.options.liveReserve ?? 0, this.options.limit - 1) : 0;
    for (;;) {
      signal?.throwIfAborted();
      const waitMs = Number(
        await this.redis.eval(
          ACQUIRE,
          4,
          this.windowKey,
          this.blockKey,
          this.options.usageKey ?? '',
          `${this.windowKey}:live`,
          this.options.limit,
          this.windowMs,
          `${this.instance}:${++this.seq}`,
          this.marginMs,
          reserve,
          who.label ?? '',
          who.backfill ? 'backfill' : 'live',
        ),
      );
      if (waitMs <= 0) return;
      await sleep(waitMs, signal);
    }
  }

  /** MiX answered 429: nobody sharing this budget calls again for `ms`. */
  async block(ms: number): Promise<void> {
    await this.redis.eval(BLOCK, 1, this.blockKey, Math.max(1, Math.round(ms)));
  }
}
