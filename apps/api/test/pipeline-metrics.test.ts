import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { createSql } from '@pioneira/db';
import { createEventLog } from '@pioneira/eventlog';
import { testEnv } from '@pioneira/testing';
import { Registry } from 'prom-client';
import { registerPipelineMetrics } from '../src/plugins/app/pipeline-metrics';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
before(async () => {
  api = await createTestApi();
});
after(() => api.close());

/** The value of one series of the Prometheus text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('/metrics reports consumer lag, outbox depth and age, ETL lag and refused devices, read at scrape time', async () => {
  const { sql } = api.db;
  // Three positions messages nobody consumed yet: the latest-positions group lags by all of them.
  const log = createEventLog({
    kind: 'redis',
    prefix: api.prefix,
    retentionHours: 1,
    redisUrl: testEnv().redisUrl,
  });
  await log.publish([1, 2, 3].map((i) => ({ topic: 'positions', key: `b${i}`, value: `m${i}` })));
  await log.close();
  await sql`INSERT INTO outbox (topic, payload, created_at)
            VALUES ('positions', '\\x00', now() - interval '42 seconds'), ('positions', '\\x00', now())`;
  await sql`INSERT INTO etl_runs (job, status, started_at, finished_at, has_more)
            VALUES ('mix.events', 'succeeded', now() - interval '100 seconds', now() - interval '90 seconds', false),
                   ('mix.events', 'succeeded', now() - interval '20 seconds', now() - interval '10 seconds', true)`;
  await sql`INSERT INTO etl_control (job, has_more) VALUES ('mix.events', true)`;
  await sql`INSERT INTO rejected_devices (identifier, protocol, rejected) VALUES ('ghost-1', 'osmand', 5), ('ghost-2', 'json', 1)`;
  // What a listeners worker flushed: its refusals show here though it serves no /metrics itself.
  await sql`INSERT INTO ingest_refusals (reason, protocol, refused) VALUES ('address_limit', 'teltonika', 7)`;

  const text = (await api.app.inject('/metrics')).body;
  assert.equal(
    sample(
      text,
      'pioneira_event_log_consumer_lag{event_log="redis",group="latest-positions",topic="positions"}',
    ),
    3,
  );
  assert.equal(
    sample(
      text,
      'pioneira_event_log_consumer_lag{event_log="redis",group="parcels",topic="tracking-events"}',
    ),
    0,
  );
  assert.equal(sample(text, 'pioneira_outbox_depth'), 2);
  const age = sample(text, 'pioneira_outbox_oldest_age_seconds') ?? 0;
  assert.ok(age >= 42 && age < 100, `oldest outbox row is about 42 s old, got ${age}`);
  // The ETL lag counts from the last run that caught up, not from the last run: a backlog shows as lag.
  const etlLag = sample(text, 'pioneira_etl_lag_seconds{job="mix.events"}') ?? 0;
  assert.ok(etlLag >= 90 && etlLag < 150, `mix.events caught up about 90 s ago, got ${etlLag}`);
  assert.equal(
    sample(text, 'pioneira_etl_lag_seconds{job="mix.sync"}'),
    undefined,
    'never caught up: no series',
  );
  assert.equal(sample(text, 'pioneira_etl_backlog{job="mix.events"}'), 1);
  assert.equal(sample(text, 'pioneira_ingest_rejected_devices'), 2);
  assert.equal(sample(text, 'pioneira_ingest_refused{reason="address_limit",protocol="teltonika"}'), 7);
  for (const source of ['event_log', 'outbox', 'etl', 'rejected_devices', 'ingest_refusals'])
    assert.equal(sample(text, `pioneira_metrics_source_up{source="${source}"}`), 1, source);

  // The values follow the data on the next scrape: nothing is cached.
  await sql`DELETE FROM outbox`;
  const again = (await api.app.inject('/metrics')).body;
  assert.equal(sample(again, 'pioneira_outbox_depth'), 0);
  assert.equal(sample(again, 'pioneira_outbox_oldest_age_seconds'), 0);
});

test('an event log that never answers does not hold the scrape: its source reports down, the rest is there', {
  timeout: 120_000,
}, async () => {
  // A "NATS server" that accepts connections and never says a word.
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  const stuck = await createTestApi({ EVENT_LOG: 'nats', NATS_URL: `nats://127.0.0.1:${port}` });
  try {
    // The silent server would hold a scrape forever: that this answers at all is the per-source timeout.
    // On a loaded machine the first PostgreSQL connection may itself outlast that timeout, so scrape
    // until PostgreSQL has answered once; the event log must be down in that same scrape.
    let text = '';
    for (let attempt = 0; attempt < 10; attempt++) {
      text = (await stuck.app.inject('/metrics')).body;
      if (sample(text, 'pioneira_metrics_source_up{source="outbox"}') === 1) break;
    }
    assert.equal(sample(text, 'pioneira_metrics_source_up{source="event_log"}'), 0);
    assert.doesNotMatch(text, /pioneira_event_log_consumer_lag\{/);
    assert.equal(sample(text, 'pioneira_metrics_source_up{source="outbox"}'), 1);
    assert.equal(sample(text, 'pioneira_outbox_depth'), 0);
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
    await stuck.close();
  }
});

test('a scrape that times out while the pool is still connecting leaves every connection usable', async () => {
  // 1 ms is shorter than opening a connection: every source query is late before it is even sent.
  // Cancelling such a query (postgres.js query.cancel()) used to leave its connection busy forever;
  // with four of them, the api's pool answered nothing again and /ready stayed 503.
  const sql = createSql(api.db.url, { max: 4 });
  const registry = new Registry();
  const metrics = registerPipelineMetrics({
    registry,
    config: api.app.deps.config,
    sql,
    rejectedPositions: () => 0,
    timeoutMs: 1,
  });
  try {
    const text = await registry.metrics();
    assert.equal(sample(text, 'pioneira_metrics_source_up{source="outbox"}'), 0, 'late, so reported down');
    // Every connection of the pool must still answer: as many queries at once as the pool holds.
    const answers = await Promise.race([
      Promise.all(Array.from({ length: 4 }, (_, i) => sql`SELECT ${i}::int AS i`)),
      new Promise<'wedged'>((resolve) => setTimeout(() => resolve('wedged'), 30_000).unref()),
    ]);
    assert.notEqual(answers, 'wedged', 'the pool still answers after the late scrape');
  } finally {
    await metrics.close();
    await sql.end({ timeout: 5 });
  }
});
