// RFC 3339 with a four-digit year, an offset and no leap second (JavaScript and PostgreSQL have none).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The `date-time` format of every schema: a real instant between the years 1 and 9999 that both
 * `Date` and PostgreSQL can hold. ajv-formats' own accepts `23:59:60` and the year 0, which
 * then fail in the database as 500s.
 */
export function strictDateTime(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  if (day < 1 || day > new Date(Date.UTC(2000, month, 0)).getUTCDate()) return false;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return false;
  return Number.isFinite(Date.parse(value));
}
