import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApi, PASSWORD, type TestApi } from './helpers';

let api: TestApi;
before(async () => {
  api = await createTestApi();
});
after(() => api.close());

const login = (email: string, password: string, remoteAddress = '127.0.0.1') =>
  api.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password } });

test('200 concurrent guesses at one account: at most 5 are checked, the right one among them is refused', async () => {
  const { email } = await api.login('viewer');
  const attempts = Array.from({ length: 200 }, (_, i) =>
    login(email, i === 120 ? PASSWORD : `wrong-guess-${i}`, `10.1.${Math.floor(i / 50)}.${i % 50}`),
  );
  const statuses = (await Promise.all(attempts)).map((r) => r.statusCode);
  assert.notEqual(statuses[120], 200, 'the right password got through a flood of wrong ones');
  assert.ok(statuses.filter((s) => s === 401).length <= 5, `checked too many: ${statuses.join(',')}`);
  assert.equal(statuses.filter((s) => s !== 401 && s !== 429).length, 0);
});

test('200 concurrent guesses from one IP across accounts: at most 20 are checked', async () => {
  const attempts = Array.from({ length: 200 }, (_, i) =>
    login(`spray-race-${i}@test.pioneira`, 'wrong-pass-123', '10.77.0.1'),
  );
  const statuses = (await Promise.all(attempts)).map((r) => r.statusCode);
  assert.ok(statuses.filter((s) => s === 401).length <= 20, `checked too many: ${statuses.join(',')}`);
  assert.equal(statuses.filter((s) => s === 429).length, 200 - statuses.filter((s) => s === 401).length);
});

test('a right password after a few failures still signs in and clears the account count', async () => {
  const { email } = await api.login('viewer');
  for (let i = 0; i < 4; i++) assert.equal((await login(email, `bad-pass-${i}`)).statusCode, 401);
  assert.equal((await login(email, PASSWORD)).statusCode, 200);
  for (let i = 0; i < 4; i++) assert.equal((await login(email, `bad-again-${i}`)).statusCode, 401);
  assert.equal((await login(email, PASSWORD)).statusCode, 200);
});
