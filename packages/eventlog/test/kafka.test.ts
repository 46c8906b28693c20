import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { testEnv, uniqueName } from '@pioneira/testing';
import { createEventLog, type EventLog, EventLogError } from '../src/index';
import { runEventLogContract } from './contract';
import { collect, messages } from './received';

// The harness starts a broker (scripts/kafka.sh) or uses KAFKA_BROKERS; without one this file fails.
const { kafkaBrokers } = testEnv();

const openKafka = (prefix: string): EventLog =>
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
  });

// Kafka keeps every republished message: consumers deduplicate on id themselves.
runEventLogContract('Apache Kafka', openKafka, { dedup: false });

describe('Kafka: replay and running consumers', () => {
  const topic = uniqueName('topic');
  let log: EventLog | undefined;
  after(async () => {
    await log?.deleteTopics([topic]);
    await log?.close();
  });

  it('refuses to move a group that has consumers, and replays once they stopped', {
    timeout: 20_000,
  }, async () => {
    log = openKafka(uniqueName('el'));
    const group = uniqueName('group');
    const sent = messages(topic, 6, (i) => `k${i % 2}`);
    await log.publish(sent);
    const first = await collect(log, { group, topics: [topic] });
    await first.received.untilIds(sent.map((message) => message.id));
    await assert.rejects(
      log.replay({ group, topic, from: new Date(0) }),
      (error: unknown) => error instanceof EventLogError && error.code === 'EVENT_LOG_GROUP_ACTIVE',
    );
    await first.subscription.stop();
    await log.replay({ group, topic, from: new Date(0) });
    assert.equal((await log.lag(group, topic)).undelivered, 6);
    const second = await collect(log, { group, topics: [topic] });
    await second.received.untilIds(sent.map((message) => message.id));
    assert.ok(
      second.received.messages.every((message) => message.redelivered),
      'a replayed message is marked as handled before',
    );
  });
});
