import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { ConnectionErrors } from '@pioneira/core';
import type { Browser } from 'playwright-core';
import { bearer, createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { consumers } from '../../../apps/worker/src/roles/consumers';
import { relay } from '../../../apps/worker/src/roles/relay';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// The live map end to end: device ingest → outbox → relay → event log → latest-position consumer →
// SSE → the browser's WebGL layer; then a track replay from PostgreSQL.
const OUTPUT = new URL('./output/', import.meta.url);
const MINUTE = 60_000;

let api: TestApi;
let web: WebServer;
let browser: Browser;
let manager: { email: string; token: string };
const stops: (() => Promise<void>)[] = [];
const tokens: string[] = [];

const send = async (token: string, positions: object[]) => {
  const res = await api.app.inject({
    method: 'POST',
    url: '/ingest/positions',
    headers: bearer(token),
    payload: { positions },
  });
  assert.equal(res.statusCode, 200, res.body);
};

before(async () => {
  api = await createTestApi();
  manager = await api.login('manager', 'mara.manager@test.pioneira');
  const { config, sql, redis } = api.app.deps;
  for (const role of [relay, consumers]) {
    const started = await role.start({
      config,
      sql,
      redis,
      log: () => {},
      connections: new ConnectionErrors(() => {}),
    });
    stops.push(() => started.stop());
  }
  const [vehicle] = await sql`
    INSERT INTO vehicles (source, external_id, description, registration_number)
    VALUES ('manual', 'map-test-1', 'Caminhão baú 1', 'BRA2E19') RETURNING id`;
  const [driver] = await sql`
    INSERT INTO drivers (source, external_id, name) VALUES ('manual', 'map-test-driver', 'João Gonçalves') RETURNING id`;
  const devices = [
    {
      identifier: 'map-truck-1',
      name: 'Rastreador caminhão 1',
      vehicleId: String(vehicle.id),
      driverId: String(driver.id),
    },
    { identifier: 'map-van-2', name: 'Van 2' },
    { identifier: 'map-moto-3', name: 'Moto 3' },
  ];
  for (const device of devices) {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: bearer(manager.token),
      payload: { ...device, protocol: 'json' },
    });
    assert.equal(res.statusCode, 201, res.body);
    tokens.push(res.json().token);
  }
  // The truck drove north-east for half an hour (the track), the others sit around the centre.
  const now = Date.now();
  await send(
    tokens[0],
    Array.from({ length: 30 }, (_, i) => ({
      fixedAt: new Date(now - (31 - i) * MINUTE).toISOString(),
      latitude: -23.58 + i * 0.001,
      longitude: -46.66 + i * 0.001,
      speedKmh: i < 10 ? 30 : i < 20 ? 70 : 100,
    })),
  );
  await send(tokens[1], [
    { fixedAt: new Date(now - MINUTE).toISOString(), latitude: -23.54, longitude: -46.62, speedKmh: 0 },
  ]);
  await send(tokens[2], [
    { fixedAt: new Date(now - MINUTE).toISOString(), latitude: -23.52, longitude: -46.7, speedKmh: 95 },
  ]);
  await until(
    'the consumer to publish three latest positions',
    async () => {
      const res = await api.app.inject({
        method: 'GET',
        url: '/api/positions/latest',
        headers: bearer(manager.token),
      });
      return res.json().items.length === 3;
    },
    30_000,
  );
  web = await startWeb({ apiUrl: await api.app.listen({ host: '127.0.0.1', port: 0 }) });
  browser = await launchBrowser();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await web?.stop();
  for (const stop of stops) await stop();
  await api?.close();
});

const shot = (name: string) => new URL(name, OUTPUT).pathname;
const center = async (map: import('playwright-core').Locator) =>
  ((await map.getAttribute('data-center')) ?? '0,0').split(',').map(Number);

test('the fleet shows on the map, a live fix moves the followed truck, and its track replays', {
  timeout: 240_000,
}, async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/map');
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  await page.getByRole('heading', { level: 1, name: 'Mapa ao vivo' }).waitFor();
  const map = page.getByRole('region', { name: 'Mapa da frota' });
  await page
    .locator('section.live-map[data-vehicles="3"]')
    .waitFor({ timeout: 30_000 })
    .catch(async (error) => {
      await page.screenshot({ path: shot('map-failed.png') });
      throw new Error(`${error.message}\nbrowser errors: ${problems.join('\n')}`);
    });
  await page.locator('.page-header').getByText('Ao vivo', { exact: true }).waitFor();
  const list = page.getByRole('region', { name: 'Veículos' });
  assert.deepEqual(await list.locator('.vehicle-item__name').allTextContents(), [
    'BRA2E19',
    'Moto 3',
    'Van 2',
  ]);
  await list.getByPlaceholder('Buscar placa ou dispositivo').fill('van');
  assert.deepEqual(await list.locator('.vehicle-item__name').allTextContents(), ['Van 2']);
  await list.getByPlaceholder('Buscar placa ou dispositivo').fill('');

  // Details of the truck, then follow it.
  await list.getByRole('button', { name: /BRA2E19/ }).click();
  const panel = page.getByRole('complementary', { name: 'Detalhes de BRA2E19' });
  await panel.getByText('João Gonçalves').waitFor();
  assert.match((await panel.textContent()) ?? '', /100 km\/h/);
  assert.match((await panel.textContent()) ?? '', /-23\.55100, -46\.63100/);
  await panel.getByRole('button', { name: 'Seguir' }).click();
  await until('the map to centre on the truck', async () => {
    const [lng, lat] = await center(map);
    return Math.abs(lng + 46.631) < 0.001 && Math.abs(lat + 23.551) < 0.001;
  });
  // Close up, the plate is written next to the truck (drawn on the map, whatever the base map).
  await until('the plate to label the followed truck', async () =>
    ((await map.getAttribute('data-plates')) ?? '').split(',').includes('BRA2E19'),
  );
  await page.screenshot({ path: shot('map.png') });

  // A new fix arrives through the real ingest: the panel and the followed map move with it.
  await send(tokens[0], [
    { fixedAt: new Date().toISOString(), latitude: -23.545, longitude: -46.625, speedKmh: 54 },
  ]);
  await panel.getByText('-23.54500, -46.62500').waitFor({ timeout: 15_000 });
  assert.match((await panel.textContent()) ?? '', /54 km\/h/);
  await until('the followed truck to pull the map along', async () => {
    const [lng, lat] = await center(map);
    return Math.abs(lng + 46.625) < 0.001 && Math.abs(lat + 23.545) < 0.001;
  });

  // Clicking the dot (now at the centre of the map) opens the same vehicle's details.
  await panel.getByRole('button', { name: 'Fechar' }).click();
  await panel.waitFor({ state: 'detached' });
  const box = await map.boundingBox();
  assert.ok(box);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await panel.waitFor();

  // Track replay: the last hours, scrubbed and played.
  await panel.getByRole('button', { name: 'Carregar trajeto' }).click();
  await panel.getByText('31 pontos').waitFor();
  const slider = panel.getByRole('slider', { name: 'Momento do trajeto' });
  assert.equal(await slider.inputValue(), '0');
  assert.match((await panel.locator('.track-replay__now').textContent()) ?? '', /30 km\/h/);
  await slider.focus();
  for (let i = 0; i < 25; i++) await slider.press('ArrowRight');
  assert.equal(await slider.inputValue(), '25');
  assert.match((await panel.locator('.track-replay__now').textContent()) ?? '', /100 km\/h/);
  await slider.press('Home');
  await panel.getByRole('button', { name: 'Reproduzir' }).click();
  await until('the replay to advance', async () => Number(await slider.inputValue()) > 5);
  await panel.getByRole('button', { name: 'Pausar' }).click();
  await page.screenshot({ path: shot('map-track.png') });
  await context.close();
});
