// An organization-trail folder (~300 .json.gz files, a CloudTrail-Digest file, a credential report)
// through the page's folder picker in Debian's Chromium: the CloudTrail findings' statuses in the
// findings table, the known root events in the root events table, the per-day counts in the root
// activity chart's data table, no foreign request, no console error. The time from "files chosen"
// to "findings shown" and the files/s it means are printed, not asserted.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, expectedPerDay, writeOrgTrail, type KnownEvent, type OrgTrail } from '../helpers/org-trail';
import { CHROMIUM, foreignRequests, haveChromium, launch, openPage, serveDist, type Served, type Watched } from './browser';
import { rowsOf as findingRows, windowsOf as rowsOf } from './findings';

const why = haveChromium ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
if (!haveChromium) console.warn(`[cloudtrail.e2e] skipped: no Chromium at ${CHROMIUM}`);

describe.skipIf(!haveChromium)(`CloudTrail folder in the page${why}`, () => {
  let browser: Browser;
  let served: Served;
  let trail: OrgTrail;
  let w: Watched;
  const known = (key: KnownEvent['key']) => trail.known.find((k) => k.key === key) as KnownEvent;

  beforeAll(async () => {
    trail = writeOrgTrail();
    browser = await launch();
    served = await serveDist();
  });
  afterAll(async () => {
    await w?.context.close().catch(() => undefined);
    await browser?.close();
    await served?.close();
    trail?.cleanup();
  });

  it('loads the folder through the folder picker and shows the CloudTrail findings, events and per-day counts', async () => {
    w = await openPage(browser);
    const { page } = w;
    await page.goto(served.url);
    await page.getByTestId('choose-folder').waitFor();

    // In the page: from the folder input's change event (files chosen) to the first finding row.
    await page.evaluate(() => {
      const g = window as unknown as { __t: { change?: number; rows?: number } };
      g.__t = {};
      document.querySelector('[data-testid="folder-input"]')?.addEventListener('change', () => (g.__t.change = performance.now()), { capture: true, once: true });
      const mo = new MutationObserver(() => {
        if (document.querySelector('[data-testid="finding-group"]')) {
          g.__t.rows = performance.now();
          mo.disconnect();
        }
      });
      mo.observe(document.body, { childList: true, subtree: true });
    });
    const t0 = Date.now();
    await page.getByTestId('folder-input').setInputFiles(trail.dir);
    await page.getByTestId('ready').waitFor({ state: 'visible', timeout: 60_000 });
    const wall = Date.now() - t0;
    const inPage = await page.evaluate(() => {
      const t = (window as unknown as { __t: { change?: number; rows?: number } }).__t;
      return Math.round((t.rows ?? NaN) - (t.change ?? NaN));
    });

    // Every file was read: 303 log files, the digest (ignored) and the report.
    await page.getByTestId('inputs-change').click();
    const caption = await page.getByTestId('file-list').locator('caption').innerText();
    expect(caption).toContain(`${trail.fileCount} files loaded`);
    expect(caption).toContain(`cloudtrail: ${trail.logFiles.length}`);
    expect(caption).toContain('ignored: 1');
    expect(caption).toContain('credential report: 1');
    // As-of comes from the report's GeneratedTime.
    expect(await page.getByTestId('as-of').innerText()).toContain('2024-03-01 00:30 UTC');
    expect(await page.getByTestId('as-of-source').innerText()).toBe('report');

    // Default windows 30 / 90 first.
    expect(await rowsOf(page, 'CT-ROOT-ACTIVITY')).toEqual([
      [30, 'FAIL'],
      [90, 'FAIL'],
    ]);
    // Adding the 1-day window: PASS, although a service-invoked root event lies inside it.
    await page.getByTestId('window-1').check();
    await expect.poll(() => rowsOf(page, 'CT-ROOT-ACTIVITY')).toEqual([
      [1, 'PASS'],
      [30, 'FAIL'],
      [90, 'FAIL'],
    ]);
    const single: Record<string, Array<[number | null, string]>> = {};
    for (const id of ['CT-ROOT-SIGN-IN', 'CT-ROOT-SIGN-IN-WITHOUT-MFA', 'CT-ROOT-FAILED-SIGN-IN', 'CT-ROOT-ACCESS-KEY-CREATED', 'CT-ROOT-LONG-TERM-KEY-USED', 'CT-ROOT-CREDENTIAL-CHANGE', 'CT-ROOT-TASK-SESSION', 'XSRC-ROOT-LAST-USE']) {
      single[id] = await rowsOf(page, id);
    }
    expect(single).toEqual({
      'CT-ROOT-SIGN-IN': [[null, 'FAIL']],
      'CT-ROOT-SIGN-IN-WITHOUT-MFA': [[null, 'FAIL']],
      // The trail holds 60 days (2024-01-01 to as-of 2024-03-01) and the look-back is 90 days: absence
      // cannot be shown, so the rules that found nothing say NEEDS_EVIDENCE (RULES.md "Absence needs coverage").
      'CT-ROOT-FAILED-SIGN-IN': [[null, 'NEEDS_EVIDENCE']],
      'CT-ROOT-ACCESS-KEY-CREATED': [[null, 'FAIL']],
      'CT-ROOT-LONG-TERM-KEY-USED': [[null, 'FAIL']],
      'CT-ROOT-CREDENTIAL-CHANGE': [[null, 'NEEDS_EVIDENCE']],
      'CT-ROOT-TASK-SESSION': [[null, 'NEEDS_EVIDENCE']],
      'XSRC-ROOT-LAST-USE': [[null, 'PASS']],
    });
    // The finding rows name the account and the event ids behind them (message text).
    // (The list clamps a long outcome to two lines; the full text is in the DOM.)
    const textOf = async (id: string) => (await page.locator(`[data-testid="finding-row"][data-rule="${id}"] .msg`).first().textContent()) ?? '';
    await findingRows(page, 'CT-ROOT-SIGN-IN-WITHOUT-MFA');
    expect(await textOf('CT-ROOT-SIGN-IN-WITHOUT-MFA')).toContain(`(eventID ${known('SIGN_IN_NO_MFA').eventId})`);
    await findingRows(page, 'CT-ROOT-ACCESS-KEY-CREATED');
    expect(await textOf('CT-ROOT-ACCESS-KEY-CREATED')).toContain(`(eventID ${known('CREATE_KEY').eventId})`);

    // Root events table: the four counted events, newest first, the duplicate once, no service event.
    expect(await page.locator('#root-events-h').innerText()).toBe('Root events in CloudTrail (4)');
    expect(await page.getByTestId('root-events-count').innerText()).toBe('4 of 4 root events');
    const events = await page.getByTestId('root-events').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const td = Array.from(tr.querySelectorAll('td'), (c) => (c as HTMLElement).innerText.trim());
        return [td[0], tr.querySelector('td:nth-child(2) .mono')?.textContent, td[2], td[4], td[5], td[6], td[7], td[8]];
      }),
    );
    expect(events).toEqual([
      ['2024-02-20 09:20 UTC', 'CreateAccessKey', '203.0.113.10', 'us-east-1', '—', '—', ACCOUNT, 'ASIAROOTCONSOLE00001'],
      ['2024-02-20 09:15 UTC', 'ConsoleLogin', '203.0.113.10', 'us-east-1', 'No', 'Success', ACCOUNT, '—'],
      ['2024-02-10 08:00 UTC', 'ConsoleLogin', '198.51.100.20', 'us-east-1', 'Yes', 'Success', ACCOUNT, '—'],
      ['2024-01-15 12:00 UTC', 'ListBuckets', '203.0.113.45', 'us-east-1', '—', '—', ACCOUNT, 'AKIAIOSFODNN7EXAMPLE'],
    ]);

    // The root activity chart's table alternative: per-day counts.
    const chart = page.getByTestId('chart-root-activity');
    expect(await chart.locator('canvas[role="img"]').getAttribute('aria-label')).toBe(
      'Root CloudTrail activity per day: 4 root events on 3 days; 0 in the last 1 day before as-of. Busiest day: 2024-02-20.',
    );
    await chart.locator('details summary').click();
    const perDay = await chart.locator('details table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (c) => (c as HTMLElement).innerText.trim())));
    expect(perDay.map(([day, , count]) => [day, Number(count)])).toEqual(expectedPerDay(trail.known));
    expect(perDay.map(([day, , count]) => [day, Number(count)])).toEqual([
      ['2024-01-15', 1],
      ['2024-02-10', 1],
      ['2024-02-20', 2],
    ]);
    expect(perDay.every(([, acct]) => acct?.includes(ACCOUNT))).toBe(true);

    // Problems: the digest skipped with a note, the service event and the duplicate explained.
    const problems = await page.getByTestId('problems').innerText();
    expect(problems).toContain('CloudTrail digest file (integrity hashes, no events): skipped.');
    expect(problems).toContain('1 event with userIdentity.type Root was made by AWS services, not by a person (invokedBy autoscaling.amazonaws.com ×1); not counted as root activity.');
    // The duplicate note counts events of any identity and names the two files it merged (issue 10, item 8).
    expect(problems).toMatch(/1 event was loaded twice across \S+_CloudTrail_us-east-1_\S+\.json\.gz and \S+_CloudTrail_eu-west-1_\S+\.json\.gz \(same eventID, time and name\) and is counted once; it is a root event\./);

    const mb = trail.jsonBytes / 1e6;
    console.log(
      `[cloudtrail.e2e] folder of ${trail.fileCount} files (${trail.logFiles.length} .json.gz, ${trail.recordsWritten.toLocaleString('en-US')} records, ` +
        `${(trail.gzipBytes / 1e6).toFixed(1)} MB gzip / ${mb.toFixed(1)} MB JSON): files chosen → findings shown ${inPage} ms in the page ` +
        `= ${(trail.fileCount / (inPage / 1000)).toFixed(0)} files/s, ${(mb / (inPage / 1000)).toFixed(1)} MB/s of JSON ` +
        `(${wall} ms wall clock incl. the driver handing over the folder)`,
    );
  });

  it('made no request outside its own origin and logged no console error', () => {
    const origin = new URL(served.url).origin;
    expect(foreignRequests(w.requests, origin)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.dialogs).toEqual([]);
  });
});
