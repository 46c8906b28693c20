import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { freePort, startWeb, type WebServer } from './web';

const OUTPUT = new URL('./output/', import.meta.url);

// No API behind the proxy on purpose: the public pages must still render and say what is wrong.
let web: WebServer;
let browser: Browser;

before(async () => {
  web = await startWeb({ apiUrl: `http://127.0.0.1:${await freePort()}` });
  browser = await launchBrowser();
  await mkdir(OUTPUT, { recursive: true });
});

after(async () => {
  await browser?.close();
  await web?.stop();
});

test('the login page shows a labelled form in Portuguese and can switch to English', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${web.url}/login`);
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'pt-BR');
  assert.equal(await page.getByLabel('E-mail').getAttribute('type'), 'email');
  assert.equal(await page.getByLabel('Senha').getAttribute('type'), 'password');
  await page.screenshot({ path: new URL('login.png', OUTPUT).pathname, fullPage: true });

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the language choice survives a reload');
  await page.close();
});

test('pages carry the security headers and render without a Content-Security-Policy violation', async () => {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(`${web.url}/login`);
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  const headers = response!.headers();
  assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/);
  assert.match(headers['content-security-policy'] ?? '', /default-src 'self'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'strict-origin-when-cross-origin');
  // The form still works under the policy: typing and the language switch run scripts.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.deepEqual(violations, []);
  await page.close();
});

test('a signed-in page sends an anonymous visitor to the login page and back afterwards', async () => {
  const page = await browser.newPage();
  await page.goto(`${web.url}/users`);
  await page.waitForURL((url) => url.pathname === '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/users');
  await page.close();
});

test('an unreachable API is reported next to the form, not swallowed', async () => {
  const page = await browser.newPage();
  await page.goto(`${web.url}/login`);
  await page.getByLabel('E-mail').fill('ana@example.com');
  await page.getByLabel('Senha').fill('whatever-123');
  await page.getByRole('button', { name: 'Entrar' }).click();
  // Scoped to the form: Next's route announcer is an (empty) alert too.
  const alert = page.locator('form [role=alert]');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /indisponível|servidor/);
  await page.close();
});
