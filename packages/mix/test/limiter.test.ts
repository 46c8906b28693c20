import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { testEnv, uniqueName } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { RedisRateLimiter, readUsage } from '../src';

const key = uniqueName('limiter');
const redisA = new Redis(testEnv().redisUrl);
const redisB = new Redis(testEnv().redisUrl);
after(async () => {
  const keys = await redisA.keys(`${key}*`);
  if (keys.length) await redisA.del(...keys);
  await Promise.all([redisA.quit(), redisB.quit()]);
});

test('two processes sharing a budget never admit more than the limit in any window of Redis time', async () => {
  const limit = 5;
  const windowMs = 1000;
  const a = new RedisRateLimiter(redisA, key, { limit, windowMs, marginMs: 0 });
  const b = new RedisRateLimiter(redisB, key, { limit, windowMs, marginMs: 0 });
  // Admission times as Redis recorded them (its own clock, the one the limiter decides by): each
  // taker reads the window right after its admission, while its own entry is certainly still there.
  const admitted = new Map<string, number>();
  const take = async (limiter: RedisRateLimiter, n: number) => {
    for (let i = 0; i < n; i++) {
      await limiter.acquire();
      const entries = await redisA.zrange(`${key}:window`, '0', '-1', 'WITHSCORES');
      for (let j = 0; j < entries.length; j += 2) admitted.set(entries[j], Number(entries[j + 1]));
    }
  };
  await Promise.all([take(a, 10), take(b, 10), take(a, 4)]);
  assert.equal(admitted.size, 24, 'every admission was recorded once');
  const times = [...admitted.values()].sort((x, y) => x - y);
  for (let i = 0; i + limit < times.length; i++)
    assert.ok(times[i + limit] - times[i] >= windowMs, `more than ${limit} in one window at ${i}: ${times}`);
});

test('a 429 blocks every sharer until its Retry-After has passed', async () => {
  const shared = `${key}:blocked-test`;
  const a = new RedisRateLimiter(redisA, shared, { limit: 100 });
  const b = new RedisRateLimiter(redisB, shared, { limit: 100 });
  await a.block(400);
  const started = Date.now();
  await b.acquire();
  assert.ok(Date.now() - started >= 380, 'waited for the block');
});

test('a back-fill leaves the live reserve: it waits at limit - reserve while live requests still pass', async () => {
  const shared = `${key}:reserve`;
  const limiter = new RedisRateLimiter(redisA, shared, {
    limit: 5,
    windowMs: 60_000,
    marginMs: 0,
    liveReserve: 2,
    usageKey: `${shared}:usage`,
  });
  // Live polling is going on (a request was seen), so the reserve holds.
  await limiter.acquire(undefined, { label: 'mix.events' });
  for (let i = 0; i < 2; i++) await limiter.acquire(undefined, { label: 'mix.positions', backfill: true });
  // The window now holds 3 of 5: a back-fill request must wait for the window to move.
  const stop = new AbortController();
  const waiting = limiter.acquire(stop.signal, { label: 'mix.positions', backfill: true });
  let backfillAdmitted = false;
  void waiting.then(
    () => {
      backfillAdmitted = true;
    },
    () => {},
  );
  // Live polling still gets the two reserved slots.
  await limiter.acquire(undefined, { label: 'mix.events' });
  await limiter.acquire(undefined, { label: 'mix.trips' });
  assert.equal(backfillAdmitted, false, 'the back-fill did not take a reserved slot');
  stop.abort(new Error('test over'));
  await assert.rejects(waiting);
  // The test may straddle a minute: sum the last two.
  const sum: Record<string, number> = {};
  for (const m of await readUsage(redisA, `${shared}:usage`, 2))
    for (const [label, n] of Object.entries(m.requests)) sum[label] = (sum[label] ?? 0) + n;
  assert.deepEqual(sum, { 'mix.positions': 2, 'mix.events': 2, 'mix.trips': 1 });
});

test('with no live polling seen, back-fills use the whole budget', async () => {
  const shared = `${key}:reserve-idle`;
  const limiter = new RedisRateLimiter(redisA, shared, {
    limit: 5,
    windowMs: 60_000,
    marginMs: 0,
    liveReserve: 2,
  });
  for (let i = 0; i < 5; i++) await limiter.acquire(undefined, { label: 'mix.trips', backfill: true });
  assert.equal(await redisA.zcard(`${shared}:window`), 5);
});
