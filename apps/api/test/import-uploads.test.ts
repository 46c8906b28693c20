import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { testEnv } from '@pioneira/testing';
import { startWorker } from '@pioneira/worker';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let manager: string;
let worker: { stop(): Promise<void> };
before(async () => {
  api = await createTestApi();
  manager = (await api.login('manager')).token;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: api.db.url,
    REDIS_URL: testEnv().redisUrl,
    REDIS_PREFIX: api.prefix,
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
    LOG_LEVEL: 'silent',
  });
  worker = await startWorker(config, ['imports']);
});
after(async () => {
  await worker.stop();
  await api.close();
});

function multipart(content: string) {
  const boundary = '----upload-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const upload = (target: TestApi, token: string, content: string) => {
  const body = multipart(content);
  return target.app.inject({
    method: 'POST',
    url: '/api/imports?kind=tracking',
    headers: { ...body.headers, ...bearer(token) },
    payload: body.payload,
  });
};

const largeObjects = async (target: TestApi) =>
  (await target.db.sql`SELECT count(*)::int AS n FROM pg_largeobject_metadata`)[0].n as number;

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a failed import drops its uploaded bytes', { timeout: 60_000 }, async () => {
  const before = await largeObjects(api);
  const res = await upload(api, manager, 'not;a;known;header\n1;2;3;4\n');
  assert.equal(res.statusCode, 202, res.body);
  const failed = await until(async () => {
    const [row] = await api.db.sql`SELECT status, blob_oid FROM imports WHERE id = ${res.json().id}`;
    return row.status === 'failed' ? row : undefined;
  });
  assert.equal(failed.blob_oid, null);
  assert.equal(await largeObjects(api), before, 'the large object was unlinked');
});

test('uploads waiting to be imported are bounded per user, also when sent at once', {
  timeout: 60_000,
}, async () => {
  // No worker here: uploads stay stored until imported.
  const bounded = await createTestApi({ IMPORT_MAX_STORED_PER_USER: '2' });
  try {
    const a = (await bounded.login('manager')).token;
    const b = (await bounded.login('manager')).token;
    const csv = 'codigo_rastreio;status;data_evento;uf\nUP123456789BR;Postado;01/03/2023 10:00;SP\n';
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => upload(bounded, a, csv)))).map(
      (r) => r.statusCode,
    );
    assert.deepEqual([...statuses].sort(), [202, 202, 429, 429, 429]);
    const refused = await upload(bounded, a, csv);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'too_many_uploads');
    assert.equal(await largeObjects(bounded), 2, 'refused uploads leave no bytes behind');
    assert.equal((await upload(bounded, b, csv)).statusCode, 202, 'another user is not affected');
  } finally {
    await bounded.close();
  }
});
