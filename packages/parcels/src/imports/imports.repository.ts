import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { ImportKind } from '../csv/headers';
import { announceImport } from './announce';
import type { ImportRow } from './import';

export interface RejectionRow {
  row_number: string;
  column_name: string | null;
  reason: string;
  message: string;
  raw_line: string | null;
}

/**
 * All SQL of the imports table (the chunk merges live in chunk.ts). Every change of an import's state
 * is announced on the tracking-events topic in the same transaction.
 */
export class ImportsRepository {
  constructor(private readonly sql: Sql) {}

  async create(
    input: {
      kind: ImportKind;
      filename: string;
      bytesTotal: number;
      blobOid?: number;
      filePath?: string;
      createdBy?: string | null;
    },
    sql: Queryable = this.sql,
  ): Promise<ImportRow> {
    const [row] = await sql<ImportRow[]>`
      INSERT INTO imports (kind, filename, bytes_total, blob_oid, file_path, created_by)
      VALUES (${input.kind}, ${input.filename}, ${input.bytesTotal}, ${input.blobOid ?? null},
              ${input.filePath ?? null}, ${input.createdBy ?? null})
      RETURNING *`;
    return row;
  }

  async find(id: string): Promise<ImportRow | undefined> {
    const [row] = await this.sql<ImportRow[]>`SELECT * FROM imports WHERE id = ${id}`;
    return row;
  }

  async list(limit: number, offset: number): Promise<{ rows: ImportRow[]; total: number }> {
    const rows = await this.sql<ImportRow[]>`
      SELECT * FROM imports ORDER BY created_at DESC, id LIMIT ${limit} OFFSET ${offset}`;
    const [{ n }] = await this.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM imports`;
    return { rows, total: n };
  }

  /** Marks an attempt as running; returns the row with its checkpoint. */
  async begin(id: string): Promise<ImportRow | undefined> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<ImportRow[]>`
        UPDATE imports SET status = CASE WHEN status = 'done' THEN status ELSE 'running' END,
          attempts = attempts + 1, started_at = coalesce(started_at, now()), error = NULL, updated_at = now()
        WHERE id = ${id} RETURNING *`;
      if (row) await announceImport(tx, row);
      return row;
    }) as Promise<ImportRow | undefined>;
  }

  /** Marks it failed; a permanent failure (`dropUpload`) also drops its uploaded bytes. */
  async fail(id: string, error: string, dropUpload = false): Promise<void> {
    await this.sql.begin(async (tx) => {
      const [row] = await tx<ImportRow[]>`
        UPDATE imports SET status = 'failed', error = ${error}, finished_at = now(), updated_at = now()
        WHERE id = ${id} AND status <> 'done' RETURNING *`;
      if (dropUpload) await this.unlinkUpload(tx, id);
      if (row) await announceImport(tx, row);
    });
  }

  /** Drops the uploaded bytes of a failed import that will not run again (its row stays). */
  async dropUpload(id: string): Promise<void> {
    await this.sql.begin((tx) => this.unlinkUpload(tx, id));
  }

  /** Deletes an import and its uploaded bytes (an upload refused half-way). */
  async discard(id: string): Promise<void> {
    await this.sql.begin(async (tx) => {
      const [row] = await tx<
        { blob_oid: number | null }[]
      >`DELETE FROM imports WHERE id = ${id} RETURNING blob_oid`;
      if (row?.blob_oid != null) await tx`SELECT lo_unlink(${row.blob_oid})`;
    });
  }

  /** Uploads of this user still stored (not yet imported, or failed and waiting for a retry). */
  async storedUploadsOf(tx: Queryable, userId: string): Promise<number> {
    // One upload at a time per user passes this count, so concurrent uploads cannot all fit.
    await tx`SELECT pg_advisory_xact_lock(hashtext('imports.uploads'), hashtext(${userId}))`;
    const [{ n }] = await tx<{ n: number }[]>`
      SELECT count(*)::int AS n FROM imports WHERE created_by = ${userId} AND blob_oid IS NOT NULL`;
    return n;
  }

  /** Unlinks the upload of a failed or finished import (the others still need theirs). */
  private async unlinkUpload(tx: Queryable, id: string): Promise<void> {
    const [row] = await tx<{ blob_oid: number | null }[]>`
      SELECT blob_oid FROM imports WHERE id = ${id} AND status IN ('failed', 'done') FOR UPDATE`;
    if (row?.blob_oid == null) return;
    await tx`UPDATE imports SET blob_oid = NULL, updated_at = now() WHERE id = ${id}`;
    await tx`SELECT lo_unlink(${row.blob_oid})`;
  }

  /** Marks it done and drops its uploaded bytes, in one transaction. */
  async finish(id: string, rowsPerSecond: number): Promise<ImportRow> {
    return this.sql.begin(async (tx) => {
      const [before] = await tx<{ blob_oid: number | null }[]>`
        SELECT blob_oid FROM imports WHERE id = ${id} FOR UPDATE`;
      if (before?.blob_oid != null) await tx`SELECT lo_unlink(${before.blob_oid})`;
      const [row] = await tx<ImportRow[]>`
        UPDATE imports SET status = 'done', percent = 100, rows_per_second = ${rowsPerSecond},
          finished_at = now(), updated_at = now(), blob_oid = NULL
        WHERE id = ${id} RETURNING *`;
      await announceImport(tx, row);
      return row;
    }) as Promise<ImportRow>;
  }

  async *rejections(id: string): AsyncGenerator<RejectionRow[]> {
    const cursor = this.sql<RejectionRow[]>`
      SELECT row_number, column_name, reason, message, raw_line FROM import_rejections
      WHERE import_id = ${id} ORDER BY row_number`.cursor(1000);
    for await (const rows of cursor) yield rows;
  }
}
