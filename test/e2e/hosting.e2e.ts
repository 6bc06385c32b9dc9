// Hosting: the single file from file:// with every network request blocked, and the multi-file
// site served under a sub-path. Both must load a report through the file input, show findings,
// make no request outside the page, and carry a CSP that forbids connections and eval.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptHash, scriptsOf } from '../../scripts/vite-plugins.mjs';
import { reportEnvelopeJson } from '../evidence/fixture';
import { CHROMIUM, foreignRequests, haveChromium, launch, openPage, OUT_DIR, serveDist, type Served } from './browser';

const SINGLE = resolve('dist/credaudit.html');
const FIXTURES = resolve(OUT_DIR, 'hosting-fixtures');
const REPORT = join(FIXTURES, 'credential-report-123456789012.json');
const why = haveChromium ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
if (!haveChromium) console.warn(`[hosting.e2e] skipped: no Chromium at ${CHROMIUM}`);

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSP meta tag');
  return m[1];
}

/** Records CSP violations from the first script on (an init script is not subject to the page's CSP). */
async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}
const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

/** The findings table's row for the fixture's critical finding (the page's stable test ids). */
const KEY_ROW = '[data-testid="finding-group"][data-rule="ROOT-ACCESS-KEY-ACTIVE"][data-status="FAIL"]';

async function loadReport(page: Page): Promise<void> {
  await page.locator('[data-testid="file-input"]').setInputFiles(REPORT);
  await page.locator(KEY_ROW).first().waitFor({ state: 'visible', timeout: 30_000 });
}

describe.skipIf(!haveChromium)(`hosting${why}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(REPORT, reportEnvelopeJson());
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('both builds carry a CSP that forbids connections and eval; the single file hashes its inline script', () => {
    const multi = readFileSync('dist/index.html', 'utf8');
    const single = readFileSync(SINGLE, 'utf8');
    for (const html of [multi, single]) {
      const csp = cspOf(html);
      expect(csp).toMatch(/(^|; )default-src 'none'(;|$)/);
      expect(csp).toMatch(/(^|; )connect-src 'none'(;|$)/);
      expect(csp).toMatch(/(^|; )worker-src blob: 'self'(;|$)/);
      // WebAssembly may be compiled (the engine's scanner); JavaScript eval may not.
      expect(csp.replaceAll("'wasm-unsafe-eval'", '')).not.toContain('unsafe-eval');
      const scriptSrc = /script-src ([^;]+)/.exec(csp)![1]!;
      expect(scriptSrc).not.toContain('unsafe-inline');
      expect(scriptSrc.split(' ')).toContain("'wasm-unsafe-eval'");
      // The policy comes before any script.
      expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    }
    expect(/script-src ([^;]+)/.exec(cspOf(multi))![1]).toBe("'self' 'wasm-unsafe-eval'");
    const inline = scriptsOf(single);
    expect(inline.length).toBeGreaterThan(0);
    expect(inline.every((s) => !/\bsrc=/.test(s.attrs))).toBe(true);
    expect(/script-src ([^;]+)/.exec(cspOf(single))![1]!.split(' ').sort()).toEqual([...new Set(inline.map((s) => scriptHash(s.code))), "'wasm-unsafe-eval'"].sort());
    // Nothing from elsewhere: no external script, stylesheet, font or image reference in either page.
    for (const html of [multi, single]) expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//i);
    // The multi-file build is self-contained too: only index.html and its assets.
    expect(readdirSync('dist').sort()).toEqual(['assets', 'credaudit.html', 'favicon.svg', 'index.html']);
    // The multi-file build links public/favicon.svg; the single file carries it inline.
    expect(multi).toContain('<link rel="icon" type="image/svg+xml" href="./favicon.svg"');
    expect(single).toMatch(/<link rel="icon" type="image\/svg\+xml" href="data:image\/svg\+xml,/);
  });

  it('the single file works from file:// with every network request blocked', async () => {
    const w = await openPage(browser);
    const blocked: string[] = [];
    await w.context.route('**/*', (route) => {
      const url = route.request().url();
      if (/^(file|blob|data):/.test(url)) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    await watchCsp(w.page);
    const url = pathToFileURL(SINGLE).href;
    await w.page.goto(url);
    await loadReport(w.page);
    expect(await w.page.locator('[data-testid="finding-group"]').count()).toBeGreaterThan(3);
    expect(blocked).toEqual([]);
    // Only the page itself and the worker's blob: URL.
    expect(w.requests.filter((r) => r !== url && !r.startsWith('blob:') && !r.startsWith('data:'))).toEqual([]);
    // The audit ran in a worker started from a blob: URL (the inline worker).
    expect(w.page.workers().map((x) => x.url().slice(0, 5))).toContain('blob:');
    // Under the page's CSP the audit worker may compile WebAssembly (the CloudTrail byte scanner),
    // so the page runs the same scanner as the CLI rather than the TypeScript fallback.
    const worker = w.page.workers().find((x) => x.url().startsWith('blob:'));
    const compiled = await worker?.evaluate(() => {
      try {
        new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
        return 'compiled';
      } catch (e) {
        return String(e);
      }
    });
    expect(compiled).toBe('compiled');
    expect(await cspViolations(w.page)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.dialogs).toEqual([]);
    await w.context.close();
  });

  it('the built site works under a sub-path with no request outside it', async () => {
    const served: Served = await serveDist('/tools/credaudit/');
    try {
      const w = await openPage(browser);
      await watchCsp(w.page);
      await w.page.goto(served.url);
      await loadReport(w.page);
      const origin = new URL(served.url).origin;
      expect(foreignRequests(w.requests, origin)).toEqual([]);
      const own = w.requests.filter((r) => r.startsWith(origin));
      expect(own.length).toBeGreaterThan(1);
      expect(own.filter((r) => !r.startsWith(served.url))).toEqual([]);
      expect(await cspViolations(w.page)).toEqual([]);
      expect(w.consoleErrors).toEqual([]);
      await w.context.close();
    } finally {
      await served.close();
    }
  });

  it('About: version, build, privacy statement and the licences of the bundled libraries', async () => {
    const w = await openPage(browser);
    await w.page.goto(pathToFileURL(SINGLE).href);
    // The page may keep About folded away (a <details>); open whatever holds it.
    const holder = w.page.locator('details:has([data-testid="about-view"]) > summary');
    if ((await holder.count()) > 0) await holder.first().click();
    await w.page.getByTestId('about-view').waitFor({ state: 'visible' });
    expect(await w.page.getByTestId('about-version').innerText()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    let build = 'unknown';
    try {
      build = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || 'unknown';
    } catch {
      // no git: the build says 'unknown' too
    }
    expect(await w.page.getByTestId('about-build').innerText()).toBe(build);
    expect(await w.page.getByTestId('about-privacy').innerText()).toContain('Nothing leaves your machine');
    const items = await w.page.getByTestId('license-item').allInnerTexts();
    const names = items.map((t) => t.split(' ')[0]);
    for (const pkg of ['svelte', 'chart.js', 'papaparse', 'yaml', '@noble/hashes']) expect(names, pkg).toContain(pkg);
    // Every listed package is really in node_modules with that licence (read at build time).
    for (const t of items) {
      const [name, version] = t.split(' ');
      const pkg = JSON.parse(readFileSync(join('node_modules', name!, 'package.json'), 'utf8'));
      expect(version).toBe(pkg.version);
      expect(t).toContain(pkg.license);
    }
    await w.page.getByTestId('license-item').first().locator('summary').click();
    expect(await w.page.getByTestId('license-item').first().locator('pre').innerText()).toMatch(/Permission is hereby granted|Permission to use, copy/);
    await w.context.close();
  });

  it('input hashes shown by the page equal sha256sum of the file', async () => {
    const w = await openPage(browser);
    await w.page.goto(pathToFileURL(SINGLE).href);
    await loadReport(w.page);
    const sha = createHash('sha256').update(readFileSync(REPORT)).digest('hex');
    // Wherever the page shows it (file list, print view), the exact hash appears.
    await expect.poll(async () => (await w.page.content()).includes(sha), { timeout: 10_000 }).toBe(true);
    expect(await w.page.getByTestId('print-inputs').textContent()).toContain(`SHA-256 ${sha}`);
    await w.context.close();
  });
});
