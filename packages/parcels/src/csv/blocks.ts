import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';

const NL = 0x0a;
const QUOTE = 0x22;
/** A record longer than this is not a CSV row but a broken file (an unclosed quote, a binary). */
const MAX_RECORD_BYTES = 1 << 20;

/** Complete records of a file, as text, and the byte offset just after them (a resumable checkpoint). */
export interface TextBlock {
  text: string;
  endOffset: number;
  encoding: 'utf8' | 'latin1';
}

/** Raised when the bytes cannot be a CSV file at all; the import fails with this message. */
export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

/** Index just after the last newline that is outside quotes, or -1. */
function lastRecordEnd(buf: Buffer): number {
  if (buf.indexOf(QUOTE) === -1) {
    const nl = buf.lastIndexOf(NL);
    return nl === -1 ? -1 : nl + 1;
  }
  let inQuotes = false;
  let end = -1;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (b === NL && !inQuotes) end = i + 1;
  }
  return end;
}

/**
 * Cuts a byte stream into blocks of whole records and decodes each: UTF-8 when the bytes are valid
 * UTF-8, Latin-1 otherwise (and from then on). Memory is one read chunk plus one partial record.
 */
export async function* textBlocks(stream: Readable, startOffset = 0): AsyncGenerator<TextBlock> {
  let carry: Buffer | null = null;
  let offset = startOffset;
  let encoding: 'utf8' | 'latin1' = 'utf8';
  const decode = (bytes: Buffer): string => {
    if (encoding === 'utf8' && !isUtf8(bytes)) encoding = 'latin1';
    const text = bytes.toString(encoding);
    return offset === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const end = lastRecordEnd(buf);
    if (end === -1) {
      if (buf.length > MAX_RECORD_BYTES)
        throw new CsvFormatError(
          `A record near byte ${offset} is longer than 1 MiB: check for an unclosed quote (").`,
        );
      carry = buf;
      continue;
    }
    const text = decode(buf.subarray(0, end));
    offset += end;
    yield { text, endOffset: offset, encoding };
    carry = end < buf.length ? buf.subarray(end) : null;
  }
  if (carry && carry.length > 0) {
    const text = decode(carry);
    offset += carry.length;
    yield { text, endOffset: offset, encoding };
  }
}
