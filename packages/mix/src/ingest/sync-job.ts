import type { Sql } from '@pioneira/db';
import type { MixClient } from '../client';
import type { RunReport } from './events-job';
import { withJobLock } from './job-lock';
import { upsertDrivers, upsertEventTypes, upsertVehicles } from './master-data.repository';
import { RunsRepository, type RunTrigger } from './runs.repository';

const JOB = 'mix.sync';

/**
 * The `mix.sync` job: drivers, vehicles and event types, each fetched whole and upserted in one
 * statement. `inserted` counts new rows, `duplicates` rows that were already there (updated).
 */
export async function runMixSync(
  sql: Sql,
  client: MixClient,
  options: { trigger?: RunTrigger; signal?: AbortSignal } = {},
): Promise<RunReport> {
  const result = await withJobLock(sql, JOB, async (): Promise<RunReport> => {
    const runs = new RunsRepository(sql);
    await runs.closeAbandoned(JOB);
    const control = await runs.control(JOB);
    const report: RunReport = {
      status: 'succeeded',
      pages: 0,
      fetched: 0,
      inserted: 0,
      duplicates: 0,
      requests: 0,
    };
    if (control.paused) return { ...report, status: 'skipped', reason: 'mix.sync is paused' };
    const before = client.stats.requests;
    report.runId = await runs.start(JOB, options.trigger ?? 'schedule', null);
    try {
      const drivers = await client.drivers(options.signal);
      const assets = await client.assets(options.signal);
      const types = await client.libraryEvents(options.signal);
      const counts = await sql.begin(async (tx) => [
        await upsertDrivers(tx, drivers),
        await upsertVehicles(tx, assets),
        await upsertEventTypes(tx, types),
      ]);
      report.pages = 3;
      report.fetched = drivers.length + assets.length + types.length;
      report.inserted = counts.reduce((n, c) => n + c.inserted, 0);
      report.duplicates = counts.reduce((n, c) => n + c.updated, 0);
      report.requests = client.stats.requests - before;
      await runs.finish(report.runId, 'succeeded', { ...report, error: undefined });
    } catch (error) {
      report.requests = client.stats.requests - before;
      report.status = options.signal?.aborted ? 'interrupted' : 'failed';
      report.error = error as Error;
      await runs.finish(report.runId, report.status === 'interrupted' ? 'interrupted' : 'failed', {
        requests: report.requests,
        error: (error as Error).message,
      });
    }
    return report;
  });
  return (
    result ?? {
      status: 'skipped',
      reason: 'another process is running mix.sync',
      pages: 0,
      fetched: 0,
      inserted: 0,
      duplicates: 0,
      requests: 0,
    }
  );
}
