// The page's read pool and zip archives in Debian's Chromium (issue 13 items 2 and 3): the same
// organization-trail folder read by the pool's Web Workers and by the audit worker alone
// (`?readers=0`) gives the same evidence, cell for cell; the folder zipped into one archive and
// chosen with "Choose files" gives the same verdicts, its entries listed as archive/path, also when
// the archive is larger than the per-file limit (opened in place). No request leaves the page. (How fast each is: `npm run bench`, test/bench/page-folder.ts.)
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/core/types';
import { writeOrgTrail, type OrgTrail } from '../helpers/org-trail';
import { CHROMIUM, foreignRequests, haveChromium, launch, openPage, serveDist, type Served, type Watched } from './browser';
import { waitReady } from './findings';

const MB = 1024 * 1024;
const why = haveChromium ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
if (!haveChromium) console.warn(`[read-pool.e2e] skipped: no Chromium at ${CHROMIUM}`);

/** The evidence JSON the page exports for the result on screen. */
async function evidence(page: Page): Promise<AuditResult> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-evidence-json').click()]);
  return JSON.parse(readFileSync(await dl.path(), 'utf8')) as AuditResult;
}

const verdicts = (r: AuditResult) => r.findings.map((f) => [f.ruleId, f.accountId, f.window ?? null, f.status]);

describe.skipIf(!haveChromium)(`read pool and zip archives in the page${why}`, () => {
  let browser: Browser;
  let served: Served;
  let trail: OrgTrail;
  let zipDir: string;
  let zipPath: string;
  const pages: Watched[] = [];
  let pooled: AuditResult;

  beforeAll(async () => {
    trail = writeOrgTrail();
    zipDir = mkdtempSync(join(tmpdir(), 'credaudit-zip-'));
    zipPath = join(zipDir, 'org-trail.zip');
    const entries: Record<string, Uint8Array> = {};
    for (const f of [...trail.logFiles, trail.digestFile, trail.reportFile]) entries[f] = new Uint8Array(readFileSync(join(trail.dir, f)));
    writeFileSync(zipPath, zipSync(entries, { level: 0 }));
    browser = await launch();
    served = await serveDist();
  });
  afterAll(async () => {
    for (const w of pages) await w.context.close().catch(() => undefined);
    await browser?.close();
    await served?.close();
    trail?.cleanup();
    if (zipDir) rmSync(zipDir, { recursive: true, force: true });
  });

  async function readFolder(query: string): Promise<{ w: Watched; status: string }> {
    const w = await openPage(browser);
    pages.push(w);
    await w.page.goto(`${served.url}${query}`);
    await w.page.getByTestId('folder-input').setInputFiles(trail.dir);
    await waitReady(w.page, 120_000);
    return { w, status: await w.page.getByTestId('live-status').innerText() };
  }

  /** A new page given `path` through "Choose files", once its audit is ready. */
  async function chooseFile(path: string, timeoutMs: number): Promise<Watched> {
    const w = await openPage(browser);
    pages.push(w);
    await w.page.goto(served.url);
    await w.page.getByTestId('file-input').setInputFiles(path);
    await waitReady(w.page, timeoutMs);
    return w;
  }

  it('the pool reads the folder on several readers; the audit worker alone (?readers=0) gives the same evidence', async () => {
    const pool = await readFolder('');
    // Every log file and the digest went to a reader; the report (not CloudTrail) is read by the audit worker.
    expect(pool.status).toMatch(new RegExp(`^Audit ready in [\\d,]+ ms \\(${trail.fileCount} files read, ${trail.fileCount - 1} by [1-4] readers? in parallel\\)`));
    pooled = await evidence(pool.w.page);

    const alone = await readFolder('?readers=0');
    expect(alone.status).toMatch(/^Audit ready in [\d,]+ ms: /);
    const single = await evidence(alone.w.page);
    // The two pages evaluated a few seconds apart: the clock's reading in the report-age note is the one difference allowed.
    const sameClock = (x: unknown) => JSON.stringify(x).replace(/evaluation time \d{4}-\d\d-\d\dT[\d:.]+Z/g, 'evaluation time (now)');
    expect(single.inputs).toEqual(pooled.inputs);
    expect(sameClock(single.findings)).toBe(sameClock(pooled.findings));
    expect(single.problems).toEqual(pooled.problems);
    expect(pooled.findings.filter((f) => f.ruleId === 'CT-ROOT-SIGN-IN-WITHOUT-MFA').map((f) => f.status)).toEqual(['FAIL']);
  });

  it('the folder as one .zip through "Choose files": its entries are the inputs, with the same verdicts', async () => {
    const w = await chooseFile(zipPath, 120_000);
    const fromZip = await evidence(w.page);
    // The folder pick names files folder/path; the archive names them org-trail.zip/path.
    const cells = (r: AuditResult, name: (n: string) => string) => r.inputs.map((i) => [name(i.name), i.kind, i.records, i.sha256].join(' ')).sort();
    expect(cells(fromZip, (n) => n)).toEqual(cells(pooled, (n) => `org-trail.zip/${n.split('/').slice(1).join('/')}`));
    expect(verdicts(fromZip).sort()).toEqual(verdicts(pooled).sort());
    await w.page.getByTestId('inputs-change').click();
    expect(await w.page.getByTestId('file-list').locator('caption').innerText()).toContain(`${trail.fileCount} files loaded`);
  });

  it('a .zip larger than the 256 MB per-file limit is opened in place (its central directory, then each entry): entries read, the oversized one named', async () => {
    const bigPath = join(zipDir, 'org-trail-big.zip');
    const entries: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
    for (const f of [...trail.logFiles, trail.reportFile]) entries[f] = new Uint8Array(readFileSync(join(trail.dir, f)));
    // Stored, so the archive on disk is over the limit; the entry itself declares more than it.
    entries['padding.bin'] = [new Uint8Array(257 * MB), { level: 0 }];
    writeFileSync(bigPath, zipSync(entries));
    expect(statSync(bigPath).size).toBeGreaterThan(256 * MB);
    const w = await chooseFile(bigPath, 120_000);
    const fromZip = await evidence(w.page);
    const logs = fromZip.inputs.filter((i) => i.kind === 'cloudtrail');
    expect(logs).toHaveLength(trail.logFiles.length);
    expect(logs.every((i) => i.name.startsWith('org-trail-big.zip/') && i.records > 0)).toBe(true);
    expect(fromZip.problems.filter((p) => p.input === 'org-trail-big.zip/padding.bin').map((p) => p.message)).toEqual([expect.stringMatching(/more than the limit of 256 MB per file; it was not read/)]);
    expect(verdicts(fromZip).sort()).toEqual(verdicts(pooled).sort());
    rmSync(bigPath);
  });

  it('a multi-member .json.gz (two gzip files concatenated) is read whole, though Chromium\'s DecompressionStream stops after the first', async () => {
    const record = (i: number) => JSON.stringify({ eventVersion: '1.10', userIdentity: { type: 'Root', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root' }, eventTime: `2024-02-0${i}T10:00:00Z`, eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.9', eventID: `mm-${i}`, eventType: 'AwsConsoleSignIn', responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'Yes' }, recipientAccountId: '111122223333' });
    const path = join(zipDir, '111122223333_CloudTrail_us-east-1_multi.json.gz');
    writeFileSync(path, Buffer.concat([gzipSync(`{"Records":[${record(1)},`), gzipSync(`${record(2)},${record(3)}]}`)]));
    const w = await chooseFile(path, 60_000);
    const result = await evidence(w.page);
    expect(result.inputs.map((i) => [i.kind, i.records, i.skipped])).toEqual([['cloudtrail', 3, 0]]);
    expect(result.problems.filter((p) => /gzip/.test(p.message))).toEqual([]);
  });

  it('made no request outside its own origin and logged no console error', () => {
    const origin = new URL(served.url).origin;
    for (const w of pages) {
      expect(foreignRequests(w.requests, origin)).toEqual([]);
      expect(w.consoleErrors).toEqual([]);
    }
  });
});
