import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { JOBS } from '@pioneira/pipeline';
import { createTestDatabase, type TestDatabase, testEnv, uniqueName } from '@pioneira/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ImportsService } from '../src';

const repoRoot = new URL('../../..', import.meta.url).pathname;
const ROWS = 400_000;

let db: TestDatabase;
let dir: string;
let redis: Redis;
const prefix = uniqueName('killimp');
const children: ChildProcess[] = [];

before(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'parcels-kill-'));
  redis = new Redis(testEnv().redisUrl, { maxRetriesPerRequest: null });
});
after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
});

/** `pioneira worker --roles imports` as its own process, on this test's database and Redis prefix. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['bin/pioneira.mjs', 'worker', '--roles', 'imports'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      REDIS_URL: testEnv().redisUrl,
      REDIS_PREFIX: prefix,
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('kill -9 of the worker mid-import: the job is retried and finishes with nothing twice', {
  // Generous: in a full test run two worker processes start on a machine busy with other suites.
  timeout: 420_000,
}, async () => {
  const lines = ['codigo_rastreio;status;data_evento;cidade;uf'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `KL${String(Math.floor(i / 4)).padStart(9, '0')}BR;${['Postado', 'Em trânsito', 'Saiu para entrega', 'Entregue'][i % 4]};${String(1 + (i % 28)).padStart(2, '0')}/05/2024 ${String(8 + (i % 4)).padStart(2, '0')}:00;Campinas;${i % 1000 === 0 ? 'XX' : 'SP'}`,
    );
  const path = join(dir, 'big.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const created = await new ImportsService(db.sql).createFromFile('tracking', path);
  const queue = new Queue(JOBS['parcels.import'].queue, { connection: redis, prefix: `${prefix}:bull` });
  await queue.add('import', { importId: created.id }, { jobId: created.id, attempts: 3 });

  const first = startWorker();
  const progress = await until('the first committed chunk', 60_000, async () => {
    const [row] = await db.sql`SELECT rows_read::int AS n, status FROM imports WHERE id = ${created.id}`;
    return row.n > 0 && row.status === 'running' ? row.n : undefined;
  });
  first.kill('SIGKILL');
  await once(first, 'exit');
  const [stuck] = await db.sql`SELECT status, rows_read::int AS n FROM imports WHERE id = ${created.id}`;
  assert.equal(stuck.status, 'running', 'killed before it finished');
  assert.ok(stuck.n >= progress && stuck.n < ROWS);

  const second = startWorker();
  const done = await until('the import to finish', 300_000, async () => {
    const [row] = await db.sql`SELECT * FROM imports WHERE id = ${created.id}`;
    if (row.status === 'failed') throw new Error(`import failed: ${row.error}`);
    return row.status === 'done' ? row : undefined;
  });
  second.kill('SIGTERM');
  await once(second, 'exit');
  await queue.close();

  assert.equal(Number(done.rows_read), ROWS);
  assert.equal(Number(done.rows_rejected), ROWS / 1000);
  assert.ok(done.attempts >= 2, 'a second attempt resumed it');
  const [counts] = await db.sql`
    SELECT (SELECT count(*) FROM tracking_events)::int AS events,
           (SELECT count(*) FROM import_rejections WHERE import_id = ${created.id})::int AS rejections,
           (SELECT count(*) FROM parcels WHERE status = 'delivered')::int AS delivered`;
  assert.equal(counts.events, ROWS - ROWS / 1000);
  assert.equal(counts.rejections, ROWS / 1000);
  // Rejected rows (every 1000th) are all "Postado" rows: every parcel still reaches delivered.
  assert.equal(counts.delivered, ROWS / 4);
});
