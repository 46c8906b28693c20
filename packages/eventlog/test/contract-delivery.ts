import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLogError } from '../src/index';
import type { ContractContext } from './contract';
import { collect, countBy, eventually, messages } from './received';

const T = { timeout: 15_000 };

export function deliveryContract(context: ContractContext): void {
  describe('delivery', () => {
    it('round-trips key, binary value, headers and id', T, async () => {
      const log = context.open();
      const topic = context.topic();
      const binary = Uint8Array.from({ length: 256 }, (_, i) => i); // NUL bytes and invalid UTF-8 included
      const { received } = await collect(log, { group: context.group(), topics: [topic] });
      const before = Date.now();
      await log.publish([
        {
          topic,
          key: 'veículo/12 3.4',
          value: binary,
          headers: { 'content-type': 'bin', trace: 'a b' },
          id: 'one',
        },
        { topic, key: 'plain', value: 'olá, São Paulo' },
      ]);
      await received.until((all) => all.length === 2, 'two messages');
      const [first, second] = received.messages;
      assert.equal(first.topic, topic);
      assert.equal(first.key, 'veículo/12 3.4');
      assert.deepEqual(new Uint8Array(first.value), binary);
      assert.deepEqual(first.headers, { 'content-type': 'bin', trace: 'a b' });
      assert.equal(first.id, 'one');
      assert.equal(first.redelivered, false);
      assert.ok(
        Math.abs(first.timestamp.getTime() - before) < 5_000,
        `timestamp ${first.timestamp.toISOString()}`,
      );
      assert.ok(first.position.length > 0);
      assert.equal(second.value.toString(), 'olá, São Paulo');
      assert.deepEqual(second.headers, {});
      assert.ok(second.id.length > 0, 'a message without id still gets one');
      assert.notEqual(second.position, first.position);
    });

    it('delivers a batch of 10,000 messages exactly once to a group', { timeout: 60_000 }, async () => {
      const log = context.open();
      const topic = context.topic();
      const group = context.group();
      const sent = messages(topic, 10_000, (i) => `device-${i % 200}`);
      await log.publish(sent);
      assert.equal((await log.lag(group, topic)).total, 10_000, 'a group not yet created lags by everything');
      const { received } = await collect(log, { group, topics: [topic], batchSize: 500 });
      await received.untilIds(
        sent.map((message) => message.id),
        45_000,
      );
      const counts = countBy(received.ids());
      assert.equal(counts.size, 10_000);
      assert.deepEqual(
        [...counts].filter(([, count]) => count > 1),
        [],
        'no message delivered twice',
      );
      await eventually(async () =>
        assert.deepEqual(await log.lag(group, topic), { undelivered: 0, pending: 0, total: 0 }),
      );
    });

    it('keeps the order of each key for one consumer, also across a failed batch', T, async () => {
      const log = context.open();
      const topic = context.topic();
      let calls = 0;
      const { received } = await collect(log, {
        group: context.group(),
        topics: [topic],
        batchSize: 40,
        handler: async () => {
          calls += 1;
          if (calls === 2) throw new Error('second batch fails once');
        },
      });
      const sent = messages(topic, 400, (i) => `k${i % 7}`);
      for (let start = 0; start < sent.length; start += 100)
        await log.publish(sent.slice(start, start + 100));
      await received.untilIds(sent.map((message) => message.id));
      const lastSeqOfKey = new Map<string, number>();
      for (const message of received.messages) {
        const seq = JSON.parse(message.value.toString()).seq as number;
        const last = lastSeqOfKey.get(message.key) ?? -1;
        assert.ok(seq > last, `key ${message.key}: seq ${seq} handled after ${last}`);
        lastSeqOfKey.set(message.key, seq);
      }
      assert.equal(received.messages.length, 400, 'each message handled successfully once');
    });

    it('drops a republished message with the same id (where supported)', T, async (t) => {
      if (!context.dedup) return t.skip('this adapter does not deduplicate');
      const log = context.open();
      const topic = context.topic();
      const { received } = await collect(log, { group: context.group(), topics: [topic] });
      await log.publish([
        { topic, key: 'k', value: 'first', id: 'same' },
        { topic, key: 'k', value: 'again in the same batch', id: 'same' },
      ]);
      await log.publish([{ topic, key: 'k', value: 'retried by the relay', id: 'same' }]);
      await log.publish([{ topic, key: 'k', value: 'sentinel', id: 'sentinel' }]);
      // Same key, one consumer: a duplicate would arrive before the sentinel.
      await received.untilIds(['sentinel']);
      assert.deepEqual(
        received.messages.map((message) => message.value.toString()),
        ['first', 'sentinel'],
      );
    });

    it('starts a new group at the earliest retained message, or at new ones when asked', T, async () => {
      const log = context.open();
      const topic = context.topic();
      await log.publish(messages(topic, 5, () => 'k', 'old'));
      const earliest = await collect(log, { group: context.group(), topics: [topic] });
      const latest = await collect(log, { group: context.group(), topics: [topic], startAt: 'latest' });
      await log.publish([{ topic, key: 'k', value: 'new', id: 'new' }]);
      await earliest.received.untilIds(['old-0', 'old-4', 'new']);
      await latest.received.untilIds(['new']);
      assert.deepEqual(latest.received.ids(), ['new']);
    });

    it('rejects names that would not work on every adapter', T, async () => {
      const log = context.open();
      await assert.rejects(
        log.publish([{ topic: 'bad.topic', key: 'k', value: 'v' }]),
        (error: unknown) => error instanceof EventLogError && error.code === 'EVENT_LOG_NAME_INVALID',
      );
      const topic = context.topic();
      await log.ensureTopics([topic]);
      await log.ensureTopics([topic]);
      const { received } = await collect(log, { group: context.group(), topics: [topic] });
      await log.publish([{ topic, key: 'k', value: 'v', id: 'after-ensure' }]);
      await received.untilIds(['after-ensure']);
    });
  });
}
