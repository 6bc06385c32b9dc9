import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { scanObjectBytes } from '../src/core/cloudtrail/scan-bytes';
function walk(d: string, out: string[] = []) { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p, out); else if (p.endsWith('.gz')) out.push(p); } return out; }
const files = walk('/tmp/credaudit-bench-trail-100mb-v1').slice(0, 60).map((p) => new Uint8Array(gunzipSync(readFileSync(p))));
const total = files.reduce((n, b) => n + b.length, 0);
let objs = 0;
for (let k = 0; k < 6; k++) {
  const t0 = performance.now();
  for (const b of files) scanObjectBytes(b, () => { objs++; });
  const ms = performance.now() - t0;
  let t1 = performance.now(); let q = 0;
  for (const b of files) { let i = -1; while ((i = b.indexOf(34, i + 1)) >= 0) q++; }
  const ms2 = performance.now() - t1;
  t1 = performance.now();
  for (const b of files) JSON.parse(new TextDecoder().decode(b));
  const ms3 = performance.now() - t1;
  console.log(`scan ${(total / 1048576 / (ms / 1000)).toFixed(0)} MB/s; indexOf(quote) loop ${(total / 1048576 / (ms2 / 1000)).toFixed(0)} MB/s (${q} quotes); decode+JSON.parse ${(total / 1048576 / (ms3 / 1000)).toFixed(0)} MB/s`);
}
console.log('avg bytes between quotes', (total / (objs ? 1 : 1)) , total);
