import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConnectionErrors } from '@pioneira/core';
import type { Browser } from 'playwright-core';
import { bearer, createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { consumers } from '../../../apps/worker/src/roles/consumers';
import { importsRole } from '../../../apps/worker/src/roles/imports';
import { relay } from '../../../apps/worker/src/roles/relay';
import { launchBrowser } from './browser';
import { signedInPage, until } from './sign-in';
import { startWeb, type WebServer } from './web';

// A new user's parcels journey against the real API and the real import worker: upload a CSV, watch
// it run, download the rejections, see the numbers change; then a tracking event arrives live.
const OUTPUT = new URL('./output/', import.meta.url);
const DAY = 86_400_000;
const ROWS = 30_000; // two import chunks, so the bar moves before it fills
const DELIVERED = ROWS / 3;

let api: TestApi;
let web: WebServer;
let browser: Browser;
let manager: { email: string };
let adminToken: string;
let workDir: string;
const stops: (() => Promise<void>)[] = [];

const code = (i: number) => `PN${String(i).padStart(9, '0')}BR`;
/** dd/MM/yyyy HH:mm in São Paulo time, the format carriers export. */
const local = (ms: number) =>
  new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'America/Sao_Paulo' })
    .format(new Date(ms))
    .replace(',', '');

function parcelsCsv(): string {
  const now = Date.now();
  const lines = [
    'Código Rastreio;Cidade Origem;UF Origem;Cidade Destino;UF Destino;CEP Destino;Serviço;Peso kg;Data Postagem;Data Prevista;Data Entrega',
  ];
  const ufs = ['SP', 'RJ', 'MG', 'PR', 'BA'];
  for (let i = 0; i < ROWS; i++) {
    const posted = now - (8 + (i % 12)) * DAY - (i % 600) * 60_000;
    const delivered = i % 3 === 0 ? local(posted + (i % 7 === 0 ? 7 : 3) * DAY) : '';
    lines.push(
      [
        code(i),
        'São Paulo',
        'SP',
        'Belo Horizonte',
        ufs[i % ufs.length],
        '30130-010',
        'SEDEX',
        '1,25',
        local(posted),
        local(posted + 5 * DAY),
        delivered,
      ].join(';'),
    );
  }
  lines.push(`${code(ROWS)};São Paulo;SP;Lugar Nenhum;XX;01310-100;PAC;2;${local(now - 9 * DAY)};;`);
  lines.push(`${code(ROWS + 1)};São Paulo;SP;Campinas;SP;123;PAC;2;${local(now - 9 * DAY)};;`);
  lines.push(`${code(ROWS + 2)};São Paulo;SP;Santos;SP;11010-000;PAC;muito;${local(now - 9 * DAY)};;`);
  return `${lines.join('\r\n')}\r\n`;
}

before(async () => {
  api = await createTestApi();
  manager = await api.login('manager', 'marcos.manager@test.pioneira');
  adminToken = (await api.login('admin')).token;
  const { config, sql, redis } = api.app.deps;
  const ctx = { config, sql, redis, log: () => {}, connections: new ConnectionErrors(() => {}) };
  for (const role of [importsRole, relay, consumers]) {
    const started = await role.start(ctx);
    stops.push(() => started.stop());
  }
  web = await startWeb({ apiUrl: await api.app.listen({ host: '127.0.0.1', port: 0 }) });
  browser = await launchBrowser();
  workDir = join(tmpdir(), `parcels-upload-${process.pid}`);
  await mkdir(workDir, { recursive: true });
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await web?.stop();
  for (const stop of stops) await stop();
  await api?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const shot = (name: string) => new URL(name, OUTPUT).pathname;

test('a manager uploads a CSV, watches it import, downloads the rejections and sees the dashboard change', {
  timeout: 300_000,
}, async () => {
  const { context, page } = await signedInPage(browser, web.url, manager.email, '/parcels');
  await page.getByRole('heading', { level: 1, name: 'Pacotes' }).waitFor();
  await page.locator('.page-header').getByText('Ao vivo', { exact: true }).waitFor();
  await page.getByText('Nenhum pacote postado neste período').waitFor();
  await page.getByText('Nenhuma importação ainda.').waitFor();
  const kpi = (label: string) => page.locator('.kpi').filter({ hasText: label }).locator('.kpi__value');
  assert.equal(await kpi('Entregues').textContent(), '0');

  const csvPath = join(workDir, 'pacotes-marco.csv');
  await writeFile(csvPath, parcelsCsv());
  await page.getByLabel('Tipo de arquivo').selectOption('parcels');
  await page.getByLabel('Arquivo CSV').setInputFiles(csvPath);
  await page.getByRole('button', { name: 'Enviar' }).click();

  // The bar runs to 100 % with a rows/s figure, then the counts show.
  const bar = page.getByRole('progressbar', { name: 'Progresso da importação' });
  await bar.waitFor();
  const seen = new Set<string>();
  await until(
    'the import to reach 100 %',
    async () => {
      const value = await bar.getAttribute('aria-valuenow').catch(() => null);
      if (value) seen.add(value);
      if (value && value !== '100' && seen.size === 1)
        await page.screenshot({ path: shot('parcels-importing.png') });
      return value === '100';
    },
    120_000,
  );
  assert.match(
    (await bar.getAttribute('aria-valuetext')) ?? '',
    /^100% · 30\.003 linhas · [\d.]+ linhas\/s$/,
  );
  const result = page.locator('.import-progress__result');
  await result.waitFor().catch(async (error) => {
    const rows = await api.app.deps.sql`SELECT * FROM imports`.catch((e) => e);
    await page.screenshot({ path: shot('parcels-failed.png'), fullPage: true });
    throw new Error(`${error.message}\nimports: ${JSON.stringify(rows)}`);
  });
  assert.match((await result.textContent()) ?? '', /30\.000 aceitas.*3 rejeitadas/);

  const [download] = await Promise.all([
    page.waitForEvent('download').catch(async (error) => {
      const toasts = await page.locator('.toast').allTextContents();
      throw new Error(`${error.message}\ntoasts: ${toasts.join(' | ')}`);
    }),
    result.getByRole('button', { name: 'Baixar relatório de rejeições' }).click(),
  ]);
  const report = (await readFile((await download.path()) ?? '', 'utf8')).replace(/^\uFEFF/, '');
  const lines = report.trim().split(/\r?\n/);
  assert.equal(lines.length, 4, `a header and the three refused rows:\n${report}`);
  assert.ok(
    // CSV doubles the quotes inside a quoted field.
    ['UF ""XX""', 'CEP ""123""', 'Peso ""muito""'].every((text) => report.includes(text)),
    report,
  );

  // The dashboard follows without a reload.
  await until(
    'the delivered count to change',
    async () => (await kpi('Entregues').textContent()) === DELIVERED.toLocaleString('pt-BR'),
    20_000,
  );
  // The parcel file gives no status: those parcels are "sem situação", not "em trânsito".
  assert.equal(await kpi('Sem situação').textContent(), '20.000');
  assert.equal(await kpi('Em trânsito').textContent(), '0');
  const table = page.getByRole('table', { name: 'Pacotes do período' });
  await table.locator('tbody tr').nth(24).waitFor();
  await page.getByText(`1–25 de ${ROWS}`).waitFor();
  const recent = page.getByRole('table', { name: 'Importações recentes' });
  assert.match(
    (await recent.locator('tbody tr').first().textContent()) ?? '',
    /pacotes-marco\.csv.*Concluída/,
  );
  await page.getByRole('img', { name: /Postados e entregues por dia/ }).waitFor();
  await page.screenshot({ path: shot('parcels.png'), fullPage: true });

  // Search one parcel in transit, then a carrier reports its delivery over the stream.
  const target = code(1);
  await page.getByLabel('Código de rastreio').fill(target.toLowerCase());
  await page.waitForURL((url) => url.searchParams.get('q') === target.toLowerCase());
  await until('the search to leave one parcel', async () => (await table.locator('tbody tr').count()) === 1);
  assert.match((await table.locator('tbody tr').textContent()) ?? '', /Postado|Em trânsito|—/);

  const key = await api.app.inject({
    method: 'POST',
    url: '/api/integration-keys',
    headers: bearer(adminToken),
    payload: { name: 'transportadora', carrier: 'transportadora' },
  });
  assert.equal(key.statusCode, 201, key.body);
  const sent = await api.app.inject({
    method: 'POST',
    url: '/ingest/tracking-events',
    headers: { 'x-api-key': key.json().key },
    payload: {
      events: [
        {
          trackingCode: target,
          status: 'Objeto entregue ao destinatário',
          occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
          city: 'Belo Horizonte',
          uf: 'MG',
          facility: 'CDD Savassi',
        },
      ],
    },
  });
  assert.equal(sent.statusCode, 200, sent.body);
  await table
    .locator('tbody tr')
    .filter({ hasText: 'Entregue' })
    .waitFor({ timeout: 20_000 })
    .catch(async (error) => {
      const { sql } = api.app.deps;
      const state = {
        parcel: await sql`SELECT status, delivered_at FROM parcels WHERE tracking_code = ${target}`,
        events: await sql`SELECT status, source FROM tracking_events WHERE tracking_code = ${target}`,
        outbox: await sql`SELECT count(*)::int AS n FROM outbox`.catch(() => 'n/a'),
        sent: sent.body,
      };
      throw new Error(`${error.message}\n${JSON.stringify(state)}`);
    });
  await until(
    'the KPI to count it',
    async () => (await kpi('Entregues').textContent()) === (DELIVERED + 1).toLocaleString('pt-BR'),
    10_000,
  );

  // Its page shows the timeline with the streamed event.
  await table.getByRole('link', { name: target }).click();
  await page.waitForURL((url) => url.pathname === `/parcels/${target}`);
  await page.getByRole('heading', { level: 1, name: target }).waitFor();
  const timeline = page.locator('.timeline li');
  await timeline.first().waitFor();
  assert.match((await timeline.first().textContent()) ?? '', /Entregue.*CDD Savassi · Belo Horizonte \/ MG/);
  await page.screenshot({ path: shot('parcel-timeline.png'), fullPage: true });
  await context.close();
});
