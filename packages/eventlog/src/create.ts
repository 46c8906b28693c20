import { EventLogError } from './errors';
import { KafkaEventLog } from './kafka/kafka-event-log';
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
      return new KafkaEventLog(
        kafkaBrokers(config.kafkaBrokers),
        config.prefix,
        partitionCount(config.partitions),
        tuning,
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

function kafkaBrokers(brokers: string[] | undefined): string[] {
  const list = (brokers ?? []).map((broker) => broker.trim()).filter(Boolean);
  if (list.length === 0) {
    throw new EventLogError(
      'EVENT_LOG_CONFIG_INVALID',
      'The Kafka event log needs kafkaBrokers: set KAFKA_BROKERS to host:port[,host:port…].',
    );
  }
  return list;
}

// Partitions bound how many consumers of a group work at once; 12 lets a group grow to 12 replicas.
const DEFAULT_PARTITIONS = 12;

function partitionCount(partitions: number | undefined): number {
  if (partitions === undefined) return DEFAULT_PARTITIONS;
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new EventLogError(
      'EVENT_LOG_CONFIG_INVALID',
      `partitions must be a whole number of at least 1, got ${partitions}.`,
    );
  }
  return partitions;
}
