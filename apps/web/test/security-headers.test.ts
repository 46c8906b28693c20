import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_STYLE_URL } from '../src/features/map/base-map';
import { securityHeaders } from '../src/lib/security-headers';

const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

test('pages may not be framed, sniffed or leak full referrers; scripts stay on the site', () => {
  const headers = securityHeaders({ tilesUrl: 'offline' });
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

test('without a setting the default public base map may load; a PMTiles archive elsewhere may too', () => {
  const csp = securityHeaders({})['content-security-policy'];
  const defaultOrigin = new URL(DEFAULT_STYLE_URL).origin;
  assert.equal(directive(csp, 'connect-src'), `connect-src 'self' ${defaultOrigin}`);
  assert.equal(directive(csp, 'img-src'), `img-src 'self' data: blob: ${defaultOrigin}`);
  const archive = securityHeaders({ tilesUrl: 'pmtiles://https://maps.example.com/brazil.pmtiles' })[
    'content-security-policy'
  ];
  assert.equal(directive(archive, 'connect-src'), "connect-src 'self' https://maps.example.com");
  const local = securityHeaders({ tilesUrl: '/tiles/brazil.pmtiles' })['content-security-policy'];
  assert.equal(directive(local, 'connect-src'), "connect-src 'self'");
});
