import type { Config } from '@pioneira/config';
import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { EventLog } from '@pioneira/eventlog';
import { CONSOLE_JOBS, groupTopics, openEventLog } from '@pioneira/pipeline';
import { Gauge, type Registry } from 'prom-client';

/** Past this many rows the outbox depth is reported as this many: counting further costs, alerting does not. */
export const OUTBOX_COUNT_CAP = 1_000_000;

export interface PipelineMetricsOptions {
  registry: Registry;
  config: Readonly<Config>;
  sql: Sql;
  /** Positions this process refused for unknown devices since it started. */
  rejectedPositions: () => number;
  /** Longest a scrape waits for one source (PostgreSQL, the event log) before reporting it down (3 s). */
  timeoutMs?: number;
}

/** Resolves with `work`, or rejects after `ms`: a slow dependency must never hold the scrape. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Pipeline health gauges, read when Prometheus scrapes (prom-client `collect`): consumer lag per group
 * and topic, outbox depth and age, ETL lag per MiX job, devices refused at ingest. Each source is asked
 * with a short timeout; one that fails or is late reports `pioneira_metrics_source_up{source} 0` and
 * leaves its gauges empty rather than stale. Returns a close() for the event log connection it opens.
 */
export function registerPipelineMetrics(options: PipelineMetricsOptions): { close(): Promise<void> } {
  const { registry, sql, config } = options;
  const timeoutMs = options.timeoutMs ?? 3_000;
  let log: EventLog | undefined;
  let reading: Promise<void> | undefined;
  let warming: Promise<void> | undefined;

  // prom-client serialises the gauges of a scrape concurrently, each after its own collect(): every
  // gauge's collect joins one shared read of all sources, so no gauge is written after it was printed.
  // The warm-up read at start holds values from before any scrape: a scrape waits for it to end and
  // reads afresh rather than joining it.
  const collect = async () => {
    if (warming) await warming;
    reading ??= readAll().finally(() => {
      reading = undefined;
    });
    return reading;
  };
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry], collect });

  const up = gauge(
    'pioneira_metrics_source_up',
    'Whether the last scrape could read this source of the pipeline metrics (1) or not (0)',
    ['source'],
  );
  const lag = gauge(
    'pioneira_event_log_consumer_lag',
    'Messages a consumer group has not acknowledged yet, per group and topic',
    ['event_log', 'group', 'topic'],
  );
  const outboxDepth = gauge(
    'pioneira_outbox_depth',
    `Outbox rows (ingest groups) not yet relayed to the event log, counted up to ${OUTBOX_COUNT_CAP}`,
  );
  const outboxAge = gauge(
    'pioneira_outbox_oldest_age_seconds',
    'Age of the oldest outbox row not yet relayed to the event log (0 when empty)',
  );
  const etlLag = gauge(
    'pioneira_etl_lag_seconds',
    'Seconds since a MiX stream last heard "nothing more" from MiX (HasMoreItems false or 204); for mix.sync, since its last successful run. The console shows the same number',
    ['job'],
  );
  const etlNewestAge = gauge(
    'pioneira_etl_newest_item_age_seconds',
    'Age of the newest item (event start, position fix) a MiX stream has stored',
    ['job'],
  );
  const etlBacklog = gauge(
    'pioneira_etl_backlog',
    'Whether the last run of a MiX job left data to fetch (1) or caught up (0)',
    ['job'],
  );
  const rejectedDevices = gauge(
    'pioneira_ingest_rejected_devices',
    'Unregistered device identifiers whose positions were refused (all api replicas; flushed every few seconds)',
  );
  const refused = gauge(
    'pioneira_ingest_refused',
    'What device ingest refused before storing, by reason and protocol, summed over every ingesting process (api replicas and listeners workers; flushed every few seconds)',
    ['reason', 'protocol'],
  );
  const rejectedPositions = gauge(
    'pioneira_ingest_rejected_positions',
    'Positions this api process refused because their device is not registered, since it started',
  );

  /**
   * A query the scrape waits for at most `timeoutMs`; PostgreSQL ends it itself past that time
   * (statement_timeout in its own transaction). Never `query.cancel()`: postgres.js wedges a pooled
   * connection forever when a query is cancelled while that connection is still connecting, and a
   * slow first scrape under load once took every connection of the pool that way.
   */
  const query = <T>(run: (tx: Queryable) => Promise<T>) =>
    within(
      timeoutMs,
      sql.begin(async (tx) => {
        await tx.unsafe(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
        return run(tx);
      }) as Promise<T>,
    );

  const sources: Record<string, { gauges: Gauge[]; read(): Promise<void> }> = {
    event_log: {
      gauges: [lag],
      async read() {
        log ??= openEventLog(config);
        const opened = log;
        const pairs = groupTopics();
        // One pair failing must not hide the others (on Kafka, lag() of a topic nobody has written to
        // yet fails with "Unknown topic"); the source is down only when no pair answered.
        const lags = await Promise.allSettled(
          pairs.map(({ group, topic }) => within(timeoutMs, opened.lag(group, topic))),
        );
        lag.reset();
        pairs.forEach(({ group, topic }, i) => {
          const result = lags[i];
          if (result.status === 'fulfilled')
            lag.set({ event_log: config.eventLog.kind, group, topic }, result.value.total);
        });
        const failed = lags.find((result) => result.status === 'rejected');
        if (failed && lags.every((result) => result.status === 'rejected')) throw failed.reason;
      },
    },
    outbox: {
      gauges: [outboxDepth, outboxAge],
      async read() {
        const [row] = await query(
          (q) => q<{ depth: number; age: number | null }[]>`
          SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox LIMIT ${OUTBOX_COUNT_CAP}) capped)::int AS depth,
                 (SELECT extract(epoch FROM now() - created_at) FROM outbox ORDER BY id LIMIT 1)::float8 AS age`,
        );
        outboxDepth.set(row.depth);
        outboxAge.set(row.age ?? 0);
      },
    },
    etl: {
      gauges: [etlLag, etlBacklog, etlNewestAge],
      async read() {
        const rows = await query(
          (q) => q<
            { job: string; lag: number | null; newest_age: number | null; has_more: boolean | null }[]
          >`
          SELECT j.job,
                 round(extract(epoch FROM now() - COALESCE(c.caught_up_at,
                   (SELECT max(r.finished_at) FROM etl_runs r
                     WHERE r.job = j.job AND r.status = 'succeeded' AND NOT r.has_more))))::float8 AS lag,
                 round(extract(epoch FROM now() - c.newest_item_at))::float8 AS newest_age,
                 c.has_more
          FROM unnest(${CONSOLE_JOBS}::text[]) AS j(job) LEFT JOIN etl_control c ON c.job = j.job`,
        );
        etlLag.reset();
        etlBacklog.reset();
        etlNewestAge.reset();
        for (const row of rows) {
          // A job that never caught up has no lag to report: the absent series is what to alert on.
          if (row.lag !== null) etlLag.set({ job: row.job }, Math.max(0, row.lag));
          if (row.newest_age !== null) etlNewestAge.set({ job: row.job }, Math.max(0, row.newest_age));
          etlBacklog.set({ job: row.job }, row.has_more ? 1 : 0);
        }
      },
    },
    rejected_devices: {
      gauges: [rejectedDevices],
      async read() {
        const [row] = await query((q) => q<{ n: number }[]>`SELECT count(*)::int AS n FROM rejected_devices`);
        rejectedDevices.set(row.n);
      },
    },
    ingest_refusals: {
      gauges: [refused],
      async read() {
        const rows = await query(
          (q) =>
            q<{ reason: string; protocol: string; refused: number }[]>`
            SELECT reason, protocol, refused::float8 AS refused FROM ingest_refusals`,
        );
        refused.reset();
        for (const row of rows) refused.set({ reason: row.reason, protocol: row.protocol }, row.refused);
      },
    },
  };

  async function readAll(): Promise<void> {
    rejectedPositions.set(options.rejectedPositions());
    await Promise.all(
      Object.entries(sources).map(async ([source, { gauges, read }]) => {
        try {
          await read();
          up.set({ source }, 1);
        } catch {
          for (const g of gauges) g.reset();
          up.set({ source }, 0);
        }
      }),
    );
  }

  // Connect now rather than at the first scrape: a Kafka admin client's first metadata round trips alone
  // can outlast the timeout, and the first scrape would then report the event log down.
  warming = readAll()
    .catch(() => {})
    .finally(() => {
      warming = undefined;
    });

  return {
    async close() {
      await warming;
      await reading?.catch(() => {});
      await log?.close();
    },
  };
}
