// Reading the page's findings list in the real-browser tests. The list is virtual (only lines in
// view are in the DOM) and selected in the worker, so a test narrows it with the page's own filters
// (a check, every status, not grouped) and waits for the worker's answer before reading the rows.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Row {
  rule: string;
  status: string;
  resource: string;
  window: number | null;
  account: string;
  text: string;
}

/** The audit is ready and every part of the page is mounted (the first result is mounted in stages). */
export async function waitReady(page: Page, timeout = 30_000): Promise<void> {
  await page.getByTestId('ready').waitFor({ state: 'visible', timeout });
  await page.getByTestId('export-panel').waitFor({ state: 'attached', timeout });
}

/** Waits until the list shows the answer to the filters set last. */
export async function listSettled(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('findings-table').getAttribute('data-loading'), { timeout: 15_000 }).toBe('false');
}

/** Every status, one line per finding, sorted by the list's default order. */
export async function flatAll(page: Page): Promise<void> {
  await page.getByTestId('filter-status').selectOption('all');
  const group = page.getByTestId('group-toggle');
  if (await group.isChecked()) await group.uncheck();
  await listSettled(page);
}

/** The rows of one check (every status), as the list shows them. */
export async function rowsOf(page: Page, ruleId: string, resource?: string): Promise<Row[]> {
  await flatAll(page);
  await page.getByTestId('filter-rule').selectOption(ruleId);
  await listSettled(page);
  const rows = await page.locator('[data-testid="finding-row"]').evaluateAll((els) =>
    els.map((el) => {
      const w = el.querySelector('.window')?.textContent ?? '';
      return {
        rule: el.getAttribute('data-rule') ?? '',
        status: el.getAttribute('data-status') ?? '',
        resource: (el.querySelector('.res') as HTMLElement | null)?.innerText ?? '',
        window: /^(\d+) d window$/.test(w.trim()) ? Number(/^(\d+)/.exec(w.trim())![1]) : null,
        account: (el.querySelector('.c-acct') as HTMLElement | null)?.innerText ?? '',
        text: (el.querySelector('.msg') as HTMLElement | null)?.innerText ?? '',
        top: parseFloat((el as HTMLElement).style.top) || 0,
      };
    }),
  );
  rows.sort((a, b) => a.top - b.top);
  return rows.filter((r) => r.rule === ruleId && (resource === undefined || r.resource === resource)).map(({ top: _top, ...r }) => r);
}

export async function statusOf(page: Page, ruleId: string, resource?: string): Promise<string[]> {
  return (await rowsOf(page, ruleId, resource)).map((r) => r.status);
}

/** [window, status] per row of a check, by window. */
export async function windowsOf(page: Page, ruleId: string): Promise<Array<[number | null, string]>> {
  return (await rowsOf(page, ruleId)).map((r) => [r.window, r.status] as [number | null, string]).sort(([a], [b]) => (a ?? 0) - (b ?? 0));
}

/** Back to the default list: what needs attention, grouped by check. */
export async function resetFindings(page: Page): Promise<void> {
  const reset = page.getByTestId('findings-reset');
  if (await reset.isEnabled()) await reset.click();
  const group = page.getByTestId('group-toggle');
  if (!(await group.isChecked())) await group.check();
  await listSettled(page);
}

/** The check ids of the groups the list shows after searching `term` in every status. */
export async function searchGroups(page: Page, term: string): Promise<string[]> {
  await resetFindings(page);
  await page.getByTestId('filter-status').selectOption('all');
  await page.getByTestId('findings-search').fill(term);
  await listSettled(page);
  return page.locator('[data-testid="finding-group"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule') ?? ''));
}
