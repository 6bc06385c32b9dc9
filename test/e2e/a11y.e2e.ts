// Accessibility checks on the built page with the sample loaded, in light and dark themes:
// landmarks and heading order, names on every control, target sizes (≥ 24 px), text contrast
// (WCAG AA, computed from the rendered colours, badges included), a visible focus ring on every
// Tab stop, a live region for status, and the charts' text alternatives.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, haveChromium, launch, openPage, serveDist, type Served, type Watched } from './browser';

const why = haveChromium ? '' : ` — SKIPPED: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
if (!haveChromium) console.warn(`[a11y.e2e] skipped: no Chromium at ${CHROMIUM}`);

/** Runs in the page: every visible text run whose contrast with its backdrop is below AA. */
function lowContrast(): string[] {
  const parse = (c: string): [number, number, number, number] => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m?.[1]) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 1];
  };
  const blend = (top: number[], under: number[]): [number, number, number, number] => {
    const a = top[3] ?? 1;
    return [0, 1, 2].map((i) => (top[i] ?? 0) * a + (under[i] ?? 0) * (1 - a)).concat(1) as [number, number, number, number];
  };
  const backdrop = (el: Element | null): [number, number, number, number] => {
    const chain: Element[] = [];
    for (let e = el; e; e = e.parentElement) chain.push(e);
    let color: [number, number, number, number] = [255, 255, 255, 1];
    for (const e of chain.reverse()) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) color = blend(bg, color);
      // A modal dialog sits on its own opaque background; nothing under it shows through.
    }
    return color;
  };
  const lum = (c: number[]) => {
    const f = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c[0] ?? 0) + 0.7152 * f(c[1] ?? 0) + 0.0722 * f(c[2] ?? 0);
  };
  const ratio = (a: number[], b: number[]) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return ((x ?? 0) + 0.05) / ((y ?? 0) + 0.05);
  };
  const out: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set<Element>();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || seen.has(el) || !(n.textContent ?? '').trim()) continue;
    seen.add(el);
    if (el.closest('option, canvas, [aria-hidden="true"], :disabled, .visually-hidden, dialog:not([open]), details:not([open]) > :not(summary)')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || Number(cs.opacity) === 0) continue;
    let fg = parse(cs.color);
    const bg = backdrop(el);
    fg = blend(fg, bg);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    const got = ratio(fg, bg);
    if (got < need) out.push(`${got.toFixed(2)} < ${need}: "${(n.textContent ?? '').trim().slice(0, 40)}" (${el.tagName.toLowerCase()}.${el.className}) ${cs.color} on rgb(${bg.slice(0, 3).map(Math.round).join(',')})`);
  }
  return out;
}

/** Runs in the page: interactive elements with no accessible name, or a target under 24 × 24 px. */
function controlsProblems(): { unnamed: string[]; small: string[] } {
  const unnamed: string[] = [];
  const small: string[] = [];
  const els = document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, summary, [role="tab"]');
  for (const el of els) {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || el.closest('.visually-hidden, [aria-hidden="true"], dialog:not([open])')) continue;
    const labelled = el.getAttribute('aria-labelledby')?.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    const forLabel = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : undefined;
    const wrapping = el.closest('label')?.textContent;
    const name = (el.getAttribute('aria-label') ?? labelled ?? forLabel ?? wrapping ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? el.getAttribute('title') ?? '').trim();
    const desc = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    if (!name) unnamed.push(desc);
    // Inline links inside sentences are exempt (WCAG 2.5.8); checkboxes count with their label.
    const inline = el.tagName === 'A' && cs.display === 'inline' && el.parentElement?.closest('p, li, td') !== null;
    if (inline) continue;
    const box = el.matches('input[type="checkbox"], input[type="radio"]') ? (el.closest('label')?.getBoundingClientRect() ?? r) : r;
    if (box.width < 24 - 0.5 || box.height < 24 - 0.5) small.push(`${desc} ${box.width.toFixed(0)}×${box.height.toFixed(0)}`);
  }
  return { unnamed, small };
}

async function loadSample(page: Page): Promise<void> {
  await page.getByTestId('load-sample').click();
  await page.getByTestId('ready').waitFor({ state: 'visible', timeout: 30_000 });
  await page.getByTestId('export-panel').waitFor({ state: 'attached' });
  // Open every text alternative so its tables are checked too.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
}

describe.skipIf(!haveChromium)(`accessibility${why}`, () => {
  let browser: Browser;
  let served: Served;
  const pages: Watched[] = [];

  beforeAll(async () => {
    browser = await launch();
    served = await serveDist();
  });
  afterAll(async () => {
    for (const w of pages) await w.context.close().catch(() => undefined);
    await browser?.close();
    await served?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: text contrast meets WCAG AA, dashboard and finding detail`, async () => {
      const w = await openPage(browser, { colorScheme: scheme });
      pages.push(w);
      await w.page.goto(served.url);
      expect(await w.page.evaluate(lowContrast)).toEqual([]);
      // The checker itself catches a bad pair (grey on grey), then the probe goes away.
      await w.page.evaluate(() => {
        const p = document.createElement('p');
        p.id = 'probe';
        p.textContent = 'probe text';
        p.style.cssText = 'color:#777;background:#888';
        document.querySelector('main')?.append(p);
      });
      expect((await w.page.evaluate(lowContrast)).join('\n')).toContain('probe text');
      await w.page.evaluate(() => document.getElementById('probe')?.remove());
      await loadSample(w.page);
      expect(await w.page.evaluate(lowContrast)).toEqual([]);
      await w.page.locator('[data-testid="finding-group"]').first().getByTestId('group-toggle-rule').click();
      await w.page.locator('[data-testid="finding-open"]').first().click();
      await w.page.getByTestId('finding-detail').waitFor({ state: 'visible' });
      for (const tab of ['console', 'cli', 'prevention', 'verify']) {
        await w.page.getByTestId(`rem-tab-${tab}`).click();
        expect(await w.page.evaluate(lowContrast)).toEqual([]);
      }
    });
  }

  it('landmarks, one h1, headings in order, named controls, targets ≥ 24 px, live region', async () => {
    const w = await openPage(browser);
    pages.push(w);
    const { page } = w;
    await page.goto(served.url);
    await loadSample(page);
    for (const role of ['banner', 'main', 'contentinfo'] as const) expect(await page.getByRole(role).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(1);
    // (The print view's own h1 stays in the DOM, hidden, until it is opened.)
    expect(await page.locator('h1:visible').count()).toBe(1);
    const levels = await page.evaluate(() =>
      [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
        .filter((h) => h.getBoundingClientRect().height > 0 && !h.closest('dialog:not([open])'))
        .map((h) => Number(h.tagName[1])),
    );
    const skips = levels.flatMap((l, i) => (i > 0 && l > (levels[i - 1] as number) + 1 ? [`h${levels[i - 1]} → h${l} at #${i}`] : []));
    expect(skips).toEqual([]);
    const { unnamed, small } = await page.evaluate(controlsProblems);
    expect(unnamed).toEqual([]);
    expect(small).toEqual([]);
    const live = page.getByTestId('live-status');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    expect(await live.innerText()).toMatch(/Audit ready/);
    // Charts: role=img with a label that states the point, and a data table.
    for (const canvas of await page.locator('canvas').all()) {
      expect(await canvas.getAttribute('role')).toBe('img');
      expect((await canvas.getAttribute('aria-label'))?.length ?? 0).toBeGreaterThan(30);
    }
  });

  it('every Tab stop shows a visible focus ring', async () => {
    const w = await openPage(browser);
    pages.push(w);
    const { page } = w;
    await page.goto(served.url);
    await loadSample(page);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const missing: string[] = [];
    for (let i = 0; i < 90; i++) {
      await page.keyboard.press('Tab');
      const r = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const cs = getComputedStyle(el);
        const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
        return { ring, what: `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 30)}"` };
      });
      if (r && !r.ring) missing.push(r.what);
    }
    expect(missing).toEqual([]);
  });
});
