import { AppError } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { enqueueOutbox, TOPICS } from '@pioneira/pipeline';
import { cleanTrackingEvent, type RawTrackingEvent, type TrackingEvent } from '../clean/clean';
import { ensureMonths, monthOf } from '../imports/partitions';
import { capChanges, type TrackingTopicPayload } from './live';
import { projectParcels } from './projection';

/** Most events in one POST /ingest/tracking-events. */
export const MAX_STREAM_BATCH = 1000;

/**
 * Cleans a batch from the stream with the CSV rules and commits it, all or nothing, with the parcel
 * status it implies (projected in the same transaction, as CSV imports do) and one outbox row: one
 * bad item refuses the whole batch with a reason per item. Duplicates are skipped.
 */
export async function ingestTrackingEvents(
  sql: Sql,
  items: RawTrackingEvent[],
): Promise<{ accepted: number; duplicates: number }> {
  const events: TrackingEvent[] = [];
  const rejected: Array<{ index: number; column: string; reason: string; message: string }> = [];
  items.forEach((item, index) => {
    const cleaned = cleanTrackingEvent(item);
    if (cleaned.ok) events.push(cleaned.value);
    else rejected.push({ index, ...cleaned.rejection });
  });
  if (rejected.length > 0)
    throw new AppError(
      400,
      'invalid_events',
      `${rejected.length} of ${items.length} events are invalid and nothing was stored: fix them (details lists each) and send the batch again.`,
      rejected,
    );
  await ensureMonths(sql, new Set(events.map((e) => monthOf(e.occurredAt))));
  const inserted = (await sql.begin(async (tx) => {
    const rows = await tx<{ tracking_code: string; status: string; occurred_at: Date }[]>`
      INSERT INTO tracking_events (tracking_code, status, occurred_at, city, uf, facility, description, source)
      SELECT *, 'stream' FROM unnest(${events.map((e) => e.trackingCode)}::text[], ${events.map((e) => e.status)}::text[],
        ${events.map((e) => e.occurredAt.toISOString())}::timestamptz[], ${events.map((e) => e.city)}::text[],
        ${events.map((e) => e.uf)}::text[], ${events.map((e) => e.facility)}::text[], ${events.map((e) => e.description)}::text[])
      ON CONFLICT DO NOTHING
      RETURNING tracking_code, status, occurred_at`;
    if (rows.length > 0) {
      const changed = await tx<{ tracking_code: string; status: string; status_at: Date }[]>`
        WITH source AS (
          SELECT * FROM unnest(${rows.map((r) => r.tracking_code)}::text[], ${rows.map((r) => r.status)}::text[],
            ${rows.map((r) => r.occurred_at.toISOString())}::timestamptz[]) AS s(tracking_code, status, occurred_at))
        ${projectParcels(tx, 'source')}`;
      const payload: TrackingTopicPayload = {
        kind: 'events',
        events: rows.map((r) => ({
          trackingCode: r.tracking_code,
          status: r.status,
          occurredAt: r.occurred_at.toISOString(),
        })),
        ...capChanges(changed),
      };
      await enqueueOutbox(tx, TOPICS.trackingEvents, payload);
    }
    return rows.length;
  })) as number;
  return { accepted: inserted, duplicates: events.length - inserted };
}
