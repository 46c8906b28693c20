import { testEnv } from '@pioneira/testing';
import { createEventLog } from '../src/index';
import { runEventLogContract } from './contract';

// The harness names the NATS server; run alone, the file uses the local one of the development stack.
const natsUrl = testEnv().natsUrl ?? 'nats://127.0.0.1:4222';

runEventLogContract(
  'NATS JetStream',
  (prefix) =>
    createEventLog({
      kind: 'nats',
      natsUrl,
      prefix,
      retentionHours: 1,
      ackTimeoutMs: 1000,
      pollTimeoutMs: 500,
      retryDelayMs: 100,
      shutdownTimeoutMs: 200,
    }),
  { dedup: true },
);
