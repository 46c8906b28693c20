import type { DeliveredMessage } from '../types';
import { entryTime } from './keys';

/** A stream entry as XREADGROUP / XAUTOCLAIM return it; fields are null when the entry was trimmed away. */
export type RawEntry = [id: Buffer, fields: Buffer[] | null];

export interface ReadEntry {
  entryId: string;
  /** null when the entry was trimmed by retention while pending: it is acknowledged without a handler call. */
  message: DeliveredMessage | null;
}

export function decodeEntry(topic: string, raw: RawEntry, redelivered: boolean): ReadEntry {
  const entryId = raw[0].toString();
  const fields = raw[1];
  if (!fields) return { entryId, message: null };
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  let headers: Record<string, string> = {};
  let id = '';
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i].toString();
    const field = fields[i + 1];
    if (name === 'k') key = field.toString();
    else if (name === 'v') value = field;
    else if (name === 'h' && field.length > 0) headers = JSON.parse(field.toString());
    else if (name === 'i') id = field.toString();
  }
  return {
    entryId,
    message: {
      topic,
      key,
      value,
      headers,
      id: id || `${topic}:${entryId}`,
      timestamp: entryTime(entryId),
      position: entryId,
      redelivered,
    },
  };
}
