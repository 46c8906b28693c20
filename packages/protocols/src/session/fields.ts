import { clip, parseDecimal } from '../numbers';
import { DecodeError } from '../position';

/** A decimal field, or null when empty. */
export function optionalDecimal(text: string | undefined, field: string): number | null {
  if (text === undefined || text === '') return null;
  return parseDecimal(text, field);
}

/** A decimal field that must be present. */
export function requiredDecimal(text: string | undefined, field: string): number {
  if (text === undefined || text === '') {
    throw new DecodeError('MALFORMED_RECORD', `Field "${field}" is missing.`);
  }
  return parseDecimal(text, field);
}

/** Epoch ms of a UTC calendar time, refusing days and times the calendar does not have. */
export function utcTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  context: string,
): number {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  const ok =
    [year, month, day, hour, minute, second].every(Number.isInteger) &&
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  if (!ok) {
    throw new DecodeError('INVALID_TIMESTAMP', `The time in ${clip(context)} is not a real calendar time.`);
  }
  return ms;
}

/** Reads `YYYYMMDD` and `HH:MM:SS` (Suntech) or `YYYYMMDDHHMMSS` (Queclink) as UTC. */
export function compactUtc(text: string, context: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2}):?(\d{2}):?(\d{2})$/.exec(text);
  if (!m) throw new DecodeError('INVALID_TIMESTAMP', `Time "${clip(text)}" is not YYYYMMDDHHMMSS.`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return utcTime(y!, mo!, d!, h!, mi!, s!, context);
}

/** Joins alarm names the way OsmAnd devices send them (`alarm=sos,powerCut`). */
export function addAlarm(attributes: Record<string, unknown>, alarm: string): void {
  const current =
    typeof attributes.alarm === 'string' && attributes.alarm !== '' ? attributes.alarm.split(',') : [];
  if (!current.includes(alarm)) attributes.alarm = [...current, alarm].join(',');
}
