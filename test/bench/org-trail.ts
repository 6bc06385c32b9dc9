// Bench rows for an organization trail (issue 13 item 7): the CLI over a generated org-trail folder
// against a plain single-threaded read of the same files (readFileSync + gunzipSync + JSON.parse), in
// the same run, alternating, best of BENCH_RUNS; the CLI with one thread and with every core; what a
// user would run instead — jq (`gzip -dc` of every file into one jq that prints the root records) and
// DuckDB (credaudit's own generated DuckDB SQL, run by @duckdb/node-api in a child process), each
// skipped with the reason when it is not there; the one-thread CLI also pinned to one core (taskset),
// since its helper thread inflates on a second core; peak memory of each CLI run; and the rate over many
// small files. Every time is a whole process, start-up included, and is printed as a ratio to the
// plain baseline's.
//
//   BENCH_TRAIL_MB     size of the trail's JSON (default 100: the whole bench stays under 2 minutes;
//                      1100 is the issue's 1.07 GB / 1,800-file measurement)
//   BENCH_RUNS         runs of each contender (default 2)
//   BENCH_SMALL_FILES  small log files for the files/s rows (default 3000)
//   BENCH_CLI          the CLI file to run (default dist-cli/credaudit.mjs when built, else src/cli/main.ts via tsx)
// The trail is generated once into the system temp folder (never the repo) and reused by later runs.
// The 10 GB memory measurement is test/bench/trail-memory.ts (too long for every bench run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generate, parseArgs, serialize, writeOrgTrail } from '../../scripts/gen-trail';
import { generateSql } from '../../src/core/sql/generate';
import { filesUnder } from '../helpers/files';

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
  return { dir, files: filesUnder(join(dir, 'AWSLogs')), jsonBytes, gzipBytes };
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
function cliRun(dir: string, threads: number, rssFile: string, preload: string, pinned = false): { ms: number; rssMb: number } | undefined {
  const args = ['--require', preload, ...(existsSync(BIN) ? [BIN] : ['src/cli/main.ts']), '--format', 'json', '--now', NOW, '--threads', String(threads), dir];
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS')), BENCH_RSS_FILE: rssFile };
  const cmd = existsSync(BIN) ? process.execPath : TSX;
  const t0 = performance.now();
  // Pinned: every thread of the process (the helper that reads and inflates, V8's own) shares core 0.
  const r = pinned ? spawnSync(TASKSET, ['-c', '0', cmd, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 }) : spawnSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 600_000 });
  const ms = performance.now() - t0;
  // Exit 1 means findings at or above --fail-on: a normal audit.
  if (r.status !== 0 && r.status !== 1) return undefined;
  return { ms, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

/** Wall time (ms) of a command, or why it could not run. */
function timed(cmd: string, args: string[], opts: { input?: string } = {}): { ms: number } | { why: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], input: opts.input, timeout: 600_000, maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.error) return { why: r.error.message };
  if (r.status !== 0) return { why: `exit ${r.status}: ${r.stderr.toString().trim().split('\n').pop() ?? ''}` };
  return { ms };
}

const JQ = process.env.BENCH_JQ ?? '/usr/bin/jq';
const TASKSET = '/usr/bin/taskset';
/** What a user would type: every file inflated into one jq that prints the root records (jq is one thread; gzip runs beside it). */
const JQ_FILTER = '.Records[] | select(.userIdentity.type == "Root")';

/** jq over the trail, or why not. */
function jqRun(dir: string): { ms: number } | { why: string } {
  if (!existsSync(JQ)) return { why: `no jq at ${JQ} (BENCH_JQ names another)` };
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  return timed('sh', ['-c', `find ${q(dir)} -name '*.json.gz' -print0 | sort -z | xargs -0 gzip -dc | ${q(JQ)} -c ${q(JQ_FILTER)} > /dev/null`]);
}

/** DuckDB running credaudit's generated SQL over the trail in a child process (its own threads: every core), or why not. */
function duckdbRun(dir: string, work: string): { ms: number } | { why: string } {
  const sql = generateSql('duckdb', { path: dir, out: join(work, 'duckdb-result.csv'), days: 0, now: Date.parse(NOW) });
  if ('problem' in sql) return { why: sql.problem };
  const script = join(work, 'duckdb-run.mjs');
  // The SQL comes on stdin; the module is resolved from the repo (the script lives in the temp folder).
  const api = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('@duckdb/node-api')).href;
  writeFileSync(
    script,
    [
      `import { readFileSync } from 'node:fs';`,
      `const { DuckDBInstance } = await import(${JSON.stringify(api)});`,
      `const c = await (await DuckDBInstance.create(':memory:')).connect();`,
      `await c.run(readFileSync(0, 'utf8'));`,
    ].join('\n'),
  );
  const probe = timed(process.execPath, [script], { input: 'SELECT 1' });
  if ('why' in probe) return { why: `@duckdb/node-api cannot run here (${probe.why})` };
  return timed(process.execPath, [script], { input: sql.value.sql });
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
  const smallCount = Math.max(1, Number(process.env.BENCH_SMALL_FILES ?? 3000));
  const small = smallFiles(smallCount);

  // Alternate the contenders, best of `runs` each: the machine is shared, and noise hits every one.
  let base = Infinity;
  const best: Record<string, { ms: number; rssMb: number }> = {};
  const keep = (k: string, r: { ms: number; rssMb: number } | undefined): void => {
    if (r && (best[k] === undefined || r.ms < (best[k] as { ms: number }).ms)) best[k] = r;
  };
  const others: Record<'jq' | 'duckdb', { ms: number } | { why: string }> = { jq: { why: 'not run' }, duckdb: { why: 'not run' } };
  const keepOther = (k: 'jq' | 'duckdb', r: { ms: number } | { why: string }): void => {
    const was = others[k];
    if ('why' in was || ('ms' in r && r.ms < was.ms)) others[k] = r;
  };
  for (let i = 0; i < runs; i++) {
    base = Math.min(base, plainRead(trail.files));
    keep('one', cliRun(trail.dir, 1, rssFile, preload));
    if (existsSync(TASKSET)) keep('pinned', cliRun(trail.dir, 1, rssFile, preload, true));
    keep('all', cliRun(trail.dir, threads, rssFile, preload));
    keepOther('jq', jqRun(trail.dir));
    keepOther('duckdb', duckdbRun(trail.dir, work));
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
  cliRow('  CLI --threads 1 (one thread scans; a helper thread reads and inflates a few files ahead)', 'one', '0.5');
  if (existsSync(TASKSET)) cliRow('  CLI --threads 1 pinned to one core (taskset -c 0: all its threads share it)', 'pinned', '0.5 on one core');
  else rows.push(['  CLI pinned to one core', `skipped: no ${TASKSET}`, '', '']);
  cliRow(`  CLI --threads ${threads} (every core)`, 'all', threads >= 2 ? '0.35 on 2 cores' : '0.35 with 2 cores; this machine has 1');
  const otherRow = (label: string, r: { ms: number } | { why: string }, what: string): void => {
    if ('why' in r) rows.push([label, `skipped: ${r.why}`, what, '']);
    else rows.push([label, `${r.ms.toFixed(0)} ms (${mbs(trail.jsonBytes, r.ms)})`, what, `${(r.ms / base).toFixed(2)}× the plain baseline's time`]);
  };
  otherRow('  jq', others.jq, `gzip -dc every file | jq -c '${JQ_FILTER}' (root records only, no coverage)`);
  otherRow('  DuckDB', others.duckdb, 'credaudit sql duckdb (root events + coverage per account) via @duckdb/node-api, every core');
  for (const [key, t] of [
    ['small-one', 1],
    ['small-all', threads],
  ] as const) {
    const r = best[key];
    rows.push([`${smallCount.toLocaleString('en-US')} small log files, --threads ${t}`, r ? `${(smallCount / (r.ms / 1000)).toFixed(0)} files/s (${r.ms.toFixed(0)} ms, start-up included)` : 'failed', '', 'target ≥ 2,000 files/s']);
  }
  return rows;
}
