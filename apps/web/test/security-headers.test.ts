import assert from 'node:assert/strict';
import { test } from 'node:test';
import { securityHeaders } from '../src/lib/security-headers';

const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

test('pages may not be framed, sniffed or leak full referrers; scripts and connections stay on the site', () => {
  const headers = securityHeaders({});
  const csp = headers['content-security-policy'];
  assert.equal(directive(csp, 'frame-ancestors'), "frame-ancestors 'none'");
  assert.equal(directive(csp, 'connect-src'), "connect-src 'self'");
  assert.equal(directive(csp, 'object-src'), "object-src 'none'");
  assert.doesNotMatch(directive(csp, 'script-src') ?? '', /unsafe-eval|https?:/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'strict-origin-when-cross-origin');
});

test('the configured tile server, and only it, may serve map tiles', () => {
  const csp = securityHeaders({ tilesUrl: 'https://tiles.example.org:8443/osm/{z}/{x}/{y}.png' })[
    'content-security-policy'
  ];
  assert.equal(directive(csp, 'img-src'), "img-src 'self' data: blob: https://tiles.example.org:8443");
  assert.equal(directive(csp, 'connect-src'), "connect-src 'self' https://tiles.example.org:8443");
  const broken = securityHeaders({ tilesUrl: 'not a url' })['content-security-policy'];
  assert.equal(directive(broken, 'connect-src'), "connect-src 'self'");
});
