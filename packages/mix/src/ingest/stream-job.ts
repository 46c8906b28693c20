import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { CreatedSincePage, MixClient, MixEntity } from '../client';
import { formatSinceToken, sinceTokenTime } from '../dates';
import { SinceTokenTooOldError } from '../errors';
import { withJobLock } from './job-lock';
import { type EtlJobName, RunsRepository, type RunTrigger } from './runs.repository';

const DAY_MS = 24 * 3600_000;
/** MiX refuses tokens older than 7 days; restart a little inside that so the request is not refused. */
export const OLDEST_ALLOWED_MS = 7 * DAY_MS - 10 * 60_000;

/** A live cursor further behind than this pages as a back-fill. */
export const BACKFILL_BEHIND_MS = 15 * 60_000;

/** The oldest instant a first run or a recovery may start from, for a backfill of `days`. */
export function backfillStartMs(days: number, now = Date.now()): number {
  return now - Math.min(days * DAY_MS, OLDEST_ALLOWED_MS);
}

/** What a page's items did to the database. */
export interface StoredPage {
  inserted: number;
  /** Epoch ms of the newest item of the page (event start, position fix), if any has a time. */
  newestMs?: number;
}

/** One MiX created-since stream: how to ask for a page and how to store its items. */
export interface CreatedSinceStream {
  job: EtlJobName;
  fetch(
    client: MixClient,
    sinceToken: string,
    quantity: number,
    signal?: AbortSignal,
  ): Promise<CreatedSincePage>;
  /**
   * Stores a page's items. `tx` is the transaction the since token commits in; a store that writes
   * through another durable path must make its writes idempotent (a replayed page is skipped).
   */
  store(tx: Queryable, items: MixEntity[]): Promise<StoredPage>;
}

export interface StreamJobOptions {
  trigger?: RunTrigger;
  /** Items asked per page (MiX serves up to 1000, sometimes a few more). */
  quantity?: number;
  /** How far back the very first run starts, in days (MIX_BACKFILL_DAYS; never `NEW`, which drops history). */
  backfillDays?: number;
  /** Pages of a console recovery paged per run, after the live cursor has caught up. */
  recoveryPagesPerRun?: number;
  /** Aborting stops after the page in flight; what was committed stays committed. */
  signal?: AbortSignal;
  /** Called after each committed page (benchmarks, live logs). */
  onPage?: (page: PageReport) => void;
}

export interface PageReport {
  events: number;
  inserted: number;
  duplicates: number;
  /** Milliseconds to store the page: the one transaction with items, checkpoint and progress. */
  storeMs: number;
  hasMore: boolean;
  /** A page of a console recovery, not of the live cursor. */
  recovery?: boolean;
}

export interface RunReport {
  status: 'succeeded' | 'failed' | 'interrupted' | 'skipped';
  reason?: string;
  runId?: number;
  pages: number;
  fetched: number;
  inserted: number;
  duplicates: number;
  requests: number;
  /** Pages of the run that belonged to a console recovery. */
  recoveryPages?: number;
  gap?: { from: Date; to: Date };
  error?: Error;
}

const skipped = (reason: string): RunReport => ({
  status: 'skipped',
  reason,
  pages: 0,
  fetched: 0,
  inserted: 0,
  duplicates: 0,
  requests: 0,
});

/**
 * Pages a created-since stream while MiX says there is more. Each page's items and the since token
 * that follows them commit in one transaction, so a crash at any moment resumes exactly where the
 * data stops. Once the live cursor has caught up, a few pages of a console recovery (if one is
 * asked) follow on a cursor of their own, so a recovery never holds the live data back.
 */
export async function runCreatedSince(
  sql: Sql,
  client: MixClient,
  stream: CreatedSinceStream,
  options: StreamJobOptions = {},
): Promise<RunReport> {
  const result = await withJobLock(sql, stream.job, () => pageThrough(sql, client, stream, options));
  return result ?? skipped(`another process is running ${stream.job}`);
}

async function pageThrough(
  sql: Sql,
  client: MixClient,
  stream: CreatedSinceStream,
  options: StreamJobOptions,
): Promise<RunReport> {
  const { job } = stream;
  const runs = new RunsRepository(sql);
  await runs.closeAbandoned(job);
  const control = await runs.control(job);
  if (control.paused) return skipped(`${job} is paused`);
  const requestsBefore = client.stats.requests;
  const requests = () => client.stats.requests - requestsBefore;
  const quantity = options.quantity ?? 1000;
  let token =
    control.last_successful_sincetoken ?? formatSinceToken(backfillStartMs(options.backfillDays ?? 7));
  const report: RunReport = {
    status: 'succeeded',
    pages: 0,
    fetched: 0,
    inserted: 0,
    duplicates: 0,
    requests: 0,
  };
  report.runId = await runs.start(job, options.trigger ?? 'schedule', token);
  const runId = report.runId;

  /** One page: fetched, stored with its cursor in one transaction; returns the page. */
  const onePage = async (
    from: string,
    commitCursor: (tx: Queryable, page: CreatedSincePage, stored: StoredPage) => Promise<void>,
    recovery: boolean,
  ) => {
    // A recovery, or a cursor more than BACKFILL_BEHIND_MS behind, is a back-fill: it takes only the
    // budget the live polling of the streams leaves (the limiter keeps a live reserve).
    client.backfill = recovery || (sinceTokenTime(from) ?? Date.now()) < Date.now() - BACKFILL_BEHIND_MS;
    const page = await stream.fetch(client, from, quantity, options.signal);
    const started = performance.now();
    const stored = await sql.begin(async (tx) => {
      const s = await stream.store(tx, page.events);
      await commitCursor(tx, page, s);
      await runs.progress(tx, runId, {
        pages: 1,
        requests: requests(),
        fetched: page.events.length,
        inserted: s.inserted,
        duplicates: page.events.length - s.inserted,
        sinceToken: recovery ? null : page.sinceToken,
        hasMore: page.hasMore,
      });
      return s;
    });
    report.pages++;
    report.fetched += page.events.length;
    report.inserted += stored.inserted;
    report.duplicates += page.events.length - stored.inserted;
    options.onPage?.({
      events: page.events.length,
      inserted: stored.inserted,
      duplicates: page.events.length - stored.inserted,
      storeMs: performance.now() - started,
      hasMore: page.hasMore,
      recovery,
    });
    return page;
  };

  const skipToOldestAllowed = async () => {
    const to = Date.now() - OLDEST_ALLOWED_MS;
    const from = new Date(sinceTokenTime(token) ?? to);
    token = formatSinceToken(to);
    report.gap = { from, to: new Date(to) };
    await runs.recordGap(runId, report.gap.from, report.gap.to);
  };

  try {
    const at = sinceTokenTime(token);
    if (at !== undefined && at < Date.now() - OLDEST_ALLOWED_MS) await skipToOldestAllowed();
    let caughtUp = false;
    while (!caughtUp) {
      if (options.signal?.aborted) {
        report.status = 'interrupted';
        break;
      }
      let page: CreatedSincePage;
      try {
        page = await onePage(
          token,
          (tx, p, s) => runs.checkpoint(tx, job, p.sinceToken, p.hasMore, s.newestMs),
          false,
        );
      } catch (error) {
        // MiX's clock decides what "7 days" means; jump once, then give up.
        if (!(error instanceof SinceTokenTooOldError) || report.gap) throw error;
        await skipToOldestAllowed();
        continue;
      }
      token = page.sinceToken;
      caughtUp = !page.hasMore;
    }
    if (caughtUp) await recover(runs, job, options, onePage, report);
  } catch (error) {
    report.requests = requests();
    if (options.signal?.aborted) {
      report.status = 'interrupted';
      await runs.finish(runId, 'interrupted', {
        requests: report.requests,
        error: 'Stopped by a worker shutdown; the next run resumes from the last committed page.',
      });
      return report;
    }
    report.status = 'failed';
    report.error = error as Error;
    await runs.finish(runId, 'failed', { requests: report.requests, error: (error as Error).message });
    return report;
  }
  report.requests = requests();
  await runs.finish(runId, report.status === 'interrupted' ? 'interrupted' : 'succeeded', {
    requests: report.requests,
  });
  return report;
}

/** A few pages of the console's recovery cursor; it ends where the live cursor stood when it was asked. */
async function recover(
  runs: RunsRepository,
  job: EtlJobName,
  options: StreamJobOptions,
  onePage: (
    from: string,
    commit: (tx: Queryable, page: CreatedSincePage, stored: StoredPage) => Promise<void>,
    recovery: boolean,
  ) => Promise<CreatedSincePage>,
  report: RunReport,
) {
  const budget = options.recoveryPagesPerRun ?? 10;
  for (let n = 0; n < budget; n++) {
    if (options.signal?.aborted) {
      report.status = 'interrupted';
      return;
    }
    const state = await runs.recovery(job);
    if (!state) return;
    const at = sinceTokenTime(state.token);
    const until = sinceTokenTime(state.until);
    if (at === undefined || until === undefined || at >= until) {
      await runs.endRecovery(job);
      return;
    }
    // A recovery older than MiX allows (it waited too long) restarts at the oldest allowed point.
    const from =
      at < Date.now() - OLDEST_ALLOWED_MS ? formatSinceToken(Date.now() - OLDEST_ALLOWED_MS) : state.token;
    await onePage(
      from,
      async (tx, page, stored) => {
        const done = !page.hasMore || (sinceTokenTime(page.sinceToken) ?? until) >= until;
        await runs.recoveryProgress(tx, job, page.sinceToken, page.events.length, stored.newestMs, done);
      },
      true,
    );
    report.recoveryPages = (report.recoveryPages ?? 0) + 1;
  }
}
