import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// A vehicle's commands page: an admin blocks the engine only after typing the plate and a reason;
// the command and its audit entry show; a viewer cannot send; the page fits a laptop and a phone.
const OUTPUT = new URL('./output/', import.meta.url);
let api: TestApi;
let web: WebServer;
let browser: Browser;
let admin: { email: string };
let viewer: { email: string };
let vehicleId: string;

before(async () => {
  api = await createTestApi();
  admin = await api.login('admin', 'aline.admin@test.pioneira');
  viewer = await api.login('viewer', 'vera.viewer@test.pioneira');
  const [vehicle] = await api.db.sql`
    INSERT INTO vehicles (source, external_id, description, registration_number)
    VALUES ('manual', 'V-9', 'Scania R 450 com carroceria baú refrigerada', 'BRA2E19') RETURNING id`;
  vehicleId = vehicle.id;
  await api.db.sql`INSERT INTO devices (identifier, name, protocol, vehicle_id)
    VALUES ('356307042441013', 'FMB920', 'teltonika', ${vehicleId})`;
  web = await startWeb({ apiUrl: await api.app.listen({ host: '127.0.0.1', port: 0 }) });
  browser = await launchBrowser();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.close();
});

test('an admin blocks the engine: the button waits for the typed plate and a reason; list and audit show it', async () => {
  const path = `/vehicles/${vehicleId}/commands`;
  const { context, page } = await signedInPage(browser, web.url, admin.email, path);
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'BRA2E19' }).waitFor();
  await page.getByText('Nenhum comando enviado a este veículo.').waitFor();
  await page.getByRole('button', { name: 'Bloquear motor', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Motivo').fill('Roubo comunicado pelo motorista');
  const confirm = dialog.getByLabel('Digite a placa BRA2E19 para confirmar');
  const send = dialog.getByRole('button', { name: 'Enviar comando' });
  await confirm.fill('BRA2E18');
  await dialog.getByText('A confirmação não confere com a placa.').waitFor();
  assert.equal(await send.isDisabled(), true);
  assert.equal((await api.db.sql`SELECT count(*)::int AS n FROM commands`)[0].n, 0);
  await confirm.fill('bra-2e19');
  await send.click();
  const row = await until('the command to be stored', async () => {
    const [r] = await api.db.sql`
      SELECT c.type, c.state, c.reason, u.email FROM commands c JOIN users u ON u.id = c.requested_by`;
    return r;
  });
  assert.deepEqual(
    { ...row },
    { type: 'engine_block', state: 'queued', reason: 'Roubo comunicado pelo motorista', email: admin.email },
  );
  await page.getByRole('cell', { name: 'Na fila' }).waitFor();
  await page.getByRole('cell', { name: 'Pedido', exact: true }).waitFor();
  await context.close();
});

test('a viewer reads the commands but the send buttons are off', async () => {
  const { context, page } = await signedInPage(
    browser,
    web.url,
    viewer.email,
    `/vehicles/${vehicleId}/commands`,
  );
  await page
    .getByText('Só administradores enviam comandos (ou gestores, se um administrador liberar).')
    .waitFor();
  assert.equal(await page.getByRole('button', { name: 'Bloquear motor', exact: true }).isDisabled(), true);
  await page.getByRole('cell', { name: 'Na fila' }).waitFor();
  await context.close();
});

for (const size of [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
])
  test(`the commands page and its dialog fit ${size.width} px without horizontal scroll`, async () => {
    const path = `/vehicles/${vehicleId}/commands`;
    const { context, page } = await signedInPage(browser, web.url, admin.email, path, size);
    await page.getByRole('cell', { name: 'Na fila' }).waitFor();
    const width = () =>
      page.evaluate<{ scroll: number; client: number }>(
        '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
      );
    const page1 = await width();
    assert.ok(page1.scroll <= page1.client, `page ${page1.scroll} > ${page1.client}`);
    await page.screenshot({ path: new URL(`commands-${size.width}.png`, OUTPUT).pathname, fullPage: true });
    await page.getByRole('button', { name: 'Comando livre' }).click();
    await page.getByRole('dialog').getByLabel('Texto do comando').waitFor();
    const dialog = await width();
    assert.ok(dialog.scroll <= dialog.client, `dialog ${dialog.scroll} > ${dialog.client}`);
    await page.screenshot({ path: new URL(`commands-dialog-${size.width}.png`, OUTPUT).pathname });
    await context.close();
  });
