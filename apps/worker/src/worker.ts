import type { Config } from '@pioneira/config';
import { ConnectionErrors } from '@pioneira/core';
import { createSql } from '@pioneira/db';
import { Redis } from 'ioredis';
import pino from 'pino';
import type { WorkerContext } from './role';
import { LEGACY_ROLE_NAMES, roles } from './roles';

export const roleNames = () => roles.map((r) => r.name);

/** Starts the chosen roles (all by default) and returns a stop() that shuts them down in reverse order. */
export async function startWorker(config: Readonly<Config>, chosen?: string[]) {
  const only = chosen?.map((name) => LEGACY_ROLE_NAMES[name] ?? name);
  const unknown = (only ?? []).filter((n) => !roles.some((r) => r.name === n));
  if (unknown.length)
    throw new Error(`Unknown worker role(s) ${unknown.join(', ')}; known: ${roleNames().join(', ')}`);
  const logger = pino({ level: config.logLevel, name: 'worker' });
  const connections = new ConnectionErrors(
    (message, fields) => logger.warn(fields, message),
    (message, fields) => logger.info(fields, message),
  );
  const ctx: WorkerContext = {
    config,
    sql: createSql(config.databaseUrl, { max: config.databasePoolSize, applicationName: 'pioneira-worker' }),
    redis: connections.watch(new Redis(config.redisUrl, { maxRetriesPerRequest: null }), 'redis'),
    log: (message, fields) => logger.info(fields ?? {}, message),
    connections,
  };
  const started: Array<{ name: string; stop(): Promise<void> }> = [];
  try {
    for (const role of roles.filter((r) => !only?.length || only.includes(r.name))) {
      started.push({ name: role.name, ...(await role.start(ctx)) });
      ctx.log(`role ${role.name} started`);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  async function stopAll() {
    for (const role of started.reverse()) {
      await role.stop().catch((e) => logger.error({ err: e }, `role ${role.name} did not stop cleanly`));
    }
    await Promise.allSettled([ctx.sql.end({ timeout: 10 }), ctx.redis.quit()]);
  }
  return { roles: started.map((r) => r.name), stop: stopAll };
}
