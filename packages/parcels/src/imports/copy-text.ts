import type { Parcel, TrackingEvent } from '../clean/clean';

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in PostgreSQL's COPY text format (`\N` is NULL). */
export function copyValue(value: string | number | Date | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

/** One COPY text line from the values of a row. */
export const copyLine = (values: Array<string | number | Date | null>) =>
  `${values.map(copyValue).join('\t')}\n`;

const text = (v: string | null) =>
  v === null ? '\\N' : SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : v;

/** The COPY line of a tracking event (staging layout; the time as epoch milliseconds, cheap to print). */
export const eventCopyLine = (e: TrackingEvent) =>
  `${e.trackingCode}\t${e.status}\t${e.occurredAt.getTime()}\t${text(e.city)}\t${e.uf ?? '\\N'}\t${text(e.facility)}\t${text(e.description)}\n`;

/** The COPY line of a parcel row; `seq` orders rows of one chunk (the last row of a code wins). */
export const parcelCopyLine = (p: Parcel, seq: number) =>
  copyLine([
    seq,
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
