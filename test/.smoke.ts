import { chromium } from 'playwright-core';
// @ts-expect-error plain ESM
import { serveStatic } from '../scripts/static-server.mjs';
const served = await serveStatic('dist', {});
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const w = Number(process.argv[2] ?? 390);
const ctx = await b.newContext({ viewport: { width: w, height: 900 }, colorScheme: 'light' });
const p = await ctx.newPage();
await p.goto(served.url);
await p.getByTestId('load-sample').click();
await p.getByTestId('ready').waitFor({ timeout: 30000 });
await p.waitForTimeout(800);
console.log('bisect', await p.evaluate(() => { const res: string[] = []; const kids = [...document.body.querySelectorAll('body > *, #app > *, main > *, main > section > *, main > div > *')]; for (const k of kids) { const el = k as HTMLElement; const old = el.style.display; el.style.display = 'none'; const w = document.documentElement.scrollWidth; el.style.display = old; if (w <= innerWidth) res.push(`${el.tagName}#${el.id}.${String(el.className).slice(0,30)} ${el.getAttribute('data-testid') ?? ''}`); } return res; }));
console.log('scroll', await p.evaluate(() => [document.documentElement.scrollWidth, innerWidth, document.body.scrollWidth]));
console.log(await p.evaluate(() => { const out: string[] = []; for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect(); if (r.right <= innerWidth + 1 || r.width === 0) continue; let clip = false; for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) { const cs = getComputedStyle(e); if (cs.overflowX !== 'visible' || cs.display === 'none') { clip = true; break; } } if (!clip || /absolute|fixed/.test(getComputedStyle(el).position)) out.push(`${el.tagName}.${String(el.className).slice(0,40)} ${Math.round(r.left)}-${Math.round(r.right)} pos=${getComputedStyle(el).position} ${(el.textContent??'').slice(0,30)}`); } return out.slice(0, 25); }));
console.log(await p.evaluate(() => {
  const out: string[] = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 && r.width > 0) {
      let inScroll = false;
      for (let e = el.parentElement; e; e = e.parentElement) { const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') { inScroll = true; break; } }
      if (!inScroll || getComputedStyle(el).position === 'absolute') out.push(`${el.tagName}.${el.className} ${Math.round(r.right)} ${(el.textContent ?? '').slice(0, 30)}`);
    }
  }
  return out.slice(0, 15);
}));
await p.getByTestId('export-print').click();
await p.getByTestId('print-view').waitFor();
await p.waitForTimeout(500);
console.log('print', await p.evaluate(() => {
  const root = document.querySelector('[data-testid="print-view"]') as HTMLElement;
  const out: string[] = [`${root.scrollWidth} ${root.clientWidth}`];
  const lim = root.getBoundingClientRect().right;
  for (const el of root.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > lim + 1) {
      let clipped = false;
      for (let e = el.parentElement; e && e !== root; e = e.parentElement) { const o = getComputedStyle(e).overflowX; if (o !== 'visible') { clipped = true; break; } }
      if (!clipped) out.push(`${el.tagName}.${el.className} ${Math.round(r.right)} ${(el.textContent ?? '').slice(0, 40)}`);
    }
  }
  return out.slice(0, 12);
}));
await b.close(); await served.close();
