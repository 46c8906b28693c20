import { EventLogError } from './errors';
import { NatsEventLog } from './nats/nats-event-log';
import { RedisEventLog } from './redis/redis-event-log';
import { type EventLog, type EventLogConfig, tuningOf } from './types';

/** Opens the event log the configuration names (`kind`), with one shared interface for every adapter. */
export function createEventLog(config: EventLogConfig): EventLog {
  if (!(config.retentionHours > 0)) {
    throw new EventLogError(
      'EVENT_LOG_CONFIG_INVALID',
      `retentionHours must be a positive number of hours, got ${config.retentionHours}.`,
    );
  }
  const tuning = tuningOf(config);
  switch (config.kind) {
    case 'redis':
      return new RedisEventLog(required(config.redisUrl, 'redisUrl', 'REDIS_URL'), config.prefix, tuning);
    case 'nats':
      return new NatsEventLog(required(config.natsUrl, 'natsUrl', 'NATS_URL'), config.prefix, tuning);
    case 'kafka':
      throw new EventLogError(
        'EVENT_LOG_KIND_UNAVAILABLE',
        'The Kafka event log is not available yet: set EVENT_LOG=redis (default) or EVENT_LOG=nats.',
      );
    default:
      throw new EventLogError(
        'EVENT_LOG_CONFIG_INVALID',
        `Unknown event log kind "${String((config as { kind: unknown }).kind)}": use redis, nats or kafka.`,
      );
  }
}

function required(value: string | undefined, field: string, variable: string): string {
  if (!value) {
    throw new EventLogError('EVENT_LOG_CONFIG_INVALID', `The event log needs ${field}: set ${variable}.`);
  }
  return value;
}
