import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createTestApi, PASSWORD, type TestApi } from '../../../apps/api/test/helpers';
import { launchBrowser } from './browser';
import { startWeb, type WebServer } from './web';

// The whole path a user takes: browser → web (Next.js, /api proxied) → the real API → PostgreSQL/Redis.
const OUTPUT = new URL('./output/', import.meta.url);
let api: TestApi;
let web: WebServer;
let browser: Browser;
let admin: { email: string; token: string };

before(async () => {
  api = await createTestApi({ SELF_REGISTRATION: 'true' });
  const apiUrl = await api.app.listen({ host: '127.0.0.1', port: 0 });
  web = await startWeb({ apiUrl });
  browser = await launchBrowser();
  await mkdir(OUTPUT, { recursive: true });
  admin = await api.login('admin', 'ana.admin@test.pioneira');
  const created = await api.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { authorization: `Bearer ${admin.token}` },
    payload: {
      email: 'bruno.viewer@test.pioneira',
      name: 'Bruno Viewer',
      role: 'viewer',
      password: PASSWORD,
    },
  });
  assert.equal(created.statusCode, 201, created.body);
});

after(async () => {
  await browser?.close();
  await web?.stop();
  await api?.close();
});

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

test('an admin signs in, stays signed in across a reload, manages users and signs out', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${web.url}/users`);
  await page.waitForURL((url) => url.pathname === '/login');

  await signIn(page, admin.email, 'not-the-password-1');
  assert.equal(await page.locator('form [role=alert]').textContent(), 'E-mail ou senha incorretos.');

  await signIn(page, admin.email, PASSWORD);
  await page.waitForURL((url) => url.pathname === '/users');
  await page.getByRole('cell', { name: 'bruno.viewer@test.pioneira' }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'Usuários' }).isVisible(), 'admins see the Users entry');

  await page.getByLabel('Buscar').fill('bruno');
  await page.waitForURL((url) => url.searchParams.get('search') === 'bruno');
  await page.getByRole('cell', { name: 'ana.admin@test.pioneira' }).waitFor({ state: 'detached' });
  await page.screenshot({ path: new URL('users.png', OUTPUT).pathname, fullPage: true });

  await page.reload();
  await page.getByRole('cell', { name: 'bruno.viewer@test.pioneira' }).waitFor();
  assert.equal(
    new URL(page.url()).pathname,
    '/users',
    'the refresh cookie restores the session after a reload',
  );

  await page.getByRole('button', { name: /Menu do usuário/ }).click();
  await page.getByRole('button', { name: 'Sair' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.goto(`${web.url}/drivers`);
  await page.waitForURL((url) => url.pathname === '/login', { timeout: 10_000 });
  await context.close();
});

test('an invited person registers through the link and lands signed in', async () => {
  const adminContext = await browser.newContext();
  const page = await adminContext.newPage();
  await page.goto(`${web.url}/login?next=/users`);
  await signIn(page, admin.email, PASSWORD);
  await page.waitForURL((url) => url.pathname === '/users');
  await page.getByRole('button', { name: 'Convidar' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('E-mail').fill('carla.manager@test.pioneira');
  await dialog.getByLabel('Perfil').selectOption('manager');
  await dialog.getByRole('button', { name: 'Gerar convite' }).click();
  const link = await dialog.getByLabel('Link de convite').inputValue();
  assert.match(link, /\/register\?token=/);
  await page.screenshot({ path: new URL('invite.png', OUTPUT).pathname });
  await dialog.locator('.dialog__actions').getByRole('button', { name: 'Fechar' }).click();
  // Without SMTP the invitation is listed as pending, link only, until it is used.
  const pending = page.getByRole('table', { name: 'Convites pendentes' });
  const row = pending.locator('tbody tr').filter({ hasText: 'carla.manager@test.pioneira' });
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /Só o link/);
  await adminContext.close();

  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(link);
  await guest.getByRole('heading', { name: 'Criar sua conta' }).waitFor();
  assert.equal(await guest.getByLabel('E-mail').inputValue(), 'carla.manager@test.pioneira');
  await guest.getByLabel('Nome').fill('Carla Manager');
  await guest.getByLabel('Senha', { exact: true }).fill('Manager-pass-77');
  await guest.getByLabel('Confirme a senha').fill('Manager-pass-77');
  await guest.getByRole('button', { name: 'Criar conta' }).click();
  await guest.waitForURL((url) => url.pathname === '/drivers');
  await guest.getByRole('heading', { name: 'Motoristas', level: 1 }).waitFor();
  await guest.setViewportSize({ width: 420, height: 800 });
  await guest.screenshot({ path: new URL('drivers-narrow.png', OUTPUT).pathname });
  assert.equal(await guest.getByRole('link', { name: 'Usuários' }).count(), 0, 'managers do not see Users');
  await guestContext.close();
});

test('a self-registered account waits for an admin to approve it', async () => {
  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(`${web.url}/login`);
  await guest.getByRole('link', { name: 'Solicite acesso' }).click();
  await guest.getByLabel('Nome').fill('Diego Pending');
  await guest.getByLabel('E-mail').fill('diego.pending@test.pioneira');
  await guest.getByLabel('Senha', { exact: true }).fill('Pending-pass-55');
  await guest.getByLabel('Confirme a senha').fill('Pending-pass-55');
  await guest.getByRole('button', { name: 'Solicitar acesso' }).click();
  await guest.getByText('Pedido enviado!').waitFor();

  const adminContext = await browser.newContext();
  const page = await adminContext.newPage();
  await page.goto(`${web.url}/login?next=/users`);
  await signIn(page, admin.email, PASSWORD);
  await page.waitForURL((url) => url.pathname === '/users');
  await page.getByLabel('Situação').selectOption('pending');
  await page.getByRole('button', { name: 'Aprovar: Diego Pending' }).click();
  await page.getByText('Diego Pending aprovado.').waitFor();
  await adminContext.close();

  await guest.goto(`${web.url}/login`);
  await signIn(guest, 'diego.pending@test.pioneira', 'Pending-pass-55');
  await guest.waitForURL((url) => url.pathname === '/drivers');
  await guestContext.close();
});

test('the access token is refreshed before it expires and the session carries on', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${web.url}/login?next=/users`);
  await signIn(page, admin.email, PASSWORD);
  await page.waitForURL((url) => url.pathname === '/users');

  // Default lifetime 900 s: the tab refreshes a minute early, at 840 s.
  const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh'));
  await page.clock.fastForward('14:05');
  assert.equal((await refreshed).status(), 200);

  await page.getByRole('link', { name: 'Motoristas' }).click();
  await page.getByRole('link', { name: 'Usuários' }).click();
  await page.getByRole('cell', { name: 'bruno.viewer@test.pioneira' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/users');
  await context.close();
});

test('a user renames themselves and is told when the current password is wrong', async () => {
  const viewer = await api.login('viewer', 'eva.viewer@test.pioneira');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${web.url}/login`);
  await signIn(page, viewer.email, PASSWORD);
  await page.waitForURL((url) => url.pathname === '/drivers');
  assert.equal(await page.getByRole('link', { name: 'Usuários' }).count(), 0, 'viewers do not see Users');

  await page.getByRole('button', { name: /Menu do usuário/ }).click();
  await page.getByRole('link', { name: 'Meu perfil' }).click();
  await page.getByLabel('Nome').fill('Eva Souza');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await page.getByRole('button', { name: 'Menu do usuário: Eva Souza' }).waitFor();

  await page.getByLabel('Senha atual').fill('not-my-password-9');
  await page.getByLabel('Nova senha').fill('Brand-new-pass-31');
  await page.getByLabel('Confirme a senha').fill('Brand-new-pass-31');
  await page.getByRole('button', { name: 'Alterar senha' }).click();
  await page.getByText('A senha atual está incorreta.').waitFor();
  await page.screenshot({ path: new URL('profile.png', OUTPUT).pathname, fullPage: true });
  await context.close();
});
