import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { login, type Running, startSimulator } from './helpers';

describe('rate limit: 20 requests per minute per credential', () => {
  let run: Running;
  before(async () => {
    run = await startSimulator({ rateLimitPerMinute: 20 });
  });
  after(() => run.sim.close());

  it('admits 20 API requests, then answers 429 with the MiX text and a Retry-After', async () => {
    const token = await login(run);
    const call = () =>
      fetch(`${run.base}/api/organisationgroups`, { headers: { authorization: `Bearer ${token}` } });
    const started = Date.now();
    for (let i = 0; i < 20; i++) assert.equal((await call()).status, 200, `request ${i + 1}`);
    const refused = await call();
    assert.equal(refused.status, 429);
    assert.equal(await refused.text(), 'API calls quota exceeded! maximum admitted 20 per Minute.');
    const retryAfter = Number(refused.headers.get('retry-after'));
    const elapsedSeconds = (Date.now() - started) / 1000;
    assert.ok(
      retryAfter >= 1 && retryAfter <= Math.ceil(60 - elapsedSeconds) + 1,
      `Retry-After ${retryAfter}`,
    );
  });

  it('does not count the identity endpoint, and a new token of the same credential shares the quota', async () => {
    const token = await login(run);
    const response = await fetch(`${run.base}/api/organisationgroups`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 429);
  });
});
