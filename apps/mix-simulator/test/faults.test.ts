import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { DEFAULT_FAULTS } from '../src/index';
import {
  getOrgPage,
  login,
  type Running,
  rawEventIds,
  sleep,
  startSimulator,
  tokenHoursAgo,
} from './helpers';

describe('fault injection', () => {
  let run: Running;
  let token: string;
  const groups = () =>
    fetch(`${run.base}/api/organisationgroups`, { headers: { authorization: `Bearer ${token}` } });

  before(async () => {
    run = await startSimulator();
    token = await login(run);
  });
  afterEach(() => run.sim.setFaults({ ...DEFAULT_FAULTS, rateLimitStorm: 0 }));
  after(() => run.sim.close());

  it('answers 5xx at the configured rate, on the API and the token endpoint', async () => {
    run.sim.setFaults({ serverErrorRate: 1 });
    const response = await groups();
    assert.ok(response.status >= 500 && response.status <= 503, `status ${response.status}`);
    const tokenResponse = await fetch(`${run.base}/core/connect/token`, {
      method: 'POST',
      body: new URLSearchParams(),
    });
    assert.ok(tokenResponse.status >= 500);
    run.sim.setFaults({ serverErrorRate: 0 });
    assert.equal((await groups()).status, 200);
  });

  it('resets connections without an answer', async () => {
    run.sim.setFaults({ connectionResetRate: 1 });
    await assert.rejects(groups());
  });

  it('delays every answer by latencyMs', async () => {
    run.sim.setFaults({ latencyMs: 300 });
    const started = Date.now();
    assert.equal((await groups()).status, 200);
    assert.ok(Date.now() - started >= 290);
  });

  it('answers 429 to every API request during a rate-limit storm, then recovers', async () => {
    run.sim.setFaults({ rateLimitStorm: 1 });
    const refused = await groups();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    await sleep(1050);
    assert.equal((await groups()).status, 200);
  });

  it('repeats the last event of a page at the start of the next when duplicateAcrossPages is on', async () => {
    run.sim.generateEvents(300);
    await sleep(2);
    run.sim.setFaults({ duplicateAcrossPages: true });
    const first = await getOrgPage(run, token, tokenHoursAgo(1), 50);
    const second = await getOrgPage(run, token, first.sinceToken!, 50);
    const firstIds = rawEventIds(first.body);
    assert.equal(rawEventIds(second.body)[0], firstIds[firstIds.length - 1]);
  });

  it('is driven over HTTP by /__sim endpoints (faults, backlog, ground truth)', async () => {
    const set = await fetch(`${run.base}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serverErrorRate: 1 }),
    });
    assert.equal(set.status, 200);
    assert.ok((await groups()).status >= 500);
    const invalid = await fetch(`${run.base}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"serverErrorRate":"lots"}',
    });
    assert.equal(invalid.status, 400);
    await fetch(`${run.base}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"serverErrorRate":0}',
    });

    const added = (await (
      await fetch(`${run.base}/__sim/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"count":7}',
      })
    ).json()) as { eventIds: string[] };
    assert.equal(added.eventIds.length, 7);
    const truth = (await (await fetch(`${run.base}/__sim/ground-truth`)).json()) as { eventIds: string[] };
    for (const id of added.eventIds) assert.ok(truth.eventIds.includes(id));
    assert.deepEqual(truth.eventIds, run.sim.groundTruth());
  });

  it('hides the control endpoints when controlEndpoints is false', async () => {
    const production = await startSimulator({ controlEndpoints: false });
    try {
      assert.equal((await fetch(`${production.base}/__sim/ground-truth`)).status, 404);
    } finally {
      await production.sim.close();
    }
  });
});
