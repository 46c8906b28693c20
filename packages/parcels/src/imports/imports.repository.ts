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

  async fail(id: string, error: string): Promise<void> {
    await this.sql.begin(async (tx) => {
      const [row] = await tx<ImportRow[]>`
        UPDATE imports SET status = 'failed', error = ${error}, finished_at = now(), updated_at = now()
        WHERE id = ${id} AND status <> 'done' RETURNING *`;
      if (row) await announceImport(tx, row);
    });
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
