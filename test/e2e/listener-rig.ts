import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

/** Every device listener's TCP port on "any free port", so test processes never collide. */
export const ANY_LISTENER_PORTS = {
  OSMAND_PORT: '0',
  TELTONIKA_PORT: '0',
  GT06_PORT: '0',
  H02_PORT: '0',
  SUNTECH_PORT: '0',
  QUECLINK_PORT: '0',
} as const;

/** The secrets a test configuration needs (long enough for the config's checks). */
export const TEST_SECRETS = {
  JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
  CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
} as const;

/** Creates an admin through the users service and signs in over the API: its access token. */
export async function signInAdmin(
  api: FastifyInstance,
  users: { create(user: { email: string; name: string; role: 'admin'; password: string }): Promise<unknown> },
): Promise<string> {
  const credentials = { email: 'chefe@frota.test', password: 'Correct-horse-42' };
  await users.create({ ...credentials, name: 'Chefe', role: 'admin' });
  const login = await api.inject({ method: 'POST', url: '/api/auth/login', payload: credentials });
  assert.equal(login.statusCode, 200, login.body);
  return login.json().accessToken as string;
}
