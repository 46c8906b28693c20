import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { Rejection } from '../clean/clean';
import type { ImportKind } from '../csv/headers';
import { capChanges, MAX_LIVE_CHANGES } from '../events/live';
import { projectParcels } from '../events/projection';
import { announceImport } from './announce';
import type { ImportRow } from './import';

export interface RowRejection extends Rejection {
  row: number;
  raw: string;
}

/** What a chunk of a file produced, and the checkpoint after it. */
export interface Chunk {
  /** Accepted rows already in COPY text format: rows are not kept as objects (memory, GC). */
  copy: string;
  accepted: number;
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
 * (ON CONFLICT: re-importing changes nothing) with the parcel status it implies, the rejections, the
 * import's checkpoint and progress, and one outbox row with that committed progress (the only way
 * progress reaches the browsers). A crash before COMMIT leaves the checkpoint at the previous chunk.
 */
export async function commitChunk(sql: Sql, ctx: ChunkContext, chunk: Chunk): Promise<number> {
  return sql.begin(async (tx) => {
    const { inserted, changed, projected } =
      chunk.accepted === 0
        ? { inserted: 0, changed: [], projected: 0 }
        : ctx.kind === 'tracking'
          ? await mergeEvents(tx, ctx.importId, chunk.copy)
          : { inserted: await mergeParcels(tx, chunk.copy), changed: [], projected: 0 };
    if (chunk.rejections.length > 0) {
      const r = chunk.rejections;
      await tx`
        INSERT INTO import_rejections (import_id, row_number, column_name, reason, message, raw_line)
        SELECT ${ctx.importId}, * FROM unnest(${r.map((x) => x.row)}::bigint[], ${r.map((x) => x.column)}::text[],
          ${r.map((x) => x.reason)}::text[], ${r.map((x) => x.message)}::text[], ${r.map((x) => x.raw.slice(0, 2000))}::text[])
        ON CONFLICT DO NOTHING`;
    }
    const accepted = chunk.accepted;
    const percent = ctx.bytesTotal > 0 ? Math.min(100, (chunk.endOffset / ctx.bytesTotal) * 100) : 100;
    const [row] = await tx<ImportRow[]>`
      UPDATE imports SET bytes_read = ${chunk.endOffset}, rows_read = ${chunk.rowsRead},
        rows_accepted = rows_accepted + ${accepted}, rows_inserted = rows_inserted + ${inserted},
        rows_rejected = rows_rejected + ${chunk.rejections.length}, percent = ${percent.toFixed(2)},
        rows_per_second = ${Math.round(ctx.rowsPerSecond)}, encoding = ${ctx.encoding},
        delimiter = ${ctx.delimiter}, updated_at = now()
      WHERE id = ${ctx.importId} RETURNING *`;
    await announceImport(tx, row, inserted, capChanges(changed, projected));
    return inserted;
  }) as Promise<number>;
}

interface Changed {
  tracking_code: string;
  status: string;
  status_at: Date;
}

async function mergeEvents(
  tx: Queryable,
  importId: string,
  copyText: string,
): Promise<{ inserted: number; changed: Changed[]; projected: number }> {
  await tx`CREATE TEMP TABLE IF NOT EXISTS staging_tracking_events (
    tracking_code text COLLATE "C", status text COLLATE "C", occurred_ms bigint, city text, uf text,
    facility text, description text) ON COMMIT DELETE ROWS`;
  await copyInto(tx`COPY staging_tracking_events FROM STDIN`, copyText);
  const [row] = await tx<{ inserted: number; projected: number; changed: Changed[] | null }[]>`
    WITH inserted AS (
      INSERT INTO tracking_events (tracking_code, status, occurred_at, city, uf, facility, description, source, import_id)
      SELECT tracking_code, status, to_timestamp(occurred_ms / 1000.0), city, uf, facility, description,
        'csv', ${importId}
      FROM staging_tracking_events
      ON CONFLICT DO NOTHING
      RETURNING tracking_code, status, occurred_at
    ), projected AS (${projectParcels(tx, 'inserted')})
    SELECT (SELECT count(*) FROM inserted)::int AS inserted, (SELECT count(*) FROM projected)::int AS projected,
      (SELECT json_agg(p) FROM (SELECT * FROM projected LIMIT ${MAX_LIVE_CHANGES}) p) AS changed`;
  const changed = (row.changed ?? []).map((c) => ({ ...c, status_at: new Date(c.status_at) }));
  return { inserted: row.inserted, changed, projected: row.projected };
}

async function mergeParcels(tx: Queryable, copyText: string): Promise<number> {
  await tx`CREATE TEMP TABLE IF NOT EXISTS staging_parcels (
    seq int, tracking_code text COLLATE "C", sender_city text, sender_uf text, recipient_city text,
    recipient_uf text, recipient_cep text, service text, weight_kg numeric, posted_at timestamptz,
    expected_at timestamptz, delivered_at timestamptz) ON COMMIT DELETE ROWS`;
  await copyInto(tx`COPY staging_parcels FROM STDIN`, copyText);
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

/** Streams COPY text into a COPY … FROM STDIN query in 1 MiB pieces. */
async function copyInto(query: { writable(): Promise<Writable> }, text: string): Promise<void> {
  const copy = await query.writable();
  const PIECE = 1 << 20;
  for (let i = 0; i < text.length; i += PIECE) {
    if (!copy.write(text.slice(i, i + PIECE))) await once(copy, 'drain');
  }
  copy.end();
  await finished(copy);
}
