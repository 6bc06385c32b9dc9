// Shared set-up for the real-browser tests: Debian's Chromium through playwright-core, the built
// app served from dist/ by the project's own static server, and a record of every request.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
// @ts-expect-error plain ESM helper without types
import { serveStatic } from '../../scripts/static-server.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
export const OUT_DIR = 'test-output';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Served {
  url: string;
  close: () => Promise<void>;
}

export async function serveDist(base = '/'): Promise<Served> {
  return serveStatic('dist', { base }) as Promise<Served>;
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Every request URL the page made. */
  requests: string[];
  consoleErrors: string[];
  dialogs: string[];
}

/** A fresh context + page that records requests, console errors and dialogs (dialogs are dismissed). */
export async function openPage(browser: Browser, opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<Watched> {
  const context = await browser.newContext({ colorScheme: opts.colorScheme ?? 'light', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const w: Watched = { page, context, requests: [], consoleErrors: [], dialogs: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') w.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => w.consoleErrors.push(String(e)));
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  return w;
}

/** Requests that went anywhere but the page's own origin (blob:/data: are in-page). */
export function foreignRequests(requests: string[], origin: string): string[] {
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
}
