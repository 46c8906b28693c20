import { loadConfig } from '@pioneira/config';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import type { FastifyServerOptions } from 'fastify';
import { buildApp, createDeps } from '../src';
import type { App } from '../src/app';

export interface TestApi {
  app: App;
  db: TestDatabase;
  prefix: string;
  close(): Promise<void>;
  /** Creates an active user of that role and returns a valid access token and refresh cookie. */
  login(
    role: 'admin' | 'manager' | 'viewer',
    email?: string,
  ): Promise<{ token: string; cookie: string; id: string; email: string }>;
}

export const PASSWORD = 'Correct-horse-42';

/** The API in process (app.inject) on its own database and Redis prefix; real PostgreSQL and Redis. */
export async function createTestApi(
  overrides: Record<string, string> = {},
  appOptions: FastifyServerOptions = {},
): Promise<TestApi> {
  const db = await createTestDatabase();
  const env = testEnv();
  const prefix = uniqueName('api');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: env.redisUrl,
    REDIS_PREFIX: prefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
  const deps = createDeps(config);
  const app = await buildApp(deps, appOptions);
  await app.ready();
  let n = 0;
  return {
    app,
    db,
    prefix,
    async close() {
      await app.close();
      const keys = await deps.redis.keys(`${prefix}:*`);
      if (keys.length) await deps.redis.del(...keys);
      await deps.close();
      await db.drop();
    },
    async login(role, email = `${role}${++n}@test.pioneira`) {
      const user = await deps.users.create({ email, name: `${role} ${n}`, role, password: PASSWORD });
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'pioneira_refresh');
      return {
        token: res.json().accessToken,
        cookie: `pioneira_refresh=${cookie?.value}`,
        id: user.id,
        email,
      };
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
