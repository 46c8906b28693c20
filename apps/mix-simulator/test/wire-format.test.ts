import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createMixSimulator } from '../src/index';
import {
  getOrgPage,
  login,
  parseKeepingIds,
  type Running,
  sleep,
  startSimulator,
  tokenHoursAgo,
} from './helpers';

describe('JSON wire format', () => {
  let run: Running;
  let token: string;
  let eventsBody: string;
  const get = async (path: string) =>
    (await fetch(`${run.base}${path}`, { headers: { authorization: `Bearer ${token}` } })).text();

  before(async () => {
    run = await startSimulator();
    token = await login(run);
    run.sim.generateEvents(400);
    await sleep(2);
    eventsBody = (await getOrgPage(run, token, tokenHoursAgo(1), 1000)).body;
  });
  after(() => run.sim.close());

  it('writes int64 ids as bare 19-digit numbers, many of them negative', async () => {
    assert.match(run.org, /^-\d{19}$/);
    const groups = await get('/api/organisationgroups');
    assert.ok(groups.includes(`"GroupId":${run.org}`), groups);
    const ids = [...eventsBody.matchAll(/"(EventId|AssetId|DriverId|EventTypeId|PositionId)":(-?\d+)/g)].map(
      (m) => m[2],
    );
    assert.ok(ids.length > 1000);
    assert.ok(
      ids.filter((id) => /^-\d{19}$/.test(id)).length > ids.length / 4,
      'too few negative 19-digit ids',
    );
    assert.doesNotMatch(eventsBody, /"(EventId|AssetId|DriverId)":"/, 'ids must not be quoted');
  });

  it('uses PascalCase, omits nulls, writes enums as strings and dates as yyyy-MM-ddTHH:mm:ssZ', async () => {
    assert.doesNotMatch(eventsBody, /null/);
    const events = JSON.parse(eventsBody) as Record<string, unknown>[];
    for (const event of events) {
      assert.match(String(event.StartDateTime), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.ok(
        ['Detail', 'Summary', 'Notify', 'System', 'Diagnostic'].includes(String(event.EventCategory)),
      );
      const start = event.StartPosition as Record<string, number>;
      assert.ok(
        start.Latitude < -22 && start.Latitude > -24.5 && start.Longitude < -45.5 && start.Longitude > -47.8,
      );
      assert.equal(typeof event.TotalOccurances, 'number');
    }
    const drivers = await get(`/api/drivers/organisation/${run.org}`);
    assert.match(drivers, /"ExtendedDriverIdType":"(None|Hex)"/);
  });

  it('makes speeding events exceed their speed limit', async () => {
    const library = parseKeepingIds<{ Description: string; EventTypeId: string }[]>(
      await get(`/api/libraryevents/organisation/${run.org}`),
    );
    assert.ok(library.some((e) => e.Description === 'Frenagem brusca'));
    const speeding = new Set(
      library.filter((e) => e.Description.startsWith('Excesso de velocidade')).map((e) => e.EventTypeId),
    );
    const events =
      parseKeepingIds<{ EventTypeId: string; Value?: number; SpeedLimit?: number; ValueUnits?: string }[]>(
        eventsBody,
      );
    const speedingEvents = events.filter((e) => speeding.has(e.EventTypeId));
    assert.ok(speedingEvents.length > 0, 'no speeding events among 400');
    for (const event of speedingEvents) {
      assert.ok(
        event.Value! > event.SpeedLimit!,
        `speed ${event.Value} does not exceed limit ${event.SpeedLimit}`,
      );
      assert.equal(event.ValueUnits, 'km/h');
    }
  });

  it('sends the paging headers with MiX casing (HasMoreItems: True|False, GetSinceToken)', async () => {
    const url = `${run.base}/api/events/groups/createdsince/organisation/${run.org}/sincetoken/NEW/quantity/10`;
    const rawHeaders = await new Promise<string[]>((resolve, reject) => {
      httpGet(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
        response.resume();
        resolve(response.rawHeaders);
      }).on('error', reject);
    });
    assert.equal(rawHeaders[rawHeaders.indexOf('HasMoreItems') + 1], 'False');
    assert.match(rawHeaders[rawHeaders.indexOf('GetSinceToken') + 1], /^\d{17}$/);
  });

  it('has a Brazilian fleet: accented names, Mercosul plates, known makes', () => {
    const { drivers, assets } = run.sim.fleet;
    assert.equal(drivers.length, 60);
    assert.equal(assets.length, 40);
    assert.ok(
      drivers.some((d) => /[ãçéêíóôõúâ]/i.test(d.Name)),
      'no accented names',
    );
    assert.ok(drivers.some((d) => d.IsSystemDriver));
    for (const asset of assets) assert.match(asset.RegistrationNumber, /^[A-Z]{3}\d[A-Z]\d{2}$/);
    assert.ok(assets.some((a) => /Mercedes-Benz|Volvo|Scania|Volkswagen/.test(a.Make)));
  });

  it('builds the same fleet from the same seed, and a different one from another seed', async () => {
    const a = await createMixSimulator({ seed: 'same', eventsPerMinute: 0 });
    const b = await createMixSimulator({ seed: 'same', eventsPerMinute: 0 });
    const c = await createMixSimulator({ seed: 'other', eventsPerMinute: 0 });
    try {
      assert.deepEqual(a.fleet.drivers, b.fleet.drivers);
      assert.deepEqual(a.generateEvents(5), b.generateEvents(5));
      assert.notDeepEqual(
        a.fleet.drivers.map((d) => d.DriverId),
        c.fleet.drivers.map((d) => d.DriverId),
      );
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
