import { clip, isDecimal } from './numbers';
import { type AttributeValue, DecodeError } from './position';

// Attributes end up in a JSONB column of every position row: keep one payload from bloating it.
const MAX_ATTRIBUTES = 100;
const MAX_KEY_LENGTH = 64;
const MAX_TEXT_LENGTH = 1024;
// PostgreSQL text and jsonb cannot hold U+0000 nor a lone UTF-16 surrogate.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing NUL is the point.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Adds one attribute, refusing payloads that would bloat storage. */
export function setAttribute(
  attributes: Record<string, AttributeValue>,
  key: string,
  value: AttributeValue,
): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new DecodeError(
      'INVALID_PAYLOAD',
      `Attribute name "${clip(key)}" must be 1 to ${MAX_KEY_LENGTH} characters.`,
    );
  }
  if (UNSTORABLE.test(key) || (typeof value === 'string' && UNSTORABLE.test(value))) {
    throw new DecodeError(
      'INVALID_PAYLOAD',
      `Attribute "${clip(JSON.stringify(key))}" holds a NUL character or broken Unicode.`,
    );
  }
  if (typeof value === 'string' && value.length > MAX_TEXT_LENGTH) {
    throw new DecodeError(
      'INVALID_PAYLOAD',
      `Attribute "${key}" is longer than ${MAX_TEXT_LENGTH} characters.`,
    );
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new DecodeError('INVALID_NUMBER', `Attribute "${key}" is not a finite number.`);
  }
  if (!Object.hasOwn(attributes, key) && Object.keys(attributes).length >= MAX_ATTRIBUTES) {
    throw new DecodeError(
      'TOO_MANY_ATTRIBUTES',
      `A position may carry at most ${MAX_ATTRIBUTES} attributes.`,
    );
  }
  // defineProperty, not assignment: a device may name an attribute "__proto__", which `=` would swallow.
  Object.defineProperty(attributes, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Types a text attribute: `true`/`false` become booleans, plain numbers become numbers, the rest stays
 * text. Digit strings that a double would alter (leading zeros, beyond 2^53) stay text, since they
 * are usually identifiers such as RFID tags.
 */
export function typedText(text: string): AttributeValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (!isDecimal(text) || /^[+-]?0\d/.test(text)) return text;
  const value = Number(text);
  if (!Number.isFinite(value)) return text;
  if (/^[+-]?\d+$/.test(text) && !Number.isSafeInteger(value)) return text;
  return value;
}

/** Types a JSON value for an attribute; objects, arrays and null are not attributes (undefined). */
export function typedJson(value: unknown): AttributeValue | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return value;
  return undefined;
}
