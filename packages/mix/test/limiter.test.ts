import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { testEnv, uniqueName } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { RedisRateLimiter } from '../src';

const key = uniqueName('limiter');
const redisA = new Redis(testEnv().redisUrl);
const redisB = new Redis(testEnv().redisUrl);
after(async () => {
  const keys = await redisA.keys(`${key}*`);
  if (keys.length) await redisA.del(...keys);
  await Promise.all([redisA.quit(), redisB.quit()]);
});

test('two processes sharing a budget stay under it together and still use nearly all of it', async () => {
  const limit = 5;
  const windowMs = 600;
  const a = new RedisRateLimiter(redisA, key, { limit, windowMs, marginMs: 0 });
  const b = new RedisRateLimiter(redisB, key, { limit, windowMs, marginMs: 0 });
  const admitted: number[] = [];
  const take = async (limiter: RedisRateLimiter, n: number) => {
    for (let i = 0; i < n; i++) {
      await limiter.acquire();
      admitted.push(Date.now());
    }
  };
  const started = Date.now();
  await Promise.all([take(a, 15), take(b, 15), take(a, 5)]);
  const elapsed = Date.now() - started;
  admitted.sort((x, y) => x - y);
  for (let i = 0; i + limit < admitted.length; i++) {
    // Allow a few ms of jitter between Redis' clock and ours.
    assert.ok(admitted[i + limit] - admitted[i] >= windowMs - 15, `more than ${limit} in one window at ${i}`);
  }
  // 35 requests at 5 per 600 ms need 6 full windows; a lazy limiter would need far longer.
  assert.ok(elapsed < 6 * windowMs + 900, `took ${elapsed} ms`);
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
