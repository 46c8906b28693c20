import { DecodeError } from './position';

// Number('') is 0 and Number('0x1f') is 31: wire text must look like a plain decimal to count as one.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** True when `text` is a plain decimal number such as `-12.5` or `1e3`. */
export function isDecimal(text: string): boolean {
  return DECIMAL.test(text);
}

/**
 * Parses a decimal number sent as text; anything else (hex, words, Infinity, surrounding spaces) is a
 * DecodeError.
 */
export function parseDecimal(text: string, field: string): number {
  const value = isDecimal(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new DecodeError('INVALID_NUMBER', `Field "${field}" must be a number, got "${clip(text)}".`);
  }
  return value;
}

/** Reads a JSON value that should be a number (numeric strings are accepted); null/undefined mean absent. */
export function readNumber(value: unknown, field: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new DecodeError('INVALID_NUMBER', `Field "${field}" must be a finite number.`);
    }
    return value;
  }
  if (typeof value === 'string') return parseDecimal(value, field);
  throw new DecodeError('INVALID_NUMBER', `Field "${field}" must be a number, got ${typeof value}.`);
}

/**
 * Reads a JSON value that must be a JSON number (OwnTracks, Transistorsoft JSON): numeric strings,
 * booleans and arrays are refused rather than coerced; null/undefined mean absent.
 */
export function readJsonNumber(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new DecodeError(
    'INVALID_NUMBER',
    `Field "${field}" must be a JSON number, got ${typeof value === 'string' ? `"${clip(value)}"` : Array.isArray(value) ? 'an array' : typeof value}.`,
  );
}

/** Shortens untrusted text before it goes into an error message. */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
