import type { Config } from '@pioneira/config';
import { createSql, type Sql } from '@pioneira/db';
import { AccessTokens, AuthService, FleetService, LoginThrottle, UsersService } from '@pioneira/domain';
import { Redis } from 'ioredis';

/** Everything the routes need, built once from the config; tests build their own. */
export interface ApiDeps {
  config: Readonly<Config>;
  sql: Sql;
  redis: Redis;
  auth: AuthService;
  users: UsersService;
  fleet: FleetService;
  close(): Promise<void>;
}

export function createDeps(config: Readonly<Config>): ApiDeps {
  const sql = createSql(config.databaseUrl, {
    max: config.databasePoolSize,
    applicationName: 'pioneira-api',
  });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  const throttle = new LoginThrottle(
    redis,
    config.redisPrefix,
    config.auth.loginMaxFailures,
    config.auth.loginWindowSeconds,
  );
  const accessTokens = new AccessTokens(config.auth.jwtSecret, config.auth.accessTokenTtlSeconds);
  return {
    config,
    sql,
    redis,
    auth: new AuthService(sql, accessTokens, throttle, config.auth),
    users: new UsersService(sql, config.auth),
    fleet: new FleetService(sql),
    async close() {
      await Promise.allSettled([sql.end({ timeout: 5 }), redis.quit()]);
    },
  };
}
