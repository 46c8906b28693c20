import type { Config } from '@pioneira/config';
import type { ConnectionErrors } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { Redis } from 'ioredis';

/**
 * What every worker role gets: the config, one PostgreSQL pool, one Redis connection, a logger, and
 * the connection-error reporter every Redis client, BullMQ queue and worker a role creates is watched by.
 */
export interface WorkerContext {
  config: Readonly<Config>;
  sql: Sql;
  redis: Redis;
  log: (message: string, fields?: Record<string, unknown>) => void;
  connections: ConnectionErrors;
}

/** A part of the worker that can be scaled apart (`pioneira worker --roles mix,relay`). */
export interface WorkerRole {
  name: string;
  summary: string;
  /** Starts the role; the returned stop() finishes in-flight work, commits, and closes. */
  start(ctx: WorkerContext): Promise<{ stop(): Promise<void> }>;
}
