import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { sleep } from './sleep';

// Sliding window over Redis' own clock (TIME), so replicas with skewed clocks agree. Admits and
// records the request atomically, or answers how many ms until the oldest one leaves the window.
// A 429 from MiX blocks the key for everyone until its Retry-After has passed.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > now then return blocked - now end
local limit = tonumber(ARGV[1])
local span = tonumber(ARGV[2]) + tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], span + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + span - now)
`;

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
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const waitMs = Number(
        await this.redis.eval(
          ACQUIRE,
          2,
          this.windowKey,
          this.blockKey,
          this.options.limit,
          this.windowMs,
          `${this.instance}:${++this.seq}`,
          this.marginMs,
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
