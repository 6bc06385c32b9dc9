// Memory over a 10 GB organization trail (issue 13: growth ≤ 512 MB). Generates a trail of
// BENCH_MEMORY_GB gigabytes of JSON (default 10) into the system temp folder (never the repo), runs
// the built CLI over it with every core and with one thread, and prints each run's peak RSS against
// the CLI's peak RSS on a tiny input read with the same number of threads. The trail is deleted afterwards (BENCH_KEEP_TRAIL=1 keeps it).
//
//   npx tsx test/bench/trail-memory.ts            (about 10 GB of disk for a few minutes)
//   BENCH_MEMORY_GB=1 npx tsx test/bench/trail-memory.ts
//
// Generation is bounded: one 100 MB chunk of records is generated once and written again for every
// chunk with its times moved on by 30 days a chunk and its eventIDs given the chunk's number, so no
// two events share a de-duplication key (eventID, name, time) and every event is counted. gzip level
// 1 (what the reader pays to inflate hardly depends on the level). Peak RSS is the kernel's maximum
// resident set of the CLI process, threads included (process.resourceUsage().maxRSS, read at exit).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generate, parseArgs, writeOrgTrail } from '../../scripts/gen-trail';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = process.env.BENCH_CLI ?? resolve(ROOT, 'dist-cli/credaudit.mjs');
const GB = Number(process.env.BENCH_MEMORY_GB ?? 10);
const CHUNK_DAYS = 30;
const DAY = 86_400_000;
const START = Date.UTC(2015, 0, 1);
/** About 690 gen-trail records make a megabyte of JSON: a chunk is ~100 MB. */
const CHUNK_RECORDS = 69_000;
const CHUNK_FILES = 140;

function countFiles(dir: string): number {
  let n = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) stack.push(p);
      else n++;
    }
  }
  return n;
}

/** Writes the trail; its size in JSON and gzip bytes and the time the events end. */
function writeTrail(dir: string, jsonTarget: number): { jsonBytes: number; gzipBytes: number; files: number; end: number } {
  const o = parseArgs(['--records', String(CHUNK_RECORDS), '--files', String(CHUNK_FILES), '--seed', '11', '--start', new Date(START).toISOString(), '--days', String(CHUNK_DAYS), '--root-pct', '0.3', '--dup-pct', '10']);
  const records = generate(o);
  const base = records.map((r) => ({ time: r.time, eventTime: r.json.eventTime as string, eventID: r.json.eventID as string }));
  let jsonBytes = 0;
  let gzipBytes = 0;
  let files = 0;
  let k = 0;
  while (jsonBytes < jsonTarget) {
    const shift = k * CHUNK_DAYS * DAY;
    const prefix = k.toString(16).padStart(8, '0');
    // Duplicated root events share one json object: set from the base values, never from the current ones.
    records.forEach((r, i) => {
      const b = base[i] as { time: number; eventTime: string; eventID: string };
      r.time = b.time + shift;
      r.json.eventTime = new Date(Date.parse(b.eventTime) + shift).toISOString().replace(/\.\d{3}Z$/, 'Z');
      r.json.eventID = prefix + b.eventID.slice(8);
    });
    const w = writeOrgTrail(records, o, dir, 1);
    jsonBytes += w.rawBytes;
    gzipBytes += w.bytes;
    files += w.files;
    k++;
    if (k % 10 === 0) process.stderr.write(`  generated ${(jsonBytes / 1073741824).toFixed(1)} GB\n`);
  }
  return { jsonBytes, gzipBytes, files, end: START + k * CHUNK_DAYS * DAY };
}

interface Run {
  seconds: number;
  peakRssMb: number;
  code: number | null;
}

function cli(args: string[], work: string): Run {
  const rssFile = join(work, 'rss');
  const preload = join(work, 'rss.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`);
  rmSync(rssFile, { force: true });
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS')), BENCH_RSS_FILE: rssFile };
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', preload, BIN, '--format', 'json', ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 3_600_000 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) process.stderr.write(`CLI exit ${r.status}: ${r.stderr.toString().slice(-500)}\n`);
  return { seconds, peakRssMb: existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN, code: r.status };
}

function main(): void {
  if (!existsSync(BIN)) {
    console.log(`trail memory: skipped, ${BIN} is not built (npm run build:cli)`);
    return;
  }
  const work = join(tmpdir(), `credaudit-trail-memory-${process.pid}`);
  const trail = join(work, 'trail');
  const tiny = join(work, 'tiny');
  mkdirSync(tiny, { recursive: true });
  try {
    const t0 = performance.now();
    const w = writeTrail(trail, GB * 1073741824);
    const genSeconds = (performance.now() - t0) / 1000;
    const files = countFiles(trail);
    const now = new Date(w.end + DAY).toISOString();
    // The tiny input: two files of the same trail (enough for the pool to start with --threads).
    const t = generate(parseArgs(['--records', '200', '--files', '2', '--start', new Date(START).toISOString(), '--days', '1', '--root-pct', '5']));
    writeOrgTrail(t, parseArgs(['--records', '200', '--files', '2']), tiny);
    const threads = availableParallelism();
    const base = cli(['--now', now, tiny], work);
    const basePool = cli(['--now', now, '--threads', String(threads), tiny], work);
    // Every core asked for explicitly (the default picks the same on this trail), so that the tiny
    // input's run with the same --threads is the like-for-like base: the workers' own start-up
    // (a second copy of the program per thread) is paid on any input and is not growth.
    const all = cli(['--now', now, '--threads', String(threads), trail], work);
    const one = cli(['--now', now, '--threads', '1', trail], work);
    const gb = (b: number): string => (b / 1073741824).toFixed(2);
    console.log(`trail memory: ${gb(w.jsonBytes)} GB of JSON (${gb(w.gzipBytes)} GB gzip), ${files.toLocaleString('en-US')} files, generated in ${genSeconds.toFixed(0)} s`);
    console.log(`  tiny input: peak RSS ${base.peakRssMb.toFixed(0)} MB (with --threads ${threads}: ${basePool.peakRssMb.toFixed(0)} MB)`);
    for (const [label, r, same] of [
      [`every core (--threads ${threads})`, all, basePool],
      ['--threads 1', one, base],
    ] as const) {
      const growth = r.peakRssMb - same.peakRssMb;
      const vsOne = same === base ? '' : ` (${(r.peakRssMb - base.peakRssMb).toFixed(0)} MB over the tiny input read by one thread)`;
      console.log(`  ${label}: ${r.seconds.toFixed(0)} s (${(w.jsonBytes / 1048576 / r.seconds).toFixed(0)} MB/s), exit ${r.code}, peak RSS ${r.peakRssMb.toFixed(0)} MB: growth ${growth.toFixed(0)} MB over the tiny input with the same threads${vsOne} (target ≤ 512 MB)`);
    }
  } finally {
    if (process.env.BENCH_KEEP_TRAIL !== '1') rmSync(work, { recursive: true, force: true });
    else console.log(`  kept: ${work}`);
  }
}

main();
