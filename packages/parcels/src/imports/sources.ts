import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';

/** The bytes of an imported file, readable from any offset (a retried import resumes mid-file). */
export interface ImportSource {
  open(start: number): Readable;
}

const READ_BYTES = 1 << 20;

/** A file on this machine (the CLI). */
export function fileSource(path: string): ImportSource {
  return {
    open: (start) => createReadStream(path, { start, highWaterMark: READ_BYTES }),
  };
}

/** A PostgreSQL large object (uploads): any worker on any host can read it, and it survives restarts. */
export function largeObjectSource(sql: Sql, oid: number): ImportSource {
  return {
    open(start) {
      return Readable.from(
        (async function* () {
          for (let offset = start; ; offset += READ_BYTES) {
            const [row] = await sql<
              { data: Buffer }[]
            >`SELECT lo_get(${oid}, ${offset}, ${READ_BYTES}) AS data`;
            if (row.data.length > 0) yield row.data;
            if (row.data.length < READ_BYTES) return;
          }
        })(),
      );
    },
  };
}

/**
 * Streams an upload into a new large object inside the caller's transaction, one part at a time, so the
 * file is never held in memory and a failed upload leaves nothing behind. Returns its oid and size.
 */
export async function writeLargeObject(
  tx: Queryable,
  parts: AsyncIterable<Buffer>,
): Promise<{ oid: number; bytes: number }> {
  const [{ oid }] = await tx<{ oid: number }[]>`SELECT lo_create(0) AS oid`;
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    await tx`SELECT lo_put(${oid}, ${bytes}, ${Buffer.concat(pending)})`;
    bytes += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  for await (const part of parts) {
    pending.push(part);
    pendingBytes += part.length;
    if (pendingBytes >= READ_BYTES) await flush();
  }
  await flush();
  return { oid: Number(oid), bytes };
}
