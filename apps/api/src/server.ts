import { createServer } from 'node:http';
import type { Config } from '@pioneira/config';
import { buildApp } from './app';
import { createDeps } from './deps';
import { loggerOptions } from './logger';
import { assertDependenciesReachable } from './startup-checks';

/** Starts the API: logger, listen, and a graceful close (stop accepting, drain, close pools). */
export async function startApi(config: Readonly<Config>) {
  await assertDependenciesReachable(config);
  const deps = createDeps(config);
  const app = await buildApp(deps, {
    logger: loggerOptions(config.logLevel),
    // Fastify turns Node's request timeout off by default, so a client dripping its headers held a
    // connection for ever. Headers must arrive within 10 s and a whole request within 60 s,
    // checked every 2 s; an idle socket closes after 30 s, a kept-alive one after 65 s.
    serverFactory: (handler) => {
      const server = createServer(
        { headersTimeout: 10_000, requestTimeout: 60_000, connectionsCheckingInterval: 2_000 },
        handler,
      );
      server.keepAliveTimeout = 65_000;
      server.setTimeout(30_000);
      return server;
    },
  });
  app.addHook('onClose', async () => deps.close());
  const url = await app.listen({ host: config.api.host, port: config.api.port });
  return { app, url, close: () => app.close() };
}
