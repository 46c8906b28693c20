import type { Sql } from '@pioneira/db';
import type { MixClient, MixEntity } from '../client';
import { type TelemetryEventRow, toEventRow } from './event-row';
import { insertMixEvents } from './events.repository';
import {
  type CreatedSinceStream,
  type PageReport,
  type RunReport,
  runCreatedSince,
  type StreamJobOptions,
} from './stream-job';

export type { PageReport, RunReport } from './stream-job';
export type EventsJobOptions = StreamJobOptions;

/** MiX events for the whole organisation (body `[organisationId]`), into telemetry_events. */
export const EVENTS_STREAM: CreatedSinceStream = {
  job: 'mix.events',
  fetch: (client, token, quantity, signal) => client.eventsCreatedSince(token, quantity, signal),
  async store(tx, items) {
    const rows = uniqueRows(items);
    let newestMs: number | undefined;
    for (const row of rows) {
      const at = row.startedAt?.getTime();
      if (at !== undefined && (newestMs === undefined || at > newestMs)) newestMs = at;
    }
    return { inserted: await insertMixEvents(tx, rows), newestMs };
  },
};

/**
 * The `mix.events` job: pages through created-since while MiX says there is more. Each page's events
 * and the since token that follows them commit in one transaction, so a crash at any moment resumes
 * exactly where the data stops: nothing lost, nothing stored twice.
 */
export function runMixEvents(
  sql: Sql,
  client: MixClient,
  options: EventsJobOptions = {},
): Promise<RunReport> {
  return runCreatedSince(sql, client, EVENTS_STREAM, options);
}

/** Rows of a page, each EventId once (a page may repeat an event; the key would skip it anyway). */
function uniqueRows(events: MixEntity[]): TelemetryEventRow[] {
  const rows = new Map<string, TelemetryEventRow>();
  for (const event of events) {
    const row = toEventRow(event);
    if (row) rows.set(row.externalId, row);
  }
  return [...rows.values()];
}
