import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveredMessage } from '../src/index';
import type { ContractContext } from './contract';
import { collect, eventually, messages, sleep } from './received';

const T = { timeout: 20_000 };

export function recoveryContract(context: ContractContext): void {
  describe('failures', () => {
    it('redelivers a batch whose handler threw', T, async () => {
      const log = context.open();
      const topic = context.topic();
      const group = context.group();
      const attempts: DeliveredMessage[][] = [];
      const { received } = await collect(log, {
        group,
        topics: [topic],
        handler: async (batch) => {
          attempts.push(batch);
          if (attempts.length === 1) throw new Error('database briefly unavailable');
        },
      });
      await log.publish(messages(topic, 5, () => 'k'));
      await received.untilIds(['m-0', 'm-1', 'm-2', 'm-3', 'm-4']);
      assert.ok(attempts.length >= 2);
      assert.equal(attempts[0][0].redelivered, false);
      assert.equal(received.messages[0].redelivered, true, 'the retried message is marked redelivered');
      await eventually(async () => assert.equal((await log.lag(group, topic)).total, 0));
    });

    it('hands the unacknowledged batch of a crashed consumer to another consumer', T, async () => {
      const topic = context.topic();
      const group = context.group();
      const crashing = context.open();
      let taken: DeliveredMessage[] = [];
      let unblock: (error: Error) => void = () => {};
      const hung = new Promise<void>((_, reject) => {
        unblock = reject;
      });
      hung.catch(() => {});
      await crashing.subscribe({
        group,
        topics: [topic],
        batchSize: 50,
        onError: () => {},
        handler: async (batch) => {
          taken = batch;
          await hung; // never finishes: the process "dies" holding the batch
        },
      });
      const publisher = context.open();
      const sent = messages(topic, 20, (i) => `d${i % 4}`);
      await publisher.publish(sent);
      await eventually(
        async () => assert.ok(taken.length > 0, 'the crashing consumer holds a batch'),
        10_000,
      );
      // close() gives up on the hung handler after shutdownTimeoutMs and drops the connections, unacked.
      await crashing.close();

      const survivor = await collect(context.open(), { group, topics: [topic] });
      await survivor.received.untilIds(
        sent.map((message) => message.id),
        10_000,
      );
      const takenIds = new Set(taken.map((message) => message.id));
      const retaken = survivor.received.messages.filter((message) => takenIds.has(message.id));
      assert.equal(retaken.length, takenIds.size, 'each message of the crashed batch handled once more');
      assert.ok(
        retaken.every((message) => message.redelivered),
        'messages taken over from a crashed consumer are marked redelivered',
      );
      unblock(new Error('the crashed process is gone'));
    });

    it('stop() finishes and acknowledges the batch in hand, then reads no more', T, async () => {
      const log = context.open();
      const topic = context.topic();
      const group = context.group();
      let handlerRunning: () => void = () => {};
      const running = new Promise<void>((resolve) => {
        handlerRunning = resolve;
      });
      let finished = 0;
      let calls = 0;
      let handled = 0;
      const subscription = await log.subscribe({
        group,
        topics: [topic],
        batchSize: 10,
        handler: async (batch) => {
          calls += 1;
          handled += batch.length;
          handlerRunning();
          await sleep(300);
          finished += 1;
        },
      });
      await log.publish(messages(topic, 10, () => 'k'));
      await running;
      await subscription.stop();
      assert.equal(finished, 1, 'stop() waited for the handler');
      // A batch may hold fewer than the 10 published (a log may hand out what it has so far).
      assert.deepEqual(
        await log.lag(group, topic),
        { undelivered: 10 - handled, pending: 0, total: 10 - handled },
        'the batch in hand was acknowledged',
      );
      await log.publish(messages(topic, 3, () => 'k', 'late'));
      await sleep(300);
      assert.equal(calls, 1, 'no batch handled after stop()');
      assert.equal((await log.lag(group, topic)).undelivered, 13 - handled);
    });
  });
}
