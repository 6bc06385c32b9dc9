// Writes generated records as an organization trail folder on disk, the layout AWS delivers:
// AWSLogs/o-ORG/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ACCOUNT_CloudTrail_REGION_STAMP_N.json.gz,
// one file per account, region and UTC day (split further every `perFile` records). Duplicated
// records (gen-trail's --dup-pct) stay in the file their time falls in, as a second copy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serialize, type GenRecord } from '../../scripts/gen-trail';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Returns the files written, relative to `dir`, in writing order. */
export function writeTrailFolder(records: GenRecord[], dir: string, org: string, perFile: number): string[] {
  const groups = new Map<string, GenRecord[]>();
  for (const r of records) {
    const key = `${r.account}|${r.region}|${new Date(r.time).toISOString().slice(0, 10)}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const written: string[] = [];
  let seq = 0;
  for (const [key, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [account, region, day] = key.split('|') as [string, string, string];
    const [y, m, d] = day.split('-') as [string, string, string];
    for (let i = 0; i < list.length; i += perFile) {
      const chunk = list.slice(i, i + perFile);
      const last = new Date((chunk[chunk.length - 1] as GenRecord).time);
      const stamp = `${y}${m}${d}T${pad(last.getUTCHours())}${pad(last.getUTCMinutes())}Z`;
      const rel = join('AWSLogs', org, account, 'CloudTrail', region, y, m, d, `${account}_CloudTrail_${region}_${stamp}_${String(seq++).padStart(8, '0')}.json.gz`);
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), gzipSync(serialize(chunk, 's3')));
      written.push(rel);
    }
  }
  return written;
}
