import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, type LocalRedisHandle, startLocalRedis } from '@pioneira/devstack';
import { createTestDatabase, type TestDatabase } from '@pioneira/testing';
import { until } from './mix-worker';

// The api and the worker as an operator runs them, on a private Redis that goes away after the start
// and comes back: an outage is a few structured lines per component, never an error flood.
const root = new URL('../..', import.meta.url).pathname;

let db: TestDatabase;
let dataDir: string;
let redisPort: number;
let redis: LocalRedisHandle | undefined;
const children: ChildProcess[] = [];

before(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'redis-outage-'));
  redisPort = await freePort();
  redis = await startLocalRedis({ dataDir, port: redisPort, persist: false });
});
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await redis?.stop();
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
}

function run(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['bin/pioneira.mjs', ...args], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: `outage-${redisPort}`,
      EVENT_LOG: 'redis',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    err += c;
  });
  return { child, out: () => out, err: () => err };
}

/** JSON log lines of a process whose message says a component is failing or restored. */
const reports = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg: string; component?: string; level: number })
    .filter((line) => line.component !== undefined);

test('Redis lost after the start: one line per component, no stack traces, and recovery is logged', {
  timeout: 180_000,
}, async () => {
  const apiPort = await freePort();
  const api = run(['api'], { API_PORT: String(apiPort) });
  const worker = run(['worker', '--roles', 'relay,consumers,mix,imports,rules,trips'], {});
  await until('the api to answer /ready', async () => {
    const response = await fetch(`http://127.0.0.1:${apiPort}/ready`).catch(() => undefined);
    return response?.status === 200;
  });
  await until('the worker to start its roles', async () => worker.out().includes('worker running roles'));

  await redis?.stop();
  redis = undefined;
  // Something that accepts and drops every connection stands in for the dead server: each attempt
  // is an error event in each client, and counting attempts tells how hard they retried.
  let attempts = 0;
  const dropper: Server = createServer((socket) => {
    attempts += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => dropper.listen(redisPort, '127.0.0.1', resolve));
  await until('the clients to have retried many times', async () => attempts >= 60, 120_000);
  const ready = await fetch(`http://127.0.0.1:${apiPort}/ready`);
  assert.equal(ready.status, 503, 'the api says it is not ready while Redis is gone');
  await new Promise<void>((resolve) => dropper.close(() => resolve()));

  for (const [name, proc] of [
    ['api', api],
    ['worker', worker],
  ] as const) {
    assert.doesNotMatch(
      proc.err(),
      /ioredis|Error:|EPIPE|ECONNREFUSED| {4}at /,
      `${name}: nothing raw on stderr`,
    );
    const failing = reports(proc.out()).filter((line) => /: failing \(/.test(line.msg));
    const components = failing.map((line) => line.component);
    assert.ok(components.includes('redis'), `${name} reports its Redis client failing`);
    assert.equal(new Set(components).size, components.length, `${name}: one line per failing component`);
    assert.ok(
      failing.every((line) => line.level === 40),
      `${name}: failures are warnings`,
    );
  }
  assert.ok(
    reports(worker.out()).some((line) => line.component === 'mix jobs'),
    'the BullMQ queues and workers are watched too',
  );

  redis = await startLocalRedis({ dataDir, port: redisPort, persist: false });
  for (const [name, proc] of [
    ['api', api],
    ['worker', worker],
  ] as const) {
    await until(`${name} to log that Redis is back`, async () =>
      reports(proc.out()).some((line) => line.component === 'redis' && /restored/.test(line.msg)),
    );
  }
  await until('the api to be ready again', async () => {
    const response = await fetch(`http://127.0.0.1:${apiPort}/ready`).catch(() => undefined);
    return response?.status === 200;
  });
  for (const child of [api.child, worker.child]) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
});
