import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from '../../../apps/api/test/helpers';

export const ZONE = 'America/Sao_Paulo';

/** A new browser context (São Paulo time, pt-BR) signed in as `email`, on `next`. */
export async function signedInPage(
  browser: Browser,
  webUrl: string,
  email: string,
  next: string,
  options: { width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1360, height: options.height ?? 900 },
    timezoneId: ZONE,
    locale: 'pt-BR',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${webUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL((url) => url.pathname === next);
  return { context, page };
}

/** Polls `check` until it returns a truthy value; fails with `what` after `ms`. */
export async function until<T>(what: string, check: () => Promise<T>, ms = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
