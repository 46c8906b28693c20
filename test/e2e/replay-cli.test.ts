import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gpsSplitters, LatestConsumer } from '@pioneira/gps';
import { createHarness, eventually, type Harness } from '@pioneira/gps/testing';
import { pioneiraEnv, runPioneira } from '@pioneira/gps/testing/processes';
import { OutboxRelay } from '@pioneira/pipeline';
import { testEnv } from '@pioneira/testing';
import { checkReplay, parseReplayFrom } from '../../apps/cli/src/commands/replay';

// `npx pioneira replay` run as a user would, against this test's database, Redis prefix and event log.
let h: Harness;
let relay: OutboxRelay;
let consumer: LatestConsumer;
let env: NodeJS.ProcessEnv;
before(async () => {
  h = await createHarness();
  const log = h.openLog();
  relay = new OutboxRelay(h.db.sql, log, { pollMs: 200, splitters: gpsSplitters });
  consumer = new LatestConsumer({
    sql: h.db.sql,
    redis: h.redis,
    log,
    prefix: h.prefix,
    ttlSeconds: 3600,
    checkEveryMs: 100,
  });
  await relay.start();
  await consumer.start();
  env = pioneiraEnv({ databaseUrl: h.db.url, redisUrl: testEnv().redisUrl, prefix: h.prefix });
});
after(async () => {
  await consumer.stop();
  await relay.stop();
  await h.close();
});

const replay = (...args: string[]) => runPioneira(['replay', ...args], env);

test('replay re-feeds the latest-position group: positions wiped from Redis come back from the log', async () => {
  const ids = await Promise.all(['replay-1', 'replay-2'].map((d) => h.device(d)));
  const startedAt = new Date(Date.now() - 1_000);
  const now = Date.now();
  for (let i = 0; i < 5; i++)
    await h.ingest.submit(
      [
        { ...fix('replay-1'), fixedAt: new Date(now - 10_000 + i * 1000), latitude: -23.5 - i / 100 },
        { ...fix('replay-2'), fixedAt: new Date(now - 20_000 + i * 1000), latitude: -22.5 - i / 100 },
      ],
      'osmand',
    );
  const before = await eventually(async () => {
    const found = await consumer.store.get(ids);
    return found.size === 2 && found.get(ids[0])?.latitude === -23.54 && found;
  });
  assert.ok(before, 'the consumer projected the newest fixes');

  // Lose the projected positions but keep the "projection complete" marker: no rebuild from PostgreSQL
  // will bring them back, only a re-read of the log.
  await h.redis.del(...ids.map((id) => `${h.prefix}:gps:latest:${id}`));
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal((await consumer.store.get(ids)).size, 0, 'nothing brings them back on its own');

  const result = await replay('--consumer', 'latest-positions', '--from', startedAt.toISOString());
  assert.equal(result.code, 0, result.output);
  // The running consumer starts taking the rewound messages at once, so the count the command reads
  // just after rewinding is at most the 10 it rewound (the outcome below is what matters).
  const rewound = /latest-positions on positions .* (\d+) messages? to deliver again/.exec(result.output);
  assert.ok(rewound && Number(rewound[1]) <= 10, result.output);
  const after = await eventually(async () => {
    const found = await consumer.store.get(ids);
    return found.size === 2 && found;
  });
  assert.ok(after, `replayed positions are back: ${result.output}`);
  assert.deepEqual(after.get(ids[0]), before.get(ids[0]));
  assert.deepEqual(after.get(ids[1]), before.get(ids[1]));
});

test('replay refuses, with a message saying what to do, an unknown group or topic and a time it cannot replay', async () => {
  const unknown = await replay('--consumer', 'latest-position', '--from', '1h');
  assert.equal(unknown.code, 2, unknown.output);
  assert.match(unknown.output, /unknown consumer group "latest-position".*latest-positions \(positions\)/);
  const empty = await replay('--consumer', 'parcels', '--from', '10m');
  assert.equal(empty.code, 2, empty.output);
  assert.match(empty.output, /topic "tracking-events" has no messages .* nothing to replay/);

  // The same checks in process (each CLI start costs seconds).
  const refusals: [() => unknown, RegExp][] = [
    [
      () => checkReplay('latest-positions', 'tracking-events', new Date(), 168),
      /does not read topic "tracking-events"; it reads positions/,
    ],
    [
      () => checkReplay('latest-positions', undefined, new Date(Date.now() - 2 * 3_600_000), 1),
      /outside the event log's retention \(1 h.*earliest start is/,
    ],
    [
      () => checkReplay('latest-positions', undefined, new Date(Date.now() + 60_000), 168),
      /is in the future/,
    ],
    [() => parseReplayFrom('yesterday'), /is not a time: give ISO 8601 with its offset.*local time/],
    [() => parseReplayFrom('2026-02-30 10:00'), /is not a time/],
    [() => parseReplayFrom('2026-01-05T10:00:00'), /is not a time/],
  ];
  for (const [call, message] of refusals) assert.throws(call, message);
  assert.equal(checkReplay('latest-positions', undefined, new Date(Date.now() - 60_000), 1), 'positions');
});

test('replay start times: ISO with offset, local "YYYY-MM-DD HH:mm", or a duration ago', () => {
  const now = new Date('2026-01-05T12:00:00Z');
  assert.equal(parseReplayFrom('2026-01-05T09:00:00-03:00', now).toISOString(), '2026-01-05T12:00:00.000Z');
  assert.equal(parseReplayFrom('2026-01-05T11:30Z', now).toISOString(), '2026-01-05T11:30:00.000Z');
  assert.equal(parseReplayFrom('2026-01-05 09:15', now).getTime(), new Date(2026, 0, 5, 9, 15).getTime());
  assert.equal(parseReplayFrom('90m', now).toISOString(), '2026-01-05T10:30:00.000Z');
  assert.equal(parseReplayFrom('2d', now).toISOString(), '2026-01-03T12:00:00.000Z');
});

function fix(identifier: string) {
  return {
    deviceIdentifier: identifier,
    fixedAt: new Date(),
    latitude: -23.55,
    longitude: -46.63,
    speedKmh: 30,
    course: 90,
    altitude: null,
    accuracy: null,
    attributes: {},
  };
}
