import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// The geofences page: a manager imports a GeoJSON file (a depot at CEAGESP, São Paulo) and sees it
// listed and stored; a viewer sees the list without the drawing tools.
let api: TestApi;
let web: WebServer;
let browser: Browser;
let manager: { email: string };
let viewer: { email: string };

before(async () => {
  api = await createTestApi();
  manager = await api.login('manager', 'rita.manager@test.pioneira');
  viewer = await api.login('viewer', 'vera.viewer@test.pioneira');
  const apiUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
  web = await startWeb({ apiUrl });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.close();
});

const DEPOT = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'Depósito CEAGESP', radiusM: 250, speedLimitKmh: 20 },
      geometry: { type: 'Point', coordinates: [-46.7368, -23.5378] },
    },
  ],
};

test('a manager imports a geofence from a GeoJSON file and sees it listed', async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/geofences');
  await page.getByRole('heading', { name: 'Cercas', level: 1 }).waitFor();
  await page.getByText('Nenhuma cerca ainda.', { exact: false }).waitFor();
  await page.getByLabel('Importar GeoJSON ou KML').setInputFiles({
    name: 'deposito.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify(DEPOT)),
  });
  await page.getByText('1 cercas importadas.').waitFor();
  await page.getByRole('list', { name: 'Cercas cadastradas' }).getByText('Depósito CEAGESP').waitFor();
  const rows = await api.db.sql`SELECT name, kind, radius_m, speed_limit_kmh FROM geofences`;
  assert.deepEqual(
    rows.map((r) => [r.name, r.kind, r.radius_m, r.speed_limit_kmh]),
    [['Depósito CEAGESP', 'circle', 250, 20]],
  );
  // The drawing tools are there for a manager.
  await page.getByRole('button', { name: 'Polígono' }).waitFor();
  await context.close();
});

test('a viewer reads the list but gets no drawing tools nor import', async () => {
  const { context, page } = await signedInPage(browser, web.url, viewer.email, '/geofences');
  await page.getByRole('list', { name: 'Cercas cadastradas' }).getByText('Depósito CEAGESP').waitFor();
  await until(
    'the page settled',
    async () => (await page.getByRole('button', { name: 'Polígono' }).count()) === 0,
  );
  assert.equal(await page.getByLabel('Importar GeoJSON ou KML').count(), 0);
  await context.close();
});
