/**
 * `npm run bench -- etl --json [--minutes 2.5]`: the MiX streams (mix.events, mix.positions and mix.trips, run
 * at the same time, one budget) against the MiX simulator at its real limit (20 requests/minute per
 * credential) with backlogs that keep the connector busy for about `minutes`. Reports the share of
 * the budget used while a backlog existed (each full minute from the first request, all streams
 * together), 429s, ms to store a 1000-item page, items/minute per stream, and lost/duplicated items
 * against the simulator's ground truth. Targets: DESIGN.md §6.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@pioneira/config';
import { DevicesService, IngestService } from '@pioneira/gps';
import { createMixClient, type PageReport, runMixEvents, runMixPositions, runMixTrips } from '@pioneira/mix';
import { createMixSimulator } from '@pioneira/mix-simulator';
import { Redis } from 'ioredis';
import type { Bench } from '../scripts/bench';
import { benchDatabase } from './lib/database';

const LIMIT = 20;
const WINDOW_MS = 60_000;

const bench: Bench = async ({ args, log }) => {
  const { values } = parseArgs({ args, options: { minutes: { type: 'string', default: '2.5' } } });
  const minutes = Number(values.minutes);
  // The first minute's 20 requests go at once, then 20 per minute; each page holds ~1000 items.
  // The three streams share the budget. Drives of 2 fixes make a trip, 2 positions and an event
  // each, so for B random events and B trips there are 2B events, 2B positions and B trips: 5B items.
  const pages = minutes * LIMIT + LIMIT / 2;
  const backlog = Math.round((pages / 5) * 1000);
  const sim = await createMixSimulator({
    eventsPerMinute: 0,
    drivingVehicles: 0,
    backlog,
    rateLimitPerMinute: LIMIT,
  });
  const vehicles = sim.fleet.assets.length;
  // In time order (a vehicle's fixes only move forward), one drive per vehicle and minute.
  const rounds = Math.ceil(backlog / vehicles);
  const firstEnd = Date.now() - (rounds + 2) * 60_000;
  for (let k = 0; k < rounds; k++) sim.generatePositions(vehicles, 2, new Date(firstEnd + k * 60_000));
  const base = await sim.listen(0, '127.0.0.1');
  const db = await benchDatabase('pioneira_bench_etl', log);
  await db.sql`TRUNCATE telemetry_events, etl_runs, etl_control, api_credentials`;
  await db.sql`DELETE FROM vehicle_driver_assignments WHERE source = 'mix'`;
  await db.sql`DELETE FROM trips WHERE source = 'mix'`;
  await db.sql`DELETE FROM positions WHERE device_num IN (SELECT num FROM devices WHERE protocol = 'mix')`;
  await db.sql`DELETE FROM devices WHERE protocol = 'mix'`;
  const ingest = new IngestService(db.sql);
  await ingest.start();
  const sink = { ingest, devices: new DevicesService(db.sql, { onChange: () => ingest.devices.clear() }) };
  const prefix = `bench-etl-${Date.now().toString(36)}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0',
    CREDENTIALS_KEY: 'bench-credentials-key-bench-credentials-key',
    MIX_IDENTITY_URL: `${base}/core`,
    MIX_API_URL: base,
    MIX_CLIENT_ID: sim.options.clientId,
    MIX_CLIENT_SECRET: sim.options.clientSecret,
    MIX_USERNAME: sim.options.username,
    MIX_PASSWORD: sim.options.password,
    MIX_ORGANISATION_ID: sim.options.organisationId.toString(),
    MIX_RATE_LIMIT_PER_MINUTE: String(LIMIT),
  });
  try {
    const truthPositions = sim.positionsTruth();
    log(
      `backlogs of ${sim.groundTruth().length} events, ${truthPositions.length} positions and ${sim.tripsTruth().length} trips at ${LIMIT} requests/minute for all three (about ${minutes} minutes of paging)`,
    );
    // One client per stream, as the worker has: the budget is shared through Redis, per credential.
    const eventsClient = await createMixClient({ config, sql: db.sql, redis });
    const positionsClient = await createMixClient({ config, sql: db.sql, redis });
    const tripsClient = await createMixClient({ config, sql: db.sql, redis });
    const requestTimes: number[] = [];
    const eventPages: PageReport[] = [];
    const positionPages: PageReport[] = [];
    const tripPages: PageReport[] = [];
    const clocks = [
      patchRequestClock(eventsClient.stats, requestTimes),
      patchRequestClock(positionsClient.stats, requestTimes),
      patchRequestClock(tripsClient.stats, requestTimes),
    ];
    const started = Date.now();
    const progress = () => {
      const n = eventPages.length + positionPages.length + tripPages.length;
      if (n % 10 === 0)
        log(
          `${eventPages.length} + ${positionPages.length} + ${tripPages.length} pages, ${((Date.now() - started) / 60_000).toFixed(1)} min`,
        );
    };
    const finished: Record<string, number> = {};
    const [events, positions, trips] = await Promise.all([
      runMixEvents(db.sql, eventsClient, {
        backfillDays: 1,
        onPage: (page) => {
          eventPages.push(page);
          progress();
        },
      }).finally(() => {
        finished.events = Date.now();
      }),
      runMixPositions(db.sql, positionsClient, sink, {
        backfillDays: 1,
        onPage: (page) => {
          positionPages.push(page);
          progress();
        },
      }).finally(() => {
        finished.positions = Date.now();
      }),
      runMixTrips(db.sql, tripsClient, config.companyTimeZone, {
        backfillDays: 1,
        onPage: (page) => {
          tripPages.push(page);
          progress();
        },
      }).finally(() => {
        finished.trips = Date.now();
      }),
    ]);
    for (const clock of clocks) clock.stop();
    for (const report of [events, positions, trips])
      if (report.status !== 'succeeded') throw report.error ?? new Error(`run ended ${report.status}`);
    // The shared budget is measured while any stream had a backlog (full minutes only).
    const bothBusyUntil = Math.max(finished.events, finished.positions, finished.trips);

    const stored = await db.sql<{ id: string }[]>`SELECT external_id AS id FROM telemetry_events`;
    const truth = sim.groundTruth();
    const have = new Set(stored.map((r) => r.id));
    const storedPositions = await db.sql<{ key: string }[]>`
      SELECT substr(d.identifier, 5) || '@' || to_char(p.fixed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS key
      FROM positions p JOIN devices d ON d.num = p.device_num WHERE d.protocol = 'mix'`;
    const havePositions = new Set(storedPositions.map((r) => r.key));
    const storedTrips = await db.sql<
      { id: string }[]
    >`SELECT external_id AS id FROM trips WHERE source = 'mix'`;
    const haveTrips = new Set(storedTrips.map((r) => r.id));
    const truthTrips = sim.tripsTruth();
    const perMinute = perMinuteUse(requestTimes, bothBusyUntil);
    const stream = (report: typeof events, pages: PageReport[], end: number) => {
      const full = pages
        .filter((p) => p.events >= 1000)
        .map((p) => p.storeMs)
        .sort((a, b) => a - b);
      const minutesBusy = (end - started) / 60_000;
      return {
        minutesWithBacklog: round(minutesBusy, 2),
        requests: report.requests,
        pages: report.pages,
        storeMsPer1000Page: {
          p50: round(quantile(full, 0.5), 1),
          p95: round(quantile(full, 0.95), 1),
          max: round(full.at(-1) ?? 0, 1),
          pages: full.length,
        },
        itemsPerMinute: Math.round(report.inserted / minutesBusy),
        inserted: report.inserted,
        duplicatesSkipped: report.duplicates,
      };
    };
    return {
      target:
        '>= 95% budget (the three streams together), 0 x 429, <= 250 ms per 1000-item page, 0 lost, 0 duplicated',
      rateLimitPerMinute: LIMIT,
      budgetUsedPercent: round(Math.min(...perMinute) * 100, 1),
      budgetUsedPerMinute: perMinute.map((u) => round(u * 100, 1)),
      requests: events.requests + positions.requests + trips.requests,
      tokenRequests:
        eventsClient.tokens.requests + positionsClient.tokens.requests + tripsClient.tokens.requests,
      http429:
        eventsClient.stats.rateLimited + positionsClient.stats.rateLimited + tripsClient.stats.rateLimited,
      retries: eventsClient.stats.retries + positionsClient.stats.retries + tripsClient.stats.retries,
      events: {
        backlog: truth.length,
        ...stream(events, eventPages, finished.events),
        lost: truth.filter((id) => !have.has(id)).length,
        duplicated: stored.length - have.size,
      },
      positions: {
        backlog: truthPositions.length,
        ...stream(positions, positionPages, finished.positions),
        lost: truthPositions.filter((k) => !havePositions.has(k)).length,
        duplicated: storedPositions.length - havePositions.size,
      },
      trips: {
        backlog: truthTrips.length,
        ...stream(trips, tripPages, finished.trips),
        lost: truthTrips.filter((id) => !haveTrips.has(id)).length,
        duplicated: storedTrips.length - haveTrips.size,
      },
    };
  } finally {
    await ingest.stop();
    await sim.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await db.close();
  }
};

/** Records when each API request was sent (the client counts them; we timestamp each increment). */
function patchRequestClock(stats: { requests: number }, times: number[]) {
  let value = stats.requests;
  Object.defineProperty(stats, 'requests', {
    configurable: true,
    get: () => value,
    set: (v: number) => {
      value = v;
      times.push(Date.now());
    },
  });
  return {
    stop: () => Object.defineProperty(stats, 'requests', { value, writable: true, configurable: true }),
  };
}

/**
 * Requests sent in each full minute since the first one while the backlog existed, over the limit.
 * The limiter is a sliding window, so no minute can hold more than the limit; a connector that
 * sleeps between pages, or waits longer than needed for a slot, shows up as a minute below it.
 */
function perMinuteUse(times: number[], end: number): number[] {
  if (times.length === 0) return [];
  const first = times[0];
  const minutes = Math.floor((end - first) / WINDOW_MS);
  return Array.from({ length: minutes }, (_, m) => {
    const from = first + m * WINDOW_MS;
    return times.filter((t) => t >= from && t < from + WINDOW_MS).length / LIMIT;
  });
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export default bench;
