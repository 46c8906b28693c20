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

// A fleet manager's journey: register a device (its token shown once), assign a driver to the
// vehicle from its page, then find the driver named on the live map's panel and follow the link.
const OUTPUT = new URL('./output/', import.meta.url);
const PLATE = 'FRT1A23';
const DRIVER = 'Benedita Rocha';

let api: TestApi;
let web: WebServer;
let browser: Browser;
let manager: { email: string; token: string };
let driverId: string;
const stops: (() => Promise<void>)[] = [];

before(async () => {
  api = await createTestApi();
  manager = await api.login('manager', 'frota.manager@test.pioneira');
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
  await sql`INSERT INTO vehicles (source, external_id, description, registration_number)
            VALUES ('manual', 'journey-1', 'Caminhão baú', ${PLATE})`;
  const [driver] = await sql`
    INSERT INTO drivers (source, external_id, name) VALUES ('manual', 'journey-driver', ${DRIVER}) RETURNING id`;
  driverId = String(driver.id);
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

test('register a device, assign a driver to its vehicle, see the driver on the map and open their page', {
  timeout: 240_000,
}, async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/devices');
  await page.getByRole('heading', { level: 1, name: 'Dispositivos' }).waitFor();
  await page.getByRole('button', { name: 'Cadastrar dispositivo' }).click();
  const register = page.getByRole('dialog', { name: 'Cadastrar dispositivo' });
  await register.getByLabel('Nome').fill('Rastreador do baú');
  await register.getByLabel('Identificador (IMEI, ID do app)').fill('journey-tracker-1');
  await register.getByLabel('Buscar veículos').fill('FRT');
  const vehicleSelect = register.getByLabel('Veículo', { exact: true });
  await until('the vehicle to be offered', async () => (await vehicleSelect.locator('option').count()) > 1);
  await vehicleSelect.selectOption({ label: `${PLATE} — Caminhão baú` });
  await register.getByRole('button', { name: 'Cadastrar dispositivo' }).click();
  const tokenDialog = page.getByRole('dialog', { name: 'Token do dispositivo Rastreador do baú' });
  const token = ((await tokenDialog.locator('output').textContent()) ?? '').trim();
  assert.ok(token.length >= 20, `a token is shown (${token})`);
  await tokenDialog.getByRole('button', { name: 'Fechar' }).click();
  const row = page.getByRole('row').filter({ hasText: 'journey-tracker-1' });
  await row.getByText('Nunca visto').waitFor();

  // A tracker that reports rarely when parked gets a longer offline timeout of its own.
  await row.getByRole('button', { name: 'Tempo off-line' }).click();
  const timeout = page.getByRole('dialog', {
    name: 'Tempo sem posição até Rastreador do baú ficar off-line',
  });
  await timeout.getByLabel('Off-line após (minutos)').fill('90');
  await timeout.getByRole('button', { name: 'Salvar' }).click();
  await row.getByText('(off-line após 90 min)').waitFor();
  const [own] = await api.db.sql`
    SELECT offline_after_seconds AS seconds FROM devices WHERE identifier = 'journey-tracker-1'`;
  assert.equal(own.seconds, 5400);

  // The tracker sends a fix with the token it was given.
  const sent = await api.app.inject({
    method: 'POST',
    url: '/ingest/positions',
    headers: bearer(token),
    payload: {
      positions: [{ fixedAt: new Date().toISOString(), latitude: -23.55, longitude: -46.63, speedKmh: 40 }],
    },
  });
  assert.equal(sent.statusCode, 200, sent.body);

  // The vehicle page: assign the driver from now on.
  await page.goto(`${web.url}/vehicles`);
  await page.getByRole('link', { name: PLATE }).click();
  await page.getByRole('heading', { level: 1, name: PLATE }).waitFor();
  await page.getByRole('button', { name: 'Atribuir motorista' }).click();
  const assign = page.getByRole('dialog', { name: `Atribuir motorista a ${PLATE}` });
  await assign.getByLabel('Buscar motorista pelo nome ou matrícula').fill('Benedita');
  const driverSelect = assign.getByLabel('Motorista', { exact: true });
  await until('the driver to be offered', async () => (await driverSelect.textContent())?.includes(DRIVER));
  await assign.getByRole('button', { name: 'Atribuir motorista' }).click();
  await assign.waitFor({ state: 'detached' });
  const history = page.getByRole('region', { name: 'Motoristas do veículo' });
  await history.getByRole('link', { name: DRIVER }).waitFor();
  await history.getByText('em aberto').waitFor();
  await page
    .getByRole('region', { name: 'Dispositivos do veículo' })
    .getByText('Rastreador do baú')
    .waitFor();
  await page.screenshot({ path: shot('fleet-vehicle.png'), fullPage: true });

  // The live map names the driver on the vehicle's panel and leads to their record.
  await page.goto(`${web.url}/map`);
  await page.getByRole('heading', { level: 1, name: 'Mapa ao vivo' }).waitFor();
  const list = page.getByRole('region', { name: 'Veículos' });
  await list.getByRole('button', { name: new RegExp(PLATE) }).click({ timeout: 30_000 });
  const panel = page.getByRole('complementary', { name: `Detalhes de ${PLATE}` });
  const link = panel.getByRole('link', { name: DRIVER });
  await link.waitFor();
  await page.screenshot({ path: shot('fleet-map-panel.png') });
  await link.click();
  await page.waitForURL(`${web.url}/drivers/${driverId}`);
  await page.getByRole('heading', { level: 1, name: DRIVER }).waitFor();
  await context.close();
});
