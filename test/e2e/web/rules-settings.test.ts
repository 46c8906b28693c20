import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// The rule settings page: a manager changes the cargo speed limit, a viewer only reads.
let api: TestApi;
let web: WebServer;
let browser: Browser;
let manager: { email: string };
let viewer: { email: string };

before(async () => {
  api = await createTestApi();
  manager = await api.login('manager', 'rita.manager@test.pioneira');
  viewer = await api.login('viewer', 'vera.viewer@test.pioneira');
  await api.db
    .sql`INSERT INTO vehicles (external_id, description, registration_number) VALUES ('V-1', 'Volvo FH 540', 'BRA2E19')`;
  const apiUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
  web = await startWeb({ apiUrl });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.close();
});

test('a manager sets the cargo speed limit; it is saved, audited and shown as inherited elsewhere', async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/rules');
  await page.getByRole('heading', { name: 'Regras de condução', level: 1 }).waitFor();
  await page.getByLabel('Escopo').selectOption('cargo');
  const limit = page.getByLabel('Limite de velocidade (km/h)');
  await until('the cargo scope is shown', async () => (await limit.getAttribute('placeholder')) === '80');
  await limit.fill('70');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await page.getByText('Regras salvas.').waitFor();
  const [row] = await api.db
    .sql`SELECT settings FROM rule_settings WHERE scope = 'category' AND scope_key = 'cargo'`;
  assert.equal(row.settings.speedLimitKmh, 70);
  await page.getByText(/"speedLimitKmh":70/).waitFor();
  // Emptying the field inherits the default again.
  await limit.fill('');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await until('the override is removed', async () => {
    const [r] = await api.db
      .sql`SELECT settings FROM rule_settings WHERE scope = 'category' AND scope_key = 'cargo'`;
    return r.settings.speedLimitKmh === undefined;
  });
  await context.close();
});

test('a viewer reads the rules but cannot change them', async () => {
  const { context, page } = await signedInPage(browser, web.url, viewer.email, '/rules');
  await page.getByText('Somente administradores e gestores alteram as regras.').waitFor();
  assert.equal(await page.getByLabel('Limite de velocidade (km/h)').isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Salvar' }).count(), 0);
  await context.close();
});

test('a manager makes a vehicle a cargo vehicle, so Lei 13.103 applies to it', async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/rules');
  await page.getByLabel('Buscar veículo (placa, frota, descrição)').fill('BRA2');
  const pick = page.getByLabel('Veículo', { exact: true });
  await until('the vehicle is listed', async () => (await pick.locator('option').count()) > 1);
  await pick.selectOption({ label: 'BRA2E19 · Volvo FH 540' });
  const category = page.getByLabel('Categoria', { exact: true });
  await until('its category is shown', async () => (await category.inputValue()) === 'exempt');
  await category.selectOption('cargo');
  await until('the category is saved', async () => {
    const [row] = await api.db.sql`SELECT rule_category FROM vehicles WHERE external_id = 'V-1'`;
    return row.rule_category === 'cargo';
  });
  const [audit] = await api.db
    .sql`SELECT before, after FROM rule_settings_audit WHERE scope = 'vehicle-category'`;
  assert.deepEqual([audit.before, audit.after], ['exempt', 'cargo']);
  await context.close();
});

test('a manager limits cargo vehicles to weekdays 06:00–20:00 in the allowed-hours editor', async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/rules');
  await page.getByLabel('Escopo').selectOption('cargo');
  const form = page.locator('form.rules-form').first();
  await form.getByLabel('Somente nestas janelas').check();
  await form.getByLabel('Até').first().fill('20:30');
  await form.getByRole('button', { name: 'Adicionar janela' }).click();
  await form.getByRole('button', { name: 'Salvar' }).click();
  await page.getByText('Regras salvas.').waitFor();
  const settings = async () =>
    (await api.db.sql`SELECT settings FROM rule_settings WHERE scope = 'category' AND scope_key = 'cargo'`)[0]
      .settings;
  await until('the windows are saved', async () => (await settings()).allowedHours?.length === 2);
  assert.deepEqual((await settings()).allowedHours, [
    { days: [1, 2, 3, 4, 5], from: '06:00', to: '20:30' },
    { days: [6], from: '08:00', to: '12:00' },
  ]);
  // Back to the category's inheritance: the key is removed.
  await form.getByLabel('Herdar', { exact: true }).check();
  await form.getByRole('button', { name: 'Salvar' }).click();
  await until('the windows are removed', async () => (await settings()).allowedHours === undefined);
  await context.close();
});

test("a manager gives one vehicle its own speed limit over its category's", async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/rules');
  await page.getByLabel('Buscar veículo (placa, frota, descrição)').fill('BRA2');
  const pick = page.getByLabel('Veículo', { exact: true });
  await until('the vehicle is listed', async () => (await pick.locator('option').count()) > 1);
  await pick.selectOption({ label: 'BRA2E19 · Volvo FH 540' });
  await page.getByRole('heading', { name: 'Limites próprios deste veículo' }).waitFor();
  const form = page.locator('form.rules-form').nth(1);
  await form.getByLabel('Limite de velocidade (km/h)').fill('60');
  await form.getByRole('button', { name: 'Salvar' }).click();
  const [vehicle] = await api.db.sql`SELECT id::text FROM vehicles WHERE external_id = 'V-1'`;
  await until('the vehicle limit is saved', async () => {
    const [row] = await api.db
      .sql`SELECT settings FROM rule_settings WHERE scope = 'vehicle' AND scope_key = ${vehicle.id}`;
    return row?.settings.speedLimitKmh === 60;
  });
  await context.close();
});
