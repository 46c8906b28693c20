import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@pioneira/testing';

// `npx pioneira api` as an operator runs it, with a REDIS_URL nothing listens on.
const root = new URL('../..', import.meta.url).pathname;

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

/** A port that was free a moment ago and has nothing listening on it now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('with an unreachable REDIS_URL the api exits non-zero with one clear line', {
  timeout: 60_000,
}, async () => {
  const port = await closedPort();
  const child = spawn(process.execPath, ['bin/pioneira.mjs', 'api'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}`,
      REDIS_PREFIX: 'startup-test',
      API_PORT: '0',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.notEqual(code, 0);
  const lines = stderr.trim().split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr}`);
  assert.match(lines[0], new RegExp(`Cannot reach Redis at 127\\.0\\.0\\.1:${port}`));
  assert.match(lines[0], /REDIS_URL/);
  assert.doesNotMatch(stderr + stdout, /hunter2-secret/, 'the password in the URL is not printed');
  assert.doesNotMatch(stdout, /ioredis|ECONNREFUSED/);
});
