import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { bearer, createTestApi, type TestApi } from './helpers';

/**
 * The adversarial suite: every /api operation of the OpenAPI document, each of its parameters and
 * body fields in turn given hostile values (wrong types, NUL bytes, bad escapes, extreme numbers,
 * impossible dates, huge strings). Each answer must be < 500, in the error shape when it is a 4xx,
 * and nothing may be stored. New routes are covered by being in the document.
 */

let api: TestApi;
let admin: string;
before(async () => {
  api = await createTestApi();
  admin = (await api.login('admin')).token;
});
after(() => api.close());

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  minLength?: number;
}
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

/** Values that must never reach a query, each already URL-encoded for a path or a query string. */
const HOSTILE = [
  '%00',
  'a%00b',
  '%ZZ',
  '%',
  '%C0%AF',
  '%F0%9F%92%A9',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e400',
  'NaN',
  'Infinity',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '99999999999999999999999999999',
  '0000-01-01T00:00:00Z',
  '2024-06-30T23:59:60Z',
  '2024-02-30T00:00:00Z',
  '%2B275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '1970-01-01',
  '0000-01-01',
  '2024-13-45',
  'x'.repeat(3000),
  '%27%3B%20DROP%20TABLE%20users%3B--',
  '%5B%5D',
  '..%2F..%2Fetc%2Fpasswd',
];

/** Hostile JSON values for body fields. */
const HOSTILE_JSON: unknown[] = [
  'x\u0000y',
  '\u0000',
  '0000-01-01T00:00:00Z',
  '2024-06-30T23:59:60Z',
  '9223372036854775808',
  2 ** 63,
  -1e308,
  1e308,
  'x'.repeat(100_000),
  { nested: { deeper: ['\u0000'] } },
  [],
  null,
  true,
  '\ud800',
];

/** A plausible value for a schema, so the parameter under attack is the only wrong one. */
function sample(schema: Schema | undefined): unknown {
  if (!schema) return 'x';
  if (schema.anyOf) return sample(schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items)];
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sample(s)]));
  }
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (schema.format === 'email') return 'someone@test.pioneira';
  if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
  if (schema.format === 'uri') return 'http://127.0.0.1:9/x';
  if (schema.pattern?.includes('a-z]+\\.')) return 'mix.events';
  if (schema.pattern?.includes('0-9') || schema.pattern?.includes('\\d')) return '1';
  return 'sample-value-1';
}

function operations() {
  const doc = api.app.swagger() as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/') && !path.startsWith('/api/live/'))
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
}

function urlOf(path: string, op: Operation, override?: { param: Parameter; raw: string }) {
  let url = path;
  const query: string[] = [];
  for (const p of op.parameters ?? []) {
    const raw = override?.param === p ? override.raw : encodeURIComponent(String(sample(p.schema)));
    if (p.in === 'path') url = url.replace(`{${p.name}}`, raw);
    else if (p.in === 'query' && override?.param === p) query.push(`${p.name}=${raw}`);
  }
  return query.length ? `${url}?${query.join('&')}` : url;
}

function bodyOf(op: Operation): Schema | undefined {
  return op.requestBody?.content['application/json']?.schema;
}

/** Row counts of every table in one query, to see whether a refused request wrote anything. */
async function snapshotter(): Promise<() => Promise<string>> {
  const tables = await api.db.sql<{ t: string }[]>`
    SELECT quote_ident(table_name) AS t FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'sessions'`;
  const query = `SELECT ${tables.map(({ t }) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`;
  return async () => JSON.stringify((await api.db.sql.unsafe(query))[0]);
}

function check(res: { statusCode: number; body: string }, label: string, failures: string[]) {
  if (res.statusCode >= 500) {
    failures.push(`${label} → ${res.statusCode} ${res.body.slice(0, 120)}`);
    return;
  }
  if (res.statusCode >= 400) {
    let shape = false;
    try {
      const body = JSON.parse(res.body);
      shape = typeof body.error?.code === 'string' && typeof body.error?.message === 'string';
    } catch {}
    if (!shape)
      failures.push(`${label} → ${res.statusCode} without the error shape: ${res.body.slice(0, 120)}`);
  }
}

test('every /api parameter and body field given hostile values: < 500, error shape, nothing stored', async () => {
  const snapshot = await snapshotter();
  const failures: string[] = [];
  let calls = 0;
  /** Sends one request; a refused write must leave every table as it was. */
  const attempt = async (label: string, options: InjectOptions) => {
    const writes = options.method !== 'GET';
    const before = writes ? await snapshot() : '';
    const res = await api.app.inject(options);
    calls++;
    check(res, label, failures);
    if (writes && res.statusCode >= 400 && (await snapshot()) !== before)
      failures.push(`${label} → ${res.statusCode} but something was stored`);
  };
  for (const { path, method, op } of operations()) {
    const body = bodyOf(op);
    const payload = body ? sample(body) : undefined;
    for (const param of (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query')) {
      for (const raw of HOSTILE) {
        const url = urlOf(path, op, { param, raw });
        await attempt(`${method.toUpperCase()} ${url.slice(0, 120)}`, {
          method: method.toUpperCase() as 'GET',
          url,
          headers: bearer(admin),
          ...(payload === undefined ? {} : { payload: payload as object }),
        });
      }
    }
    for (const field of Object.keys(body?.properties ?? {})) {
      for (const value of HOSTILE_JSON) {
        await attempt(`${method.toUpperCase()} ${path} ${field}=${JSON.stringify(value).slice(0, 40)}`, {
          method: method.toUpperCase() as 'POST',
          url: urlOf(path, op),
          headers: { ...bearer(admin), 'content-type': 'application/json' },
          payload: JSON.stringify({ ...(payload as object), [field]: value }),
        });
      }
    }
  }
  assert.ok(calls > 1000, `the walk made ${calls} calls`);
  assert.deepEqual(failures, []);
});

test('the inputs the adversarial test of a running instance found are 4xx', async () => {
  const get = (url: string) => api.app.inject({ method: 'GET', url, headers: bearer(admin) });
  for (const url of [
    '/api/drivers?search=%00',
    '/api/vehicles?search=ab%00c',
    '/api/users?search=%00',
    '/api/devices?search=%00',
    '/api/parcels?search=%00',
    '/api/parcels?from=0000-01-01T00:00:00Z',
    '/api/parcels?from=2024-06-30T23:59:60Z',
    '/api/events?from=0000-01-01T00:00:00Z',
    '/api/vehicles/9223372036854775808/track',
  ]) {
    const res = await get(url);
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url} → ${res.statusCode}`);
    assert.equal(typeof res.json().error.message, 'string', url);
  }
  const name = await api.app.inject({
    method: 'PATCH',
    url: '/api/auth/me',
    headers: bearer(admin),
    payload: { name: 'Ana\u0000Maria' },
  });
  assert.equal(name.statusCode, 400);
  const [{ n }] = await api.db.sql`SELECT count(*)::int AS n FROM users WHERE name LIKE 'Ana%'`;
  assert.equal(n, 0);
});

/** One raw HTTP exchange against a listening api, bypassing any client-side URL checks. */
function rawRequest(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ statusCode: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('over-long URLs, huge headers and malformed URLs get the error shape from a real server', async () => {
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = api.app.server.address() as AddressInfo;
  const failures: string[] = [];
  const cases: Array<[string, string, Record<string, string>?]> = [
    ['long path param', `/api/parcels/${'A'.repeat(5000)}`],
    ['long URL', `/api/drivers?search=${'a'.repeat(20_000)}`],
    ['bad escape in path', '/api/users/%E0%A4%A'],
    ['huge header', '/api/auth/config', { 'x-filler': 'h'.repeat(20_000) }],
  ];
  for (const [label, path, headers] of cases) {
    const res = await rawRequest(port, path, { ...bearer(admin), ...headers });
    if (res.statusCode < 400 || res.statusCode >= 500) failures.push(`${label} → ${res.statusCode}`);
    else {
      let shape = false;
      try {
        shape = typeof JSON.parse(res.body).error?.message === 'string';
      } catch {}
      if (!shape)
        failures.push(`${label} → ${res.statusCode} not in the error shape: ${res.body.slice(0, 80)}`);
    }
  }
  assert.deepEqual(failures, []);
});
