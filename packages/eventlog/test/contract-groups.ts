import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContractContext } from './contract';
import { collect, countBy, eventually, messages, sleep } from './received';

const T = { timeout: 20_000 };

export function groupsContract(context: ContractContext): void {
  describe('consumer groups', () => {
    it('gives every group every message', T, async () => {
      const log = context.open();
      const topic = context.topic();
      const sent = messages(topic, 300, (i) => `d${i % 10}`);
      const first = await collect(log, { group: context.group(), topics: [topic] });
      const second = await collect(context.open(), { group: context.group(), topics: [topic] });
      await log.publish(sent);
      const ids = sent.map((message) => message.id);
      await Promise.all([first.received.untilIds(ids), second.received.untilIds(ids)]);
      assert.equal(first.received.messages.length, 300);
      assert.equal(second.received.messages.length, 300);
    });

    it('splits a group’s work between its consumers, no message handled by both', T, async () => {
      const topic = context.topic();
      const group = context.group();
      // Slow handlers, so that neither consumer can drain the topic alone before the other reads.
      const slow = async () => sleep(20);
      const a = await collect(context.open(), {
        group,
        topics: [topic],
        batchSize: 25,
        consumer: 'a',
        handler: slow,
      });
      const b = await collect(context.open(), {
        group,
        topics: [topic],
        batchSize: 25,
        consumer: 'b',
        handler: slow,
      });
      const publisher = context.open();
      const sent = messages(topic, 1000, (i) => `d${i % 20}`);
      await publisher.publish(sent);
      const all = () => [...a.received.ids(), ...b.received.ids()];
      await eventually(async () => assert.equal(new Set(all()).size, 1000), 10_000);
      assert.ok(a.received.messages.length > 0, 'consumer a took part');
      assert.ok(b.received.messages.length > 0, 'consumer b took part');
      const both = a.received.ids().filter((id) => new Set(b.received.ids()).has(id));
      assert.deepEqual(both, [], 'no message handled by both consumers');
      assert.equal(all().length, 1000);
    });

    it('reads several topics in one subscription', T, async () => {
      const log = context.open();
      const positions = context.topic();
      const parcels = context.topic();
      const { received } = await collect(log, { group: context.group(), topics: [positions, parcels] });
      await log.publish([
        { topic: positions, key: 'v1', value: 'p', id: 'p1' },
        { topic: parcels, key: 'BR123', value: 'e', id: 'e1' },
      ]);
      await received.untilIds(['p1', 'e1']);
      const topicOf = new Map(received.messages.map((message) => [message.id, message.topic]));
      assert.equal(topicOf.get('p1'), positions);
      assert.equal(topicOf.get('e1'), parcels);
    });

    it('replays a group from a point in time: exactly the messages at or after it', T, async () => {
      const log = context.open();
      const topic = context.topic();
      const group = context.group();
      await log.publish(messages(topic, 10, (i) => `k${i % 3}`, 'before'));
      await sleep(50);
      await log.publish(messages(topic, 10, (i) => `k${i % 3}`, 'after'));
      const firstRun = await collect(log, { group, topics: [topic] });
      await firstRun.received.until((all) => all.length === 20, 'all 20 messages');
      await firstRun.subscription.stop();
      const afterMessages = firstRun.received.messages.filter((message) => message.id.startsWith('after-'));
      const from = new Date(Math.min(...afterMessages.map((message) => message.timestamp.getTime())));

      await log.replay({ group, topic, from });
      assert.equal((await log.lag(group, topic)).undelivered, 10);
      const secondRun = await collect(log, { group, topics: [topic] });
      await log.publish([{ topic, key: 'k0', value: 'sentinel', id: 'sentinel' }]);
      await secondRun.received.untilIds(['sentinel']);
      await sleep(200);
      const replayed = secondRun.received.ids().sort();
      const expected = [...afterMessages.map((message) => message.id), 'sentinel'].sort();
      assert.deepEqual(replayed, expected);
    });

    it('reports consumer lag', T, async () => {
      const log = context.open();
      const topic = context.topic();
      const group = context.group();
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const { received } = await collect(log, { group, topics: [topic], batchSize: 10, handler: () => held });
      await log.publish(messages(topic, 25, () => 'k'));
      await sleep(300); // the first batch (up to 10) is in the handler, the rest waits
      const lag = await log.lag(group, topic);
      assert.equal(lag.total, 25);
      assert.ok(lag.pending >= 1 && lag.pending <= 10, `pending ${lag.pending}`);
      assert.equal(lag.undelivered, 25 - lag.pending);
      release();
      await received.until((all) => all.length === 25, 'all 25');
      await eventually(async () => assert.equal((await log.lag(group, topic)).total, 0));
      assert.equal(countBy(received.ids()).size, 25);
    });
  });
}
