import type { Config } from '@pioneira/config';
import { buildApp } from './app';
import { createDeps } from './deps';

/** Starts the API: logger, listen, and a graceful close (stop accepting, drain, close pools). */
export async function startApi(config: Readonly<Config>) {
  const deps = createDeps(config);
  const app = await buildApp(deps, {
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    connectionTimeout: 30_000,
    keepAliveTimeout: 65_000,
  });
  app.addHook('onClose', async () => deps.close());
  const url = await app.listen({ host: config.api.host, port: config.api.port });
  return { app, url, close: () => app.close() };
}
