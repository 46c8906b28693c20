const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses a MiX date tolerantly: `…Z`, `…±hh:mm`, no offset (= UTC, as MiX servers mean it) and any
 * number of fraction digits. Returns undefined for anything else rather than guessing.
 */
export function parseMixDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
  const ms = Number((frac + '000').slice(0, 3));
  let time = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    time -= sign * offsetMin * 60_000;
  }
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A since token: the UTC time written `yyyyMMddHHmmssfff`. */
export function formatSinceToken(ms: number): string {
  return new Date(ms).toISOString().replace(/\D/g, '').slice(0, 17);
}

/** The time a since token stands for, or undefined for `NEW` and malformed tokens. */
export function sinceTokenTime(token: string | null | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})?$/.exec(token ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, f = '000'] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +f);
  return Number.isNaN(ms) ? undefined : ms;
}
