import { type Browser, chromium } from 'playwright-core';

/** Flags for a quiet headless Chromium that never reaches the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches the system Chromium (Debian package `chromium`) through playwright-core. */
export function launchBrowser(options: { executablePath?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: options.executablePath ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
