import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { addEvent, seedFleet } from '../../../apps/api/test/fleet-fixtures';
import { createTestApi, PASSWORD, type TestApi } from '../../../apps/api/test/helpers';
import { launchBrowser } from './browser';
import { startWeb, type WebServer } from './web';

// The fleet manager's core journey, end to end: browser → web → the real API → PostgreSQL.
const run = promisify(execFile);
const OUTPUT = new URL('./output/', import.meta.url);
const ZONE = 'America/Sao_Paulo';
const JOAO = '-5714153672471940592';
const JOAOZINHO = '1344082621479972864';
const SPEEDING = '-614457561876096876';
const BRAKING = '-9050647299058098294';
const PHONE = '-7000000000000000001';
const DAY = 86_400_000;

let api: TestApi;
let web: WebServer;
let browser: Browser;
let manager: { email: string };
// Whole minutes, so the time shown (to the minute) is exactly the stored one.
const now = Math.floor(Date.now() / 60_000) * 60_000;
const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
const recent = [at(2), at(5), at(12)];
const older = at(60);

before(async () => {
  // The PDF's text is read back with pdftotext: say how to get it rather than failing obscurely.
  await run('pdftotext', ['-v']).catch((error) => {
    throw new Error(
      `pdftotext is needed to read the downloaded PDF (${error.code ?? error.message}): apt-get install -y poppler-utils`,
    );
  });
  api = await createTestApi();
  await seedFleet(api.db.sql);
  await addEvent(api.db.sql, {
    driver: JOAO,
    type: SPEEDING,
    at: recent[0],
    speed: 92,
    limit: 80,
    seconds: 45,
  });
  await addEvent(api.db.sql, { driver: JOAO, type: BRAKING, at: recent[1], vehicle: '-3456789012345678913' });
  await addEvent(api.db.sql, { driver: JOAO, type: PHONE, at: recent[2], seconds: 130 });
  await addEvent(api.db.sql, { driver: JOAO, type: SPEEDING, at: older, speed: 101, limit: 80 });
  await addEvent(api.db.sql, { driver: JOAOZINHO, type: SPEEDING, at: recent[0], speed: 99, limit: 60 });
  manager = await api.login('manager', 'marta.manager@test.pioneira');
  const apiUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
  web = await startWeb({ apiUrl });
  browser = await launchBrowser();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.close();
});

const shot = (name: string) => new URL(name, OUTPUT).pathname;
const localTime = (iso: string) =>
  new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', timeZone: ZONE }).format(
    new Date(iso),
  );

test('a manager finds João by typing "joao", reviews his infractions and prints the form as PDF', async () => {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: ZONE,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${web.url}/login?next=/drivers`);
  await page.getByLabel('E-mail').fill(manager.email);
  await page.getByLabel('Senha').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => url.pathname === '/drivers');

  // Search as you type, without the accent; the address keeps the search.
  const box = page.getByRole('combobox', { name: 'Buscar motorista' });
  await box.fill('joao');
  await page.waitForURL((url) => url.searchParams.get('q') === 'joao');
  const options = page.getByRole('option');
  await options.filter({ hasText: 'João Gonçalves' }).waitFor();
  await page.locator('[role=listbox][aria-busy=false]').waitFor();
  const names = await options.locator('.driver-list__name').allTextContents();
  assert.ok(names.includes('Joãozinho Araújo'), `"joao" also finds Joãozinho: ${names}`);
  assert.ok(!names.includes('Ana Lúcia Brandão'), `unrelated drivers are left out: ${names}`);
  const target = names.indexOf('João Gonçalves');
  assert.ok(target >= 0, `"joao" finds João Gonçalves: ${names}`);
  assert.match(
    (await options.nth(target).textContent()) ?? '',
    /1508/,
    'the result shows the employee number',
  );

  // Keyboard only: ↓ to the driver, Enter to open.
  for (let i = 0; i <= target; i++) await box.press('ArrowDown');
  const active = await box.getAttribute('aria-activedescendant');
  assert.match((await page.locator(`[id="${active}"]`).textContent()) ?? '', /João Gonçalves/);
  await page.screenshot({ path: shot('drivers-search.png') });
  await box.press('Enter');
  await page.waitForURL((url) => /^\/drivers\/\d+$/.test(url.pathname));
  const driverPath = new URL(page.url()).pathname;
  await page.getByRole('heading', { level: 1, name: 'João Gonçalves' }).waitFor();

  // Last 30 days by default: the three recent infractions, newest first, at São Paulo time.
  const table = page.getByRole('table', { name: 'Infrações do período' });
  const rows = table.locator('tbody tr');
  await rows.nth(2).waitFor();
  assert.equal(await rows.count(), 3);
  const firstRow = ((await rows.nth(0).textContent()) ?? '').replace(/\s+/g, ' ');
  assert.ok(firstRow.includes(localTime(recent[0])), `local time ${localTime(recent[0])} in: ${firstRow}`);
  assert.match(firstRow, /Excesso de velocidade.*92 \/ 80 km\/h.*BRA2E19/);
  assert.match(((await rows.nth(1).textContent()) ?? '').replace(/\s+/g, ' '), /Frenagem brusca.*RIO4F56/);
  assert.match((await rows.nth(2).textContent()) ?? '', /2 min 10 s/);

  // A longer preset brings the older one in, and the address keeps it.
  await page.getByLabel('Período', { exact: true }).selectOption('90d');
  await page.waitForURL((url) => url.searchParams.get('period') === '90d');
  await rows.nth(3).waitFor();
  assert.equal(await rows.count(), 4);
  await page
    .getByRole('img', { name: /Por tipo|Excesso de velocidade: 2/ })
    .first()
    .waitFor();
  await page.screenshot({ path: shot('driver-infractions.png'), fullPage: true });

  // The manager justifies the braking (CTB art. 67-C §2): it stays listed, marked, and the form says why.
  const braking = rows.filter({ hasText: 'Frenagem brusca' });
  await braking.getByRole('button', { name: 'Justificar' }).click();
  await page.getByLabel('Justificativa', { exact: true }).fill('Pedestre atravessou fora da faixa');
  await page.getByRole('button', { name: 'Salvar justificativa' }).click();
  await braking.getByText('Justificada', { exact: true }).waitFor();
  assert.equal(await rows.count(), 4, 'a justified infraction is still listed');

  // The CSV has the same rows.
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exportar CSV' }).click(),
  ]);
  const csv = await readFile((await csvDownload.path()) ?? '', 'utf8');
  const csvLines = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  assert.match(csvLines[0], /^Data início;Hora início;Data fim;Hora fim;/);
  assert.equal(csvLines.length, 5, `header + 4 rows:\n${csv}`);
  assert.equal(csvLines.filter((line) => line.includes('Excesso de velocidade')).length, 2);
  assert.ok(csvLines.some((line) => line.includes('RIO4F56')));

  // The form opens for the same selection, A4 and print-ready.
  await page.getByRole('link', { name: 'Formulário de infrações' }).click();
  await page.waitForURL((url) => url.pathname === `${driverPath}/form`);
  const formRows = page.locator('.form-table tbody tr');
  await formRows.nth(3).waitFor();
  assert.equal(await formRows.count(), 4);
  await page.getByLabel('Empresa').fill('Transportes Pioneira Ltda.');
  const note = 'Conversamos sobre velocidade na BR-116.';
  await page.getByLabel('Observações').fill(note);
  await page.screenshot({ path: shot('infraction-form.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false, 'no navigation on paper');
  assert.equal(
    await page.getByRole('button', { name: 'Imprimir' }).isVisible(),
    false,
    'no buttons on paper',
  );
  const printedNote = page.locator('.form-sheet__observations-print');
  assert.ok(
    (await printedNote.isVisible()) && (await printedNote.textContent()) === note,
    'the observations print',
  );
  await page.screenshot({ path: shot('infraction-form-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Baixar PDF' }).click(),
  ]);
  assert.match(
    pdfDownload.suggestedFilename(),
    /^infracoes-joao-goncalves-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.pdf$/,
  );
  const pdfPath = shot('infraction-form.pdf');
  await pdfDownload.saveAs(pdfPath);
  assert.equal((await readFile(pdfPath)).subarray(0, 5).toString(), '%PDF-', 'a real PDF');
  const { stdout: text } = await run('pdftotext', ['-layout', pdfPath, '-']);
  for (const expected of [
    'Formulário de infrações',
    'Transportes Pioneira Ltda.',
    'João Gonçalves',
    '1508',
    JOAO,
    'BRA2E19',
    'RIO4F56',
    '92 / 80 km/h',
    localTime(recent[0]),
    note,
    'Nº 2 justificada: Pedestre atravessou fora da faixa',
    'Assinatura do motorista',
    'Assinatura do gestor',
  ])
    assert.ok(text.includes(expected), `the PDF shows "${expected}":\n${text}`);
  assert.equal(text.match(/Excesso de velocidade/g)?.length, 2, 'both speeding rows are in the PDF');
  assert.equal(text.includes('99 / 60 km/h'), false, "another driver's infraction is not in João's form");
  await context.close();
});

test('the ranking orders drivers by score and links to each one', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: ZONE });
  const page = await context.newPage();
  await page.goto(`${web.url}/login?next=/ranking`);
  await page.getByLabel('E-mail').fill(manager.email);
  await page.getByLabel('Senha').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => url.pathname === '/ranking');
  const rows = page.getByRole('table', { name: 'Ranking de motoristas' }).locator('tbody tr');
  await rows.nth(1).waitFor();
  assert.match((await rows.nth(0).textContent()) ?? '', /João Gonçalves/, 'three infractions outrank one');
  assert.match((await rows.nth(1).textContent()) ?? '', /Joãozinho Araújo/);
  await page.screenshot({ path: shot('ranking.png'), fullPage: true });
  await rows.nth(1).getByRole('link', { name: 'Joãozinho Araújo' }).click();
  await page.getByRole('heading', { level: 1, name: 'Joãozinho Araújo' }).waitFor();
  await page.locator('.infractions-card tbody tr').filter({ hasText: '99 / 60 km/h' }).waitFor();

  // "Infrações" starts from the same ranking, or from a driver search.
  await page.getByRole('link', { name: 'Infrações', exact: true }).click();
  const top = page.getByRole('list').filter({ hasText: 'João Gonçalves' });
  await top.waitFor();
  assert.match((await top.textContent()) ?? '', /João Gonçalves.*Joãozinho Araújo/);
  await page.getByRole('combobox', { name: 'Buscar motorista' }).fill('conceicao');
  await page.getByRole('option', { name: /Conceição Magalhães/ }).waitFor();
  await page.screenshot({ path: shot('infractions-home.png'), fullPage: true });
  await context.close();
});
