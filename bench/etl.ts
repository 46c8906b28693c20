/**
 * `npm run bench -- etl --json [--minutes 2.5]`: the mix.events job against the MiX simulator at its
 * real limit (20 requests/minute) with a backlog that keeps the connector busy for about `minutes`.
 * Reports the share of the request budget used while the backlog existed (each full minute
 * from the first request), 429s, ms to store a 1000-event page, events/minute, and lost/duplicated events against
 * the simulator's ground truth. Targets: DESIGN.md §6.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@pioneira/config';
import { createMixClient, type PageReport, runMixEvents } from '@pioneira/mix';
import { createMixSimulator } from '@pioneira/mix-simulator';
import { Redis } from 'ioredis';
import type { Bench } from '../scripts/bench';
import { benchDatabase } from './lib/database';

const LIMIT = 20;
const WINDOW_MS = 60_000;

const bench: Bench = async ({ args, log }) => {
  const { values } = parseArgs({ args, options: { minutes: { type: 'string', default: '2.5' } } });
  const minutes = Number(values.minutes);
  // The first minute's 20 requests go at once, then 20 per minute; each page holds ~1000 events.
  const backlog = Math.round((minutes * LIMIT + LIMIT / 2) * 1000);
  const sim = await createMixSimulator({ eventsPerMinute: 0, backlog, rateLimitPerMinute: LIMIT });
  const base = await sim.listen(0, '127.0.0.1');
  const db = await benchDatabase('pioneira_bench_etl', log);
  await db.sql`TRUNCATE telemetry_events, etl_runs, etl_control, api_credentials`;
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
    log(`backlog of ${backlog} events at ${LIMIT} requests/minute (about ${minutes} minutes of paging)`);
    const client = await createMixClient({ config, sql: db.sql, redis });
    const requestTimes: number[] = [];
    const pages: PageReport[] = [];
    const countRequests = patchRequestClock(client.stats, requestTimes);
    const started = Date.now();
    const report = await runMixEvents(db.sql, client, {
      backfillDays: 1,
      onPage: (page) => {
        pages.push(page);
        if (pages.length % 10 === 0)
          log(
            `${pages.length} pages, ${pages.reduce((n, p) => n + p.inserted, 0)} events, ${((Date.now() - started) / 60_000).toFixed(1)} min`,
          );
      },
    });
    countRequests.stop();
    const drainedAt = Date.now();
    if (report.status !== 'succeeded') throw report.error ?? new Error(`run ended ${report.status}`);

    const stored = await db.sql<{ id: string }[]>`SELECT external_id AS id FROM telemetry_events`;
    const truth = sim.groundTruth();
    const have = new Set(stored.map((r) => r.id));
    const fullPages = pages
      .filter((p) => p.events >= 1000)
      .map((p) => p.storeMs)
      .sort((a, b) => a - b);
    const elapsedMin = (drainedAt - started) / 60_000;
    const perMinute = perMinuteUse(requestTimes, drainedAt);
    return {
      target: '>= 95% budget, 0 x 429, <= 250 ms per 1000-event page, 0 lost, 0 duplicated',
      rateLimitPerMinute: LIMIT,
      backlogEvents: backlog,
      minutesWithBacklog: round(elapsedMin, 2),
      requests: report.requests,
      tokenRequests: client.tokens.requests,
      budgetUsedPercent: round(Math.min(...perMinute) * 100, 1),
      budgetUsedPerMinute: perMinute.map((u) => round(u * 100, 1)),
      http429: client.stats.rateLimited,
      retries: client.stats.retries,
      pages: report.pages,
      storeMsPer1000Page: {
        p50: round(quantile(fullPages, 0.5), 1),
        p95: round(quantile(fullPages, 0.95), 1),
        max: round(fullPages.at(-1) ?? 0, 1),
        pages: fullPages.length,
      },
      eventsPerMinute: Math.round(report.inserted / elapsedMin),
      inserted: report.inserted,
      duplicatesSkipped: report.duplicates,
      lost: truth.filter((id) => !have.has(id)).length,
      duplicated: stored.length - have.size,
    };
  } finally {
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
