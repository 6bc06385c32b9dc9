// A hostile set loaded into the built page in one go (issue 11): a gzip bomb, binary garbage, an
// Athena CSV with struct text nested 5,000 levels deep, names made of markup, formulas and bidi
// overrides, duplicate rows — beside two good reports. The page must show no dialog, log no console
// error, make no request off its own origin, name every hostile file in the problems panel, and
// judge the good files exactly as it would alone.
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_OF, daysBefore, reportCsv, root, user } from '../helpers/report';
import { CHROMIUM, foreignRequests, haveChromium, launch, openPage, serveDist, type Served, type Watched } from './browser';
import { rowsOf, waitReady } from './findings';

const why = haveChromium ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
if (!haveChromium) console.warn(`[hostile.e2e] skipped: no Chromium at ${CHROMIUM}`);

const MB = 1024 * 1024;
const IMG = '<img src=x onerror=alert(1)>';
const LINK = '[x](javascript:alert(2))';
const FORMULA = '=HYPERLINK("https://example.invalid","open")';
const SPOOF = 'admin\u202Egnp.exe';

/** `aws iam get-credential-report` JSON around a CSV, so GeneratedTime fixes the as-of. */
const envelope = (csv: string): Buffer => Buffer.from(JSON.stringify({ Content: Buffer.from(csv).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: AS_OF }));

/** Good report A (account 123456789012 of the helpers): root with an active key and no MFA; alice without MFA; bob clean. */
const goodA = () =>
  envelope(reportCsv([root({ mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2022-01-05T10:00:00Z', access_key_1_last_used_date: daysBefore(3) }), user('alice', { mfa_active: 'false' }), user('bob')]));

/** Good report B: another account, root clean. */
const goodB = () => envelope(reportCsv([root(), user('carol')]).replace(/123456789012/g, '210987654321'));

/**
 * A gzip file that inflates past the 256 MB limit: one member of 272 MB of zeros, under 300 KB.
 * One member, as every gzip tool writes (a multi-member file is read by the fallback in decode.ts,
 * tested in read-pool.e2e.ts).
 */
function gzipBomb(): Buffer {
  return gzipSync(Buffer.alloc(272 * MB), { level: 9 });
}

function garbage(): Buffer {
  const b = Buffer.alloc(64 * 1024);
  for (let i = 0; i < b.length; i++) b[i] = (i * 131 + 7) % 256;
  return b;
}

/** Athena result CSV: one good root row and one whose useridentity nests 5,000 levels deep. */
function deepStruct(): Buffer {
  const header = '"useridentity","eventtime","eventsource","eventname","awsregion","eventid","eventtype","recipientaccountid"';
  const row = (identity: string, id: string) => `"${identity}","2025-05-30T06:00:00Z","signin.amazonaws.com","ConsoleLogin","us-east-1","${id}","AwsConsoleSignIn","333344445555"`;
  const deep = `{type=Root, x=${'{a='.repeat(5000)}v${'}'.repeat(5000)}}`;
  return Buffer.from([header, row('{type=Root, accountid=333344445555}', 'ok-1'), row(deep, 'deep-1')].join('\n'));
}

/** Names made of markup, a formula and a bidi override, in an account of their own (no root row). */
const injection = () =>
  Buffer.from(
    reportCsv([user(IMG, { mfa_active: 'false' }), user(LINK, { mfa_active: 'false' }), user(FORMULA, { mfa_active: 'false' }), user(SPOOF, { mfa_active: 'false' })]).replace(/123456789012/g, '444455556666'),
  );

/** The same user twice and two root rows. */
const duplicates = () =>
  Buffer.from(reportCsv([root(), user('dave'), user('dave', { mfa_active: 'false' }), root({ mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00Z' })]).replace(/123456789012/g, '555566667777'));

const HOSTILE_FILES = [
  { name: 'bomb.csv.gz', mimeType: 'application/gzip', buffer: gzipBomb(), problem: /decompresses to more than 256 MB; refused \(possible gzip bomb\)/ },
  { name: 'garbage.bin', mimeType: 'application/octet-stream', buffer: garbage(), problem: /Unknown format/ },
  { name: 'deep-struct.csv', mimeType: 'text/csv', buffer: deepStruct(), problem: /line 3 skipped: column useridentity nests deeper than 100 levels/ },
  { name: `${IMG}.csv`, mimeType: 'text/csv', buffer: injection(), problem: /no <root_account> row/ },
  { name: 'duplicates.csv', mimeType: 'text/csv', buffer: duplicates(), problem: /Duplicate row for user "dave"/ },
];

describe.skipIf(!haveChromium)(`the page with a hostile set${why}`, () => {
  let browser: Browser;
  let served: Served;
  let w: Watched;

  beforeAll(async () => {
    browser = await launch();
    served = await serveDist();
    w = await openPage(browser);
    await w.page.goto(served.url);
    await w.page.getByTestId('choose-files').waitFor();
    await w.page.getByTestId('file-input').setInputFiles([
      { name: 'good-a.json', mimeType: 'application/json', buffer: goodA() },
      ...HOSTILE_FILES.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })),
      { name: 'good-b.json', mimeType: 'application/json', buffer: goodB() },
    ]);
    await waitReady(w.page, 90_000);
  });
  afterAll(async () => {
    await w?.context.close().catch(() => undefined);
    await browser?.close();
    await served?.close();
  });

  it('no dialog, no console error, no request off the page\'s origin', async () => {
    await w.page.waitForTimeout(300);
    expect(w.dialogs).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(foreignRequests(w.requests, served.url.replace(/\/$/, ''))).toEqual([]);
    // Markup in names and file names stayed text: no element was made from it.
    expect(await w.page.locator('img').count()).toBe(0);
    expect(await w.page.locator('a[href^="javascript:"]').count()).toBe(0);
  });

  it('every hostile file is named in the problems panel with why', async () => {
    const panel = w.page.getByTestId('problems');
    await panel.waitFor({ state: 'attached' });
    if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
    const groups = await panel.locator('section.group').evaluateAll((els) => els.map((el) => ({ file: el.querySelector('h3')?.textContent ?? '', text: (el as HTMLElement).innerText })));
    for (const f of HOSTILE_FILES) {
      const g = groups.find((x) => x.file.startsWith(f.name));
      expect(g, `a problem group for ${f.name}`).toBeDefined();
      expect(g?.text, f.name).toMatch(f.problem);
    }
  });

  it('the good files are judged as they would be alone', async () => {
    const page = w.page;
    const keyRows = await rowsOf(page, 'ROOT-ACCESS-KEY-ACTIVE');
    const byAccount = (account: string) => keyRows.filter((r) => r.account.includes(account)).map((r) => r.status).sort();
    expect(byAccount('123456789012')).toEqual(['FAIL']);
    expect(byAccount('210987654321')).toEqual(['PASS']);
    // The duplicate root row is judged too: one PASS (first row), one FAIL (the second).
    expect(byAccount('555566667777')).toEqual(['FAIL', 'PASS']);
    const mfa = await rowsOf(page, 'USER-CONSOLE-WITHOUT-MFA');
    expect(mfa.filter((r) => r.account.includes('123456789012')).map((r) => [r.resource, r.status]).sort()).toEqual([
      ['alice', 'FAIL'],
      ['bob', 'PASS'],
    ]);
    // Hostile names are findings like any other, shown as written; the bidi override shown as \u202E.
    const hostile = mfa.filter((r) => r.account.includes('444455556666')).map((r) => r.resource).sort();
    expect(hostile).toEqual([FORMULA, IMG, 'admin\\u202Egnp.exe', LINK].sort());
    // The deep struct file's good row was read: a root sign-in for account 333344445555.
    expect((await rowsOf(page, 'CT-ROOT-SIGN-IN')).some((r) => r.account.includes('333344445555'))).toBe(true);
  });
});
