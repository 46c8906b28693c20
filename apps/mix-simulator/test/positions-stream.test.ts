import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { login, parseKeepingIds, type Running, startSimulator, tokenHoursAgo } from './helpers';

interface WirePosition {
  PositionId: string;
  AssetId: string;
  Timestamp: string;
  Latitude: number;
  Longitude: number;
  FormattedAddress?: string;
}

async function positionsPage(run: Running, token: string, since: string, quantity: number, body?: string) {
  const path = body
    ? `api/positions/groups/createdsince/entitytype/Asset/sincetoken/${since}/quantity/${quantity}`
    : `api/positions/groups/createdsince/organisation/${run.org}/sincetoken/${since}/quantity/${quantity}`;
  const response = await fetch(`${run.base}/${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body,
  });
  return {
    status: response.status,
    hasMore: response.headers.get('HasMoreItems'),
    sinceToken: response.headers.get('GetSinceToken'),
    text: await response.text(),
  };
}

describe('positions created-since stream', () => {
  let run: Running;
  let token: string;
  before(async () => {
    run = await startSimulator({ seed: 'positions-test', drivingVehicles: 0 });
    token = await login(run);
  });
  after(() => run.sim.close());

  it('serves every position once across pages, 30 s apart per trip, without addresses', async () => {
    const keys = run.sim.generatePositions(8, 25, new Date(Date.now() - 3600_000));
    assert.equal(keys.length, 200);
    assert.equal(new Set(keys).size, 200, 'one fix per asset and time');
    const seen: WirePosition[] = [];
    let cursor = tokenHoursAgo(3);
    let pages = 0;
    for (;;) {
      const page = await positionsPage(run, token, cursor, 30, `[${run.org}]`);
      assert.ok(page.status === 200 || page.status === 204, page.text);
      assert.ok(page.hasMore === 'True' || page.hasMore === 'False');
      pages++;
      if (page.status === 200) seen.push(...parseKeepingIds<WirePosition[]>(page.text));
      cursor = page.sinceToken ?? cursor;
      if (page.hasMore !== 'True') break;
    }
    assert.ok(pages >= 6, `${pages} pages`);
    const got = seen.map((p) => `${p.AssetId}@${new Date(p.Timestamp).toISOString()}`);
    assert.deepEqual([...got].sort(), [...run.sim.positionsTruth()].sort());
    assert.ok(seen.every((p) => p.FormattedAddress === undefined));
    const ofOne = seen
      .filter((p) => p.AssetId === seen[0].AssetId)
      .map((p) => new Date(p.Timestamp).getTime())
      .sort((a, b) => a - b);
    assert.equal(ofOne[1] - ofOne[0], 30_000);
  });

  it('refuses what MiX refuses: old tokens, foreign groups, drivers as the entity type', async () => {
    const old = await positionsPage(run, token, tokenHoursAgo(24 * 8), 10);
    assert.equal(old.status, 400);
    assert.match(old.text, /older than 7 days/);
    const foreign = await positionsPage(run, token, tokenHoursAgo(1), 10, '[123456789012345678]');
    assert.equal(foreign.status, 401);
    const empty = await positionsPage(run, token, 'NEW', 10);
    assert.equal(empty.status, 204);
    assert.equal(empty.hasMore, 'False');
    assert.ok(empty.sinceToken);
  });
});
