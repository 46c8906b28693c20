import type { Config } from '@pioneira/config';
import { buildApp } from './app';
import { createDeps } from './deps';
import { loggerOptions } from './logger';

/** Starts the API: logger, listen, and a graceful close (stop accepting, drain, close pools). */
export async function startApi(config: Readonly<Config>) {
  const deps = createDeps(config);
  const app = await buildApp(deps, {
    logger: loggerOptions(config.logLevel),
    connectionTimeout: 30_000,
    keepAliveTimeout: 65_000,
  });
  app.addHook('onClose', async () => deps.close());
  const url = await app.listen({ host: config.api.host, port: config.api.port });
  return { app, url, close: () => app.close() };
}
