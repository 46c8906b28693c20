import type { Config } from '@pioneira/config';
import type { Sql } from '@pioneira/db';
import type { Redis } from 'ioredis';
import { MixClient } from './client';
import { CredentialStore, fingerprintOf } from './credentials';
import { RedisRateLimiter } from './rate-limiter';
import type { RetryPolicy } from './retry';
import { SecretBox } from './secret-box';

export interface ConnectorDeps {
  config: Readonly<Config>;
  sql: Sql;
  redis: Redis;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface ConnectorOptions {
  retry?: Partial<RetryPolicy>;
  /** Requests per minute for this account; MIX_RATE_LIMIT_PER_MINUTE by default. */
  rateLimitPerMinute?: number;
  /** See RateLimiterOptions.marginMs. */
  limiterMarginMs?: number;
}

/** Where the MiX requests of this installation are counted per stream and minute (the console's budget). */
export const mixUsageKey = (redisPrefix: string) => `${redisPrefix}:mix:usage`;

/** The credential store of this installation (MIX_* variables, overridden by the admin's form). */
export function credentialStore(config: Readonly<Config>, sql: Sql): CredentialStore {
  return new CredentialStore(sql, new SecretBox(config.credentialsKey), config.mix);
}

/**
 * A MiX client for the credentials in force now, sharing its request budget through Redis with every
 * other process using the same account. Throws MixNotConfiguredError when credentials are missing.
 */
export async function createMixClient(
  deps: ConnectorDeps,
  options: ConnectorOptions = {},
): Promise<MixClient> {
  const store = credentialStore(deps.config, deps.sql);
  const credentials = await store.resolve();
  const limiter = new RedisRateLimiter(
    deps.redis,
    `${deps.config.redisPrefix}:mix:rate:${fingerprintOf(credentials)}`,
    {
      limit: options.rateLimitPerMinute ?? deps.config.mix.rateLimitPerMinute,
      marginMs: options.limiterMarginMs,
      liveReserve: deps.config.mix.liveReservePerMinute,
      usageKey: mixUsageKey(deps.config.redisPrefix),
    },
  );
  return new MixClient({ credentials, store, limiter, retry: options.retry, log: deps.log });
}
