/**
 * MiX writes int64 ids as bare JSON numbers of up to 19 digits; `JSON.parse` would round them.
 * A tiny lexer quotes every integer that does not fit a double exactly before the native parse,
 * skipping string literals, so ids come out as exact decimal strings and the parse stays fast.
 */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** JSON.parse where integers beyond 2^53 become decimal strings (every digit kept). */
export function parseInt64Json<T = unknown>(text: string): T {
  const safe = text.replace(TOKENS, (token) => {
    if (token.charCodeAt(0) === 34 /* " */) return token;
    if (/[.eE]/.test(token)) return token;
    const digits = token.startsWith('-') ? token.length - 1 : token.length;
    return digits >= 16 && !Number.isSafeInteger(Number(token)) ? `"${token}"` : token;
  });
  return JSON.parse(safe) as T;
}

const INT64 = /^-?\d{1,19}$/;

/** Writes `[id, …]` with each id as a bare JSON number, as MiX expects, without going through doubles. */
export function int64ArrayJson(ids: ReadonlyArray<string | bigint>): string {
  for (const id of ids) {
    if (!INT64.test(String(id))) throw new TypeError(`'${id}' is not a 64-bit integer id`);
  }
  return `[${ids.map(String).join(',')}]`;
}

/** An id field read from a parsed MiX entity: exact decimal text, or undefined when absent. */
export function idText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : String(value);
}

/** A numeric field read tolerantly (some servers quote numbers). */
export function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A text field, or undefined. */
export function text(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
