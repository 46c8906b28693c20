import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type App, buildApp, createDeps } from '@pioneira/api';
import { loadConfig } from '@pioneira/config';
import {
  apiProvisioner,
  bounds,
  buildFleet,
  type FleetSimOptions,
  saoPauloGrid,
  sqlProvisioner,
  startFleetSim,
} from '@pioneira/fleet-sim';
import { startTeltonikaServer, startTrackerServer, type TrackerServer } from '@pioneira/gps';
import { Gt06Session, H02Session, QueclinkSession, SuntechSession } from '@pioneira/protocols';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';

// The real platform in process: the api (JSON batch, OsmAnd, device registry) on a real port, and
// the Teltonika listener on the same ingest path, over this test's own database and Redis prefix.
let db: TestDatabase;
let app: App;
let apiUrl: string;
let teltonika: Awaited<ReturnType<typeof startTeltonikaServer>>;
let closeDeps: () => Promise<void>;
const trackers: Record<string, TrackerServer> = {};
let adminToken: string;

before(async () => {
  db = await createTestDatabase();
  const prefix = uniqueName('fleet');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: testEnv().redisUrl,
    REDIS_PREFIX: prefix,
    JWT_SECRET: 'fleet-sim-test-secret-long-enough-0123456789',
    CREDENTIALS_KEY: 'fleet-sim-test-credentials-key-0123456789',
    LOG_LEVEL: 'silent',
  });
  const deps = createDeps(config);
  closeDeps = async () => {
    const keys = await deps.redis.keys(`${prefix}:*`);
    if (keys.length) await deps.redis.del(...keys);
    await deps.close();
  };
  app = await buildApp(deps);
  apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  teltonika = await startTeltonikaServer(deps.gps.ingest, { host: '127.0.0.1', port: 0 });
  const sessions = {
    gt06: () => new Gt06Session(),
    h02: () => new H02Session(),
    suntech: () => new SuntechSession(),
    queclink: () => new QueclinkSession(),
  };
  for (const [protocol, createSession] of Object.entries(sessions) as [
    keyof typeof sessions,
    () => Gt06Session,
  ][])
    trackers[protocol] = await startTrackerServer(deps.gps.ingest, {
      protocol,
      createSession,
      host: '127.0.0.1',
      port: 0,
    });
  const password = 'Correct-horse-battery-42';
  await deps.users.create({ email: 'admin@fleet-sim.test', name: 'Fleet', role: 'admin', password });
  const login = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@fleet-sim.test', password }),
  });
  adminToken = ((await login.json()) as { accessToken: string }).accessToken;
});

after(async () => {
  await teltonika?.close();
  for (const tracker of Object.values(trackers)) await tracker.close();
  await app?.close();
  await closeDeps?.();
  await db?.drop();
});

const fleetOptions = (seed: number): FleetSimOptions => ({
  apiUrl,
  osmandUrl: `${apiUrl}/ingest/osmand`,
  teltonikaHost: '127.0.0.1',
  teltonikaPort: teltonika.port,
  devices: 9,
  seed,
  speedup: 50,
  startAt: new Date(Date.now() - 3_600_000),
  jsonBatchSize: 4,
});

async function run(options: FleetSimOptions, ms: number) {
  const fleet = await startFleetSim(options);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { fleet, stats: await fleet.stop() };
}

const storedPositions = (identifiers: string[]) => db.sql<
  { identifier: string; fixed_at: Date; lat: number; lon: number; speed: number; course: number }[]
>`
  SELECT d.identifier, p.fixed_at, p.lat_e7 / 1e7 AS lat, p.lon_e7 / 1e7 AS lon,
         p.speed_kmh AS speed, p.course
  FROM positions p JOIN devices d ON d.num = p.device_num
  WHERE d.identifier = ANY(${identifiers}) ORDER BY d.identifier, p.fixed_at`;

describe('fleet → real api and Teltonika listener → positions in PostgreSQL', () => {
  test('provisioned with SQL: every fix of every protocol is stored once, in the box, at city speeds', async () => {
    const { fleet, stats } = await run({ ...fleetOptions(21), provision: sqlProvisioner(db.sql) }, 3000);
    for (const protocol of ['osmand', 'json', 'teltonika'] as const) {
      const s = stats[protocol];
      assert.ok(s.sent > 0, `${protocol} sent nothing`);
      assert.equal(s.acked, s.sent, `${protocol}: ${JSON.stringify(s)}`);
      assert.equal(s.failed, 0);
    }
    const rows = await storedPositions(fleet.devices.map((d) => d.identifier));
    assert.equal(rows.length, stats.total.acked);
    assert.equal(new Set(rows.map((r) => r.identifier)).size, 9);
    const box = bounds(saoPauloGrid());
    for (const r of rows) {
      assert.ok(r.lat >= box.south - 1e-6 && r.lat <= box.north + 1e-6, `lat ${r.lat}`);
      assert.ok(r.lon >= box.west - 1e-6 && r.lon <= box.east + 1e-6, `lon ${r.lon}`);
      assert.ok(Number(r.speed) >= 0 && Number(r.speed) <= 90.5, `speed ${r.speed}`);
      assert.ok([0, 90, 180, 270].includes(r.course));
      assert.ok(r.fixed_at.getTime() < Date.now(), 'fix times stay in the past');
    }
  });

  test('GT06, H02, Suntech and Queclink devices: every fix delivered is stored once', async () => {
    const protocols = { gt06: 1, h02: 1, suntech: 1, queclink: 1 } as const;
    const { fleet, stats } = await run(
      {
        ...fleetOptions(24),
        devices: 8,
        protocols,
        trackerPorts: Object.fromEntries(Object.entries(trackers).map(([p, t]) => [p, t.port])),
        provision: sqlProvisioner(db.sql),
      },
      3000,
    );
    for (const protocol of Object.keys(protocols) as (keyof typeof protocols)[]) {
      const s = stats[protocol];
      assert.ok(s.sent > 0, `${protocol} sent nothing`);
      assert.equal(s.acked, s.sent, `${protocol}: ${JSON.stringify(s)}`);
      assert.equal(s.failed, 0);
    }
    // H02 and Suntech have no acknowledgement: their last writes may still be committing.
    const identifiers = fleet.devices.map((d) => d.identifier);
    const deadline = Date.now() + 15_000;
    let rows = await storedPositions(identifiers);
    while (rows.length < stats.total.acked && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await storedPositions(identifiers);
    }
    assert.equal(rows.length, stats.total.acked);
    assert.equal(new Set(rows.map((r) => r.identifier)).size, 8);
    const box = bounds(saoPauloGrid());
    for (const r of rows) assert.ok(r.lat >= box.south - 1e-5 && r.lat <= box.north + 1e-5, `lat ${r.lat}`);
  });

  test('provisioned through the API (twice: existing JSON devices get a new token), then accepted', async () => {
    const devices = buildFleet({ devices: 9, seed: 22 });
    const provision = apiProvisioner({ apiUrl, accessToken: adminToken });
    const first = await provision(devices);
    const second = await provision(devices);
    const json = devices.filter((d) => d.protocol === 'json').map((d) => d.identifier);
    assert.deepEqual([...second.keys()].sort(), [...json].sort());
    for (const identifier of json) assert.notEqual(first.get(identifier), second.get(identifier));
    const listed = await fetch(`${apiUrl}/api/devices?pageSize=200`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const names = ((await listed.json()) as { items: { identifier: string }[] }).items.map(
      (d) => d.identifier,
    );
    for (const d of devices) assert.ok(names.includes(d.identifier), `${d.identifier} is registered`);

    const { stats } = await run({ ...fleetOptions(22), deviceTokens: second }, 1500);
    assert.ok(stats.json.sent > 0);
    assert.equal(stats.json.acked, stats.json.sent, JSON.stringify(stats.json));
    assert.equal(stats.total.failed, 0, JSON.stringify(stats));
  });

  test('an unregistered fleet is refused: OsmAnd 400 and JSON 401 fail, Teltonika keeps its records', async () => {
    const { stats } = await run({ ...fleetOptions(23), drainMs: 300 }, 1000);
    assert.equal(stats.total.acked, 0);
    assert.equal(stats.osmand.failed, stats.osmand.sent);
    assert.equal(stats.json.failed, stats.json.sent);
    const rows = await storedPositions(buildFleet({ devices: 9, seed: 23 }).map((d) => d.identifier));
    assert.equal(rows.length, 0);
  });
});
