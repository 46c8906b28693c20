import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// The integrations console against the real API: credentials, live progress of a paging run, history.
const OUTPUT = new URL('./output/', import.meta.url);
const SECRET = 'client-secret-never-shown';
const PASSWORD_MIX = 'mix-password-never-shown';

let api: TestApi;
let web: WebServer;
let browser: Browser;
let admin: { email: string };

before(async () => {
  api = await createTestApi();
  admin = await api.login('admin', 'ana.admin@test.pioneira');
  web = await startWeb({ apiUrl: await api.app.listen({ host: '127.0.0.1', port: 0 }) });
  browser = await launchBrowser();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.close();
});

/** A since token (yyyyMMddHHmmssfff, UTC) `secondsAgo` before now. */
const token = (secondsAgo: number) =>
  new Date(Date.now() - secondsAgo * 1000)
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 17);

test('an admin configures MiX, watches a run page through its backlog and reads the history', async () => {
  const { context, page } = await signedInPage(browser, web.url, admin.email, '/integrations');
  await page.getByRole('heading', { level: 1, name: 'Integrações' }).waitFor();
  await page.getByText('A MiX ainda não está configurada').waitFor();
  await page.getByText('Nenhuma execução ainda').waitFor();
  assert.equal(
    await page.getByText('Não configurada').count(),
    5,
    'the four jobs (sync, events, positions, trips) and the credentials say so',
  );

  // The credentials: secrets go in once and never come back.
  await page.getByLabel('URL de identidade').fill('http://127.0.0.1:9/core');
  await page.getByLabel('URL da API').fill('http://127.0.0.1:9');
  await page.getByLabel('Client ID').fill('pioneira-client');
  await page.getByLabel('Client secret').fill(SECRET);
  await page.getByRole('textbox', { name: 'Usuário', exact: true }).fill('frota@example.com');
  await page.getByLabel('Senha', { exact: true }).fill(PASSWORD_MIX);
  await page.getByLabel('ID da organização').fill('-7146512584512096534');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await page.getByText('Credenciais salvas.').waitFor();
  await page.locator('.credentials-card').getByText('Configurada', { exact: true }).waitFor();
  assert.equal(await page.getByText('Definido. Deixe em branco para manter.').count(), 2);
  assert.equal(await page.getByLabel('Client secret').inputValue(), '', 'the secret is not filled back');
  const html = await page.content();
  assert.ok(!html.includes(SECRET) && !html.includes(PASSWORD_MIX), 'no secret anywhere in the page');
  const [stored] = await api.db.sql`SELECT organisation_id FROM api_credentials`;
  assert.equal(stored.organisation_id, '-7146512584512096534', 'the 19-digit id is stored exactly');

  // History: two finished runs, one failure, and a run paging right now.
  await api.db.sql`
    INSERT INTO etl_runs (job, status, started_at, finished_at, duration_ms, pages, requests, fetched, inserted, duplicates, error)
    VALUES ('mix.events', 'succeeded', now() - interval '6 minutes', now() - interval '6 minutes' + interval '4 seconds', 4000, 3, 4, 2400, 2350, 50, NULL),
           ('mix.events', 'succeeded', now() - interval '5 minutes', now() - interval '5 minutes' + interval '2 seconds', 2000, 1, 1, 800, 800, 0, NULL),
           ('mix.events', 'failed', now() - interval '4 minutes', now() - interval '4 minutes' + interval '1 second', 1000, 0, 3, 0, 0, 0, 'MiX answered 503 three times; will retry')`;
  const [running] = await api.db.sql`
    INSERT INTO etl_runs (job, status, started_at, pages, requests, fetched, inserted, since_token_start, since_token_end, has_more)
    VALUES ('mix.events', 'running', now() - interval '20 seconds', 2, 2, 2000, 2000, ${token(1000)}, ${token(800)}, true)
    RETURNING id`;
  await api.db.sql`
    INSERT INTO etl_control (job, last_successful_sincetoken, has_more) VALUES ('mix.events', ${token(800)}, true)
    ON CONFLICT (job) DO UPDATE SET last_successful_sincetoken = excluded.last_successful_sincetoken, has_more = true`;

  const events = page.locator('.job-card').filter({ hasText: 'mix.events' });
  const bar = events.getByRole('progressbar', { name: 'Execução em andamento' });
  await bar.waitFor({ timeout: 20_000 }); // the idle poll is slower; a running job is picked up on the next one
  const before = Number(await bar.getAttribute('aria-valuenow'));
  assert.ok(before >= 15 && before <= 25, `a fifth of the way: ${before}%`);
  await events.getByText('Executando', { exact: true }).waitFor();
  await events.getByText(/Último erro \(há \d+ min\.?\):/).waitFor();
  await events.getByText('MiX answered 503 three times; will retry').waitFor();

  // The worker commits more pages: the bar moves within one fast poll (2 s).
  await api.db.sql`
    UPDATE etl_runs SET pages = 8, requests = 8, fetched = 8000, inserted = 7990, duplicates = 10,
      since_token_end = ${token(250)}, heartbeat_at = now() WHERE id = ${running.id}`;
  await until('the bar to advance', async () => Number(await bar.getAttribute('aria-valuenow')) >= 70, 6_000);
  assert.match((await bar.getAttribute('aria-valuetext')) ?? '', /8 páginas · 7\.990 novos/);
  const table = page.getByRole('table', { name: 'Histórico de execuções' });
  await table.locator('tbody tr').nth(3).waitFor();
  await page.getByRole('img', { name: /Eventos por execução/ }).waitFor();
  await page.screenshot({ path: new URL('integrations-running.png', OUTPUT).pathname, fullPage: true });

  // The run ends: the bar goes, the card says it is up to date, the history shows the run.
  await api.db.sql`
    UPDATE etl_runs SET status = 'succeeded', finished_at = now(), duration_ms = 21000, has_more = false,
      since_token_end = ${token(5)} WHERE id = ${running.id}`;
  await api.db
    .sql`UPDATE etl_control SET last_successful_sincetoken = ${token(5)}, has_more = false WHERE job = 'mix.events'`;
  await bar.waitFor({ state: 'detached', timeout: 6_000 });
  await events.getByText('Em dia').waitFor();
  // The history reloads when the status changes: wait for it rather than read it at once.
  const firstRow = async () => (await table.locator('tbody tr').first().innerText()).replace(/\s+/g, ' ');
  await until('the history to show the finished run', async () => /Sucesso/.test(await firstRow()), 10_000);
  assert.match(await firstRow(), /mix\.events 21 s 8 8 7\.990 10 Sucesso/);
  assert.match(await table.locator('tbody').innerText(), /Falhou[\s\S]*MiX answered 503/);

  // Run now queues a run; pause turns the button into "Retomar" and blocks running.
  const sync = page.locator('.job-card').filter({ hasText: 'mix.sync' });
  await sync.getByRole('button', { name: 'Executar agora' }).click();
  await page.getByText('Execução enfileirada.').waitFor();
  const queued = sync.locator('.job-facts > div').filter({ hasText: 'Na fila' }).locator('dd');
  await until('the queue to show the run', async () => (await queued.textContent()) === '1');
  await events.getByRole('button', { name: 'Pausar' }).click();
  await events.getByText('Pausada').waitFor();
  assert.equal(await events.getByRole('button', { name: 'Executar agora' }).isDisabled(), true);
  await events.getByRole('button', { name: 'Retomar' }).click();
  await events.getByText('Em dia').waitFor();
  await page.screenshot({ path: new URL('integrations.png', OUTPUT).pathname, fullPage: true });
  await context.close();
});
