import type { ImportKind } from '../csv/headers';

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed';

/** An import job as the API shows it. */
export interface Import {
  id: string;
  kind: ImportKind;
  filename: string;
  status: ImportStatus;
  encoding: string | null;
  delimiter: string | null;
  bytesTotal: number;
  bytesRead: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsInserted: number;
  rowsRejected: number;
  percent: number;
  rowsPerSecond: number;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface ImportRow {
  id: string;
  kind: ImportKind;
  filename: string;
  status: ImportStatus;
  blob_oid: number | null;
  file_path: string | null;
  encoding: string | null;
  delimiter: string | null;
  bytes_total: string;
  bytes_read: string;
  rows_read: string;
  rows_accepted: string;
  rows_inserted: string;
  rows_rejected: string;
  percent: string;
  rows_per_second: number;
  attempts: number;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  created_by: string | null;
  created_at: Date;
}

export const toImport = (r: ImportRow): Import => ({
  id: r.id,
  kind: r.kind,
  filename: r.filename,
  status: r.status,
  encoding: r.encoding,
  delimiter: r.delimiter,
  bytesTotal: Number(r.bytes_total),
  bytesRead: Number(r.bytes_read),
  rowsRead: Number(r.rows_read),
  rowsAccepted: Number(r.rows_accepted),
  rowsInserted: Number(r.rows_inserted),
  rowsRejected: Number(r.rows_rejected),
  percent: Number(r.percent),
  rowsPerSecond: r.rows_per_second,
  attempts: r.attempts,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  error: r.error,
  createdBy: r.created_by,
  createdAt: r.created_at,
});
