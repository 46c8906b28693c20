import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { API_ERROR_CODES } from '@pioneira/contracts';
import { bearer, createTestApi } from './helpers';

// The web app shows every API error in the user's language by its code (its dictionaries are typed on
// API_ERROR_CODES). So every code the server can answer with must be in that list.
const root = join(import.meta.dirname, '..', '..', '..');
const sources = [
  ...['packages', 'apps/api/src', 'apps/worker/src'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.includes('node_modules') && !/(^|\/)test\//.test(f))
      .map((f) => join(root, dir, f)),
  ),
];
const RAISED = [
  /\b(?:badRequest|conflict|unauthorized)\(\s*'([a-z_]+)'/g,
  /new AppError\(\s*[\w.]+,\s*'([a-z_]+)'/g,
  /\bcode: '([a-z_]+)'/g,
];

test('every error code the server raises is in the vocabulary the web app translates', () => {
  const known = new Set<string>(API_ERROR_CODES);
  const missing: string[] = [];
  let found = 0;
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of RAISED)
      for (const [, code] of text.matchAll(pattern)) {
        found++;
        if (!known.has(code)) missing.push(`${code} (${file.slice(root.length + 1)})`);
      }
  }
  assert.ok(found > 40, `the scan finds the errors (${found})`);
  assert.deepEqual(missing, [], 'add these codes to API_ERROR_CODES and translate them in the web app');
});

test('the errors the framework produces map to listed codes', async () => {
  const api = await createTestApi();
  try {
    const { token } = await api.login('admin');
    const answers = await Promise.all([
      api.app.inject({ method: 'GET', url: '/api/drivers?page=zero', headers: bearer(token) }),
      api.app.inject({ method: 'GET', url: '/api/nothing-here', headers: bearer(token) }),
      api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":',
      }),
      api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'text/x-unknown' },
        payload: 'x',
      }),
      api.app.inject({ method: 'GET', url: '/api/drivers' }),
    ]);
    for (const answer of answers) {
      assert.ok(answer.statusCode >= 400 && answer.statusCode < 500, `${answer.statusCode} ${answer.body}`);
      const code = answer.json().error.code;
      assert.ok((API_ERROR_CODES as readonly string[]).includes(code), `${code} is listed`);
    }
  } finally {
    await api.close();
  }
});
