import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApi, type TestApi } from './helpers';

let api: TestApi;
before(async () => {
  api = await createTestApi();
});
after(() => api.close());

test('/health and /ready report the process and its dependencies', async () => {
  assert.deepEqual((await api.app.inject('/health')).json(), { status: 'ok' });
  const ready = await api.app.inject('/ready');
  assert.equal(ready.statusCode, 200);
  assert.deepEqual(ready.json().checks, { postgres: 'ok', redis: 'ok' });
});

test('/metrics exposes request latency histograms in Prometheus format', async () => {
  await api.app.inject('/health');
  const text = (await api.app.inject('/metrics')).body;
  assert.match(
    text,
    /pioneira_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/health",status_code="200"\}/,
  );
});

test('/docs serves an OpenAPI document generated from the route schemas', async () => {
  const doc = (await api.app.inject('/docs/json')).json();
  assert.equal(doc.openapi.slice(0, 2), '3.');
  assert.ok(doc.paths['/api/auth/login'].post);
  assert.ok(doc.paths['/api/users/'] || doc.paths['/api/users']);
  assert.equal((await api.app.inject('/docs')).statusCode < 400, true);
});

test('responses carry a request id and security headers; CORS allows only the web origin', async () => {
  const res = await api.app.inject({
    url: '/health',
    headers: { origin: 'http://localhost:3000', 'x-request-id': 'abc-123' },
  });
  assert.equal(res.headers['x-request-id'], 'abc-123');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['access-control-allow-origin'], 'http://localhost:3000');
  const evil = await api.app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
  assert.equal(evil.headers['access-control-allow-origin'], undefined);
});
