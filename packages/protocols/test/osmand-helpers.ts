import assert from 'node:assert/strict';
import { type DecodedPosition, DecodeError, decodeOsmAnd } from '@pioneira/protocols';

export const NOW = new Date('2025-07-01T12:00:00Z');

/** Query values as Fastify hands them over: decoded, repeated keys as arrays. */
export function queryOf(url: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(url.split('?')[1] ?? '')) {
    const seen = query[key];
    query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return query;
}

export function one(url: string): DecodedPosition {
  const positions = decodeOsmAnd({ query: queryOf(url) }, NOW);
  assert.equal(positions.length, 1);
  return positions[0];
}

export function json(body: string): DecodedPosition[] {
  return decodeOsmAnd(
    { query: {}, body: Buffer.from(body), contentType: 'application/json; charset=utf-8' },
    NOW,
  );
}

export function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DecodeError, `expected a DecodeError, got ${error}`);
    assert.ok(error.message.length > 10);
    return error.code;
  }
  assert.fail('expected a DecodeError');
}
