import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '@pioneira/config';
import { testEnv } from '@pioneira/testing';
import type { Browser } from 'playwright-core';
import { createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { startWorker } from '../../../apps/worker/src';
import { insertEvent, startWebhookReceiver } from '../alerts-rig';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// The Alertas page and the bell, as a manager uses them: a webhook endpoint and an alert rule for the
// cargo vehicles made on the page, then a real event (a telemetry row, through the outbox, the events
// topic and a real alerts worker) that shows in the bell, live, and is marked read there. A viewer
// is told where their alerts are instead of getting the editors' sections.
let api: TestApi;
let web: WebServer;
let browser: Browser;
let worker: { stop(): Promise<void> } | undefined;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let secret = '';
let manager: { id: string; email: string };
let viewer: { email: string };
const PLATE = 'CRG0A17';

before(async () => {
  api = await createTestApi();
  manager = await api.login('manager', 'marta.manager@test.pioneira');
  viewer = await api.login('viewer', 'vitor.viewer@test.pioneira');
  hook = await startWebhookReceiver(() => secret);
  // The api's own database, Redis and prefix: the worker's live notices reach the api's stream.
  worker = await startWorker(
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: api.db.url,
      REDIS_URL: testEnv().redisUrl,
      REDIS_PREFIX: api.prefix,
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
      ALERT_RETRY_DELAY_MS: '100',
      LOG_LEVEL: 'silent',
    }),
    ['relay', 'alerts'],
  );
  web = await startWeb({ apiUrl: await api.app.listen({ host: '127.0.0.1', port: 0 }) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await worker?.stop();
  await hook?.close();
  await api?.close();
});

test('a manager adds a webhook and a rule for the cargo vehicles; an event shows in the bell and is marked read', {
  timeout: 240_000,
}, async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/alerts');
  await page.getByRole('heading', { name: 'Alertas', level: 1 }).waitFor();
  await page.getByText('Nenhuma regra de alerta ainda.', { exact: false }).waitFor();

  // The endpoint: its signing secret is shown once, in a dialog.
  await page.getByRole('button', { name: 'Novo webhook' }).click();
  const form = page.getByRole('dialog', { name: 'Novo webhook' });
  await form.getByLabel('Nome').fill('ERP da transportadora');
  await form.getByLabel('URL').fill(hook.url);
  await form.getByRole('button', { name: 'Cadastrar' }).click();
  const shown = page.getByRole('dialog', { name: 'Segredo de assinatura de ERP da transportadora' });
  secret = (await shown.locator('output').textContent())?.trim() ?? '';
  assert.match(secret, /^whsec_/);
  await shown.getByRole('button', { name: 'Fechar' }).click();
  const endpoints = page.getByRole('table', { name: 'Webhooks' });
  await endpoints.getByText(hook.url).waitFor();

  // The rule: the cargo vehicles, the manager in the app (the form's default) and the webhook.
  await page.getByRole('button', { name: 'Nova regra' }).click();
  const editor = page.getByRole('dialog', { name: 'Nova regra de alerta' });
  await editor.getByLabel('Nome').fill('Frota de carga');
  await editor.getByRole('group', { name: 'Grupos de veículos (categoria)' }).getByLabel('Carga').check();
  await editor.getByRole('group', { name: 'Webhooks' }).getByLabel('ERP da transportadora').check();
  await editor.getByRole('button', { name: 'Salvar' }).click();
  await page.getByText('Regra Frota de carga salva.').waitFor();
  const rules = page.getByRole('table', { name: 'Regras de alerta' });
  await rules.getByText('Frota de carga').waitFor();
  await rules.getByText('Grupos de veículos: 1').waitFor();
  const [stored] = await api.db.sql`
    SELECT r.vehicle_categories, r.user_ids::text[] AS user_ids, r.in_app, w.url
    FROM alert_rules r JOIN webhook_endpoints w ON w.id = ANY(r.webhook_ids) WHERE r.name = 'Frota de carga'`;
  assert.deepEqual(
    [stored.vehicle_categories, stored.user_ids, stored.in_app, stored.url],
    [['cargo'], [manager.id], true, hook.url],
  );

  // No notification yet; then a real event of a cargo vehicle.
  const bell = page.getByRole('button', { name: 'Notificações', exact: true });
  await bell.waitFor();
  const [vehicle] = await api.db.sql`
    INSERT INTO vehicles (external_id, description, registration_number, rule_category)
    VALUES ('CRG-17', 'Truck do CD', ${PLATE}, 'cargo') RETURNING external_id`;
  await insertEvent(api.db.sql, { vehicle: vehicle.external_id });
  // Pushed live: the count shows without a reload.
  await page.getByRole('button', { name: 'Notificações: 1 não lidas' }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('unread-count').textContent(), '1');
  await until('the signed webhook', async () => hook.received.find((r) => r.valid), 60_000);

  await page.getByRole('button', { name: 'Notificações: 1 não lidas' }).click();
  const list = page.getByRole('list', { name: 'Lista de notificações' });
  const item = list.getByRole('button', { name: new RegExp(PLATE) });
  await item.waitFor();
  assert.match((await item.textContent()) ?? '', /Não lida/);
  await item.click();
  await list.getByText(`Regra: Frota de carga`, { exact: false }).waitFor();
  await bell.waitFor();
  assert.equal(await page.getByTestId('unread-count').count(), 0, 'no count once read');
  // The bell clears its count at once; the mark reaches the database right after.
  await until('marked read in the database', async () => {
    const [note] = await api.db.sql`SELECT read_at FROM notifications WHERE user_id = ${manager.id}`;
    return note?.read_at;
  });

  // The delivery log on the page lists both deliveries of the event as sent.
  await page.keyboard.press('Escape');
  await page.reload();
  const log = page.getByRole('table', { name: 'Registro de envios' });
  await log.getByText('ERP da transportadora').waitFor();
  await context.close();
});

test('what is scrolled to stops below the sticky top bar, not under it', async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/alerts', { height: 480 });
  const heading = page.getByRole('heading', { name: 'Webhooks', level: 2 });
  await page.getByRole('table', { name: 'Registro de envios' }).getByText('ERP da transportadora').waitFor();
  await heading.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const top = await until('the page scrolled', async () => {
    const at = await heading.evaluate((el) => ({
      y: el.getBoundingClientRect().top,
      scrolled: el.ownerDocument.documentElement.scrollTop,
    }));
    return at.scrolled > 0 ? at : undefined;
  });
  const bar = await page.locator('.topbar').evaluate((el) => el.getBoundingClientRect().bottom);
  assert.ok(Math.abs(top.y - bar) <= 1, `the heading starts at the bar's bottom (${top.y} vs ${bar})`);
  await context.close();
});

test('a viewer is told their alerts arrive in the bell, and gets none of the editors’ sections', async () => {
  const { context, page } = await signedInPage(browser, web.url, viewer.email, '/alerts');
  await page.getByRole('heading', { name: 'Alertas', level: 1 }).waitFor();
  await page
    .getByText('Os alertas destinados a você chegam no sino de notificações', { exact: false })
    .waitFor();
  // (Next's route announcer is an empty role=alert of its own: only the page's alerts count.)
  assert.equal(await page.locator('.alert--error').count(), 0, 'no error on the page');
  assert.equal(await page.getByRole('button', { name: 'Nova regra' }).count(), 0);
  assert.equal(await page.getByRole('table').count(), 0);
  await page.getByRole('button', { name: 'Notificações', exact: true }).waitFor();
  await context.close();
});
