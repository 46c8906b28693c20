import { badRequest } from '@pioneira/core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The first value PostgreSQL or our code cannot take: a NUL in text, or a number that is not finite. */
function firstUnusable(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string')
    return value.includes('\u0000') ? `${path} contains a NUL character` : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is not a finite number`;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path} has a key with a NUL character`;
    const problem = firstUnusable(inner, `${path}.${key}`, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Refuses, with a 400, what passes the schemas but breaks below them: NUL characters (PostgreSQL
 * text cannot hold them) and infinite numbers (`1e400` coerces to Infinity and slips past
 * `maximum`). Runs after validation, so it sees the coerced values, for every /api route.
 */
export default fp(async function inputGuard(app: FastifyInstance) {
  app.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    for (const [part, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const problem = firstUnusable(value, part);
      if (problem) throw badRequest('invalid_input', `Invalid request: ${problem}. Remove it and try again.`);
    }
  });
});
