import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { testEnv } from '@pioneira/testing';
import { startWorker } from '@pioneira/worker';
import { bearer, createTestApi, type TestApi } from './helpers';

let api: TestApi;
let manager: string;
let viewer: string;
let worker: { stop(): Promise<void> };

before(async () => {
  api = await createTestApi();
  manager = (await api.login('manager')).token;
  viewer = (await api.login('viewer')).token;
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

/** A multipart/form-data body with one file field, as a browser sends it. */
function multipart(filename: string, content: Buffer) {
  const boundary = '----pioneira-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function until<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

test('upload → queued job → done, with progress and a downloadable rejection report', async () => {
  const csv = Buffer.from(
    'codigo_rastreio;status;data_evento;uf\nUP123456789BR;Postado;01/03/2023 10:00;SP\nUP123456789BR;Entregue;02/03/2023 10:00;XX\n',
    'latin1',
  );
  const body = multipart('eventos.csv', csv);
  const forbidden = await api.app.inject({
    method: 'POST',
    url: '/api/imports?kind=tracking',
    headers: { ...body.headers, ...bearer(viewer) },
    payload: body.payload,
  });
  assert.equal(forbidden.statusCode, 403);
  const res = await api.app.inject({
    method: 'POST',
    url: '/api/imports?kind=tracking',
    headers: { ...body.headers, ...bearer(manager) },
    payload: body.payload,
  });
  assert.equal(res.statusCode, 202, res.body);
  const created = res.json();
  assert.equal(created.status, 'queued');
  assert.equal(created.bytesTotal, csv.length);
  const done = await until(async () => {
    const r = (
      await api.app.inject({ method: 'GET', url: `/api/imports/${created.id}`, headers: bearer(manager) })
    ).json();
    if (r.status === 'failed') throw new Error(`import failed: ${r.error}`);
    return r.status === 'done' ? r : undefined;
  });
  assert.deepEqual([done.percent, done.rowsAccepted, done.rowsRejected], [100, 1, 1]);
  const [blob] = await api.db.sql`SELECT blob_oid FROM imports WHERE id = ${created.id}`;
  assert.equal(blob.blob_oid, null, 'the uploaded bytes are dropped once imported');
  const report = await api.app.inject({
    method: 'GET',
    url: `/api/imports/${created.id}/rejections.csv`,
    headers: bearer(manager),
  });
  assert.equal(report.statusCode, 200);
  assert.match(report.headers['content-type'] as string, /text\/csv/);
  assert.match(report.headers['content-disposition'] as string, /attachment/);
  assert.match(report.body, /^\uFEFFlinha;coluna;motivo;detalhe;conteudo\r\n3;uf;invalid_uf;/);
  const list = (
    await api.app.inject({ method: 'GET', url: '/api/imports', headers: bearer(manager) })
  ).json();
  assert.equal(list.items[0].id, created.id);
  const missing = await api.app.inject({
    method: 'POST',
    url: '/api/imports?kind=tracking',
    headers: { ...bearer(manager), 'content-type': 'application/json' },
    payload: '{}',
  });
  assert.ok(missing.statusCode >= 400 && missing.statusCode < 500);
});

test('stats on a known dataset: KPIs, percentiles, on-time rate, series', async () => {
  const sql = api.db.sql;
  // Five parcels posted on 2024-03-01 13:00Z (10:00 in São Paulo), each with a deadline.
  const rows: Array<[string, string, string | null, string, string | null, string | null]> = [
    // code, uf, delivered_at, expected_at, status, last status time
    ['KA1', 'SP', '2024-03-02T13:00:00Z', '2024-03-03T03:00:00Z', 'delivered', '2024-03-02T13:00:00Z'], // 24 h, on time
    ['KA2', 'SP', '2024-03-03T13:00:00Z', '2024-03-03T03:00:00Z', 'delivered', '2024-03-03T13:00:00Z'], // 48 h, late
    ['KA3', 'RJ', '2024-03-05T13:00:00Z', '2024-03-06T03:00:00Z', 'delivered', '2024-03-05T13:00:00Z'], // 96 h, on time
    ['KA4', 'RJ', null, '2024-03-02T03:00:00Z', 'in_transit', '2024-03-01T20:00:00Z'], // still moving, late
    ['KA5', 'MG', null, '2099-01-01T03:00:00Z', 'returned', '2024-03-04T20:00:00Z'], // returned: neither
    ['KA6', 'MG', null, '2099-01-01T03:00:00Z', 'in_transit', '2024-03-04T20:00:00Z'], // not due yet: unknown
    ['KA7', 'MG', null, '2024-03-02T03:00:00Z', null, null], // in the parcel file, no event yet, overdue
  ];
  for (const [code, uf, delivered, expected, status, statusAt] of rows)
    await sql`INSERT INTO parcels (tracking_code, recipient_uf, posted_at, expected_at, delivered_at, status, status_at)
      VALUES (${`${code}23456789BR`}, ${uf}, '2024-03-01T13:00:00Z', ${expected}, ${delivered}, ${status}, ${statusAt})`;
  const res = await api.app.inject({
    method: 'GET',
    url: '/api/parcels/stats?from=2024-03-01T00:00:00Z&to=2024-03-08T00:00:00Z',
    headers: bearer(viewer),
  });
  assert.equal(res.statusCode, 200, res.body);
  const s = res.json();
  assert.deepEqual(s.kpis, {
    total: 7,
    inTransit: 2,
    noStatus: 1,
    delivered: 3,
    returnedOrLost: 1,
    late: 3,
    onTime: 2,
    withDeadline: 5,
    deliveryHoursP50: 48,
    deliveryHoursP90: 86.4,
    onTimeRate: 0.4,
  });
  const k = s.kpis;
  assert.equal(k.noStatus + k.inTransit + k.delivered + k.returnedOrLost, k.total, 'the categories add up');
  assert.equal(
    k.onTime + k.late,
    k.withDeadline,
    'on time and late add up, so the rate agrees with the count',
  );
  assert.deepEqual(s.byDay, [
    { day: '2024-03-01', posted: 7, delivered: 0 },
    { day: '2024-03-02', posted: 0, delivered: 1 },
    { day: '2024-03-03', posted: 0, delivered: 1 },
    { day: '2024-03-05', posted: 0, delivered: 1 },
  ]);
  assert.deepEqual(
    s.byStatus.map((b: { status: string; count: number }) => [b.status, b.count]),
    [
      ['delivered', 3],
      ['in_transit', 2],
      ['returned', 1],
      [null, 1],
    ],
  );
  assert.deepEqual(
    s.byUf.map((u: { uf: string; total: number; late: number; onTimeRate: number | null }) => [
      u.uf,
      u.total,
      u.late,
      u.onTimeRate,
    ]),
    [
      ['MG', 3, 1, 0],
      ['RJ', 2, 1, 0.5],
      ['SP', 2, 1, 0.5],
    ],
  );

  const late = (
    await api.app.inject({
      method: 'GET',
      url: '/api/parcels?late=true&sort=trackingCode&direction=asc',
      headers: bearer(viewer),
    })
  ).json();
  assert.deepEqual(
    late.items.map((p: { trackingCode: string }) => p.trackingCode),
    ['KA223456789BR', 'KA423456789BR', 'KA723456789BR'],
  );
  const rj = (
    await api.app.inject({
      method: 'GET',
      url: '/api/parcels?uf=RJ&status=delivered',
      headers: bearer(viewer),
    })
  ).json();
  assert.deepEqual([rj.total, rj.items[0].trackingCode], [1, 'KA323456789BR']);
  const search = (
    await api.app.inject({ method: 'GET', url: '/api/parcels?search=ka5', headers: bearer(viewer) })
  ).json();
  assert.equal(search.items[0].statusLabel, 'Devolvido ao remetente');
  const bad = await api.app.inject({ method: 'GET', url: '/api/parcels?uf=ZZ', headers: bearer(viewer) });
  assert.equal(bad.statusCode, 400);
  const range = await api.app.inject({
    method: 'GET',
    url: '/api/parcels/stats?from=2024-03-08T00:00:00Z&to=2024-03-01T00:00:00Z',
    headers: bearer(viewer),
  });
  assert.equal(range.statusCode, 400);
});

test('the rejection report neutralises cells a spreadsheet would run as formulas', async () => {
  const [imp] = await api.db.sql`
    INSERT INTO imports (kind, filename, status) VALUES ('tracking', 'x.csv', 'done') RETURNING id`;
  await api.db.sql`
    INSERT INTO import_rejections (import_id, row_number, column_name, reason, message, raw_line)
    VALUES (${imp.id}, 2, '@col', 'invalid_uf', '-1+1', '=cmd|' || chr(39) || '/C calc' || chr(39) || '!A0'),
           (${imp.id}, 3, 'uf', 'invalid_uf', '+x', chr(9) || '=1+1')`;
  const report = await api.app.inject({
    method: 'GET',
    url: `/api/imports/${imp.id}/rejections.csv`,
    headers: bearer(manager),
  });
  assert.equal(report.statusCode, 200);
  const cells = report.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1)
    .flatMap((line) => line.split(';'))
    .map((c) => c.replace(/^"/, ''));
  assert.ok(
    cells.some((c) => c.includes('cmd')),
    'the raw line is exported',
  );
  for (const c of cells) assert.doesNotMatch(c, /^[=+\-@\t\r]/, `a live formula cell: ${JSON.stringify(c)}`);
});
