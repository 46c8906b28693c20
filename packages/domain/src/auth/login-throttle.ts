import { AppError } from '@pioneira/core';
import type { Redis } from 'ioredis';

/**
 * Counts failed logins per account and per IP in Redis, so every API replica sees the same counts.
 * An IP gets more room than an account: offices share one address.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxFailures: number,
    private readonly windowSeconds: number,
  ) {}

  private keys(email: string, ip: string) {
    return [`${this.prefix}:login:account:${email.toLowerCase()}`, `${this.prefix}:login:ip:${ip}`] as const;
  }

  /** Throws 429 with Retry-After when the account or the IP has failed too often within the window. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [accountKey, ipKey] = this.keys(email, ip);
    const r = await this.redis.multi().get(accountKey).ttl(accountKey).get(ipKey).ttl(ipKey).exec();
    const [account, accountTtl, byIp, ipTtl] = (r ?? []).map(([, v]) => v) as [
      string | null,
      number,
      string | null,
      number,
    ];
    const blocked: number[] = [];
    if (Number(account ?? 0) >= this.maxFailures) blocked.push(accountTtl);
    if (Number(byIp ?? 0) >= this.maxFailures * 4) blocked.push(ipTtl);
    if (blocked.length > 0) {
      const retryAfter = Math.max(1, ...blocked);
      throw new AppError(
        429,
        'too_many_attempts',
        `Too many failed logins. Try again in ${retryAfter} seconds.`,
        { retryAfterSeconds: retryAfter },
        { 'retry-after': String(retryAfter) },
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const pipeline = this.redis.multi();
    for (const key of this.keys(email, ip)) pipeline.incr(key).expire(key, this.windowSeconds, 'NX');
    await pipeline.exec();
  }

  async reset(email: string): Promise<void> {
    await this.redis.del(this.keys(email, '')[0]);
  }
}
