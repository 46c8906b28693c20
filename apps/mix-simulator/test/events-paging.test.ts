import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  drain,
  getOrgPage,
  login,
  type Running,
  rawEventIds,
  sleep,
  startSimulator,
  tokenHoursAgo,
} from './helpers';

describe('created-since paging', () => {
  let run: Running;
  let token: string;
  before(async () => {
    run = await startSimulator({ seed: 'paging-test' });
    token = await login(run);
  });
  after(() => run.sim.close());

  it('returns every generated event exactly once across many pages, even with shared milliseconds', async () => {
    const since = tokenHoursAgo(1);
    run.sim.generateEvents(5000);
    await sleep(2);
    const { ids, pages } = await drain(run, token, since, 100);
    assert.ok(pages >= 40, `expected many pages, got ${pages}`);
    assert.equal(new Set(ids).size, ids.length, 'an event was repeated');
    assert.deepEqual([...ids].sort(), [...run.sim.groundTruth()].sort());
  });

  it('loses and repeats nothing while events keep arriving during paging', async () => {
    const start = await getOrgPage(run, token, 'NEW', 100);
    assert.ok(start.sinceToken);
    const before = new Set(run.sim.groundTruth());
    run.sim.setEventRate(30_000);
    const seen: string[] = [];
    let cursor = start.sinceToken;
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      const result = await drain(run, token, cursor, 37);
      seen.push(...result.ids);
      cursor = result.cursor;
      await sleep(20);
    }
    run.sim.setEventRate(0);
    await sleep(5);
    seen.push(...(await drain(run, token, cursor, 37)).ids);
    const created = run.sim.groundTruth().filter((id) => !before.has(id));
    assert.ok(created.length > 100, `only ${created.length} events were generated`);
    assert.equal(new Set(seen).size, seen.length, 'an event was repeated');
    assert.deepEqual([...seen].sort(), created.sort());
  });

  it('answers 204 with both paging headers when nothing is new, and the cursor advances', async () => {
    const since = tokenHoursAgo(0.5);
    const { cursor } = await drain(run, token, since, 1000);
    await sleep(5);
    const page = await getOrgPage(run, token, cursor, 1000);
    assert.equal(page.status, 204);
    assert.equal(page.body, '');
    assert.equal(page.hasMore, 'False');
    assert.match(page.sinceToken ?? '', /^\d{17}$/);
    assert.ok(page.sinceToken! >= cursor);
  });

  it('treats NEW as "from now": no history, only a cursor, and later events follow it', async () => {
    const page = await getOrgPage(run, token, 'NEW', 1000);
    assert.equal(page.status, 204);
    assert.equal(page.hasMore, 'False');
    assert.match(page.sinceToken ?? '', /^\d{17}$/);
    const fresh = run.sim.generateEvents(3);
    await sleep(2);
    const next = await getOrgPage(run, token, page.sinceToken!, 1000);
    assert.equal(next.status, 200);
    assert.deepEqual(rawEventIds(next.body), fresh);
  });

  it('may return a few more items than asked (quantisation) but never skips one', async () => {
    const since = tokenHoursAgo(1);
    const first = await getOrgPage(run, token, since, 50);
    assert.equal(first.status, 200);
    assert.equal(first.hasMore, 'True');
    const count = rawEventIds(first.body).length;
    assert.ok(count >= 50 && count <= 50 + 3 + 20, `page of ${count} for quantity 50`);
  });

  it('rejects since tokens older than 7 days and malformed ones with 400', async () => {
    const old = await getOrgPage(run, token, tokenHoursAgo(8 * 24), 10);
    assert.equal(old.status, 400);
    assert.match(old.body, /ArgumentException: SinceToken must not be older than 7 days/);
    assert.equal((await getOrgPage(run, token, tokenHoursAgo(6 * 24), 10)).status, 200);
    for (const bad of ['2025-01-01', '20250231000000000', 'yesterday']) {
      assert.equal((await getOrgPage(run, token, bad, 10)).status, 400, bad);
    }
    assert.equal((await getOrgPage(run, token, tokenHoursAgo(1), 0)).status, 400);
  });

  it('answers 401 Not Authorised for an unknown or rounded organisation id', async () => {
    const rounded = BigInt(Number(run.org)).toString();
    assert.notEqual(rounded, run.org);
    const url = `${run.base}/api/events/groups/createdsince/organisation/${rounded}/sincetoken/NEW/quantity/10`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 401);
    assert.match(await response.text(), /UnauthorizedAccessException: Not Authorised/);
  });

  it('serves the group POST route from an int64 body, filtering by the site of the asset or driver', async () => {
    const site = run.sim.fleet.sites[1].group.GroupId.toString();
    const post = (entityType: string, body: string) =>
      fetch(
        `${run.base}/api/events/groups/createdsince/entitytype/${entityType}/sincetoken/${tokenHoursAgo(1)}/quantity/1000`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        },
      );
    const whole = await post('Asset', `[${run.org}]`);
    assert.equal(whole.status, 200);
    const assetsAtSite = new Set(
      run.sim.fleet.assets.filter((a) => a.SiteId.toString() === site).map((a) => a.AssetId.toString()),
    );
    const bySite = await (await post('Asset', `[${site}]`)).text();
    const assetIds = [...bySite.matchAll(/"EventId":-?\d+,"EventTypeId"|"AssetId":(-?\d+),"DriverId"/g)]
      .map((m) => m[1])
      .filter(Boolean);
    assert.ok(assetIds.length > 0);
    for (const id of assetIds) assert.ok(assetsAtSite.has(id), `event of asset ${id} is not at site ${site}`);
    assert.equal((await post('Driver', `[${site}]`)).status, 200);
    const rounded = BigInt(Number(site)).toString();
    assert.equal((await post('Asset', `[${rounded}]`)).status, 401);
    assert.equal((await post('Truck', `[${site}]`)).status, 400);
    assert.equal((await post('Asset', '{"ids":[1]}')).status, 400);
  });
});
