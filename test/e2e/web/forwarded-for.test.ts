import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startWeb, type WebServer } from './web';

// A stand-in for the API that reports the X-Forwarded-For the web's proxy sent it.
let api: Server;
let web: WebServer;
before(async () => {
  api = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ forwardedFor: request.headers['x-forwarded-for'] ?? null }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  web = await startWeb({ apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}` });
});
after(async () => {
  await web?.stop();
  await new Promise((resolve) => api.close(resolve));
});

test('the web proxy tells the API the connecting address, whatever X-Forwarded-For the client sent', async () => {
  for (const spoofed of [undefined, '6.6.6.6', '6.6.6.6, 7.7.7.7']) {
    const response = await fetch(`${web.url}/api/anything`, {
      headers: spoofed ? { 'x-forwarded-for': spoofed } : {},
    });
    const { forwardedFor } = (await response.json()) as { forwardedFor: string | null };
    assert.match(
      forwardedFor ?? '',
      /^(127\.0\.0\.1|::ffff:127\.0\.0\.1|::1)$/,
      `sent ${spoofed}: ${forwardedFor}`,
    );
  }
});
