import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
before(async () => {
  api = await createTestApi();
});
after(() => api.close());

const failLogin = (i: number, remoteAddress: string, forwardedFor?: string) =>
  api.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    payload: { email: `xff-${remoteAddress}-${i}@test.pioneira`, password: 'wrong-pass-123' },
  });

test('a client that is not a trusted proxy cannot pick its address with X-Forwarded-For', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 21; i++)
    statuses.push((await failLogin(i, '203.0.113.9', `198.51.100.${i}`)).statusCode);
  assert.equal(statuses.at(-1), 429, 'the per-IP throttle counts the real peer, whatever the header says');
});

test('a client cannot lock another address out by naming it in X-Forwarded-For', async () => {
  for (let i = 0; i < 21; i++) await failLogin(i, '203.0.113.10', '192.0.2.44');
  const victim = await failLogin(99, '192.0.2.44');
  assert.equal(victim.statusCode, 401, 'the named address was not charged');
});

test('behind the trusted local proxy the forwarded client address is used', async () => {
  for (let i = 0; i < 21; i++) await failLogin(i, '127.0.0.1', '192.0.2.50');
  assert.equal((await failLogin(30, '127.0.0.1', '192.0.2.50')).statusCode, 429);
  assert.equal((await failLogin(31, '127.0.0.1', '192.0.2.51')).statusCode, 401, 'another client is not');
});
