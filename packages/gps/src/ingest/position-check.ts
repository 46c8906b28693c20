import { badRequest } from '@pioneira/core';
import type { AttributeValue, DecodedPosition } from '@pioneira/protocols';

type Checked = Omit<DecodedPosition, 'deviceIdentifier'>;

// PostgreSQL text and jsonb cannot hold U+0000 nor a lone UTF-16 surrogate: either would fail the
// whole group's INSERT, so they are refused here, whatever protocol brought them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing NUL is the point.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The last check before storage, the same for every protocol: finite coordinates on the globe,
 * finite or absent measurements, attributes PostgreSQL can store. Returns a message, or null when
 * the position is storable. Decoders check more; this is what must hold so that no one request can
 * fail a group write shared with others.
 */
export function unstorable(position: Checked): string | null {
  const { latitude, longitude } = position;
  if (!Number.isFinite(latitude) || Math.abs(latitude) > 90) return `latitude ${latitude} is not in ±90`;
  if (!Number.isFinite(longitude) || Math.abs(longitude) > 180)
    return `longitude ${longitude} is not in ±180`;
  for (const field of ['speedKmh', 'course', 'altitude', 'accuracy'] as const) {
    const value = position[field];
    if (value !== null && value !== undefined && !Number.isFinite(value))
      return `${field} must be a finite number or null`;
  }
  for (const [key, value] of Object.entries(position.attributes ?? {})) {
    if (UNSTORABLE.test(key)) return 'an attribute name holds a NUL byte or broken Unicode';
    if (!storableAttribute(value)) return `attribute "${key.slice(0, 40)}" cannot be stored`;
  }
  return null;
}

function storableAttribute(value: AttributeValue): boolean {
  if (typeof value === 'string') return !UNSTORABLE.test(value);
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'boolean';
}

/** Throws a 400 naming the first position that cannot be stored. */
export function assertStorable(positions: Checked[]): void {
  positions.forEach((position, i) => {
    const problem = unstorable(position);
    if (problem) throw badRequest('invalid_position', `Position ${i}: ${problem}; nothing was stored.`);
  });
}
