import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import { startApi } from '../src';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
before(async () => {
  api = await createTestApi();
});
after(() => api.close());

test('a plain x-request-id is echoed; a long or odd one is replaced by a generated id', async () => {
  const echo = async (id: string) =>
    (await api.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': id } })).headers[
      'x-request-id'
    ];
  assert.equal(await echo('abc-123.trace:9'), 'abc-123.trace:9');
  for (const bad of ['x'.repeat(129), 'a b', 'evil\u001b[31m', '<script>', 'a,b']) {
    const got = String(await echo(bad));
    assert.notEqual(got, bad);
    assert.match(got, /^[0-9a-f-]{36}$/);
  }
});

test('in production /docs and /metrics are closed unless asked for', async () => {
  const prod = await createTestApi({ NODE_ENV: 'production' });
  const opened = await createTestApi({ NODE_ENV: 'production', EXPOSE_METRICS: 'true', EXPOSE_DOCS: 'true' });
  try {
    for (const url of ['/docs', '/docs/json', '/metrics'])
      assert.equal((await prod.app.inject({ method: 'GET', url })).statusCode, 404, url);
    assert.equal((await opened.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
    assert.equal((await opened.app.inject({ method: 'GET', url: '/docs/json' })).statusCode, 200);
    assert.equal(
      (await api.app.inject({ method: 'GET', url: '/metrics' })).statusCode,
      200,
      'open outside production',
    );
  } finally {
    await prod.close();
    await opened.close();
  }
});

test('a client dripping its headers is cut off by the api server', async () => {
  const db: TestDatabase = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: testEnv().redisUrl,
    REDIS_PREFIX: uniqueName('slow'),
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    API_HOST: '127.0.0.1',
    API_PORT: '0',
  });
  const server = await startApi(config);
  try {
    const port = Number(new URL(server.url).port);
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    // One header line every half second for up to 45 s, well past the 10 s headers timeout and
    // short of Node's own 60 s default, unless the server hangs up first.
    let cut = false;
    for (let i = 0; i < 90 && !cut; i++) {
      cut = await Promise.race([
        closed.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 500)),
      ]);
      if (!cut && socket.writable) socket.write(`X-Drip-${i}: ${i}\r\n`);
    }
    assert.ok(cut, 'the connection was still open');
    assert.match(answer, /^HTTP\/1\.1 408/);
  } finally {
    await server.close();
    await db.drop();
  }
});
