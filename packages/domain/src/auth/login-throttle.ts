import { AppError } from '@pioneira/core';
import type { Redis } from 'ioredis';

// Checks both counters and, when neither is full, counts this attempt in both, in one step: a
// flood of concurrent guesses cannot all read "0 failures" before any of them is counted.
// Returns 0 when reserved, otherwise the seconds until the fuller counter expires.
const RESERVE = `
local account = tonumber(redis.call('GET', KEYS[1]) or '0')
local byIp = tonumber(redis.call('GET', KEYS[2]) or '0')
local wait = 0
if account >= tonumber(ARGV[1]) then wait = math.max(wait, redis.call('TTL', KEYS[1])) end
if byIp >= tonumber(ARGV[2]) then wait = math.max(wait, redis.call('TTL', KEYS[2])) end
if account >= tonumber(ARGV[1]) or byIp >= tonumber(ARGV[2]) then return math.max(wait, 1) end
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[3], 'NX')
end
return 0
`;

// Gives back a reservation (the password was right): the key is decremented, never below zero.
const RELEASE = `
for _, key in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', key) or '0')
  if n > 1 then redis.call('DECR', key) elseif n == 1 then redis.call('DEL', key) end
end
return 0
`;

/** One attempt counted in advance; the caller settles it once the password has been checked. */
export interface Reservation {
  /** The password was right: the attempt is not a failure, and the account's count starts over. */
  succeeded(): Promise<void>;
  /** The password was right but the account may not sign in: the attempt is simply not counted. */
  released(): Promise<void>;
}

/**
 * Counts failed logins per account and per IP in Redis, so every API replica sees the same counts.
 * An IP gets more room than an account: offices share one address. Each attempt is counted as a
 * failure *before* the password is checked and given back when it was right, so concurrent guesses
 * are bounded by the limit, not by how many fit between a read and a write.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxFailures: number,
    private readonly windowSeconds: number,
  ) {}

  private keys(scope: string, subject: string, ip: string) {
    return [`${this.prefix}:${scope}:account:${subject.toLowerCase()}`, `${this.prefix}:${scope}:ip:${ip}`];
  }

  /**
   * Reserves one attempt for this subject (an email, a user id) from this IP, or throws 429 with
   * Retry-After when either has failed too often within the window. `scope` keeps login and
   * password-change counts apart.
   */
  async reserve(subject: string, ip: string, scope = 'login'): Promise<Reservation> {
    const [accountKey, ipKey] = this.keys(scope, subject, ip);
    const wait = Number(
      await this.redis.eval(
        RESERVE,
        2,
        accountKey,
        ipKey,
        this.maxFailures,
        this.maxFailures * 4,
        this.windowSeconds,
      ),
    );
    if (wait > 0) throw tooManyAttempts(wait);
    return {
      succeeded: async () => {
        await this.redis.del(accountKey);
        await this.redis.eval(RELEASE, 1, ipKey);
      },
      released: async () => {
        await this.redis.eval(RELEASE, 2, accountKey, ipKey);
      },
    };
  }

  /**
   * Counts one event (a sign-up) from this IP and throws 429 past `limit` within the window; no
   * password check follows, so nothing is given back.
   */
  async countIp(scope: string, ip: string, limit: number): Promise<void> {
    const key = `${this.prefix}:${scope}:ip:${ip}`;
    const [[, count], [, ttl]] = (await this.redis
      .multi()
      .incr(key)
      .expire(key, this.windowSeconds, 'NX')
      .ttl(key)
      .exec()
      .then((r) => [r?.[0] ?? [null, 0], r?.[2] ?? [null, 1]])) as [[unknown, number], [unknown, number]];
    if (count > limit) throw tooManyAttempts(Math.max(1, ttl));
  }
}

function tooManyAttempts(retryAfter: number) {
  return new AppError(
    429,
    'too_many_attempts',
    `Too many failed attempts. Try again in ${retryAfter} seconds.`,
    { retryAfterSeconds: retryAfter },
    { 'retry-after': String(retryAfter) },
  );
}
