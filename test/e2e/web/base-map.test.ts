import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// The live map's base map. This machine has no internet, like a user's offline laptop: the default
// public style cannot load, so the map must draw the shipped coastlines and state borders instead
// of a blank canvas. A configured tile URL must be what the browser asks for.
const OUTPUT = new URL('./output/', import.meta.url);
const FAKE_TILES = 'http://tiles.pioneira.test/{z}/{x}/{y}.png';
/** A 1×1 opaque PNG: any tile the fake server hands out. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const PMTILES_URL = 'http://tiles.pioneira.test/brazil.pmtiles';

const varint = (n: number): number[] => {
  const bytes: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 0x80)) bytes.push((n & 0x7f) | 0x80);
  return [...bytes, n];
};

/** The smallest PMTiles v3 archive: one uncompressed PNG tile at zoom 0 covering the world. */
function tinyArchive(tile: Buffer): { archive: Buffer; tileOffset: number } {
  // One directory entry: tile id 0, run length 1, the tile's length, offset 0 (stored as offset + 1).
  const root = Buffer.from([...varint(1), ...varint(0), ...varint(1), ...varint(tile.length), ...varint(1)]);
  const metadata = Buffer.from('{}');
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const rootOffset = 127;
  const metadataOffset = rootOffset + root.length;
  const tileOffset = metadataOffset + metadata.length;
  const u64 = [
    rootOffset,
    root.length,
    metadataOffset,
    metadata.length,
    tileOffset,
    0,
    tileOffset,
    tile.length,
    1,
    1,
    1,
  ];
  for (const [i, value] of u64.entries()) header.writeBigUInt64LE(BigInt(value), 8 + i * 8);
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(1, 97); // directories not compressed
  header.writeUInt8(1, 98); // tiles not compressed
  header.writeUInt8(2, 99); // PNG
  header.writeUInt8(0, 100);
  header.writeUInt8(0, 101);
  for (const [i, value] of [-180e7, -85e7, 180e7, 85e7].entries()) header.writeInt32LE(value, 102 + i * 4);
  return { archive: Buffer.concat([header, root, metadata, tile]), tileOffset };
}

let api: TestApi;
let apiUrl: string;
let browser: Browser;
let manager: { email: string };
const webs: WebServer[] = [];

/** A web server whose map reads `tiles` as PIONEIRA_MAP_TILES_URL (unset: the default). */
async function webWith(tiles: string | undefined): Promise<WebServer> {
  if (tiles === undefined) delete process.env.PIONEIRA_MAP_TILES_URL;
  else process.env.PIONEIRA_MAP_TILES_URL = tiles;
  const web = await startWeb({ apiUrl });
  webs.push(web);
  return web;
}

before(async () => {
  api = await createTestApi();
  manager = await api.login('manager', 'bruna.basemap@test.pioneira');
  apiUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  for (const web of webs) await web.stop();
  await api?.close();
});

const shot = (name: string) => new URL(name, OUTPUT).pathname;
const basemap = (page: Page) => page.locator('section.live-map').getAttribute('data-basemap');

test('offline, the map draws the shipped coastlines and state borders with a one-line notice', {
  timeout: 300_000,
}, async () => {
  const web = await webWith(undefined);
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/map', {
    width: 1366,
    height: 768,
  });
  const outline = page.waitForResponse((r) => r.url().endsWith('/basemap/south-america.json'));
  await page
    .getByRole('status')
    .filter({ hasText: 'Mapa de ruas indisponível' })
    .waitFor({ timeout: 60_000 });
  assert.equal((await outline).status(), 200);
  await until('the outline to be drawn on the map', async () => (await basemap(page)) === 'outline', 30_000);
  // Natural Earth is credited like any tile source.
  assert.match((await page.locator('.maplibregl-ctrl-attrib').textContent()) ?? '', /Natural Earth/);
  await page.screenshot({ path: shot('map-outline.png') });
  await context.close();
});

test('a configured raster tile URL is what the map requests, and no fallback notice shows', {
  timeout: 300_000,
}, async () => {
  const web = await webWith(FAKE_TILES);
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/map');
  const requested: string[] = [];
  await page.route('http://tiles.pioneira.test/**', (route) => {
    requested.push(new URL(route.request().url()).pathname);
    return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
  });
  await page.reload();
  await until('tiles to be requested', async () => requested.length > 0, 60_000);
  assert.ok(
    requested.every((path) => /^\/\d+\/\d+\/\d+\.png$/.test(path)),
    requested.join(', '),
  );
  await until('the tiles to be drawn', async () => (await basemap(page)) === 'tiles', 30_000);
  assert.equal(await page.getByText('Mapa de ruas indisponível').count(), 0);
  await context.close();
});

test('a self-hosted PMTiles archive is read by byte ranges through the pmtiles protocol', {
  timeout: 300_000,
}, async () => {
  const { archive, tileOffset } = tinyArchive(PNG);
  const web = await webWith(`pmtiles://${PMTILES_URL}`);
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/map');
  const ranges: number[] = [];
  await page.route(PMTILES_URL, (route) => {
    const match = /^bytes=(\d+)-(\d+)$/.exec(route.request().headers().range ?? '');
    if (!match)
      return route.fulfill({ status: 416, headers: { 'content-range': `bytes */${archive.length}` } });
    const from = Number(match[1]);
    const body = archive.subarray(from, Math.min(Number(match[2]) + 1, archive.length));
    ranges.push(from);
    return route.fulfill({
      status: 206,
      headers: {
        'access-control-allow-origin': '*',
        // Uncached, so every range the library reads reaches this handler (the whole file fits the first).
        'cache-control': 'no-store',
        'content-range': `bytes ${from}-${from + body.length - 1}/${archive.length}`,
        'content-type': 'application/octet-stream',
      },
      body,
    });
  });
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.reload();
  await until("the archive's tile to be drawn", async () => (await basemap(page)) === 'tiles', 60_000).catch(
    (error) => {
      throw new Error(
        `${error.message}; ranges read: ${ranges.join(', ')}; browser errors: ${problems.join(' | ')}`,
      );
    },
  );
  assert.equal(ranges[0], 0, 'the header is read first');
  assert.ok(ranges.includes(tileOffset), `the tile is read by its own range (ranges: ${ranges.join(', ')})`);
  assert.equal(await page.getByText('Mapa de ruas indisponível').count(), 0);
  await context.close();
});
