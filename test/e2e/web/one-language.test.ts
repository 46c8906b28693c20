import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { addEvent, seedFleet } from '../../../apps/api/test/fleet-fixtures';
import { createTestApi, PASSWORD, type TestApi } from '../../../apps/api/test/helpers';
import { en } from '../../../apps/web/src/lib/i18n/en';
import { LOCALE_COOKIE, type Locale } from '../../../apps/web/src/lib/i18n/locales';
import { ptBR } from '../../../apps/web/src/lib/i18n/pt-BR';
import { launchBrowser } from './browser';
import { ZONE } from './sign-in';
import { startWeb, type WebServer } from './web';

// One language at a time: every page in English shows none of the Portuguese labels, and in pt-BR none
// of the English ones. The labels are the dictionaries' values that differ between the two languages;
// what the fixtures stored (names, cities, MiX's own event type names) is data and is shown as stored.
const JOAO = '-5714153672471940592';
const SPEEDING = '-614457561876096876';
const DAY = 86_400_000;
const CODE = 'PN000000001BR';

let api: TestApi;
let web: WebServer;
let browser: Browser;
let admin: { email: string };
let driverPath: string;
let dataWords: Set<string>;

const words = (text: string) =>
  (text.toLocaleLowerCase('pt-BR').match(/\p{L}[\p{L}'-]*\p{L}/gu) ?? []) as string[];
const letters = (template: string) => template.replace(/\{\w+\}/g, ' ');

/**
 * The words of `mine` that belong to that language only: in a label that differs from the other
 * language, in none of the other language's labels, and not in the fixtures' data.
 */
function ownWords(mine: Record<string, string>, other: Record<string, string>): Set<string> {
  const theirs = new Set(Object.values(other).flatMap((v) => words(letters(v))));
  const own = new Set<string>();
  for (const [key, value] of Object.entries(mine)) {
    if (other[key] === value) continue;
    for (const word of words(letters(value)))
      if (word.length >= 4 && !theirs.has(word) && !dataWords.has(word)) own.add(word);
  }
  return own;
}

before(async () => {
  api = await createTestApi();
  const { sql } = api.db;
  const fleet = await seedFleet(sql);
  driverPath = `/drivers/${fleet.driverId(JOAO)}`;
  const now = Date.now();
  for (let i = 0; i < 6; i++)
    await addEvent(sql, {
      driver: JOAO,
      type: SPEEDING,
      at: new Date(now - (i + 1) * DAY).toISOString(),
      speed: 92,
      limit: 80,
    });
  for (const [i, status] of ['in_transit', 'delivered', 'returned', null].entries()) {
    const code = `PN${String(i + 1).padStart(9, '0')}BR`;
    const posted = new Date(now - (i + 3) * DAY);
    await sql`
      INSERT INTO parcels (tracking_code, sender_city, sender_uf, recipient_city, recipient_uf, recipient_cep,
        service, weight_kg, posted_at, expected_at, status, status_at)
      VALUES (${code}, 'Campinas', 'SP', 'Curitiba', 'PR', '80010000', 'SEDEX', 2.5, ${posted},
        ${new Date(posted.getTime() + 5 * DAY)}, ${status}, ${status ? posted : null})`;
    if (status)
      await sql`
        INSERT INTO tracking_events (tracking_code, status, occurred_at, city, uf, facility, source)
        VALUES (${code}, ${status}, ${posted}, 'Campinas', 'SP', 'CTE Campinas', 'csv')`;
  }
  await sql`
    INSERT INTO etl_runs (job, status, started_at, finished_at, pages, inserted, error)
    VALUES ('mix.events', 'succeeded', now() - interval '3 minutes', now() - interval '3 minutes', 2, 2000, NULL)`;
  admin = await api.login('admin', 'admin.languages@test.pioneira');
  // Everything the fixtures stored that a page may show as is.
  const stored = await sql`
    SELECT name AS text FROM drivers UNION ALL SELECT description FROM vehicles
    UNION ALL SELECT description FROM event_types UNION ALL SELECT name FROM users
    UNION ALL SELECT email FROM users UNION ALL SELECT city FROM tracking_events
    UNION ALL SELECT facility FROM tracking_events UNION ALL SELECT recipient_city FROM parcels
    UNION ALL SELECT service FROM parcels`;
  dataWords = new Set([
    ...stored.flatMap((r) => words(String(r.text ?? ''))),
    // The time zone picker lists IANA zone names (America/Campo_Grande): identifiers, not words.
    ...Intl.supportedValuesOf('timeZone').flatMap((zone) => words(zone.replace(/_/g, ' '))),
  ]);
  web = await startWeb({ apiUrl: await api.app.listen({ host: '127.0.0.1', port: 0 }) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.close();
});

/** What a person reads on the page: its text, and the placeholders, titles and labels of its controls. */
const READ = `(() => {
  const parts = [document.body.innerText];
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], option, img[alt]'))
    parts.push(el.getAttribute('placeholder') || '', el.getAttribute('title') || '',
      el.getAttribute('aria-label') || '', el.tagName === 'OPTION' ? el.textContent || '' : '',
      el.getAttribute('alt') || '');
  return parts.join('\\n');
})()`;

const pages = () => [
  '/drivers',
  driverPath,
  // A bad address: the API's refusal is shown in the user's language too.
  '/drivers/abc',
  `${driverPath}/form`,
  '/infractions',
  '/ranking',
  '/reports',
  '/rules',
  '/alerts',
  '/map',
  '/parcels',
  `/parcels/${CODE}`,
  '/integrations',
  '/users',
  '/profile',
];

async function settle(page: Page) {
  // Its heading, or the alert of a page that could not load (a bad address).
  await page.locator('h1, [role="alert"]').first().waitFor();
  await page.locator('.spinner, [aria-busy="true"]').first().waitFor({ state: 'detached' });
}

/** The foreign words each page shows, page by page. */
async function walk(locale: Locale, foreign: Set<string>): Promise<string[]> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    timezoneId: ZONE,
    locale,
  });
  await context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: web.url }]);
  const page = await context.newPage();
  const found: string[] = [];
  const check = async (path: string) => {
    await settle(page);
    // Job names (mix.events) and other dotted identifiers are code, the same in every language.
    const text = (await page.evaluate<string>(READ))
      .replace(/\b[a-z]+(\.[a-z-]+)+\b/g, ' ')
      .replace(/\s+/g, ' ');
    const hits = [...new Set(words(text).filter((w) => foreign.has(w)))];
    // Each word with what surrounds it on the page, to find the place.
    const lower = text.toLocaleLowerCase('pt-BR');
    const where = (w: string) => {
      const i = lower.indexOf(w);
      return `${w} (…${text.slice(Math.max(0, i - 30), i + w.length + 30)}…)`;
    };
    if (hits.length > 0) found.push(`${path}: ${hits.map(where).join('; ')}`);
  };
  for (const path of ['/login', '/signup']) {
    await page.goto(`${web.url}${path}`);
    await check(path);
  }
  await page.goto(`${web.url}/login?next=${encodeURIComponent('/drivers')}`);
  const t = locale === 'en' ? en : ptBR;
  await page.getByLabel(t['auth.email'], { exact: true }).fill(admin.email);
  await page.getByLabel(t['auth.password'], { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: t['auth.login.submit'], exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/drivers');
  for (const path of pages()) {
    await page.goto(`${web.url}${path}`);
    await check(path);
  }
  await context.close();
  return found;
}

test('in English no page shows a Portuguese label', { timeout: 300_000 }, async () => {
  const portuguese = ownWords(ptBR, en);
  assert.ok(portuguese.has('motoristas') && portuguese.has('infrações'), 'the list holds the labels');
  assert.deepEqual(await walk('en', portuguese), []);
});

test('in Portuguese no page shows an English label', { timeout: 300_000 }, async () => {
  const english = ownWords(en, ptBR);
  assert.ok(english.has('drivers') && english.has('infractions'), 'the list holds the labels');
  assert.deepEqual(await walk('pt-BR', english), []);
});
