import { testEnv } from '@pioneira/testing';
import { createEventLog } from '../src/index';
import { runEventLogContract } from './contract';

const { redisUrl } = testEnv();

runEventLogContract(
  'Redis Streams',
  (prefix) =>
    createEventLog({
      kind: 'redis',
      redisUrl,
      prefix,
      retentionHours: 1,
      ackTimeoutMs: 1000,
      pollTimeoutMs: 500,
      retryDelayMs: 100,
      shutdownTimeoutMs: 200,
    }),
  { dedup: true },
);
