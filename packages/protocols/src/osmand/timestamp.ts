import { clip, isDecimal } from '../numbers';
import { DecodeError } from '../position';
import { fixTime } from '../validate';

// Traccar's rule: an epoch number at or above 2^31 cannot be seconds (that is the year 2038), so it is ms.
const MILLISECONDS_THRESHOLD = 2 ** 31;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const SPACED = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Reads an OsmAnd `timestamp`: epoch seconds, epoch ms, ISO-8601 or `yyyy-MM-dd HH:mm:ss`.
 * Absent means the fix is now.
 */
export function parseOsmAndTimestamp(value: unknown, now: Date): Date {
  if (value === undefined || value === null || value === '') return now;
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') {
    throw new DecodeError(
      'INVALID_TIMESTAMP',
      `timestamp must be a number or a string, got ${typeof value}.`,
    );
  }
  const text = value.trim();
  if (isDecimal(text)) return fromEpoch(Number(text));
  const iso = ISO_8601.exec(text);
  if (iso) {
    // Date.parse rolls 2024-02-30 over to March 1st: a day the calendar does not have is refused.
    const [y, mo, d, h, mi] = iso.slice(1, 6).map(Number);
    if (!realDay(y, mo, d) || h > 23 || mi > 59 || Number(iso[7] ?? 0) > 59) throw invalid(text);
    // An ISO time without an offset would be read in the server's zone by Date.parse; phones send UTC.
    const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text) ? text : `${text}Z`;
    return fixTime(Date.parse(zoned));
  }
  const spaced = SPACED.exec(text);
  if (spaced) {
    // Traccar reads this form in the server's time zone; we treat it as UTC so the stored time does not
    // depend on where our server happens to run.
    const [, y, mo, d, h, mi, s] = spaced.map(Number);
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const roundTrip = new Date(ms);
    if (
      roundTrip.getUTCFullYear() !== y ||
      roundTrip.getUTCMonth() !== mo - 1 ||
      roundTrip.getUTCDate() !== d ||
      h > 23 ||
      mi > 59 ||
      s > 59
    ) {
      throw invalid(text);
    }
    return fixTime(ms);
  }
  throw invalid(text);
}

function realDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function fromEpoch(epoch: number): Date {
  return fixTime(epoch >= MILLISECONDS_THRESHOLD ? epoch : epoch * 1000);
}

function invalid(text: string): DecodeError {
  return new DecodeError(
    'INVALID_TIMESTAMP',
    `timestamp "${clip(text)}" is not epoch seconds/ms, ISO-8601 or "yyyy-MM-dd HH:mm:ss".`,
  );
}
