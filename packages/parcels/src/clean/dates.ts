/** The time zone of times written without an offset. */
export const LOCAL_TIME_ZONE = 'America/Sao_Paulo';

const HOUR = 3_600_000;
const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: LOCAL_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});
// São Paulo's offset only ever changed on whole hours, so it is cached per UTC hour.
const offsets = new Map<number, number>();

/** Offset of São Paulo from UTC (ms, negative west) at that instant, from the tz database (historic DST). */
export function localOffsetMs(utcMs: number): number {
  const hour = Math.floor(utcMs / HOUR);
  const cached = offsets.get(hour);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(new Date(hour * HOUR))) parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const offset = asUtc - hour * HOUR;
  if (offsets.size > 200_000) offsets.clear();
  offsets.set(hour, offset);
  return offset;
}

/** The UTC instant of a São Paulo wall-clock time (a time in the spring-forward gap moves forward). */
export function fromLocal(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0) {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const guess = wall - localOffsetMs(wall);
  const utc = wall - localOffsetMs(guess);
  // In the spring-forward gap no offset maps back to the wall time: take the pre-transition one.
  return utc + localOffsetMs(utc) === wall ? utc : guess;
}

const BR = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Parses `dd/MM/yyyy HH:mm[:ss]`, `dd/MM/yyyy` and ISO-8601 (with or without offset) into a UTC Date;
 * a time without an offset is São Paulo local time. Null when the text is not a real date.
 */
export function parseBrazilianDate(value: string): Date | null {
  const fast = parseCommonBrazilian(value);
  if (fast !== undefined) return fast;
  let y: number,
    mo: number,
    d: number,
    h = 0,
    mi = 0,
    s = 0,
    ms = 0;
  let zone: string | undefined;
  let m = BR.exec(value);
  if (m) {
    d = +m[1];
    mo = +m[2];
    y = +m[3];
    if (m[4] !== undefined) [h, mi, s] = [+m[4], +m[5], m[6] ? +m[6] : 0];
  } else {
    m = ISO.exec(value);
    if (!m) return null;
    [y, mo, d] = [+m[1], +m[2], +m[3]];
    if (m[4] !== undefined) [h, mi, s] = [+m[4], +m[5], m[6] ? +m[6] : 0];
    if (m[7]) ms = Math.floor(Number(`0.${m[7]}`) * 1000);
    zone = m[8];
  }
  if (y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d) return null; // 31/02 and friends
  if (zone === undefined) return new Date(fromLocal(y, mo, d, h, mi, s, ms));
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (zone.toUpperCase() === 'Z') return new Date(wall);
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
  return new Date(wall - offset);
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

/** The bulk of real files (`dd/MM/yyyy HH:mm:ss`, `dd/MM/yyyy HH:mm`) without a regex; undefined if not that shape. */
function parseCommonBrazilian(v: string): Date | null | undefined {
  if ((v.length !== 19 && v.length !== 16) || v[2] !== '/' || v[5] !== '/' || v[10] !== ' ' || v[13] !== ':')
    return undefined;
  if (v.length === 19 && v[16] !== ':') return undefined;
  const d = two(v, 0);
  const mo = two(v, 3);
  const y = two(v, 6) * 100 + two(v, 8);
  const h = two(v, 11);
  const mi = two(v, 14);
  const s = v.length === 19 ? two(v, 17) : 0;
  if (Number.isNaN(d + mo + y + h + mi + s)) return undefined;
  if (y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  if (d > 28 && new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null;
  return new Date(fromLocal(y, mo, d, h, mi, s));
}
