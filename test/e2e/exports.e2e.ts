// The evidence pack end to end: load a report in the built page, record an exception in the UI,
// download every export and check its content; render the print view to PDF (and a PNG of its
// first page when pdftoppm is installed) with the sign-off block in it.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyManifest } from '../../src/core/evidence/evidence-json';
import type { AuditResult } from '../../src/core/types';
import { reportEnvelopeJson } from '../evidence/fixture';
import { validateOscal } from '../evidence/oscal-schema';
import { CHROMIUM, foreignRequests, haveChromium, launch, openPage, OUT_DIR, serveDist, type Served, type Watched } from './browser';
import { statusOf } from './findings';

const OUT = resolve(OUT_DIR, 'exports');
const REPORT = join(OUT, 'credential-report-123456789012.json');
const ACCOUNT = '123456789012';
const why = haveChromium ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
if (!haveChromium) console.warn(`[exports.e2e] skipped: no Chromium at ${CHROMIUM}`);
const havePdftoppm = spawnSync('pdftoppm', ['-v']).status === 0;
const havePdftotext = spawnSync('pdftotext', ['-v']).status === 0;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function save(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(OUT, dl.suggestedFilename());
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

describe.skipIf(!haveChromium)(`evidence exports in the browser${why}`, () => {
  let browser: Browser;
  let served: Served;
  let w: Watched;
  let evidence: AuditResult;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(REPORT, reportEnvelopeJson());
    browser = await launch();
    served = await serveDist('/tools/credaudit/');
    w = await openPage(browser);
    await w.page.goto(served.url);
    await w.page.getByTestId('file-input').setInputFiles(REPORT);
    await w.page.locator('[data-testid="finding-group"][data-rule="ROOT-ACCESS-KEY-ACTIVE"][data-status="FAIL"]').first().waitFor({ state: 'visible', timeout: 30_000 });
  });
  afterAll(async () => {
    await w?.context.close();
    await browser?.close();
    await served?.close();
  });

  it('records an exception from a failing finding; the finding becomes EXCEPTED', async () => {
    const p = w.page;
    const select = p.getByTestId('exception-finding');
    const option = await select.locator('option', { hasText: `USER-CONSOLE-WITHOUT-MFA · ${ACCOUNT} · alice` }).getAttribute('value');
    await select.selectOption(option!);
    await expect.poll(() => p.getByTestId('exception-resource').inputValue()).toBe('alice');
    await p.getByTestId('exception-owner').fill('Jane Doe');
    await p.getByTestId('exception-justification').fill('Break-glass user | kept for the DR runbook');
    await p.getByTestId('exception-expires').fill('2099-12-31');
    await p.getByTestId('exception-ticket').fill('SEC-42');
    await p.getByTestId('exception-save').click();
    await expect.poll(() => p.getByTestId('exception-row').count()).toBe(1);
    await expect.poll(async () => (await p.getByTestId('exception-row').first().innerText()).includes('covers 1 finding'), { timeout: 15_000 }).toBe(true);
    // Export the exceptions file and check it is the format the CLI takes.
    const f = await save(p, 'exceptions-export');
    expect(f.name).toBe('credaudit-exceptions.json');
    expect(JSON.parse(f.text)).toEqual({
      exceptions: [{ ruleId: 'USER-CONSOLE-WITHOUT-MFA', accountId: ACCOUNT, resource: 'alice', owner: 'Jane Doe', justification: 'Break-glass user | kept for the DR runbook', expires: '2099-12-31', ticket: 'SEC-42' }],
    });
  });

  it('evidence JSON: input hashes equal sha256sum of the inputs, manifest verifies', async () => {
    const f = await save(w.page, 'export-evidence-json');
    expect(f.name).toBe(`credaudit_${ACCOUNT}_asof-2025-06-01T120000Z.evidence.json`);
    evidence = JSON.parse(f.text);
    expect(evidence.inputs.map((i) => [i.name, i.sha256])).toEqual([['credential-report-123456789012.json', sha256(readFileSync(REPORT))]]);
    expect(evidence.asOf).toEqual({ time: '2025-06-01T12:00:00.000Z', source: 'report' });
    expect((await verifyManifest(f.text)).ok).toBe(true);
    const key = evidence.findings.find((x) => x.ruleId === 'ROOT-ACCESS-KEY-ACTIVE')!;
    expect(key.status).toBe('FAIL');
    const alice = evidence.findings.find((x) => x.ruleId === 'USER-CONSOLE-WITHOUT-MFA' && x.resource === 'alice')!;
    expect(alice).toMatchObject({ status: 'EXCEPTED', underlyingStatus: 'FAIL', exception: { owner: 'Jane Doe', ticket: 'SEC-42' } });
  });

  it('CSV: one row per finding, formula-like cells guarded, numbers left alone', async () => {
    const f = await save(w.page, 'export-csv');
    expect(f.name).toBe(`credaudit_${ACCOUNT}_asof-2025-06-01T120000Z.findings.csv`);
    expect(f.text.startsWith('\uFEFFruleId,window,status,')).toBe(true);
    const rows = Papa.parse<string[]>(f.text.slice(1), { skipEmptyLines: true }).data;
    expect(rows.length).toBe(evidence.findings.length + 1);
    const h = rows[0]!;
    const res = h.indexOf('resource');
    expect(rows.some((r) => r[res] === "'=1+2")).toBe(true);
    expect(rows.some((r) => r[res] === "'@sum")).toBe(true);
    expect(rows.some((r) => r[res] === "'+cmd")).toBe(true);
    expect(rows.some((r) => r[res] === '-3')).toBe(true);
    expect(rows.filter((r) => r[0] === 'ROOT-RECENT-USE').map((r) => r[h.indexOf('window')])).toEqual(['30', '90']);
    for (const r of rows) for (const c of r) expect(/^[=+\-@\t\r]/.test(c) && !/^[-+]?\d+(\.\d+)?$/.test(c), c).toBe(false);
    const alice = rows.find((r) => r[res] === 'alice' && r[0] === 'USER-CONSOLE-WITHOUT-MFA')!;
    expect([alice[h.indexOf('status')], alice[h.indexOf('exceptionOwner')], alice[h.indexOf('exceptionExpires')]]).toEqual(['EXCEPTED', 'Jane Doe', '2099-12-31']);
  });

  it('Markdown: as-of with source, input SHA-256, findings', async () => {
    const f = await save(w.page, 'export-markdown');
    expect(f.name).toBe(`credaudit_${ACCOUNT}_asof-2025-06-01T120000Z.report.md`);
    expect(f.text).toContain('- **As of:** 2025-06-01T12:00:00.000Z (credential report generation time)');
    expect(f.text).toContain('## Accounts at a glance');
    expect(Buffer.byteLength(f.text)).toBeLessThan(10 * 1024);
    expect(f.text).toContain(sha256(readFileSync(REPORT)));
    expect(f.text).toContain('| FAIL | critical | ROOT-ACCESS-KEY-ACTIVE |');
    expect(f.text).toContain('EXCEPTED (was FAIL)');
  });

  it('OSCAL: valid assessment-results with the findings and the input hash', async () => {
    const f = await save(w.page, 'export-oscal');
    expect(f.name).toBe(`credaudit_${ACCOUNT}_asof-2025-06-01T120000Z.oscal-ar.json`);
    const doc = JSON.parse(f.text);
    expect(validateOscal(doc)).toEqual([]);
    const res = doc['assessment-results'].results[0];
    expect(res.findings).toHaveLength(evidence.findings.length);
    expect(res.findings.some((x: { target: { 'target-id': string; status: { state: string } } }) => x.target['target-id'] === 'ROOT-ACCESS-KEY-ACTIVE' && x.target.status.state === 'not-satisfied')).toBe(true);
    expect(res.risks).toHaveLength(1);
    const hashes = doc['assessment-results']['back-matter'].resources.flatMap((r: { rlinks?: { hashes: { value: string }[] }[] }) => r.rlinks?.[0]?.hashes.map((x) => x.value) ?? []);
    expect(hashes).toEqual([sha256(readFileSync(REPORT))]);
  });

  it('print view: workpaper with the sign-off block, to PDF', async () => {
    const p = w.page;
    await p.getByTestId('export-print').click();
    const view = p.getByTestId('print-view');
    await view.waitFor({ state: 'visible' });
    await p.getByTestId('signoff-reviewer').fill('Riley Reviewer');
    await p.getByTestId('signoff-role').fill('Internal audit');
    await p.getByTestId('signoff-date').fill('2025-06-03');
    await expect.poll(() => p.getByTestId('print-manifest').innerText()).toMatch(/^[0-9a-f]{64}$/);
    // The printed manifest is the one in the evidence JSON of the same result.
    expect(await p.getByTestId('print-manifest').innerText()).toBe((await verifyManifest(evidence as never)).recorded);
    await p.screenshot({ path: join(OUT, 'print-view-screen.png'), fullPage: false });

    await p.emulateMedia({ media: 'print' });
    // In print, only the workpaper is shown: the rest of the app is hidden.
    expect(await p.getByTestId('signoff').isVisible()).toBe(true);
    expect(await p.getByTestId('print-now').isVisible()).toBe(false);
    expect(await p.getByTestId('export-panel').isVisible()).toBe(false);
    expect(await p.getByTestId('file-input').isVisible()).toBe(false);
    const pdfPath = join(OUT, 'workpaper.pdf');
    await p.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    await p.emulateMedia({ media: 'screen' });
    expect(statSync(pdfPath).size).toBeGreaterThan(20_000);
    if (havePdftotext) {
      const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
      // Table cells wrap (the hash, names) and -layout interleaves columns; compare without whitespace.
      const flat = text.replace(/\s+/g, '');
      for (const s of ['audit workpaper', 'Review and sign-off', 'Riley Reviewer', 'Internal audit', '2025-06-03', 'Signature', 'ROOT-ACCESS-KEY-ACTIVE', 'Jane', 'SEC-', sha256(readFileSync(REPORT))]) {
        expect(flat, s).toContain(s.replace(/\s+/g, ''));
      }
      expect(text).not.toContain('Choose files');
    } else console.warn('[exports.e2e] pdftotext not installed: PDF text not checked');
    if (havePdftoppm) {
      execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdfPath, join(OUT, 'workpaper-page1')]);
      expect(statSync(join(OUT, 'workpaper-page1.png')).size).toBeGreaterThan(5_000);
    } else console.warn('[exports.e2e] pdftoppm not installed: no PNG of the PDF');
    await p.getByTestId('print-close').click();
    await view.waitFor({ state: 'hidden' });
  });

  it('imports an exceptions file (YAML): expired entries are flagged and ignored, malformed ones reported', async () => {
    const p = w.page;
    const yaml = join(OUT, 'exceptions.yaml');
    writeFileSync(
      yaml,
      [
        'exceptions:',
        '  - ruleId: ROOT-ACCESS-KEY-ACTIVE',
        `    accountId: "${ACCOUNT}"`,
        '    owner: Ops',
        '    justification: legacy automation',
        '    expires: 2020-01-01',
        '  - ruleId: USER-CONSOLE-WITHOUT-MFA',
        `    accountId: "${ACCOUNT}"`,
        '    owner: nobody',
        '',
      ].join('\n'),
    );
    await p.getByTestId('exceptions-import').setInputFiles(yaml);
    await expect.poll(() => p.getByTestId('exception-row').count()).toBe(2);
    const expired = p.locator('[data-testid="exception-row"][data-expired="true"]');
    expect(await expired.count()).toBe(1);
    expect(await expired.innerText()).toContain('ROOT-ACCESS-KEY-ACTIVE');
    expect(await p.getByTestId('exceptions-import-problems').innerText()).toMatch(/#2: .*lacks justification, expires/);
    // The expired exception does not turn the FAIL into EXCEPTED.
    await p.waitForTimeout(500);
    expect(await statusOf(p, 'ROOT-ACCESS-KEY-ACTIVE')).toEqual(['FAIL']);
  });

  it('no request left the page while exporting', () => {
    expect(foreignRequests(w.requests, new URL(served.url).origin)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});
