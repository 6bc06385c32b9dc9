import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
// @ts-expect-error plain ESM
import { serveStatic } from '../scripts/static-server.mjs';
import { GENERATED, syntheticReport } from './helpers/synthetic-report';
const report = JSON.stringify({ Content: Buffer.from(syntheticReport(5000)).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: new Date(GENERATED).toISOString() });
const tmp = mkdtempSync(join(tmpdir(), 'prof-')); const path = join(tmp, 'r.json'); writeFileSync(path, report);
const served = await serveStatic(process.env.DIST ?? 'dist', {});
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await b.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(served.url);
await page.getByTestId('choose-files').waitFor();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
const phase = process.argv[2] ?? 'load';
if (phase !== 'load') { await page.getByTestId('file-input').setInputFiles(path); await page.getByTestId('ready').waitFor({ timeout: 60000 }); await page.waitForTimeout(1500); }
await cdp.send('Profiler.start');
if (phase === 'load') { await page.getByTestId('file-input').setInputFiles(path); await page.getByTestId('ready').waitFor({ timeout: 60000 }); }
else if (phase === 'window') { await page.getByTestId('window-1').check(); }
else { await page.getByTestId('filter-status').selectOption('all'); await page.getByTestId('group-toggle').uncheck(); await page.waitForTimeout(500); await page.getByTestId('findings-table').evaluate((el) => (el.scrollTop = el.scrollHeight / 2)); }
await page.waitForTimeout(1500);
const { profile } = await cdp.send('Profiler.stop') as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[]; samples: number[]; timeDeltas: number[] } };
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byFn = new Map<string, number>();
for (const n of profile.nodes) { const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${(n.callFrame as {columnNumber?:number}).columnNumber}`; byFn.set(k, (byFn.get(k) ?? 0) + (self.get(n.id) ?? 0) / 1000); }
console.log([...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(1)} ms  ${k}`).join('\n'));
console.log('dom', await page.evaluate(() => document.querySelectorAll('*').length), await page.evaluate(() => { const c = new Map<string, number>(); for (const s of document.querySelectorAll('main > *, main > section')) c.set(s.id || s.className, s.querySelectorAll('*').length); return [...c]; }));
await b.close(); await served.close();
