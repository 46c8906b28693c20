import { finished } from 'node:stream/promises';
import type { Sql } from '@pioneira/db';
import type { Parcel, Rejection, TrackingEvent } from '../clean/clean';
import type { ImportKind } from '../csv/headers';
import type { Queryable } from '../db';
import { projectParcels } from '../events/projection';
import { TRACKING_EVENTS_TOPIC } from '../events/topic';
import { copyLine } from './copy-text';

export interface RowRejection extends Rejection {
  row: number;
  raw: string;
}

/** What a chunk of a file produced, and the checkpoint after it. */
export interface Chunk {
  events: TrackingEvent[];
  parcels: Parcel[];
  rejections: RowRejection[];
  /** Byte offset just after the chunk's last record. */
  endOffset: number;
  /** Records consumed from the start of the file (header excluded) after this chunk. */
  rowsRead: number;
}

export interface ChunkContext {
  importId: string;
  kind: ImportKind;
  bytesTotal: number;
  encoding: string;
  delimiter: string;
  rowsPerSecond: number;
}

/**
 * Commits one chunk in ONE transaction: COPY into a staging table, one merge into the real tables
 * (ON CONFLICT: re-importing changes nothing), the rejections, the import's checkpoint and progress,
 * and one outbox row. A crash before COMMIT leaves the checkpoint at the previous chunk.
 */
export async function commitChunk(sql: Sql, ctx: ChunkContext, chunk: Chunk): Promise<number> {
  return sql.begin(async (tx) => {
    const inserted =
      ctx.kind === 'tracking'
        ? await mergeEvents(tx, ctx.importId, chunk.events)
        : await mergeParcels(tx, chunk.parcels);
    if (chunk.rejections.length > 0) {
      const r = chunk.rejections;
      await tx`
        INSERT INTO import_rejections (import_id, row_number, column_name, reason, message, raw_line)
        SELECT ${ctx.importId}, * FROM unnest(${r.map((x) => x.row)}::bigint[], ${r.map((x) => x.column)}::text[],
          ${r.map((x) => x.reason)}::text[], ${r.map((x) => x.message)}::text[], ${r.map((x) => x.raw.slice(0, 2000))}::text[])
        ON CONFLICT DO NOTHING`;
    }
    const accepted = ctx.kind === 'tracking' ? chunk.events.length : chunk.parcels.length;
    const percent = ctx.bytesTotal > 0 ? Math.min(100, (chunk.endOffset / ctx.bytesTotal) * 100) : 100;
    await tx`
      UPDATE imports SET bytes_read = ${chunk.endOffset}, rows_read = ${chunk.rowsRead},
        rows_accepted = rows_accepted + ${accepted}, rows_inserted = rows_inserted + ${inserted},
        rows_rejected = rows_rejected + ${chunk.rejections.length}, percent = ${percent.toFixed(2)},
        rows_per_second = ${Math.round(ctx.rowsPerSecond)}, encoding = ${ctx.encoding},
        delimiter = ${ctx.delimiter}, updated_at = now()
      WHERE id = ${ctx.importId}`;
    if (inserted > 0) {
      const payload = { kind: 'import', importId: ctx.importId, importKind: ctx.kind, inserted };
      await tx`INSERT INTO outbox (topic, payload) VALUES (${TRACKING_EVENTS_TOPIC}, ${Buffer.from(JSON.stringify(payload))})`;
    }
    return inserted;
  }) as Promise<number>;
}

async function mergeEvents(tx: Queryable, importId: string, events: TrackingEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  await tx`CREATE TEMP TABLE IF NOT EXISTS staging_tracking_events (
    tracking_code text, status text, occurred_at timestamptz, city text, uf text, facility text,
    description text) ON COMMIT DELETE ROWS`;
  const copy = await tx`COPY staging_tracking_events FROM STDIN`.writable();
  let text = '';
  for (const e of events) {
    text += copyLine([e.trackingCode, e.status, e.occurredAt, e.city, e.uf, e.facility, e.description]);
    if (text.length > 1 << 20) {
      if (!copy.write(text)) await new Promise((r) => copy.once('drain', r));
      text = '';
    }
  }
  copy.end(text);
  await finished(copy);
  const [row] = await tx<{ inserted: number }[]>`
    WITH inserted AS (
      INSERT INTO tracking_events (tracking_code, status, occurred_at, city, uf, facility, description, source, import_id)
      SELECT tracking_code, status, occurred_at, city, uf, facility, description, 'csv', ${importId}
      FROM staging_tracking_events
      ON CONFLICT DO NOTHING
      RETURNING tracking_code, status, occurred_at
    ), projected AS (${projectParcels(tx, 'inserted')})
    SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM projected)::int AS projected`;
  return row.inserted;
}

async function mergeParcels(tx: Queryable, parcels: Parcel[]): Promise<number> {
  if (parcels.length === 0) return 0;
  await tx`CREATE TEMP TABLE IF NOT EXISTS staging_parcels (
    seq int, tracking_code text, sender_city text, sender_uf text, recipient_city text, recipient_uf text,
    recipient_cep text, service text, weight_kg numeric, posted_at timestamptz, expected_at timestamptz,
    delivered_at timestamptz) ON COMMIT DELETE ROWS`;
  const copy = await tx`COPY staging_parcels FROM STDIN`.writable();
  let text = '';
  parcels.forEach((p, i) => {
    text += copyLine([
      i,
      p.trackingCode,
      p.senderCity,
      p.senderUf,
      p.recipientCity,
      p.recipientUf,
      p.recipientCep,
      p.service,
      p.weightKg,
      p.postedAt,
      p.expectedAt,
      p.deliveredAt,
    ]);
  });
  copy.end(text);
  await finished(copy);
  // The last row of a code in the file wins; an empty cell keeps what is stored.
  const [row] = await tx<{ changed: number }[]>`
    WITH changed AS (
      INSERT INTO parcels AS p (tracking_code, sender_city, sender_uf, recipient_city, recipient_uf,
        recipient_cep, service, weight_kg, posted_at, expected_at, delivered_at)
      SELECT DISTINCT ON (tracking_code) tracking_code, sender_city, sender_uf, recipient_city, recipient_uf,
        recipient_cep, service, weight_kg, posted_at, expected_at, delivered_at
      FROM staging_parcels ORDER BY tracking_code, seq DESC
      ON CONFLICT (tracking_code) DO UPDATE SET
        sender_city = coalesce(EXCLUDED.sender_city, p.sender_city),
        sender_uf = coalesce(EXCLUDED.sender_uf, p.sender_uf),
        recipient_city = coalesce(EXCLUDED.recipient_city, p.recipient_city),
        recipient_uf = coalesce(EXCLUDED.recipient_uf, p.recipient_uf),
        recipient_cep = coalesce(EXCLUDED.recipient_cep, p.recipient_cep),
        service = coalesce(EXCLUDED.service, p.service),
        weight_kg = coalesce(EXCLUDED.weight_kg, p.weight_kg),
        posted_at = coalesce(EXCLUDED.posted_at, p.posted_at),
        expected_at = coalesce(EXCLUDED.expected_at, p.expected_at),
        delivered_at = LEAST(EXCLUDED.delivered_at, p.delivered_at),
        updated_at = now()
      WHERE (p.sender_city, p.sender_uf, p.recipient_city, p.recipient_uf, p.recipient_cep, p.service,
             p.weight_kg, p.posted_at, p.expected_at, p.delivered_at)
        IS DISTINCT FROM
            (coalesce(EXCLUDED.sender_city, p.sender_city), coalesce(EXCLUDED.sender_uf, p.sender_uf),
             coalesce(EXCLUDED.recipient_city, p.recipient_city), coalesce(EXCLUDED.recipient_uf, p.recipient_uf),
             coalesce(EXCLUDED.recipient_cep, p.recipient_cep), coalesce(EXCLUDED.service, p.service),
             coalesce(EXCLUDED.weight_kg, p.weight_kg), coalesce(EXCLUDED.posted_at, p.posted_at),
             coalesce(EXCLUDED.expected_at, p.expected_at), LEAST(EXCLUDED.delivered_at, p.delivered_at))
      RETURNING 1)
    SELECT count(*)::int AS changed FROM changed`;
  return row.changed;
}
