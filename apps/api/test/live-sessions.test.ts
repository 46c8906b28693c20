import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testEnv } from '@pioneira/testing';
import { Redis } from 'ioredis';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let url: string;
let admin: string;
let redis: Redis;
const controllers: AbortController[] = [];
before(async () => {
  api = await createTestApi();
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  admin = (await api.login('admin')).token;
  redis = new Redis(testEnv().redisUrl);
});
after(async () => {
  for (const c of controllers) c.abort();
  redis.disconnect();
  await api.close();
});

/** Opens a live stream; `ended` resolves with everything received once the server closes it. */
async function openStream(token: string) {
  const controller = new AbortController();
  controllers.push(controller);
  const res = await fetch(`${url}/api/live/parcels`, {
    headers: { ...bearer(token), accept: 'text/event-stream' },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return text;
      text += value;
    }
  })();
  // Wait for the greeting, so the stream is registered before the test acts.
  while (!text.includes(': connected')) await new Promise((r) => setImmediate(r));
  return { ended, received: () => text };
}

test('logout closes the user’s open streams at once', { timeout: 30_000 }, async () => {
  const user = await api.login('viewer');
  const stream = await openStream(user.token);
  const out = await api.app.inject({
    method: 'POST',
    url: '/api/auth/logout',
    headers: { cookie: user.cookie, ...bearer(user.token) },
  });
  assert.equal(out.statusCode, 204);
  assert.match(await stream.ended, /event: session-ended/);
});

test('deactivating a user closes their streams, and only theirs', { timeout: 30_000 }, async () => {
  const victim = await api.login('manager');
  const bystander = await api.login('viewer');
  const victimStream = await openStream(victim.token);
  const bystanderStream = await openStream(bystander.token);
  const res = await api.app.inject({
    method: 'PATCH',
    url: `/api/users/${victim.id}`,
    headers: bearer(admin),
    payload: { active: false },
  });
  assert.equal(res.statusCode, 200);
  await victimStream.ended;
  const publisher = setInterval(
    () =>
      void redis.publish(
        `${api.prefix}:live:parcels`,
        JSON.stringify({ type: 'import', importId: 'still-here', importKind: 'tracking', inserted: 1 }),
      ),
    100,
  );
  try {
    while (!bystanderStream.received().includes('still-here')) await new Promise((r) => setTimeout(r, 20));
  } finally {
    clearInterval(publisher);
  }
});

test('a session ended elsewhere (another replica, the database) closes the stream on the next check', {
  timeout: 30_000,
}, async () => {
  const user = await api.login('viewer');
  const stream = await openStream(user.token);
  await api.db.sql`UPDATE sessions SET revoked_at = now() WHERE user_id = ${user.id}`;
  assert.match(await stream.ended, /event: session-ended/);
});
