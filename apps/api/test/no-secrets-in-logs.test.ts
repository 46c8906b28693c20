import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { loggerOptions, redactUrl } from '../src/logger';
import { bearer, createTestApi, PASSWORD, type TestApi } from './helpers';

const lines: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(String(chunk));
    done();
  },
});

let api: TestApi;
before(async () => {
  api = await createTestApi({}, { logger: loggerOptions('trace', capture) });
});
after(() => api.close());

test('the logs of a login, refresh, invitation, registration and MiX credentials save hold no secret', async () => {
  const secrets: string[] = [PASSWORD];
  const admin = await api.login('admin');
  secrets.push(admin.token, admin.cookie.split('=')[1]);
  const refreshed = await api.app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    headers: { cookie: admin.cookie },
  });
  assert.equal(refreshed.statusCode, 200);
  const token = refreshed.json().accessToken as string;
  const cookie = refreshed.cookies.find((c) => c.name === 'pioneira_refresh')!.value;
  secrets.push(token, cookie);
  const invitation = await api.app.inject({
    method: 'POST',
    url: '/api/users/invitations',
    headers: bearer(token),
    payload: { email: 'logged@test.pioneira', role: 'viewer' },
  });
  const link = invitation.json().token as string;
  secrets.push(link);
  assert.equal(
    (await api.app.inject({ method: 'GET', url: `/api/auth/invitations/${link}` })).statusCode,
    200,
  );
  const newPassword = 'Invited-person-pass-77';
  secrets.push(newPassword);
  const registered = await api.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: { token: link, name: 'Logged Person', password: newPassword },
  });
  assert.equal(registered.statusCode, 201);
  const wrong = 'Wrong-guess-pass-1234';
  secrets.push(wrong);
  await api.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'logged@test.pioneira', password: wrong },
  });
  const mix = { clientSecret: 'mix-client-secret-value-123', password: 'mix-password-value-456' };
  secrets.push(mix.clientSecret, mix.password);
  const saved = await api.app.inject({
    method: 'PUT',
    url: '/api/etl/credentials',
    headers: bearer(token),
    payload: {
      identityUrl: 'http://127.0.0.1:9/core',
      apiUrl: 'http://127.0.0.1:9',
      clientId: 'client-1',
      username: 'fleet@example.com',
      organisationId: '-7146512584512096534',
      ...mix,
    },
  });
  assert.equal(saved.statusCode, 200);
  await api.app.inject({
    method: 'POST',
    url: '/api/auth/logout',
    headers: { cookie: `pioneira_refresh=${cookie}`, ...bearer(token) },
  });
  const log = lines.join('');
  assert.ok(lines.length > 10, 'the requests were logged');
  assert.match(log, /invitations\/\[redacted\]/, 'the invitation request is logged, without its token');
  for (const secret of secrets)
    assert.ok(!log.includes(secret), `a secret reached the logs: ${secret.slice(0, 6)}…`);
});

test('URLs are redacted before they are logged', () => {
  assert.equal(redactUrl('/api/auth/invitations/abc.DEF-123?x=1'), '/api/auth/invitations/[redacted]?x=1');
  assert.equal(
    redactUrl('/api/x?token=abc&page=2&password=p'),
    '/api/x?token=[redacted]&page=2&password=[redacted]',
  );
  assert.equal(redactUrl('/api/drivers?search=ana'), '/api/drivers?search=ana');
});
