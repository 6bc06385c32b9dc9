// `npm run bench`: speed measured as ratios against a baseline run in the same process, never as
// timed assertions. Prints a table; exits 0.
//   1. credential report, 5,000 users: parse + evaluate vs a plain PapaParse parse of the same text
//   2. CloudTrail S3 log file: credaudit's readers (text, bytes) vs plain JSON.parse of the same text
//   3. an organization trail through the CLI (1 thread, every core) vs plain gunzip + JSON.parse, with
//      jq and DuckDB beside them; many small files (org-trail.ts; BENCH_TRAIL_MB sets the trail's
//      size). Memory over a 10 GB trail is its own script: npx tsx test/bench/trail-memory.ts
//   4. start-up of the built binary vs tsx
import Papa from 'papaparse';
import { evaluate } from '../../src/core/evaluate';
import { parseCredentialReport } from '../../src/core/credential-report/parse';
import { emptyDataset, finishCloudTrail } from '../../src/core/ingest';
import { detectCloudTrail } from '../../src/core/cloudtrail/detect';
import type { CloudTrailFileResult } from '../../src/core/cloudtrail/model';
import { parseCloudTrail, parseCloudTrailBytes } from '../../src/core/cloudtrail/read';
import { generate, parseArgs as trailArgs, serialize } from '../../scripts/gen-trail';
import { GENERATED, syntheticReport } from '../helpers/synthetic-report';
import { orgTrailRows } from './org-trail';
import { startupRow } from './startup';

const DAY = 86_400_000;

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const rows: [string, string, string, string][] = [];

// 1. Credential report
{
  const text = syntheticReport(5000);
  const baseline = best(15, () => Papa.parse(text, { skipEmptyLines: 'greedy' }));
  const ours = best(15, () => {
    const r = parseCredentialReport(text, { input: 'bench.csv', format: 'csv', generatedTime: GENERATED });
    const ds = emptyDataset();
    if (r.report) ds.reports.push(r.report);
    evaluate(ds, { now: GENERATED + DAY });
  });
  rows.push(['credential report, 5,000 users: parse+evaluate', `${ours.toFixed(1)} ms`, `PapaParse alone ${baseline.toFixed(1)} ms`, `${(ours / baseline).toFixed(2)}× baseline (target < 50 ms)`]);
}

// 2. CloudTrail
{
  const o = trailArgs(['--records', '100000', '--root-pct', '0.5']);
  const text = serialize(generate(o), 's3');
  const mb = text.length / 1048576;
  const format = detectCloudTrail(text) ?? 'cloudtrail-records';
  const baseline = best(3, () => JSON.parse(text));
  const ours = best(3, () => {
    const ds = emptyDataset();
    ds.cloudtrailFiles.push(parseCloudTrail(text, 'bench.json', format, { naiveTimeOffsetMinutes: 0 }));
    finishCloudTrail(ds);
  });
  rows.push([`CloudTrail S3 file, 100k records (${mb.toFixed(0)} MB), text reader`, `${(mb / (ours / 1000)).toFixed(0)} MB/s`, `JSON.parse ${(mb / (baseline / 1000)).toFixed(0)} MB/s`, `${(baseline / ours).toFixed(2)}× JSON.parse speed (target ≥ 0.5×)`]);
  // What files are read with (read-file.ts): the inflated bytes, never decoded as a whole.
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const plainBytes = best(3, () => JSON.parse(decoder.decode(bytes)));
  const fromBytes = best(3, () => {
    const ds = emptyDataset();
    ds.cloudtrailFiles.push(parseCloudTrailBytes(bytes, 'bench.json', format) as CloudTrailFileResult);
    finishCloudTrail(ds);
  });
  rows.push([`  the same file as bytes, byte reader`, `${(mb / (fromBytes / 1000)).toFixed(0)} MB/s`, `TextDecoder+JSON.parse ${(mb / (plainBytes / 1000)).toFixed(0)} MB/s`, `${(plainBytes / fromBytes).toFixed(2)}× their speed`]);
}

// 3. Organization trail through the CLI, one thread and every core; small files (test/bench/org-trail.ts)
rows.push(...orgTrailRows());

// 4. Start-up of the built binary vs tsx (test/bench/startup.ts)
rows.push(startupRow());

const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(w[i] ?? 0)).join('  '));
