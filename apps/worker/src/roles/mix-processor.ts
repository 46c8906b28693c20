import { DevicesService, IngestService } from '@pioneira/gps';
import {
  createMixClient,
  MixError,
  MixNotConfiguredError,
  type PositionsSink,
  type RunReport,
  RunsRepository,
  runMixEvents,
  runMixPositions,
  runMixSync,
  runMixTrips,
} from '@pioneira/mix';
import type { JobName, JobPayload } from '@pioneira/pipeline';
import { UnrecoverableError } from 'bullmq';
import type { WorkerContext } from '../role';

/** The jobs of the catalog this role runs. */
export type MixJob = Extract<JobName, `mix.${string}`>;

/** What a BullMQ job of the mix role does; returns the run summary BullMQ keeps with the job. */
export function mixProcessor(ctx: WorkerContext, signal: AbortSignal) {
  let warnedUnconfigured = false;
  // MiX positions go through the same durable path as device GPS; made on the first positions run.
  let sink: Promise<PositionsSink> | undefined;
  const positionsSink = () => {
    sink ??= (async () => {
      const ingest = new IngestService(ctx.sql);
      await ingest.start();
      return { ingest, devices: new DevicesService(ctx.sql, { onChange: () => ingest.devices.clear() }) };
    })();
    return sink;
  };
  const run = async (job: MixJob, data: JobPayload<MixJob>) => {
    let client: Awaited<ReturnType<typeof createMixClient>>;
    try {
      client = await createMixClient(ctx);
    } catch (error) {
      if (!(error instanceof MixNotConfiguredError)) throw error;
      // Not an error of the job: nothing to ingest until someone configures MiX.
      if (!warnedUnconfigured) ctx.log(error.message);
      warnedUnconfigured = true;
      return { status: 'skipped', reason: error.code };
    }
    warnedUnconfigured = false;
    const stream = { trigger: data.trigger, signal, backfillDays: ctx.config.mix.backfillDays };
    const report: RunReport =
      job === 'mix.events'
        ? await runMixEvents(ctx.sql, client, stream)
        : job === 'mix.positions'
          ? await runMixPositions(ctx.sql, client, await positionsSink(), stream)
          : job === 'mix.trips'
            ? await runMixTrips(ctx.sql, client, ctx.config.companyTimeZone, stream)
            : await runMixSync(ctx.sql, client, { trigger: data.trigger, signal });
    const { error, ...summary } = report;
    if (report.status === 'failed' && error) {
      // Bad credentials will not heal by retrying; everything else is retried by the next tick.
      if (error instanceof MixError && error.permanent) throw new UnrecoverableError(error.message);
      throw error;
    }
    if (report.status !== 'skipped' || report.reason?.includes('paused'))
      ctx.log(`${job} ${report.status}`, { ...summary, gap: report.gap });
    return summary;
  };
  return Object.assign(run, {
    async stop() {
      if (sink) await (await sink).ingest.stop();
    },
    async neverSynced(): Promise<boolean> {
      return !(await new RunsRepository(ctx.sql).everSucceeded('mix.sync'));
    },
  });
}
