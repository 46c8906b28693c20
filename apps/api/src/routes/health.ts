import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

const Check = Type.Object({
  status: Type.String(),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

/** /health: the process is alive. /ready: it can reach PostgreSQL and Redis (503 otherwise). */
function reason(error: unknown): string {
  return error instanceof Error
    ? `${(error as { code?: string }).code ?? ''} ${error.message}`.trim()
    : String(error);
}

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sql, redis } = app.deps;
  const opts = {
    config: { access: 'public' as const },
    schema: { tags: ['ops'], security: [], response: { 200: Check, 503: Check } },
  };
  app.get('/health', opts, async () => ({ status: 'ok' }));
  app.get('/ready', opts, async (request, reply) => {
    const timeout = (ms: number) =>
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
    const [pg, rd] = await Promise.allSettled([
      Promise.race([sql`SELECT 1`, timeout(2000)]),
      Promise.race([redis.ping(), timeout(2000)]),
    ]);
    const checks = {
      postgres: pg.status === 'fulfilled' ? 'ok' : 'unreachable',
      redis: rd.status === 'fulfilled' ? 'ok' : 'unreachable',
    };
    const ready = checks.postgres === 'ok' && checks.redis === 'ok';
    // The answer stays terse (it is public); the reason goes to the log, where operators look.
    if (!ready)
      request.log.warn(
        {
          postgres: pg.status === 'rejected' ? reason(pg.reason) : 'ok',
          redis: rd.status === 'rejected' ? reason(rd.reason) : 'ok',
        },
        'not ready',
      );
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
};

export default healthRoutes;
