import { isUtf8 } from 'node:buffer';
import type { Sql } from '@pioneira/db';
import {
  cleanParcel,
  cleanTrackingEvent,
  type Parcel,
  type Rejection,
  type TrackingEvent,
} from '../clean/clean';
import { CsvFormatError, textBlocks } from '../csv/blocks';
import { HeaderError, type HeaderMap, mapHeader, recordToRaw } from '../csv/headers';
import { parseRecords, sniffDelimiter } from '../csv/records';
import { type Chunk, commitChunk } from './chunk';
import { eventCopyLine, parcelCopyLine } from './copy-text';
import { type Import, toImport } from './import';
import { ImportsRepository } from './imports.repository';
import { ensureMonths, monthOf } from './partitions';
import { fileSource, type ImportSource, largeObjectSource } from './sources';

export interface RunImportOptions {
  /** Accepted rows per committed chunk (default 25,000). */
  chunkRows?: number;
  /** Called after each committed chunk with the import as stored. */
  onProgress?: (progress: Import) => void;
  /** Stops at the next chunk boundary (after committing it) with ImportInterrupted: graceful shutdown. */
  signal?: AbortSignal;
}

/** The import stopped at a committed chunk because its signal fired; running it again resumes there. */
export class ImportInterrupted extends Error {
  override name = 'ImportInterrupted';
}

/** A file that can never import (bad header, not CSV): retrying will not help. */
export class ImportFormatError extends Error {
  override name = 'ImportFormatError';
}

const HEADER_PROBE_BYTES = 64 * 1024;

/**
 * Runs (or resumes) an import: streams the file from its checkpoint, cleans every row with the same
 * rules as the stream path, and commits chunk by chunk. Safe to run again after a crash: it resumes
 * at the last committed chunk and the merges skip what is already stored.
 */
export async function runImport(sql: Sql, importId: string, options: RunImportOptions = {}): Promise<Import> {
  const repo = new ImportsRepository(sql);
  const row = await repo.begin(importId);
  if (!row) throw new ImportFormatError(`Import ${importId} does not exist.`);
  if (row.status === 'done') return toImport(row);
  try {
    const source =
      row.blob_oid !== null
        ? largeObjectSource(sql, Number(row.blob_oid))
        : fileSource(row.file_path as string);
    const header = await readHeader(source);
    const map = mapHeader(row.kind, header.fields);
    const clean = row.kind === 'tracking' ? cleanTrackingEvent : cleanParcel;
    const chunkRows = options.chunkRows ?? 25_000;
    const start = Math.max(Number(row.bytes_read), header.bytes);
    let rowsRead = Number(row.rows_read);
    const started = Date.now();
    let rowsThisRun = 0;
    let encoding: string = header.encoding;
    let chunk = emptyChunk(start, rowsRead);
    const months = new Set<number>();
    const addRow = (
      cleaned: ReturnType<typeof cleanTrackingEvent> | ReturnType<typeof cleanParcel>,
    ): Rejection | null => {
      if (!cleaned.ok) return cleaned.rejection;
      if (row.kind === 'tracking') {
        const event = cleaned.value as TrackingEvent;
        chunk.copy += eventCopyLine(event);
        months.add(monthOf(event.occurredAt));
      } else chunk.copy += parcelCopyLine(cleaned.value as Parcel, chunk.accepted);
      chunk.accepted++;
      return null;
    };

    // One chunk commits while the next one is parsed: PostgreSQL's merge and this process's parsing
    // overlap instead of taking turns. Commits stay in file order, one at a time, so the checkpoint
    // still moves chunk by chunk; memory holds at most two chunks.
    let committing: Promise<void> = Promise.resolve();
    const commit = async (done: Chunk, doneMonths: Set<number>, rate: number) => {
      if (row.kind === 'tracking') await ensureMonths(sql, doneMonths);
      await commitChunk(
        sql,
        {
          importId,
          kind: row.kind,
          bytesTotal: Number(row.bytes_total),
          encoding,
          delimiter: header.delimiter,
          rowsPerSecond: rate,
        },
        done,
      );
      if (options.onProgress) {
        const now = await repo.find(importId);
        if (now) options.onProgress(toImport(now));
      }
    };
    const flush = async () => {
      const rate = rowsThisRun / Math.max(0.001, (Date.now() - started) / 1000);
      const done = chunk;
      const doneMonths = new Set(months);
      chunk = emptyChunk(chunk.endOffset, chunk.rowsRead);
      months.clear();
      await committing;
      committing = commit(done, doneMonths, rate);
      // Awaited at the next flush; until then a failure must not count as unhandled.
      committing.catch(() => {});
    };

    for await (const block of textBlocks(source.open(start), start)) {
      if (block.encoding === 'latin1') encoding = 'latin1';
      for (const record of parseRecords(block.text, header.delimiter)) {
        rowsRead++;
        rowsThisRun++;
        if (record.length === 1 && record[0].trim() === '') continue;
        const rowNumber = rowsRead + 1;
        const rejection =
          record.length > map.columns
            ? columnCount(record.length, map.columns)
            : addRow(clean(recordToRaw(map, record)));
        if (rejection)
          chunk.rejections.push({
            ...rejection,
            column: map.headerOf[rejection.column] ?? rejection.column,
            row: rowNumber,
            raw: record.join(header.delimiter),
          });
      }
      chunk.endOffset = block.endOffset;
      chunk.rowsRead = rowsRead;
      if (chunk.accepted + chunk.rejections.length >= chunkRows) {
        await flush();
        if (options.signal?.aborted) {
          await committing;
          throw new ImportInterrupted(`Import ${importId} paused at row ${rowsRead + 1}.`);
        }
      }
    }
    await flush();
    await committing;
    const rate = rowsThisRun / Math.max(0.001, (Date.now() - started) / 1000);
    const done = toImport(await repo.finish(importId, Math.round(rate)));
    options.onProgress?.(done);
    return done;
  } catch (error) {
    if (error instanceof ImportInterrupted) throw error;
    if (error instanceof HeaderError || error instanceof CsvFormatError) {
      // A file that cannot be read never will be: its bytes go now, not with a retry.
      await repo.fail(importId, error.message, true);
      throw new ImportFormatError(error.message);
    }
    await repo.fail(importId, `Import stopped: ${(error as Error).message}. It is retried automatically.`);
    throw error;
  }
}

const emptyChunk = (endOffset: number, rowsRead: number): Chunk => ({
  copy: '',
  accepted: 0,
  rejections: [],
  endOffset,
  rowsRead,
});

const columnCount = (got: number, expected: number): Rejection => ({
  column: '*',
  reason: 'column_count',
  message: `A linha tem ${got} colunas e o cabeçalho ${expected}: confira o separador e as aspas.`,
});

/** The header record: its fields, byte length, delimiter and encoding. */
async function readHeader(source: ImportSource) {
  const stream = source.open(0);
  let bytes = Buffer.alloc(0);
  for await (const part of stream as AsyncIterable<Buffer>) {
    bytes = Buffer.concat([bytes, part]);
    if (bytes.indexOf(0x0a) !== -1 || bytes.length >= HEADER_PROBE_BYTES) break;
  }
  stream.destroy();
  const nl = bytes.indexOf(0x0a);
  if (nl === -1 && bytes.length >= HEADER_PROBE_BYTES)
    throw new CsvFormatError(
      'The first line is longer than 64 KiB: this is not a CSV file with a header row.',
    );
  const end = nl === -1 ? bytes.length : nl + 1;
  const headerBytes = bytes.subarray(0, end);
  const encoding = isUtf8(headerBytes) ? 'utf8' : 'latin1';
  const line = headerBytes
    .toString(encoding)
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n$/, '');
  if (line.trim() === '')
    throw new CsvFormatError('The file is empty: the first line must be the header row.');
  const delimiter = sniffDelimiter(line);
  const [fields] = parseRecords(line, delimiter);
  return { fields, bytes: end, delimiter, encoding };
}

export type { HeaderMap };
