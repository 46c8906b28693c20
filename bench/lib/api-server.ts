import { buildApp, createDeps } from '@pioneira/api';
import { loadConfig } from '@pioneira/config';
import { UsersService } from '@pioneira/domain';

/**
 * The API over real HTTP on `databaseUrl`, with a signed-in viewer: what the read benchmarks drive.
 * `close()` stops the server and its pools.
 */
export async function startBenchApi(databaseUrl: string, prefix: string, env: Record<string, string> = {}) {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0',
    CREDENTIALS_KEY: 'bench-key-bench-key-bench-key-bench-key-0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const deps = createDeps(config);
  await deps.sql`DELETE FROM users WHERE email = 'bench@pioneira.local'`;
  await new UsersService(deps.sql, config.auth).create({
    email: 'bench@pioneira.local',
    name: 'Bench',
    role: 'viewer',
    password: 'Load-test-2026x',
  });
  const app = await buildApp(deps);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@pioneira.local', password: 'Load-test-2026x' }),
  });
  const headers = {
    authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
  };
  return {
    base,
    headers,
    deps,
    async close() {
      await app.close();
      await deps.close();
    },
  };
}
