import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DeliveredMessage } from '@pioneira/eventlog';
import { OutboxRelay } from '@pioneira/pipeline';
import { gpsSplitters } from '../src';
import { createHarness, eventually, type Harness } from './harness';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());

test('outbox rows of other topics (parcel tracking events) are relayed whole, beside position rows', async () => {
  const log = h.openLog();
  const received: DeliveredMessage[] = [];
  const sub = await log.subscribe({
    group: 'relay-topics',
    topics: ['tracking-events'],
    handler: async (batch) => {
      received.push(...batch);
    },
  });
  const payload = JSON.stringify({ events: [{ trackingCode: 'BR123456789BR', status: 'entregue' }] });
  await h.db.sql`INSERT INTO outbox (topic, payload) VALUES ('tracking-events', ${Buffer.from(payload)})`;
  const relay = new OutboxRelay(h.db.sql, log, { splitters: gpsSplitters });
  assert.equal(await relay.relayOnce(), 1);
  assert.ok(await eventually(async () => received.length === 1));
  assert.equal(received[0].value.toString(), payload);
  assert.equal(relay.relayed.items.positions ?? 0, 0);
  assert.equal(relay.relayed.items['tracking-events'], 1);
  const [{ n }] = await h.db.sql`SELECT count(*)::int AS n FROM outbox`;
  assert.equal(n, 0);
  await sub.stop();
});
