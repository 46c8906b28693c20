/**
 * JSON the way the MiX servers (Newtonsoft, NullValueHandling.Ignore) write it: int64 ids as bare
 * numbers with every digit, null/undefined properties left out, dates without fractions.
 * JSON.stringify cannot do this (it throws on bigint, and quoting would change the wire format).
 */
export function toMixJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    default:
      break;
  }
  if (value instanceof Date) return JSON.stringify(isoSeconds(value));
  if (Array.isArray(value)) return `[${value.map(toMixJson).join(',')}]`;
  const parts: string[] = [];
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === null || field === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${toMixJson(field)}`);
  }
  return `{${parts.join(',')}}`;
}

/** `yyyy-MM-ddTHH:mm:ssZ`, UTC, no fraction: the shape community parsers of MiX dates expect. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parses a request body that must be a JSON array of int64 ids (`[-123…, 456…]`) without going
 * through doubles. Quoted numbers are accepted too, as Newtonsoft accepts them for `long`.
 * Returns an error message instead of throwing, so routes can answer 400 with it.
 */
export function parseInt64Array(body: string): { ids: bigint[] } | { error: string } {
  const text = body.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) {
    return {
      error: 'the request body must be a JSON array of 64-bit integer ids, e.g. [-1234567890123456789]',
    };
  }
  const inner = text.slice(1, -1).trim();
  if (inner === '') return { ids: [] };
  const ids: bigint[] = [];
  for (const rawItem of inner.split(',')) {
    const item = rawItem.trim().replace(/^"(.*)"$/, '$1');
    if (!/^-?\d{1,19}$/.test(item)) {
      return { error: `'${rawItem.trim()}' is not a 64-bit integer id` };
    }
    const id = BigInt(item);
    if (id < INT64_MIN || id > INT64_MAX) return { error: `'${item}' is outside the 64-bit integer range` };
    ids.push(id);
  }
  return { ids };
}

/** Parses a path segment holding one int64 id; undefined when it is not one. */
export function parseInt64(segment: string): bigint | undefined {
  if (!/^-?\d{1,19}$/.test(segment)) return undefined;
  const id = BigInt(segment);
  return id < INT64_MIN || id > INT64_MAX ? undefined : id;
}
