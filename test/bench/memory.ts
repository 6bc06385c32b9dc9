// `npm run bench` (memory part): peak RSS of reading, auditing and exporting (evidence JSON and
// OSCAL) a 30,000-user credential report and a report with one 10 MB cell, each in its own
// process (memory-scenario.ts). BEFORE holds the same scenarios measured on the tree before issue 11
// (commit 8a1afc1, `git archive 8a1afc1 | tar -x -C DIR`, node_modules linked, then
// `tsx test/bench/memory-scenario.ts SCENARIO DIR`), on the same 2-core machine.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

const BEFORE: Record<string, string> = {
  'users-30000': 'audit failed: "Maximum call stack size exceeded" (peak RSS 277 MB); 20,000 users then: peak RSS 1,732 MB, JSON 206 MB, OSCAL 179 MB, 99 s',
  'cell-10mb': 'peak RSS 1,573 MB; JSON 120 MB, OSCAL 200 MB; 47 s',
};

for (const scenario of ['users-30000', 'cell-10mb']) {
  const r = spawnSync(TSX, [resolve(ROOT, 'test/bench/memory-scenario.ts'), scenario], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  let now = `failed (${r.stderr.trim().split('\n').pop() ?? r.status})`;
  try {
    const m = JSON.parse(line) as Record<string, number | string>;
    now = m.error ? `error: ${m.error}` : `peak RSS ${m.peakRssMB} MB (${m.auditPeakRssMB} MB after the audit, before the exports); JSON ${m.jsonMB} MB, OSCAL ${m.oscalMB} MB; ${m.seconds} s`;
  } catch {
    // keep the failure text
  }
  console.log(`memory, ${scenario.padEnd(12)} now: ${now}\n                        before: ${BEFORE[scenario]}`);
}
