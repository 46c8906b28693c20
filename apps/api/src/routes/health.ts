import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

const Check = Type.Object({
  status: Type.String(),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

/** /health: the process is alive. /ready: it can reach PostgreSQL and Redis (503 otherwise). */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sql, redis } = app.deps;
  const opts = {
    config: { access: 'public' as const },
    schema: { tags: ['ops'], security: [], response: { 200: Check, 503: Check } },
  };
  app.get('/health', opts, async () => ({ status: 'ok' }));
  app.get('/ready', opts, async (_request, reply) => {
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
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
};

export default healthRoutes;
