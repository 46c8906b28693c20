import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addEvent, seedFleet } from '../../../apps/api/test/fleet-fixtures';
import { createTestApi, type TestApi } from '../../../apps/api/test/helpers';
import { launchBrowser } from './browser';
import { signedInPage } from './sign-in';
import { startWeb, type WebServer } from './web';

// Every page fits the screen: no horizontal scroll on a 1366×768 laptop nor on a 390 px phone.
// Wide tables scroll inside their own box. Filled with long, realistic values so columns are wide.
const OUTPUT = new URL('./output/', import.meta.url);
const JOAO = '-5714153672471940592';
const SPEEDING = '-614457561876096876';
const BRAKING = '-9050647299058098294';
const DAY = 86_400_000;
const CODE = 'PN000000001BR';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
];

let api: TestApi;
let web: WebServer;
let browser: Browser;
let admin: { email: string };
let driverPath: string;
let vehiclePath: string;

before(async () => {
  api = await createTestApi();
  const { sql } = api.db;
  const fleet = await seedFleet(sql);
  driverPath = `/drivers/${fleet.driverId(JOAO)}`;
  const [vehicle] = await sql`SELECT id FROM vehicles WHERE registration_number = 'BRA2E19'`;
  vehiclePath = `/vehicles/${vehicle.id}`;
  const now = Date.now();
  for (let i = 0; i < 12; i++)
    await addEvent(sql, {
      driver: JOAO,
      type: i % 2 ? SPEEDING : BRAKING,
      at: new Date(now - (i + 1) * DAY).toISOString(),
      speed: 92,
      limit: 80,
      seconds: 45,
    });
  // Addresses as MiX sends them: long enough to tempt the place column into five lines.
  await sql`UPDATE telemetry_events SET address =
    'Rodovia Presidente Dutra, km 225, Jardim Nova Guarulhos, Guarulhos - SP, 07034-000, Brasil'`;
  for (let i = 0; i < 25; i++) {
    const code = `PN${String(i + 1).padStart(9, '0')}BR`;
    const posted = new Date(now - (i + 3) * DAY);
    await sql`
      INSERT INTO parcels (tracking_code, sender_city, sender_uf, recipient_city, recipient_uf, recipient_cep,
        service, weight_kg, posted_at, expected_at, status, status_at)
      VALUES (${code}, 'São José dos Campos', 'SP', 'Santa Bárbara d''Oeste', 'SP', '20040002', 'SEDEX 10',
        12.5, ${posted}, ${new Date(posted.getTime() + 5 * DAY)}, 'in_transit', ${posted})`;
    await sql`
      INSERT INTO tracking_events (tracking_code, status, occurred_at, city, uf, facility, description, source)
      VALUES (${code}, 'in_transit', ${posted}, 'São José dos Campos', 'SP',
        'Centro de Tratamento de Encomendas Vale do Paraíba', 'Objeto em trânsito - por favor aguarde', 'csv')`;
  }
  await sql`
    INSERT INTO etl_runs (job, status, started_at, finished_at, pages, inserted, error)
    VALUES ('mix.events', 'succeeded', now() - interval '3 minutes', now() - interval '3 minutes', 2, 2000, NULL),
           ('mix.events', 'failed', now() - interval '2 minutes', now() - interval '2 minutes', 0, 0,
            'MiX answered 503 Service Unavailable: the upstream gateway timed out while reading the events')`;
  admin = await api.login('admin', 'aline.administradora.com.nome.longo@test.pioneira');
  for (let i = 0; i < 8; i++)
    await api.login(i % 2 ? 'manager' : 'viewer', `maria.aparecida.conceicao.${i}@transportes-exemplo.test`);
  web = await startWeb({ apiUrl: await api.app.listen({ host: '127.0.0.1', port: 0 }) });
  browser = await launchBrowser();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.close();
});

/**
 * The page's width and the viewport's, and the elements that stick out of it outside any box that
 * scrolls or clips on its own (the ones to fix). Runs in the page (a string: this project's type
 * check has no DOM types).
 */
const MEASURE = `(() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.right <= width + 1 || box.width === 0) continue;
    let clipped = false;
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible') clipped = true;
    if (!clipped) culprits.push(element.tagName.toLowerCase() + '.' + element.className + ' (right ' + Math.round(box.right) + ')');
  }
  return { scrollWidth: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 14) };
})()`;

const overflow = (page: Page) =>
  page.evaluate<{ scrollWidth: number; width: number; culprits: string[] }>(MEASURE);

/** A page to visit: its heading says it loaded; `shows` must be on it, `absent` must not. */
interface Visit {
  path: string;
  ready: string;
  shows?: string;
  absent?: string;
}

const pages = (): Visit[] => [
  { path: '/drivers', ready: 'Motoristas' },
  // The period's counts show once (they used to repeat in a second row of cards).
  { path: driverPath, ready: 'João Gonçalves', absent: 'Infrações em 30 dias' },
  { path: `${driverPath}/form`, ready: '' },
  { path: '/infractions', ready: 'Infrações' },
  { path: '/ranking', ready: 'Ranking' },
  { path: '/map', ready: 'Mapa ao vivo' },
  { path: '/geofences', ready: 'Cercas' },
  { path: '/alerts', ready: 'Alertas' },
  { path: '/vehicles', ready: 'Veículos' },
  { path: vehiclePath, ready: 'BRA2E19' },
  { path: '/devices', ready: 'Dispositivos' },
  { path: '/parcels', ready: 'Pacotes' },
  { path: `/parcels/${CODE}`, ready: CODE, shows: '20040-002' },
  { path: '/integrations', ready: 'Integrações' },
  { path: '/users', ready: 'Usuários' },
  { path: '/profile', ready: 'Perfil' },
];

for (const size of SIZES)
  test(`every page fits ${size.width} px without horizontal scroll`, { timeout: 300_000 }, async () => {
    const { context, page } = await signedInPage(browser, web.url, admin.email, '/drivers', size);
    const problems: string[] = [];
    for (const { path, ready, shows, absent } of pages()) {
      await page.goto(`${web.url}${path}`);
      await page.getByRole('heading', { level: 1 }).filter({ hasText: ready }).first().waitFor();
      // Wait for the data: no spinner and nothing busy.
      await page.locator('.spinner, [aria-busy="true"]').first().waitFor({ state: 'detached' });
      if (shows) await page.getByText(shows, { exact: true }).waitFor();
      if (absent) assert.equal(await page.getByText(absent).count(), 0, `${absent} on ${path}`);
      const result = await overflow(page);
      await page.screenshot({
        path: new URL(`width-${size.width}${path.replaceAll('/', '-')}.png`, OUTPUT).pathname,
        fullPage: true,
      });
      if (result.scrollWidth > result.width)
        problems.push(
          `${path}: ${result.scrollWidth} px wide > ${result.width}: ${result.culprits.join(', ')}`,
        );
    }
    await context.close();
    // Signed out: the login and sign-up pages.
    const visitor = await browser.newContext({ viewport: size, locale: 'pt-BR' });
    const outside = await visitor.newPage();
    for (const path of ['/login', '/signup']) {
      await outside.goto(`${web.url}${path}`);
      await outside.getByRole('heading', { level: 1 }).first().waitFor();
      const result = await overflow(outside);
      if (result.scrollWidth > result.width)
        problems.push(
          `${path}: ${result.scrollWidth} px wide > ${result.width}: ${result.culprits.join(', ')}`,
        );
    }
    await visitor.close();
    assert.deepEqual(problems, []);
  });
