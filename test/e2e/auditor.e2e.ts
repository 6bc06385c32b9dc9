// The auditor's page in Debian's Chromium (issue 12, and issue 10 item 9): the verdict band and the
// accounts roll-up of the sample; search by control ids of every framework; the framework view's
// pass percentage on a fixture with known counts; a report with a repeated user row (no page
// error, every panel, exports work) and a page error made visible; phone widths 320 and 390 px (no
// sideways scroll, the dialog and the print view fit); axe-core (injected from node_modules): no
// WCAG 2.2 A/AA violation at 1280 and 390 px in light and dark.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, reportCsv, root, user } from '../helpers/report';
import { CHROMIUM, foreignRequests, haveChromium, launch, serveDist, type Served } from './browser';
import { listSettled, resetFindings, searchGroups, waitReady } from './findings';

const why = haveChromium ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
if (!haveChromium) console.warn(`[auditor.e2e] skipped: no Chromium at ${CHROMIUM}`);

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

function envelope(csv: string): Buffer {
  return Buffer.from(JSON.stringify({ Content: Buffer.from(csv).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: AS_OF }));
}

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
  close: () => Promise<void>;
}

describe.skipIf(!haveChromium)(`the auditor's page${why}`, () => {
  let browser: Browser;
  let served: Served;
  const opened: Opened[] = [];

  /** A page at `width` px; `bypassCSP` only where axe's script is injected (the page's CSP forbids inline scripts). */
  async function open(width = 1280, colorScheme: 'light' | 'dark' = 'light', bypassCSP = false): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, acceptDownloads: true, bypassCSP });
    const page = await context.newPage();
    const o: Opened = { page, errors: [], requests: [], close: () => context.close() };
    page.on('console', (m) => m.type() === 'error' && o.errors.push(m.text()));
    page.on('pageerror', (e) => o.errors.push(String(e)));
    page.on('request', (r) => o.requests.push(r.url()));
    opened.push(o);
    await page.goto(served.url);
    await page.getByTestId('choose-files').waitFor();
    return o;
  }

  async function sample(page: Page): Promise<void> {
    await page.getByTestId('load-sample').click();
    await waitReady(page);
    await listSettled(page);
  }

  beforeAll(async () => {
    browser = await launch();
    served = await serveDist();
  });
  afterAll(async () => {
    for (const o of opened) await o.close().catch(() => undefined);
    await browser?.close();
    await served?.close();
  });

  it('verdict first: a band per account and the roll-up of the sample\'s three accounts; the inputs fold to one line', async () => {
    const { page } = await open();
    await sample(page);
    expect(await page.getByTestId('inputs-summary').innerText()).toMatch(/^5 files · 3 accounts · \d+ problems?$/);
    expect(await page.getByTestId('choose-files').isVisible()).toBe(false);
    // The band comes before the findings, and says the worst outcome of each account.
    const band = page.getByTestId('verdict-band');
    const bandTop = (await band.boundingBox())!.y;
    expect(bandTop).toBeLessThan((await page.locator('#findings-h').boundingBox())!.y);
    expect(bandTop).toBeLessThan(600);
    const kinds = await band.getByTestId('verdict').evaluateAll((els) => els.map((e) => [e.getAttribute('data-account'), e.getAttribute('data-kind')]));
    expect(kinds).toEqual([
      ['111111111111', 'fail'],
      ['222222222222', 'fail'],
      ['333333333333', 'fail'],
    ]);
    const sandbox = await band.locator('[data-account="111111111111"]').innerText();
    expect(sandbox).toContain('sandbox (sample) · 111111111111');
    expect(sandbox).toContain('Fails: Root user has an active access key (critical)');
    expect(sandbox).toContain('As of 2025-06-02 09:30 UTC — credential report generation time');
    // The roll-up: one row per account (names from organizations list-accounts), a status per key control.
    const rows = await page.getByTestId('rollup-row').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th')?.textContent?.trim(), ...Array.from(tr.querySelectorAll('[data-testid="rollup-cell"]'), (td) => td.textContent?.trim())]),
    );
    expect(rows).toEqual([
      ['sandbox (sample) · 111111111111', 'FAIL', 'FAIL', 'FAIL', 'FAIL', 'FAIL', 'NEEDS EVIDENCE'],
      ['production (sample) · 222222222222', 'PASS', 'PASS', 'PASS', 'PASS', 'NEEDS EVIDENCE', 'NEEDS EVIDENCE'],
      ['member, root removed (sample) · 333333333333', 'PASS', 'NOT APPLICABLE', 'PASS', 'PASS', 'NEEDS EVIDENCE', 'PASS'],
    ]);
    expect(await page.getByTestId('rollup').locator('thead th').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Root keys'), expect.stringContaining('Root MFA'), expect.stringContaining('Used ≤ 30 d'), expect.stringContaining('Used ≤ 90 d'), expect.stringContaining('CloudTrail sign-ins'), expect.stringContaining('Credentials removed')]),
    );
    // Sortable from the keyboard: Enter on "Root MFA" puts the worst first (FAIL before PASS and N/A).
    await page.getByTestId('rollup').getByRole('button', { name: /Root MFA/ }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('rollup-row').first().getAttribute('data-account')).toBe('111111111111');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('rollup-row').first().getAttribute('data-account')).not.toBe('111111111111');
    // The default findings list: what needs attention, grouped by check; PASS one click away.
    const groups = await page.locator('[data-testid="finding-group"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(groups.length).toBeGreaterThan(5);
    expect(groups.every((s) => s === 'FAIL' || s === 'EXCEPTED' || s === 'NEEDS_EVIDENCE')).toBe(true);
    expect(await page.getByTestId('show-passing').innerText()).toMatch(/^Also show \d+ PASS and \d+ NOT APPLICABLE$/);
  });

  it('an open group states the NEEDS_EVIDENCE how-to once; rows keep only their outcome', async () => {
    const { page } = await open();
    await sample(page);
    const group = page.locator('[data-testid="finding-group"][data-rule="CT-ROOT-SIGN-IN-WITHOUT-MFA"]');
    await group.getByTestId('group-toggle-rule').click();
    await listSettled(page);
    await expect.poll(() => page.locator('[data-testid="finding-howto"][data-rule="CT-ROOT-SIGN-IN-WITHOUT-MFA"]').count()).toBe(1);
    const howto = await page.locator('[data-testid="finding-howto"]').innerText();
    expect(howto).toMatch(/How to get the evidence \(2 findings below\)/);
    const texts = await page.locator('[data-testid="finding-row"][data-rule="CT-ROOT-SIGN-IN-WITHOUT-MFA"][data-status="NEEDS_EVIDENCE"] .msg').allInnerTexts();
    expect(texts).toHaveLength(2);
    for (const t of texts) {
      expect(t).toMatch(/^No CloudTrail was loaded for account \d{12}, so root sign-ins without MFA cannot be checked\.$/);
      expect(t).not.toContain('Load the trail');
    }
  });

  it.each([
    ['IAM.4', ['ROOT-ACCESS-KEY-ACTIVE'], ['ROOT-MFA-ENABLED', 'USER-CONSOLE-WITHOUT-MFA']],
    // CIS v7.0 2.4 (root access key) and CIS v6.0 2.4 (root MFA).
    ['2.4', ['ROOT-ACCESS-KEY-ACTIVE', 'ROOT-MFA-ENABLED'], ['USER-CONSOLE-WITHOUT-MFA', 'ROOT-RECENT-USE']],
    ['iam-root-access-key-check', ['ROOT-ACCESS-KEY-ACTIVE'], ['ROOT-MFA-ENABLED', 'CT-ROOT-SIGN-IN']],
    // CIS v1.2 1.14 (hardware MFA) and CIS v1.3–v4.0 1.14 (key rotation); exact, so not 1.1.
    ['1.14', ['ROOT-HARDWARE-MFA', 'USER-KEY-NOT-ROTATED'], ['ROOT-RECENT-USE']],
  ])('search %s finds the checks mapped to it in any framework edition', async (term, present, absent) => {
    const o = opened.find((x) => x.page.url().startsWith(served.url) && !x.page.isClosed()) ?? (await open());
    const { page } = o;
    if ((await page.getByTestId('verdict-band').count()) === 0) await sample(page);
    const groups = await searchGroups(page, term);
    for (const id of present) expect(groups, term).toContain(id);
    for (const id of absent) expect(groups, term).not.toContain(id);
    await resetFindings(page);
  });

  it('framework view: requirement by requirement with status and a pass percentage (fixture with known counts)', async () => {
    const { page } = await open();
    // Root clean (MFA, no keys); alice has a console password without MFA; bob is clean. No CloudTrail, no evidence files.
    await page.getByTestId('file-input').setInputFiles({ name: 'credential-report.json', mimeType: 'application/json', buffer: envelope(reportCsv([root(), user('alice', { mfa_active: 'false' }), user('bob')])) });
    await waitReady(page);
    await page.getByTestId('framework-select').selectOption('AWS Security Hub|CSPM control');
    // IAM.4 PASS (no root key), IAM.9 PASS (root MFA), IAM.8 and IAM.22 PASS (nothing unused), IAM.5 FAIL
    // (alice), IAM.6 and CloudWatch.1 NEEDS EVIDENCE (no MFA-device or alarm files), IAM.3 NOT APPLICABLE
    // (no active key): 4 of the 7 that apply pass = 57 %.
    const rows = await page.getByTestId('framework-row').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-control'), tr.getAttribute('data-status')]));
    expect(rows).toEqual([
      ['CloudWatch.1', 'NEEDS_EVIDENCE'],
      ['IAM.3', 'NOT_APPLICABLE'],
      ['IAM.4', 'PASS'],
      ['IAM.5', 'FAIL'],
      ['IAM.6', 'NEEDS_EVIDENCE'],
      ['IAM.8', 'PASS'],
      ['IAM.9', 'PASS'],
      ['IAM.22', 'PASS'],
    ]);
    expect(await page.getByTestId('framework-percent').innerText()).toBe('57 %');
    expect(await page.getByTestId('framework-score').innerText()).toContain('pass: 4 of 7 (1 FAIL, 2 NEEDS EVIDENCE, 1 NOT APPLICABLE)');
    // CIS v7.0: 2.4 and 2.5 PASS, 2.10 FAIL, 2.11 PASS; 2.1.1, 2.6, 2.7, 5.3 NEEDS EVIDENCE; 2.12 N/A: 3 of 8 = 37 %.
    await page.getByTestId('framework-select').selectOption('CIS AWS Foundations|7.0');
    expect(await page.getByTestId('framework-percent').innerText()).toBe('37 %');
    // "show findings" on a requirement lists exactly its findings.
    await page.locator('[data-testid="framework-row"][data-control="2.10"]').getByRole('button').click();
    await listSettled(page);
    const groups = await page.locator('[data-testid="finding-group"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    expect(groups).toEqual(['USER-CONSOLE-WITHOUT-MFA']);
  });

  it('a repeated user row: no page error, every panel renders, the exception picker and the exports work', async () => {
    const o = await open();
    const { page } = o;
    const csv = reportCsv([root(), user('alice', { mfa_active: 'false' }), user('alice', { mfa_active: 'false' }), user('bob')]);
    await page.getByTestId('file-input').setInputFiles({ name: 'duplicated-row.json', mimeType: 'application/json', buffer: envelope(csv) });
    await waitReady(page);
    expect(await page.getByTestId('live-status').innerText()).toMatch(/^Audit ready/);
    for (const id of ['verdict-band', 'rollup', 'findings-table', 'exceptions-panel', 'export-panel']) await page.getByTestId(id).waitFor({ state: 'visible', timeout: 5_000 });
    expect(await page.getByTestId('page-error').count()).toBe(0);
    // One picker entry for the two equal findings; recording it covers both.
    const options = await page.getByTestId('exception-finding').locator('option').allInnerTexts();
    expect(options.filter((t) => t.includes('USER-CONSOLE-WITHOUT-MFA') && t.includes('alice'))).toHaveLength(1);
    const value = await page.getByTestId('exception-finding').locator('option', { hasText: 'USER-CONSOLE-WITHOUT-MFA' }).first().getAttribute('value');
    await page.getByTestId('exception-finding').selectOption(value!);
    await page.getByTestId('exception-owner').fill('Jane');
    await page.getByTestId('exception-justification').fill('duplicate row test');
    await page.getByTestId('exception-expires').fill('2099-12-31');
    await page.getByTestId('exception-save').click();
    await expect.poll(() => page.getByTestId('exception-row').first().innerText(), { timeout: 15_000 }).toContain('covers 2 findings');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-evidence-json').click()]);
    const doc = JSON.parse(readFileSync((await dl.path())!, 'utf8')) as { findings: { ruleId: string; resource: string; status: string }[] };
    expect(doc.findings.filter((f) => f.ruleId === 'USER-CONSOLE-WITHOUT-MFA' && f.resource === 'alice').map((f) => f.status)).toEqual(['EXCEPTED', 'EXCEPTED']);
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-markdown').click()]);
    expect(readFileSync((await md.path())!, 'utf8')).toContain('| EXCEPTED (was FAIL) | high | USER-CONSOLE-WITHOUT-MFA |');
    expect(o.errors).toEqual([]);
    expect(await page.getByTestId('page-error').count()).toBe(0);
  });

  it('a page error is shown to the user, never silent', async () => {
    const { page } = await open();
    await page.evaluate(() => setTimeout(() => Promise.reject(new Error('probe: a rejected promise'))));
    await page.evaluate(() =>
      setTimeout(() => {
        throw new Error('probe: an uncaught error');
      }),
    );
    const banner = page.getByTestId('page-error');
    await banner.waitFor({ state: 'visible' });
    await expect.poll(() => banner.innerText()).toContain('probe: an uncaught error');
    expect(await banner.innerText()).toContain('probe: a rejected promise');
    expect(await banner.getAttribute('role')).toBe('alert');
    opened.pop();
  });

  for (const width of [320, 390]) {
    it(`${width} px: no sideways scroll; the finding dialog and the print view fit the screen`, async () => {
      const { page } = await open(width);
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await sample(page);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.getByTestId('inputs-change').click();
      expect(await overflow()).toBeLessThanOrEqual(0);
      // Every details element open (charts' tables, About): still no sideways scroll of the page.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      expect(await overflow()).toBeLessThanOrEqual(0);
      // A finding's detail dialog fits, evidence table included.
      await page.locator('[data-testid="finding-group"]').first().getByTestId('group-toggle-rule').click();
      await listSettled(page);
      await page.locator('[data-testid="finding-open"]').first().click();
      const dialog = page.getByTestId('finding-detail');
      await dialog.waitFor({ state: 'visible' });
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(await dialog.evaluate((d) => d.scrollWidth - d.clientWidth)).toBeLessThanOrEqual(0);
      await page.keyboard.press('Escape');
      // The print view fits, opens at its top.
      await page.getByTestId('export-print').click();
      const view = page.getByTestId('print-view');
      await view.waitFor({ state: 'visible' });
      await expect.poll(() => page.getByTestId('print-manifest').innerText()).toMatch(/^[0-9a-f]{64}$/);
      expect(await view.evaluate((v) => [v.scrollTop, v.scrollWidth - v.clientWidth])).toEqual([0, 0]);
      const sheet = (await view.locator('.sheet').boundingBox())!;
      expect(sheet.x + sheet.width).toBeLessThanOrEqual(width);
      await page.getByTestId('print-close').click();
      await page.screenshot({ path: `test-output/phone-${width}.png` });
    });
  }

  // axe-core from node_modules, injected into the page; WCAG 2.0/2.1/2.2 A and AA rules only.
  async function axe(page: Page): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
    return page.evaluate(async () => {
      const a = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }[] }> } }).axe;
      const r = await a.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] }, resultTypes: ['violations'] });
      return r.violations.flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(0, 2).join(' ')}`));
    });
  }

  for (const width of [1280, 390]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`axe-core: no WCAG 2.2 A/AA violation at ${width} px, ${scheme}`, async () => {
        const { page } = await open(width, scheme, true);
        expect(await axe(page)).toEqual([]);
        await sample(page);
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        await page.getByTestId('inputs-change').click();
        await page.locator('[data-testid="finding-group"]').first().getByTestId('group-toggle-rule').click();
        await listSettled(page);
        expect(await axe(page)).toEqual([]);
        // The finding dialog, and the print view.
        await page.locator('[data-testid="finding-open"]').first().click();
        await page.getByTestId('finding-detail').waitFor({ state: 'visible' });
        expect(await axe(page)).toEqual([]);
        await page.keyboard.press('Escape');
        await page.getByTestId('export-print').click();
        await expect.poll(() => page.getByTestId('print-manifest').innerText()).toMatch(/^[0-9a-f]{64}$/);
        expect(await axe(page)).toEqual([]);
      });
    }
  }

  it('made no request outside its own origin and logged no console error', () => {
    const origin = new URL(served.url).origin;
    for (const o of opened) {
      expect(foreignRequests(o.requests, origin)).toEqual([]);
      expect(o.errors).toEqual([]);
    }
  });
});
