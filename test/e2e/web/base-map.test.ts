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
