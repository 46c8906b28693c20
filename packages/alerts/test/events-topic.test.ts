import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEventLog, type EventLog, type EventLogConfig } from '@pioneira/eventlog';
import { OutboxRelay } from '@pioneira/pipeline';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import { type AlertEvent, parseAlertEvent } from '../src';

const env = testEnv();
const BACKENDS: Array<[string, (prefix: string) => EventLogConfig]> = [
  [
    'Redis Streams',
    (prefix) => ({ kind: 'redis', redisUrl: env.redisUrl, prefix, retentionHours: 1, pollTimeoutMs: 100 }),
  ],
  [
    'NATS JetStream',
    (prefix) => ({ kind: 'nats', natsUrl: env.natsUrl, prefix, retentionHours: 1, pollTimeoutMs: 100 }),
  ],
  [
    'Apache Kafka',
    (prefix) => ({
      kind: 'kafka',
      kafkaBrokers: env.kafkaBrokers?.split(','),
      prefix,
      retentionHours: 1,
      partitions: 2,
      pollTimeoutMs: 200,
    }),
  ],
];

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

async function insertEvents(sources: string[]): Promise<string[]> {
  const rows = await db.sql`
    INSERT INTO telemetry_events (source, external_id, event_type_external_id, started_at)
    SELECT s, ${uniqueName('e')} || ':' || i, 'rules.overspeed', now()
    FROM unnest(${sources}::text[]) WITH ORDINALITY AS u(s, i) RETURNING id`;
  return rows.map((r) => `telemetry:${r.id}`);
}

for (const [name, configOf] of BACKENDS) {
  describe(`the events topic on ${name}`, () => {
    let log: EventLog;
    let relay: OutboxRelay;
    const received: AlertEvent[] = [];
    before(async () => {
      log = createEventLog(configOf(uniqueName('ev')));
      relay = new OutboxRelay(db.sql, log, { pollMs: 100 });
      await relay.start();
      await log.subscribe({
        group: 'alerts',
        topics: ['events'],
        handler: async (batch) => {
          for (const m of batch) {
            const event = parseAlertEvent(m.value);
            if (event) received.push(event);
          }
        },
      });
    });
    after(async () => {
      await relay.stop();
      await log.close();
    });

    test('every new telemetry event of every source, and a returned parcel, is published once', async () => {
      const keys = await insertEvents(['mix', 'rules', 'geofence', 'device']);
      // Re-processing (ON CONFLICT DO UPDATE) of an event already stored announces nothing.
      await db.sql`
        INSERT INTO telemetry_events (source, external_id, event_type_external_id)
        SELECT source, external_id, event_type_external_id FROM telemetry_events
        WHERE 'telemetry:' || id = ANY(${keys}::text[])
        ON CONFLICT (source, external_id) DO UPDATE SET details = 'again'`;
      const code = uniqueName('P').slice(0, 30).toUpperCase();
      await db.sql`INSERT INTO parcels (tracking_code, status, status_at) VALUES (${code}, 'in_transit', now())`;
      await db.sql`UPDATE parcels SET status = 'returned', status_at = now() WHERE tracking_code = ${code}`;
      const deadline = Date.now() + 30_000;
      const mine = () => received.filter((e) => keys.includes(e.key) || e.trackingCode === code);
      while (mine().length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // A moment for a duplicate to show up would be a sleep: the outbox being empty says all went out.
      const [{ n }] = await db.sql`SELECT count(*)::int AS n FROM outbox WHERE topic = 'events'`;
      assert.equal(n, 0);
      const got = mine();
      assert.deepEqual(
        got
          .map((e) => e.key)
          .filter((k) => k.startsWith('telemetry:'))
          .sort(),
        [...keys].sort(),
      );
      assert.deepEqual(
        got
          .map((e) => (e.event as { source?: string }).source)
          .filter(Boolean)
          .sort(),
        ['device', 'geofence', 'mix', 'rules'],
      );
      assert.equal(got.find((e) => e.trackingCode === code)?.type, 'parcel.returned');
    });
  });
}

test('a rolled-back event is never announced', async () => {
  const [{ n: before }] = await db.sql`SELECT count(*)::int AS n FROM outbox`;
  await db.sql
    .begin(async (tx) => {
      await tx`INSERT INTO telemetry_events (source, external_id) VALUES ('rules', ${uniqueName('rb')})`;
      throw new Error('rollback');
    })
    .catch(() => {});
  const [{ n }] = await db.sql`SELECT count(*)::int AS n FROM outbox`;
  assert.equal(n, before);
});
