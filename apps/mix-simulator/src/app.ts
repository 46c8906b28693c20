import Fastify, { type FastifyInstance } from 'fastify';
import type { SimulatorContext } from './context';
import { controlRoutes } from './routes/control';
import { eventRoutes } from './routes/events';
import { apiGuard } from './routes/guard';
import { identityRoutes } from './routes/identity';
import { masterDataRoutes } from './routes/master-data';

const API_VERSION = { Name: 'MiX.Integrate.Api (Pioneira simulator)', Version: '1.0.0' };

/** Builds the Fastify app: identity under `/core`, the API under `/api`, control under `/__sim`. */
export async function buildApp(ctx: SimulatorContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: ctx.options.logger,
    // Closing must not wait for requests parked by the latency fault.
    forceCloseConnections: true,
    bodyLimit: 8 * 1024 * 1024,
    // ASP.NET tolerates `base//api/...` and trailing slashes; clients joining URLs by hand rely on it.
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });

  // Bodies stay text: id arrays must be parsed without going through doubles.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/__sim/')) return;
    const { latencyMs } = ctx.faults.current;
    if (latencyMs > 0) await sleep(latencyMs, ctx.closing);
    if (ctx.faults.shouldResetConnection()) {
      reply.hijack();
      request.raw.socket.destroy();
    }
  });

  app.get('/version', async (_request, reply) => reply.send(API_VERSION));
  await app.register(async (core) => identityRoutes(core, ctx));
  await app.register(async (api) => {
    api.addHook('preHandler', apiGuard(ctx));
    await masterDataRoutes(api, ctx);
    await eventRoutes(api, ctx);
  });
  if (ctx.options.controlEndpoints) await app.register(async (control) => controlRoutes(control, ctx));
  return app;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
