// Issue 14 in the built page: the OCSF, ASFF and JUnit buttons come from the worker's export
// registry and save parseable files; a previous audit's evidence JSON dropped with the new report
// shows "Changes since <as-of>"; a second report of the account shows the credential report changes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_REPORT, firstEvidenceJson, SECOND_REPORT } from '../evidence/baseline-fixture';
import { all, parseXml } from '../evidence/xml';
import { CHROMIUM, foreignRequests, haveChromium, launch, openPage, OUT_DIR, serveDist, type Served, type Watched } from './browser';

const OUT = resolve(OUT_DIR, 'interop');
const ACCOUNT = '123456789012';
const why = haveChromium ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
if (!haveChromium) console.warn(`[interop.e2e] skipped: no Chromium at ${CHROMIUM}`);

async function save(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(OUT, dl.suggestedFilename());
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

describe.skipIf(!haveChromium)(`OCSF, ASFF, JUnit and changes in the browser${why}`, () => {
  let browser: Browser;
  let served: Served;
  let w: Watched;
  const files = { second: join(OUT, 'credential-report-june.json'), first: join(OUT, 'credential-report-may.json'), previous: join(OUT, 'previous.evidence.json') };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(files.second, SECOND_REPORT);
    writeFileSync(files.first, FIRST_REPORT);
    writeFileSync(files.previous, await firstEvidenceJson());
    browser = await launch();
    served = await serveDist('/');
    w = await openPage(browser);
    await w.page.goto(served.url);
    await w.page.getByTestId('file-input').setInputFiles(files.second);
    await w.page.getByTestId('export-ocsf').waitFor({ state: 'visible', timeout: 30_000 });
  });
  afterAll(async () => {
    await w?.context.close();
    await browser?.close();
    await served?.close();
  });

  it('the export panel offers the registry formats the worker sent, the new three included', async () => {
    for (const id of ['export-evidence-json', 'export-csv', 'export-markdown', 'export-oscal', 'export-ocsf', 'export-asff', 'export-junit']) {
      expect([id, await w.page.getByTestId(id).isVisible()]).toEqual([id, true]);
    }
    expect(await w.page.getByTestId('changes-panel').count()).toBe(0);
  });

  it('OCSF, ASFF and JUnit downloads parse back', async () => {
    const ocsf = await save(w.page, 'export-ocsf');
    expect(ocsf.name).toBe(`credaudit_${ACCOUNT}_asof-2025-06-01T120000Z.ocsf.json`);
    const events = JSON.parse(ocsf.text) as { class_uid: number; type_uid: number }[];
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => `${e.class_uid}/${e.type_uid}`))).toEqual(new Set(['2003/200301']));

    const asff = await save(w.page, 'export-asff');
    expect(asff.name).toBe(`credaudit_${ACCOUNT}_asof-2025-06-01T120000Z.asff.jsonl`);
    const batches = asff.text.trim().split('\n').map((l) => JSON.parse(l) as { ProductArn: string }[]);
    expect(batches.flat().length).toBe(events.length);
    expect(batches.flat()[0]?.ProductArn).toBe(`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`);

    const junit = await save(w.page, 'export-junit');
    expect(junit.name).toBe(`credaudit_${ACCOUNT}_asof-2025-06-01T120000Z.junit.xml`);
    expect(all(parseXml(junit.text), 'testsuite').map((s) => s.attrs.name)).toEqual([`AWS account ${ACCOUNT}`]);
  });

  it('a previous audit dropped with the report shows "Changes since <as-of>": one new, one resolved', async () => {
    const p = w.page;
    await p.getByTestId('file-input').setInputFiles(files.previous);
    const panel = p.getByTestId('changes-panel');
    await panel.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await p.locator('#changes-h').innerText()).toBe('Changes since 2025-05-01 12:00 UTC');
    const rows = await panel.locator('tbody tr').evaluateAll((trs) => trs.map((r) => [r.getAttribute('data-change'), r.querySelector('code')?.textContent, r.querySelector('.res')?.textContent]));
    // The page evaluates with the real clock, so the June report is also stale now (REPORT-AGE), unlike in May.
    expect(rows.filter((r) => r[1] !== 'REPORT-AGE')).toEqual([
      ['new', 'USER-CONSOLE-WITHOUT-MFA', 'alice'],
      ['resolved', 'USER-KEY-NOT-ROTATED', 'bob'],
    ]);
  });

  it('the May report next to the June one shows the credential report changes', async () => {
    const p = w.page;
    await p.getByTestId('file-input').setInputFiles(files.first);
    const diff = p.getByTestId('report-diff');
    await diff.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await diff.locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-change')))).toEqual(['mfa-disabled', 'key-deleted']);
    expect(foreignRequests(w.requests, served.url)).toEqual([]);
  });
});
