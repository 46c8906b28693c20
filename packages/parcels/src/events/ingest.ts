import { AppError, type Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { enqueueOutbox, TOPICS } from '@pioneira/pipeline';
import { cleanTrackingEvent, type RawTrackingEvent, type TrackingEvent } from '../clean/clean';
import { ensureMonths, monthOf } from '../imports/partitions';
import { capChanges, type TrackingTopicPayload } from './live';
import { projectParcels } from './projection';

/**
 * Claims the batch's parcels for `carrier` (a parcel nobody claimed yet becomes its) and refuses the
 * whole batch when one belongs to another carrier. The upsert locks each parcel row, so two carriers
 * racing for a new parcel are serialised: one claims it, the other is refused.
 */
async function claimParcels(tx: Queryable, codes: string[], carrier: string): Promise<void> {
  const owners = await tx<{ tracking_code: string; carrier: string }[]>`
    INSERT INTO parcels (tracking_code, carrier)
    SELECT code, ${carrier} FROM unnest(${codes}::text[]) AS code ORDER BY code
    ON CONFLICT (tracking_code) DO UPDATE SET carrier = coalesce(parcels.carrier, EXCLUDED.carrier)
    RETURNING tracking_code, carrier`;
  const foreign = owners.filter((o) => o.carrier !== carrier).map((o) => o.tracking_code);
  if (foreign.length > 0)
    throw new AppError(
      403,
      'foreign_parcels',
      `${foreign.length} parcel(s) of this batch belong to another carrier and this key may not change them; nothing was stored.`,
      { trackingCodes: foreign.slice(0, 20) },
    );
}

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
  carrier: string,
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
    await claimParcels(tx, [...new Set(events.map((e) => e.trackingCode))], carrier);
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
