import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser tests leave a screenshot of each page (git-ignored). */
export const SCREENSHOTS = new URL('./screenshots', import.meta.url).pathname;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, driven by playwright-core (which gives it a fresh profile). The
 * background-networking flags keep it from calling out: nothing outside this machine answers.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run bash scripts/install-chromium.sh (npm test does), or set CHROMIUM_PATH`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Content-Security-Policy violations the page reports (Chromium logs each one to the console). */
export function watchCspViolations(page: Page, into: string[]): void {
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) into.push(m.text()); });
  page.on('pageerror', (e) => into.push(`page error: ${e.message}`));
}
