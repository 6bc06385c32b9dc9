// Bench rows for an organization trail (issue 13 item 7): the CLI over a generated org-trail folder
// against a plain single-threaded read of the same files (readFileSync + gunzipSync + JSON.parse), in
// the same run, alternating, best of BENCH_RUNS; the CLI with one thread and with every core; peak
// memory of each CLI run; and the rate over many small files.
//
//   BENCH_TRAIL_MB   size of the trail's JSON (default 100: the whole bench stays under 2 minutes;
//                    1100 is the issue's 1.07 GB / 1,800-file measurement)
//   BENCH_RUNS       runs of each contender (default 2)
//   BENCH_CLI        the CLI file to run (default dist-cli/credaudit.mjs when built, else src/cli/main.ts via tsx)
// The trail is generated once into the system temp folder (never the repo) and reused by later runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generate, parseArgs, serialize, writeOrgTrail } from '../../scripts/gen-trail';

const ROOT = resolve(import.meta.dirname, '../..');
/** The CLI measured: BENCH_CLI, else the built binary, else the source through tsx. */
const BIN = process.env.BENCH_CLI ?? resolve(ROOT, 'dist-cli/credaudit.mjs');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const NOW = '2024-12-31T00:00:00Z';

type Row = [string, string, string, string];

/** About 690 gen-trail records make a megabyte of JSON. */
const RECORDS_PER_MB = 690;
/** Generated per chunk, so memory stays bounded whatever the size. */
const CHUNK_MB = 100;

interface Trail {
  dir: string;
  files: string[];
  jsonBytes: number;
  gzipBytes: number;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** The org trail of `mb` MB of JSON in ≥ 1.4 files a MB, generated once per size into the temp folder. */
function orgTrail(mb: number): Trail {
  const dir = join(tmpdir(), `credaudit-bench-trail-${mb}mb-v1`);
  const done = join(dir, 'DONE.json');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    let jsonBytes = 0;
    let gzipBytes = 0;
    const chunks = Math.ceil(mb / CHUNK_MB);
    for (let k = 0; k < chunks; k++) {
      const chunkMb = Math.min(CHUNK_MB, mb - k * CHUNK_MB);
      const start = new Date(Date.UTC(2024, 0, 1) + k * 30 * 86_400_000).toISOString();
      const o = parseArgs(['--records', String(Math.round(chunkMb * RECORDS_PER_MB)), '--files', String(Math.round(chunkMb * 1.4)), '--seed', String(k + 1), '--start', start, '--days', '30', '--root-pct', '0.3', '--dup-pct', '10']);
      const w = writeOrgTrail(generate(o), o, dir);
      jsonBytes += w.rawBytes;
      gzipBytes += w.bytes;
    }
    writeFileSync(done, JSON.stringify({ jsonBytes, gzipBytes }));
  }
  const { jsonBytes, gzipBytes } = JSON.parse(readFileSync(done, 'utf8')) as { jsonBytes: number; gzipBytes: number };
  return { dir, files: walk(join(dir, 'AWSLogs')), jsonBytes, gzipBytes };
}

/** Many small log files (a few records each): the per-file cost. */
function smallFiles(count: number): string {
  const dir = join(tmpdir(), `credaudit-bench-small-${count}-v1`);
  if (existsSync(join(dir, 'DONE'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const records = generate(parseArgs(['--records', String(count * 3), '--root-pct', '0.5', '--seed', '5']));
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `f${String(i).padStart(5, '0')}.json.gz`), gzipSync(serialize(records.slice(i * 3, i * 3 + 3), 's3')));
  writeFileSync(join(dir, 'DONE'), '');
  return dir;
}

/** The plain baseline: every file read, gunzipped and JSON.parse'd, one after the other, on one thread. */
function plainRead(files: string[]): number {
  const t0 = performance.now();
  let n = 0;
  for (const f of files) n += (JSON.parse(gunzipSync(readFileSync(f)).toString('utf8')) as { Records: unknown[] }).Records.length;
  if (n === 0) throw new Error('no records');
  return performance.now() - t0;
}

/** Wall time (ms) and peak RSS (MB) of one CLI run over `dir`, or undefined when it failed. */
function cliRun(dir: string, threads: number, rssFile: string, preload: string): { ms: number; rssMb: number } | undefined {
  const args = ['--require', preload, ...(existsSync(BIN) ? [BIN] : ['src/cli/main.ts']), '--format', 'json', '--now', NOW, '--threads', String(threads), dir];
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS')), BENCH_RSS_FILE: rssFile };
  const t0 = performance.now();
  const r = spawnSync(existsSync(BIN) ? process.execPath : TSX, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
  const ms = performance.now() - t0;
  // Exit 1 means findings at or above --fail-on: a normal audit.
  if (r.status !== 0 && r.status !== 1) return undefined;
  return { ms, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

const mbs = (bytes: number, ms: number): string => `${(bytes / 1048576 / (ms / 1000)).toFixed(0)} MB/s`;

export function orgTrailRows(): Row[] {
  const mb = Number(process.env.BENCH_TRAIL_MB ?? 100);
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 2));
  const threads = availableParallelism();
  const how = existsSync(BIN) ? 'built binary' : 'from source via tsx (npm run build for the binary)';
  const work = join(tmpdir(), `credaudit-bench-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const rssFile = join(work, 'rss');
  const preload = join(work, 'rss.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`);
  const t0 = performance.now();
  const trail = orgTrail(mb);
  const genMs = performance.now() - t0;
  const small = smallFiles(3000);

  // Alternate the contenders, best of `runs` each: the machine is shared, and noise hits every one.
  let base = Infinity;
  const best: Record<string, { ms: number; rssMb: number }> = {};
  const keep = (k: string, r: { ms: number; rssMb: number } | undefined): void => {
    if (r && (best[k] === undefined || r.ms < (best[k] as { ms: number }).ms)) best[k] = r;
  };
  for (let i = 0; i < runs; i++) {
    base = Math.min(base, plainRead(trail.files));
    keep('one', cliRun(trail.dir, 1, rssFile, preload));
    keep('all', cliRun(trail.dir, threads, rssFile, preload));
    keep('small-one', cliRun(small, 1, rssFile, preload));
    keep('small-all', cliRun(small, threads, rssFile, preload));
  }
  rmSync(work, { recursive: true, force: true });

  const what = `org trail: ${trail.files.length} .json.gz, ${(trail.jsonBytes / 1048576).toFixed(0)} MB JSON (${(trail.gzipBytes / 1048576).toFixed(0)} MB gzip)${genMs > 1000 ? `, generated in ${(genMs / 1000).toFixed(0)} s` : ''}`;
  const rows: Row[] = [[what, `CLI: ${how}`, `plain readFileSync+gunzipSync+JSON.parse, 1 thread: ${base.toFixed(0)} ms (${mbs(trail.jsonBytes, base)})`, `best of ${runs}`]];
  const cliRow = (label: string, key: string, target: string): void => {
    const r = best[key];
    if (!r) rows.push([label, 'failed', '', '']);
    else rows.push([label, `${r.ms.toFixed(0)} ms (${mbs(trail.jsonBytes, r.ms)}), peak RSS ${r.rssMb.toFixed(0)} MB`, '', `${(r.ms / base).toFixed(2)}× the plain baseline's time (target ≤ ${target})`]);
  };
  cliRow('  CLI --threads 1', 'one', '0.5');
  cliRow(`  CLI --threads ${threads} (every core)`, 'all', threads >= 2 ? '0.35 on 2 cores' : '0.35 with 2 cores; this machine has 1');
  for (const [key, t] of [
    ['small-one', 1],
    ['small-all', threads],
  ] as const) {
    const r = best[key];
    rows.push([`3,000 small log files, --threads ${t}`, r ? `${(3000 / (r.ms / 1000)).toFixed(0)} files/s (${r.ms.toFixed(0)} ms, start-up included)` : 'failed', '', 'target ≥ 2,000 files/s']);
  }
  return rows;
}
