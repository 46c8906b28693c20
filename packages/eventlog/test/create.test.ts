import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventLog, EventLogError } from '../src/index';

function rejectsWith(code: string, mention: RegExp) {
  return (error: unknown) =>
    error instanceof EventLogError && error.code === code && mention.test(error.message);
}

describe('createEventLog', () => {
  it('says which variable to set when the server address is missing', () => {
    assert.throws(
      () => createEventLog({ kind: 'redis', prefix: 'p', retentionHours: 1 }),
      rejectsWith('EVENT_LOG_CONFIG_INVALID', /REDIS_URL/),
    );
    assert.throws(
      () => createEventLog({ kind: 'nats', prefix: 'p', retentionHours: 1 }),
      rejectsWith('EVENT_LOG_CONFIG_INVALID', /NATS_URL/),
    );
  });

  it('refuses an unknown kind, a bad retention and a prefix other adapters could not use', () => {
    assert.throws(
      () =>
        createEventLog({ kind: 'rabbit' as 'redis', redisUrl: 'redis://x', prefix: 'p', retentionHours: 1 }),
      rejectsWith('EVENT_LOG_CONFIG_INVALID', /redis, nats or kafka/),
    );
    assert.throws(
      () =>
        createEventLog({ kind: 'redis', redisUrl: 'redis://127.0.0.1:1', prefix: 'p', retentionHours: 0 }),
      rejectsWith('EVENT_LOG_CONFIG_INVALID', /retentionHours/),
    );
    assert.throws(
      () =>
        createEventLog({
          kind: 'redis',
          redisUrl: 'redis://127.0.0.1:1',
          prefix: 'pio.neira',
          retentionHours: 1,
        }),
      rejectsWith('EVENT_LOG_NAME_INVALID', /prefix/),
    );
  });

  it('reports an unreachable NATS server with a code and what to check', async () => {
    const log = createEventLog({
      kind: 'nats',
      natsUrl: 'nats://127.0.0.1:1',
      prefix: 'p',
      retentionHours: 1,
    });
    await assert.rejects(log.ensureTopics(['t']), rejectsWith('EVENT_LOG_UNREACHABLE', /NATS_URL/));
    await log.close();
  });
});
