import type { Sql } from '@pioneira/db';
import type { CreatedSincePage, MixClient } from '../client';
import { formatSinceToken, sinceTokenTime } from '../dates';
import { SinceTokenTooOldError } from '../errors';
import { type TelemetryEventRow, toEventRow } from './event-row';
import { insertMixEvents } from './events.repository';
import { withJobLock } from './job-lock';
import { RunsRepository, type RunTrigger } from './runs.repository';

const JOB = 'mix.events';
const DAY_MS = 24 * 3600_000;
// MiX refuses tokens older than 7 days; restart a little inside that so the request is not refused.
const OLDEST_ALLOWED_MS = 7 * DAY_MS - 10 * 60_000;

export interface EventsJobOptions {
  trigger?: RunTrigger;
  /** Events asked per page (MiX serves up to 1000, sometimes a few more). */
  quantity?: number;
  /** Where the very first run starts (never `NEW`, which would drop the history). */
  initialLookbackMs?: number;
  /** Aborting stops after the page in flight; what was committed stays committed. */
  signal?: AbortSignal;
  /** Called after each committed page (benchmarks, live logs). */
  onPage?: (page: PageReport) => void;
}

export interface PageReport {
  events: number;
  inserted: number;
  duplicates: number;
  /** Milliseconds to store the page: the one transaction with events, checkpoint and progress. */
  storeMs: number;
  hasMore: boolean;
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
 * The `mix.events` job: pages through created-since while MiX says there is more. Each page's events
 * and the since token that follows them commit in one transaction, so a crash at any moment resumes
 * exactly where the data stops: nothing lost, nothing stored twice.
 */
export async function runMixEvents(
  sql: Sql,
  client: MixClient,
  options: EventsJobOptions = {},
): Promise<RunReport> {
  const result = await withJobLock(sql, JOB, () => pageThrough(sql, client, options));
  return result ?? skipped('another process is running mix.events');
}

async function pageThrough(sql: Sql, client: MixClient, options: EventsJobOptions): Promise<RunReport> {
  const runs = new RunsRepository(sql);
  await runs.closeAbandoned(JOB);
  const control = await runs.control(JOB);
  if (control.paused) return skipped('mix.events is paused');
  const requestsBefore = client.stats.requests;
  const requests = () => client.stats.requests - requestsBefore;
  let token =
    control.last_successful_sincetoken ??
    formatSinceToken(Date.now() - (options.initialLookbackMs ?? 3600_000));
  const report: RunReport = {
    status: 'succeeded',
    pages: 0,
    fetched: 0,
    inserted: 0,
    duplicates: 0,
    requests: 0,
  };
  report.runId = await runs.start(JOB, options.trigger ?? 'schedule', token);
  const runId = report.runId;

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
    for (;;) {
      if (options.signal?.aborted) {
        report.status = 'interrupted';
        break;
      }
      let page: CreatedSincePage;
      try {
        page = await client.eventsCreatedSince(token, options.quantity ?? 1000, options.signal);
      } catch (error) {
        // MiX's clock decides what "7 days" means; jump once, then give up.
        if (!(error instanceof SinceTokenTooOldError) || report.gap) throw error;
        await skipToOldestAllowed();
        continue;
      }
      const rows = uniqueRows(page.events);
      const started = performance.now();
      const inserted = await sql.begin(async (tx) => {
        const n = await insertMixEvents(tx, rows);
        await runs.checkpoint(tx, JOB, page.sinceToken, page.hasMore);
        await runs.progress(tx, runId, {
          pages: 1,
          requests: requests(),
          fetched: page.events.length,
          inserted: n,
          duplicates: page.events.length - n,
          sinceToken: page.sinceToken,
          hasMore: page.hasMore,
        });
        return n;
      });
      const storeMs = performance.now() - started;
      report.pages++;
      report.fetched += page.events.length;
      report.inserted += inserted;
      report.duplicates += page.events.length - inserted;
      token = page.sinceToken;
      options.onPage?.({
        events: page.events.length,
        inserted,
        duplicates: page.events.length - inserted,
        storeMs,
        hasMore: page.hasMore,
      });
      if (!page.hasMore) break;
    }
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

/** Rows of a page, each EventId once (a page may repeat an event; the key would skip it anyway). */
function uniqueRows(events: Record<string, unknown>[]): TelemetryEventRow[] {
  const rows = new Map<string, TelemetryEventRow>();
  for (const event of events) {
    const row = toEventRow(event);
    if (row) rows.set(row.externalId, row);
  }
  return [...rows.values()];
}
