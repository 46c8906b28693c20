import { testEnv } from '@pioneira/testing';
import { createEventLog } from '../src/index';
import { runEventLogContract } from './contract';

// The harness starts a broker (scripts/kafka.sh) or uses KAFKA_BROKERS; without one this file fails.
const { kafkaBrokers } = testEnv();

runEventLogContract(
  'Apache Kafka',
  (prefix) =>
    createEventLog({
      kind: 'kafka',
      kafkaBrokers: kafkaBrokers?.split(','),
      prefix,
      retentionHours: 1,
      partitions: 4,
      ackTimeoutMs: 1000,
      pollTimeoutMs: 500,
      retryDelayMs: 100,
      shutdownTimeoutMs: 200,
    }),
  // Kafka keeps every republished message: consumers deduplicate on id themselves.
  { dedup: false },
);
