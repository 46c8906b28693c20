import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { bearer, createTestApi, type TestApi } from './helpers';

// Invitations are listed, revoked and sent again by administrators; with SMTP_URL the link is e-mailed
// through a real SMTP server (started here), otherwise the web app shows it to copy.
interface Received {
  to: string[];
  body: string;
}

async function startSmtp() {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        for (const wake of waiters.splice(0)) wake();
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  const nextMail = async (count: number) => {
    while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return received[count - 1];
  };
  return { port, received, nextMail, close: () => new Promise<void>((resolve) => server.close(resolve)) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const tokenIn = (text: string) => {
  // Quoted-printable may wrap the line and encode "=" as "=3D".
  const unfolded = text.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  return /register\?token=([A-Za-z0-9_%-]+)/.exec(unfolded)?.[1];
};

describe('with SMTP configured', () => {
  let api: TestApi;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: string;
  before(async () => {
    smtp = await startSmtp();
    api = await createTestApi({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: 'Pioneira <frota@example.com>',
      WEB_ORIGIN: 'https://frota.example.com',
    });
    admin = (await api.login('admin')).token;
  });
  after(async () => {
    await api.close();
    await smtp.close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, token = admin) =>
    api.app.inject({ method, url, headers: bearer(token), payload });

  test('an invitation is e-mailed with a working link, listed as sent, and can be sent again', async () => {
    const created = await call('POST', '/api/users/invitations', {
      email: 'nova@example.com',
      role: 'viewer',
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().emailed, true);
    const mail = await smtp.nextMail(1);
    assert.deepEqual(mail.to, ['nova@example.com']);
    assert.match(mail.body, /frota@example\.com/);
    const token = tokenIn(mail.body);
    assert.equal(
      decodeURIComponent(token ?? ''),
      created.json().token,
      'the e-mailed link carries the token',
    );
    assert.ok(mail.body.replace(/=\r?\n/g, '').includes('https://frota.example.com/register?token='));

    const listed = (await call('GET', '/api/users/invitations')).json();
    assert.equal(listed.emailEnabled, true);
    const item = listed.items.find((i: { id: string }) => i.id === created.json().id);
    assert.ok(item.sentAt, 'the sending is recorded');
    assert.deepEqual(
      [item.email, item.role, item.expired, item.sendError],
      ['nova@example.com', 'viewer', false, null],
    );

    const resent = await call('POST', `/api/users/invitations/${created.json().id}/resend`);
    assert.equal(resent.statusCode, 200, resent.body);
    assert.notEqual(resent.json().token, created.json().token);
    const second = await smtp.nextMail(2);
    assert.equal(decodeURIComponent(tokenIn(second.body) ?? ''), resent.json().token);
    const old = await api.app.inject({ method: 'GET', url: `/api/auth/invitations/${created.json().token}` });
    assert.equal(old.statusCode, 404, 'the old link stops working');
    const fresh = await api.app.inject({
      method: 'GET',
      url: `/api/auth/invitations/${resent.json().token}`,
    });
    assert.equal(fresh.statusCode, 200, fresh.body);
  });

  test('a revoked invitation leaves the list and its link stops working', async () => {
    const created = (
      await call('POST', '/api/users/invitations', { email: 'sai@example.com', role: 'manager' })
    ).json();
    assert.equal((await call('DELETE', `/api/users/invitations/${created.id}`)).statusCode, 204);
    const listed = (await call('GET', '/api/users/invitations')).json();
    assert.ok(!listed.items.some((i: { id: string }) => i.id === created.id));
    const link = await api.app.inject({ method: 'GET', url: `/api/auth/invitations/${created.token}` });
    assert.equal(link.statusCode, 404);
    assert.equal((await call('DELETE', `/api/users/invitations/${created.id}`)).statusCode, 404, 'once');
    assert.equal((await call('POST', `/api/users/invitations/${created.id}/resend`)).statusCode, 404);
  });

  test('only administrators manage invitations; bad ids are 400, unknown ones 404', async () => {
    const manager = (await api.login('manager')).token;
    assert.equal((await call('GET', '/api/users/invitations', undefined, manager)).statusCode, 403);
    const created = (
      await call('POST', '/api/users/invitations', { email: 'x@example.com', role: 'viewer' })
    ).json();
    assert.equal(
      (await call('DELETE', `/api/users/invitations/${created.id}`, undefined, manager)).statusCode,
      403,
    );
    assert.equal(
      (await call('POST', `/api/users/invitations/${created.id}/resend`, undefined, manager)).statusCode,
      403,
    );
    assert.equal((await api.app.inject({ method: 'GET', url: '/api/users/invitations' })).statusCode, 401);
    assert.equal((await call('DELETE', '/api/users/invitations/not-a-uuid')).statusCode, 400);
    assert.equal(
      (await call('DELETE', '/api/users/invitations/00000000-0000-0000-0000-000000000000')).statusCode,
      404,
    );
  });

  test('concurrent revokes of one invitation: one succeeds, the others find nothing', async () => {
    const created = (
      await call('POST', '/api/users/invitations', { email: 'par@example.com', role: 'viewer' })
    ).json();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => call('DELETE', `/api/users/invitations/${created.id}`)),
    );
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [204, 404, 404, 404, 404, 404, 404, 404]);
  });
});

describe('without SMTP, or when it fails', () => {
  test('without SMTP_URL nothing is sent and the list says so', async () => {
    const api = await createTestApi();
    try {
      const admin = (await api.login('admin')).token;
      const created = await api.app.inject({
        method: 'POST',
        url: '/api/users/invitations',
        headers: bearer(admin),
        payload: { email: 'link@example.com', role: 'viewer' },
      });
      assert.equal(created.json().emailed, false);
      const listed = (
        await api.app.inject({ method: 'GET', url: '/api/users/invitations', headers: bearer(admin) })
      ).json();
      assert.equal(listed.emailEnabled, false);
      assert.equal(listed.items[0].sentAt, null);
    } finally {
      await api.close();
    }
  });

  test('an unreachable SMTP server still creates the invitation and records why the e-mail failed', async () => {
    const api = await createTestApi({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
    try {
      const admin = (await api.login('admin')).token;
      const created = await api.app.inject({
        method: 'POST',
        url: '/api/users/invitations',
        headers: bearer(admin),
        payload: { email: 'falha@example.com', role: 'viewer' },
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().emailed, false);
      const listed = (
        await api.app.inject({ method: 'GET', url: '/api/users/invitations', headers: bearer(admin) })
      ).json();
      assert.match(listed.items[0].sendError, /ECONNREFUSED|connect/i);
    } finally {
      await api.close();
    }
  });
});
