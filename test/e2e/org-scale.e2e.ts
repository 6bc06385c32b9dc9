// The "Organization scale" panel in Chromium: what is missing is said per engine, the SQL appears as
// the user types bucket, org id, accounts, event data store and days, the copy button puts exactly
// that SQL on the clipboard, and nothing leaves the page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, foreignRequests, haveChromium, launch, openPage, serveDist, type Served } from './browser';

if (!haveChromium) console.warn(`[org-scale.e2e] skipped: no Chromium at ${CHROMIUM}`);

describe.skipIf(!haveChromium)('Organization scale panel', () => {
  let browser: Browser;
  let served: Served;
  beforeAll(async () => {
    browser = await launch();
    served = await serveDist();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('builds the Athena, Lake and DuckDB SQL from the fields, with copy buttons', async () => {
    const w = await openPage(browser);
    const { page } = w;
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(served.url).origin });
    await page.goto(served.url);
    const panel = page.getByTestId('org-scale-panel');
    await panel.locator('summary').click();

    // Nothing typed: each engine says what it needs (DuckDB has a default folder).
    await expect.poll(() => page.getByTestId('org-need-athena').textContent()).toContain('Give the bucket the trail delivers to');
    expect(await page.getByTestId('org-need-lake').textContent()).toContain('Give the event data store');
    expect(await page.getByTestId('org-sql-duckdb').locator('pre').textContent()).toContain("read_json('./AWSLogs/**/*.json.gz'");

    await page.getByTestId('org-bucket').fill('my-org-trail');
    await page.getByTestId('org-id').fill('o-a1b2c3d4e5');
    expect(await page.getByTestId('org-need-athena').textContent()).toContain("Athena's partition projection reads only the accounts it lists");
    await page.getByTestId('org-accounts').fill('111122223333 444455556666');
    await page.getByTestId('org-eds').fill('EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE');
    await page.getByTestId('org-days').fill('30');

    const athena = (await page.getByTestId('org-sql-athena').locator('pre').textContent()) ?? '';
    expect(athena).toContain("LOCATION 's3://my-org-trail/AWSLogs/o-a1b2c3d4e5/'");
    expect(athena).toContain("'projection.account.values' = '111122223333,444455556666'");
    const lake = (await page.getByTestId('org-sql-lake').locator('pre').textContent()) ?? '';
    expect(lake).toContain('FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE\nWHERE eventTime >= ');

    await page.getByTestId('org-copy-athena').click();
    await expect.poll(() => page.getByTestId('org-sql-athena').getByRole('status').textContent()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(athena);

    await page.getByTestId('org-days').fill('ten');
    expect(await page.getByTestId('org-need-lake').textContent()).toContain('Days must be a whole number');

    expect(w.consoleErrors).toEqual([]);
    expect(foreignRequests(w.requests, served.url)).toEqual([]);
    await w.context.close();
  });
});
