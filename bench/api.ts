/**
 * `npm run bench -- api --json`: 100k drivers, 10M events and 20M positions (10k tracked vehicles,
 * one fix every 43 s over a day) loaded once and reused while the counts match. Measured over real
 * HTTP under concurrency: driver search (8 clients, then 1), a driver's 90-day infractions, a vehicle's
 * one-day track and the latest positions of the 10k vehicles. Each figure is printed beside its
 * same-run baseline, `SELECT 1` round trips over the API's own pool at the same concurrency, and the
 * query plans come from the statements the code actually ran. Targets: DESIGN.md §6.
 */
import { parseArgs } from 'node:util';
import { createSql, type Sql } from '@pioneira/db';
import { FleetService } from '@pioneira/domain';
import { LatestStore } from '@pioneira/gps';
import type { Bench } from '../scripts/bench';
import { startBenchApi } from './lib/api-server';
import { benchDatabase } from './lib/database';
import { driverName, loadFleet, mixId } from './lib/fleet-data';
import { closedLoop, rng } from './lib/load';

const PREFIX = 'bench-api';

/** `devices` trackers on the first vehicles, `perDevice` fixes each over the day before `anchor`. */
async function loadPositions(sql: Sql, devices: number, perDevice: number, log: (l: string) => void) {
  const started = Date.now();
  await sql`TRUNCATE positions, position_attributes, outbox`;
  await sql`DELETE FROM devices WHERE identifier LIKE 'bench-api-%'`;
  await sql`SELECT gps_maintain_partitions(2, 7)`;
  await sql`
    INSERT INTO devices (identifier, name, protocol, vehicle_id)
    SELECT 'bench-api-' || v.id, 'Rastreador ' || v.registration_number, 'json', v.id
    FROM (SELECT id, registration_number FROM vehicles ORDER BY id LIMIT ${devices}) v`;
  const step = 86_400 / perDevice;
  log(`INSERT ${devices} × ${perDevice} positions (one every ${step.toFixed(1)} s over a day)…`);
  // In slices of devices, so one statement's work and WAL stay bounded.
  const nums = (await sql`SELECT num FROM devices WHERE identifier LIKE 'bench-api-%' ORDER BY num`).map(
    (r) => r.num as number,
  );
  for (let i = 0; i < nums.length; i += 500) {
    await sql`
      INSERT INTO positions (fixed_at, device_num, lat_e7, lon_e7, speed_kmh, course, altitude, accuracy)
      SELECT date_trunc('hour', now()) - interval '1 day' + (k * ${step}::float8) * interval '1 second', n,
             -235500000 + (n % 1000) * 1000 + k * 37, -466300000 - (n % 1000) * 1000 + k * 23,
             (k % 90)::real + 0.08, ((n * 7 + k) % 3600) / 10.0, 760, 5
      FROM unnest(${nums.slice(i, i + 500)}::int4[]) n CROSS JOIN generate_series(0, ${perDevice - 1}) k`;
  }
  await sql`VACUUM ANALYZE positions`;
  return Math.round((Date.now() - started) / 1000);
}

const bench: Bench = async ({ args, log }) => {
  const { values } = parseArgs({
    args,
    options: {
      drivers: { type: 'string', default: '100000' },
      events: { type: 'string', default: '10000000' },
      positions: { type: 'string', default: '20000000' },
      vehicles: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '8' },
      reload: { type: 'boolean', default: false },
    },
  });
  const drivers = Number(values.drivers);
  const events = Number(values.events);
  const tracked = Number(values.vehicles);
  const positions = Number(values.positions);
  const perDevice = Math.round(positions / tracked);
  const db = await benchDatabase('pioneira_bench_api', log);
  try {
    const [{ d, e }] =
      await db.sql`SELECT (SELECT count(*) FROM drivers)::int AS d, (SELECT count(*) FROM telemetry_events)::int AS e`;
    let loadSeconds: number | null = null;
    let fleetLoaded = false;
    if (values.reload || d !== drivers || e !== events) {
      loadSeconds = await loadFleet(
        db.sql,
        { drivers, vehicles: Math.max(tracked, drivers / 5), events, days: 365 },
        log,
      );
      fleetLoaded = true;
    } else log(`reusing ${d} drivers and ${e} events already loaded`);
    const [{ p, n }] = await db.sql`
      SELECT (SELECT count(*) FROM positions)::int AS p,
             (SELECT count(*) FROM devices WHERE identifier LIKE 'bench-api-%')::int AS n`;
    let positionsLoadSeconds: number | null = null;
    if (fleetLoaded || p !== tracked * perDevice || n !== tracked)
      positionsLoadSeconds = await loadPositions(db.sql, tracked, perDevice, log);
    else log(`reusing ${n} tracked vehicles and ${p} positions already loaded`);

    const api = await startBenchApi(db.url, PREFIX, { DATABASE_POOL_SIZE: '16' });
    const { base, headers } = api;
    // The latest position of every tracked vehicle, as the latest-position consumer leaves it in Redis.
    const latestStore = new LatestStore(api.deps.redis, PREFIX, 7 * 86_400);
    const last = await db.sql<
      { device_id: string; vehicle_id: string; fixed_at: Date; lat_e7: number; lon_e7: number }[]
    >`
      SELECT d.id AS device_id, d.vehicle_id, p.fixed_at, p.lat_e7, p.lon_e7
      FROM devices d CROSS JOIN LATERAL (
        SELECT * FROM positions p WHERE p.device_num = d.num ORDER BY fixed_at DESC LIMIT 1) p
      WHERE d.identifier LIKE 'bench-api-%'`;
    for (let i = 0; i < last.length; i += 1000)
      await latestStore.advance(
        last.slice(i, i + 1000).map((r) => ({
          deviceId: r.device_id,
          vehicleId: r.vehicle_id,
          fixedAt: r.fixed_at.toISOString(),
          latitude: r.lat_e7 / 1e7,
          longitude: r.lon_e7 / 1e7,
          speedKmh: 52.08,
          course: 7.2,
        })),
      );
    await latestStore.markReady();
    const dayEnd = new Date(Math.max(...last.map((r) => r.fixed_at.getTime())) + 1000);
    const dayStart = new Date(dayEnd.getTime() - 86_400_000);
    const trackedVehicles = last.map((r) => r.vehicle_id);

    const r = rng(7);
    const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const pick = () => Math.floor(r() * drivers) + 1;
    let bytes = 0;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers });
      if (!res.ok) throw new Error(`${res.status}`);
      bytes = (await res.arrayBuffer()).byteLength;
    };
    // What people type: part of a first name and the start of a surname, without accents.
    const term = () => {
      const [first, lastName] = fold(driverName(pick())).split(' ');
      return r() < 0.5 ? `${first} ${lastName.slice(0, 3)}` : `${first.slice(0, 4)}`;
    };
    const ids = new Map(
      (await db.sql`SELECT external_id, id FROM drivers`).map((row) => [
        row.external_id as string,
        row.id as string,
      ]),
    );
    const seconds = Number(values.seconds);
    const concurrency = Number(values.concurrency);
    const pool = api.deps.sql;
    const select1 = async (clients: number) =>
      closedLoop(clients, Math.min(5, seconds), async () => {
        await pool`SELECT 1`;
      });
    const beside = (figure: Awaited<ReturnType<typeof closedLoop>>, baseline: typeof figure) => ({
      ...figure,
      baselineSelect1PerSecond: baseline.perSecond,
      ratioToSelect1: Math.round((figure.perSecond / Math.max(1, baseline.perSecond)) * 1000) / 1000,
    });

    log(`baseline: SELECT 1 over the API's pool, ${concurrency} concurrent and 1…`);
    const baseline = await select1(concurrency);
    const baseline1 = await select1(1);
    log(`driver search, ${concurrency} concurrent, ${seconds}s…`);
    const search = await closedLoop(concurrency, seconds, () =>
      get(`/api/drivers?search=${encodeURIComponent(term())}&pageSize=20`),
    );
    log(`driver search, 1 client, ${seconds}s…`);
    const search1 = await closedLoop(1, seconds, () =>
      get(`/api/drivers?search=${encodeURIComponent(term())}&pageSize=20`),
    );
    log(`90-day infractions of a driver, ${concurrency} concurrent, ${seconds}s…`);
    const infractions = await closedLoop(concurrency, seconds, () =>
      get(`/api/drivers/${ids.get(mixId(1, pick()))}/infractions?pageSize=50`),
    );
    log(`one-day track of a vehicle (${perDevice} fixes), ${concurrency} concurrent, ${seconds}s…`);
    const range = `from=${dayStart.toISOString()}&to=${dayEnd.toISOString()}`;
    const track = await closedLoop(concurrency, seconds, () =>
      get(`/api/vehicles/${trackedVehicles[Math.floor(r() * trackedVehicles.length)]}/track?${range}`),
    );
    const trackBytes = bytes;
    log(`latest positions of ${tracked} vehicles, 1 client, ${seconds}s…`);
    const latest = await closedLoop(1, seconds, () => get('/api/positions/latest'));
    const latestBytes = bytes;

    // The plans of the statements the code runs, captured as it sends them (not a copy kept here).
    const explain = async (call: (service: FleetService) => Promise<unknown>) => {
      const statements: Array<{ statement: string; parameters: unknown[] }> = [];
      const capture = createSql(db.url, {
        max: 1,
        // Not the type catalogue postgres.js reads once per connection: only what the code sent.
        onQuery: (statement, parameters) => {
          if (!statement.includes('pg_catalog.pg_type')) statements.push({ statement, parameters });
        },
      });
      try {
        await call(new FleetService(capture));
      } finally {
        await capture.end();
      }
      const plans: string[][] = [];
      for (const { statement, parameters } of statements)
        plans.push(
          (
            await db.sql.unsafe(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${statement}`, parameters as never[])
          ).map((row) => row['QUERY PLAN'] as string),
        );
      return plans;
    };
    const someone = ids.get(mixId(1, 4242))!;
    const plans = {
      search: await explain((s) => s.searchDrivers('joao sil', 'relevance', { page: 1, pageSize: 20 })),
      infractions: await explain((s) =>
        s.driverInfractions(
          someone,
          { from: new Date(Date.now() - 90 * 86_400_000), to: new Date() },
          { page: 1, pageSize: 50 },
          'America/Sao_Paulo',
        ),
      ),
    };
    await api.close();
    return {
      dataset: { drivers, events, trackedVehicles: tracked, positions, loadSeconds, positionsLoadSeconds },
      concurrency,
      baselineSelect1: { clients: concurrency, ...baseline },
      baselineSelect1OneClient: { clients: 1, ...baseline1 },
      driverSearch: {
        ...beside(search, baseline),
        target: { perSecond: 1000 },
        meetsTarget: search.perSecond >= 1000,
      },
      driverSearchOneClient: {
        ...beside(search1, baseline1),
        target: { p95Ms: 10 },
        meetsTarget: search1.p95 <= 10,
      },
      driverInfractions90d: {
        ...beside(infractions, baseline),
        target: { perSecond: 500 },
        meetsTarget: infractions.perSecond >= 500,
      },
      vehicleTrackOneDay: {
        ...beside(track, baseline),
        points: perDevice,
        responseBytes: trackBytes,
        target: { p95Ms: 50 },
        meetsTarget: track.p95 <= 50,
      },
      latestPositions: {
        ...beside(latest, baseline1),
        vehicles: tracked,
        responseBytes: latestBytes,
        target: { p95Ms: 30 },
        meetsTarget: latest.p95 <= 30,
      },
      plans,
    };
  } finally {
    await db.close();
  }
};

export default bench;
