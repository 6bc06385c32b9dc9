// credaudit CLI: an adapter over the engine — flags parsed with core's options.ts, files and
// folders from disk, one audit() (an AuditSession request), output in any format of the export
// registry. Exit 0: nothing at or above --fail-on; 1: findings at or above it; 2: no usable input or
// usage error.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { audit } from '../core/audit';
import { asffOmitted, DEFAULT_ASFF_REGION, REGION_RE } from '../core/evidence/asff';
import { EXPORT_FORMATS, exportFormat, type ExportFormat } from '../core/evidence/registry';
import { parseExceptions } from '../core/exceptions-file';
import { DEFAULT_MAX_FILE_MB, DEFAULT_MAX_TOTAL_GB, DEFAULT_WINDOWS, MAX_FILE_MB, parseMaxFileMb, parseMaxTotalGb, parseTimeOffset, parseWindows, timeOffsetText } from '../core/options';
import { parseOffsetMinutes, parseUtc } from '../core/time';
import { TOOL } from '../core/version';
import { SEVERITIES, type AuditInput, type AuditOptions, type AuditResult, type ExceptionEntry, type Problem, type Severity } from '../core/types';
import pkg from '../../package.json' with { type: 'json' };
import { runSql } from './sql-command';
import { MAX_GUNZIP_BYTES } from '../core/input/decode';
import { InflateAhead, nodeSha256 } from './node-gunzip';
import { closeSpareWorkers, defaultThreads, InflateThread, prestartWorkers, readPoolFor } from './pool';
import { zipArchiveInputs } from './zip-inputs';
import { specialFileKind, walkPaths } from './walk';
import { pushAll } from '../core/arrays';

const FORMAT_IDS = EXPORT_FORMATS.map((f) => f.id);
const FAIL_ON = ['critical', 'high', 'medium', 'low', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];
const WINDOWS_EXAMPLE = DEFAULT_WINDOWS.join(',');

const USAGE = `Usage: credaudit [--format ${FORMAT_IDS.join('|')}] [--as-of ISO] [--now ISO]
                 [--windows ${WINDOWS_EXAMPLE}] [--exceptions FILE] [--fail-on critical|high|medium|low|never]
                 [--time-offset +HH:MM] [--baseline PREVIOUS.json] [--fail-on-new SEVERITY]
                 [--region REGION] [--max-file-mb MB] [--max-total-gb GB] [--threads N] FILE|DIR...
       credaudit sql athena|lake|duckdb …   (SQL for Athena, CloudTrail Lake or DuckDB; credaudit sql --help)

Audits AWS root-account credential hygiene from an IAM credential report (CSV or
get-credential-report JSON), CloudTrail logs in any export shape, and optional evidence files.
Directories are walked. Nothing is sent anywhere.

  --format      output format (default text; json is the AuditResult evidence document)
  --as-of       instant windows are measured back from (default: each report's GeneratedTime)
  --now         evaluation clock (default: the real time); for reproducible evidence
  --windows     comma-separated day windows (default ${WINDOWS_EXAMPLE})
  --exceptions  JSON or YAML file {"exceptions":[{ruleId, accountId, resource?, owner,
                justification, expires, ticket?}]}
  --fail-on     lowest severity of a FAIL that makes the exit code 1 (default high)
  --time-offset zone offset for console CSV times written without a zone (default UTC)
  --baseline    a previous audit's evidence JSON (--format json): every format starts with the
                changes since it (new, resolved, still failing, exceptions added or ended)
  --fail-on-new exit 1 only for FAIL findings new since --baseline at or above this severity
                (critical|high|medium|low|info); replaces --fail-on
  --region      Security Hub region in the ASFF ProductArn (default ${DEFAULT_ASFF_REGION})
  --max-file-mb largest file read, plain or decompressed (default ${DEFAULT_MAX_FILE_MB}, at most ${MAX_FILE_MB});
                larger files are named in the problems and not read
  --max-total-gb most read from all files together, decompressed (default ${DEFAULT_MAX_TOTAL_GB})
  --threads     files read at the same time by worker threads (default: one per core, here ${defaultThreads()},
                when there are many files of more than 32 KB on average; files under 16 KB are read on the main
                thread); 1: the main thread reads every file (a helper
                thread reads and inflates files from 16 KB a few ahead). The output is the same for any number.

Exit codes: 0 no FAIL at or above --fail-on, 1 there is one, 2 no usable input or a usage error.`;

export class UsageError extends Error {}

/** More reading threads than this only adds memory: no machine has the cores to run them. */
const MAX_THREADS = 256;

export interface CliOptions {
  /** An export registry id. */
  format: string;
  asOf?: number;
  now: number;
  windows?: number[];
  exceptionsFile?: string;
  failOn: FailOn;
  /** Minutes east of UTC. */
  naiveTimeOffsetMinutes?: number;
  /** A previous audit's evidence JSON to compare with. */
  baseline?: string;
  /** Exit 1 only for new FAILs at or above this severity (needs a baseline). */
  failOnNew?: Severity;
  /** ASFF ProductArn region. */
  region?: string;
  /** --max-file-mb, in bytes. */
  maxFileBytes?: number;
  /** --max-total-gb, in bytes. */
  maxTotalBytes?: number;
  /** --threads: worker threads reading files (1: the main thread reads, a helper thread inflates ahead); undefined: one per core when the files are many. */
  threads?: number;
  paths: string[];
}

function parseInstant(flag: string, v: string): number {
  const p = parseUtc(v);
  if (!p) throw new UsageError(`${flag}: "${v}" is not an ISO 8601 date or date-time`);
  return p.ms;
}

export function parseCliArgs(argv: string[], realNow: number): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        'as-of': { type: 'string' },
        now: { type: 'string' },
        windows: { type: 'string' },
        exceptions: { type: 'string' },
        'fail-on': { type: 'string' },
        'time-offset': { type: 'string' },
        baseline: { type: 'string' },
        'fail-on-new': { type: 'string' },
        region: { type: 'string' },
        'max-file-mb': { type: 'string' },
        'max-total-gb': { type: 'string' },
        threads: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const format = v.format ?? 'text';
  if (!exportFormat(format)) throw new UsageError(`--format must be one of ${FORMAT_IDS.join(', ')}`);
  const failOn = (v['fail-on'] ?? 'high') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const opts: CliOptions = { format, failOn, now: v.now !== undefined ? parseInstant('--now', v.now) : realNow, paths: parsed.positionals };
  if (v['as-of'] !== undefined) opts.asOf = parseInstant('--as-of', v['as-of']);
  if (v.windows !== undefined) {
    const windows = parseWindows(v.windows);
    if ('problem' in windows) throw new UsageError(`--windows takes positive whole days, e.g. ${WINDOWS_EXAMPLE}. ${windows.problem}`);
    opts.windows = windows.value;
  }
  if (v.exceptions !== undefined) opts.exceptionsFile = v.exceptions;
  if (v['time-offset'] !== undefined) {
    const offset = parseTimeOffset(v['time-offset']);
    if ('problem' in offset) throw new UsageError(`--time-offset takes UTC or ±HH:MM. ${offset.problem}`);
    opts.naiveTimeOffsetMinutes = offset.value;
  }
  if (v.baseline !== undefined) opts.baseline = v.baseline;
  if (v['fail-on-new'] !== undefined) {
    if (!(SEVERITIES as readonly string[]).includes(v['fail-on-new'])) throw new UsageError(`--fail-on-new must be one of ${SEVERITIES.join(', ')}`);
    opts.failOnNew = v['fail-on-new'] as Severity;
  }
  if (v.region !== undefined) {
    if (!REGION_RE.test(v.region)) throw new UsageError(`--region takes an AWS region name such as ${DEFAULT_ASFF_REGION}; "${v.region}" is not one`);
    opts.region = v.region;
  }
  if (v['max-file-mb'] !== undefined) {
    const max = parseMaxFileMb(v['max-file-mb']);
    if ('problem' in max) throw new UsageError(`--max-file-mb: ${max.problem}`);
    opts.maxFileBytes = max.value;
  }
  if (v['max-total-gb'] !== undefined) {
    const max = parseMaxTotalGb(v['max-total-gb']);
    if ('problem' in max) throw new UsageError(`--max-total-gb: ${max.problem}`);
    opts.maxTotalBytes = max.value;
  }
  if (v.threads !== undefined) {
    if (!/^\d{1,3}$/.test(v.threads.trim()) || Number(v.threads) < 1 || Number(v.threads) > MAX_THREADS) throw new UsageError(`--threads takes a whole number of threads from 1 to ${MAX_THREADS}; "${v.threads}" is not one`);
    opts.threads = Number(v.threads);
  }
  if (opts.paths.length === 0) throw new UsageError('give at least one FILE or DIR');
  return opts;
}

/** The path on disk of the inputs that are files (not zip entries): what the read pool's workers open. */
const DISK_PATH = new WeakMap<AuditInput, string>();

/** Files up to this size are read synchronously: for a small log, the promise round trips of an async read cost more than the read. */
const SYNC_READ_BYTES = 16 * 1024;

/** Files up to this size are read synchronously when their inflate starts ahead (InflateAhead). */
const AHEAD_SYNC_READ_BYTES = 64 * 1024 * 1024;

/** The buffer itself when it owns its memory (not a slice of Node's shared pool), else a copy. */
const ownBytes = (b: Buffer): Uint8Array => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b));

/** A file's bytes (a copy of its own, never a view of Node's shared pool). */
async function readDiskFile(path: string, size: number): Promise<Uint8Array> {
  return new Uint8Array(size <= SYNC_READ_BYTES ? readFileSync(path) : await readFile(path));
}

/** Bytes [from, to) of a file (fewer when it is shorter), read through a handle of their own: how an archive larger than the per-file limit is read (zip-inputs.ts). */
async function readRange(path: string, from: number, to: number): Promise<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const out = new Uint8Array(Math.max(0, to - from));
    let got = 0;
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return got === out.length ? out : out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The regular files of FILE and DIR arguments (walk.ts: sorted, links followed once, the unreadable named), zip archives opened. */
async function collectInputs(paths: string[], problems: Problem[], maxFileBytes?: number, ahead?: InflateAhead): Promise<AuditInput[]> {
  const out: AuditInput[] = [];
  for (const f of await walkPaths(paths, problems)) {
    // A zip archive (by its first bytes): its entries are the inputs.
    const archived = await zipArchiveInputs(f, problems, maxFileBytes ?? MAX_GUNZIP_BYTES, readRange);
    if (archived) {
      for (const entry of archived) out.push(entry);
      continue;
    }
    // With `ahead`, the read is synchronous (up to 64 MB): an async read finishes only when the main
    // thread next waits, after this file's scan, and the inflate it starts would no longer overlap.
    const read = ahead
      ? async () => {
          const bytes = f.size <= AHEAD_SYNC_READ_BYTES ? ownBytes(readFileSync(f.path)) : await readDiskFile(f.path, f.size);
          ahead.start(bytes);
          return bytes;
        }
      : () => readDiskFile(f.path, f.size);
    const input: AuditInput = { name: f.label, size: f.size, lastModified: f.mtimeMs, read };
    DISK_PATH.set(input, f.path);
    out.push(input);
  }
  return out;
}

/**
 * The --exceptions file's text, or why it cannot be read. Checked before opening: opening a named
 * pipe for reading waits for a writer, forever.
 */
async function readExceptionsFile(path: string, maxBytes: number): Promise<{ text: string } | { error: string }> {
  let s;
  try {
    s = await stat(path);
  } catch (e) {
    return { error: `cannot read --exceptions file ${path} (${(e as { code?: string }).code ?? String(e)})` };
  }
  const special = specialFileKind(s);
  if (special !== undefined || s.isDirectory()) return { error: `--exceptions ${path} is not a regular file (${special ?? 'a folder'}); give a JSON or YAML file` };
  if (s.size > maxBytes) return { error: `--exceptions ${path} is ${Math.ceil(s.size / 1048576)} MB, more than the limit of ${Math.round(maxBytes / 1048576)} MB per file` };
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (e) {
    return { error: `cannot read --exceptions file ${path} (${(e as { code?: string }).code ?? String(e)})` };
  }
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/**
 * Something was read that rules can judge: a credential report with at least one row, or a
 * CloudTrail file with at least one record used. A CloudTrail-shaped file whose every record was
 * skipped is not (a CI gate must not pass on it).
 */
export function usableInput(result: AuditResult): boolean {
  return result.inputs.some((i) => (i.kind === 'credential-report' || i.kind === 'cloudtrail') && i.records > 0);
}

export function exitCodeFor(result: AuditResult, failOn: FailOn): 0 | 1 | 2 {
  if (!usableInput(result)) return 2;
  if (failOn === 'never') return 0;
  const limit = severityRank(failOn);
  return result.findings.some((f) => f.status === 'FAIL' && severityRank(f.severity) <= limit) ? 1 : 0;
}

/** --fail-on-new: 1 when a FAIL new since the baseline is at or above `failOnNew`, else 0 (2 without usable input). */
export function exitCodeForNew(result: AuditResult, failOnNew: Severity): 0 | 1 | 2 {
  if (exitCodeFor(result, 'never') === 2) return 2;
  const limit = severityRank(failOnNew);
  return (result.changes?.items ?? []).some((c) => c.change === 'new' && severityRank(c.severity) <= limit) ? 1 : 0;
}

export async function run(argv: string[], realNow: number, io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  if (argv[0] === 'sql') return runSql(argv.slice(1), realNow, io);
  let opts;
  try {
    opts = parseCliArgs(argv, realNow);
  } catch (e) {
    io.err(`credaudit: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  // Asked-for worker threads start while the folders are walked (each compiles the program).
  if (opts.threads !== undefined && opts.threads >= 2) prestartWorkers(opts.threads);
  try {
    return await runAudit(opts, io);
  } finally {
    await closeSpareWorkers();
  }
}

async function runAudit(opts: CliOptions, io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  const pre: Problem[] = [];
  let exceptions: ExceptionEntry[] = [];
  if (opts.exceptionsFile) {
    const read = await readExceptionsFile(opts.exceptionsFile, opts.maxFileBytes ?? DEFAULT_MAX_FILE_MB * 1048576);
    if ('error' in read) {
      io.err(`credaudit: ${read.error}\n`);
      return 2;
    }
    const parsedEx = parseExceptions(read.text, opts.exceptionsFile);
    exceptions = parsedEx.entries;
    pushAll(pre, parsedEx.problems);
  }
  // Files read on this thread start inflating as soon as they are read (see InflateAhead).
  const ahead = new InflateAhead(opts.maxFileBytes ?? MAX_GUNZIP_BYTES);
  const inputs = await collectInputs(opts.paths, pre, opts.maxFileBytes, ahead);
  // The baseline is read like any input (its reader recognises a previous audit's evidence JSON).
  const baselineInputs = opts.baseline !== undefined ? await collectInputs([opts.baseline], pre) : [];
  for (const b of baselineInputs) inputs.push(b);
  const options: AuditOptions = { now: opts.now, exceptions, tool: { ...TOOL, version: pkg.version } };
  if (opts.asOf !== undefined) options.asOf = opts.asOf;
  if (opts.windows) options.windows = opts.windows;
  if (opts.naiveTimeOffsetMinutes !== undefined) options.naiveTimeOffsetMinutes = opts.naiveTimeOffsetMinutes;
  if (opts.maxFileBytes !== undefined) options.maxFileBytes = opts.maxFileBytes;
  if (opts.maxTotalBytes !== undefined) options.maxTotalBytes = opts.maxTotalBytes;
  // Several files read at once by worker threads, taken in input order: the same result as one thread.
  const pool = readPoolFor(inputs, (i) => DISK_PATH.get(i), {
    threads: opts.threads ?? defaultThreads(),
    auto: opts.threads === undefined,
    naiveTimeOffsetMinutes: parseOffsetMinutes(timeOffsetText(opts.naiveTimeOffsetMinutes ?? 0)),
    maxFileBytes: opts.maxFileBytes,
  });
  // Without a pool, big files are read and inflated a few ahead by one thread while this one scans.
  const inflater = pool ? undefined : InflateThread.attach(inputs, (i) => DISK_PATH.get(i), opts.maxFileBytes ?? MAX_GUNZIP_BYTES, ahead);
  let result: AuditResult;
  try {
    result = await audit(inputs, options, { gunzip: ahead.gunzip, sha256: nodeSha256, ...(pool ? { readFile: pool.readFile } : {}) });
  } finally {
    await pool?.close();
    await inflater?.close();
  }
  result.problems = pushAll(pre, result.problems);
  if (opts.baseline !== undefined) {
    const read = result.inputs.find((i) => i.name === baselineInputs[0]?.name);
    if (read?.kind !== 'previous-audit') {
      io.err(`credaudit: --baseline ${opts.baseline} is not a credaudit evidence JSON (${read ? `it was read as ${read.kind}` : 'it could not be read'}); give a file written by --format json.\n`);
      return 2;
    }
  }
  if (opts.failOnNew !== undefined && !result.changes) {
    io.err('credaudit: --fail-on-new needs a previous audit to compare with: give --baseline PREVIOUS.json.\n');
    return 2;
  }
  const format = exportFormat(opts.format) as ExportFormat; // parseCliArgs checked the id
  io.out(await format.render(result, opts.region !== undefined ? { region: opts.region } : {}));
  if (format.id === 'asff' && asffOmitted(result) > 0) {
    io.err(`credaudit: ${asffOmitted(result)} finding(s) of an unknown account were left out of the ASFF output (Security Hub needs an account id).\n`);
  }
  const code = opts.failOnNew !== undefined ? exitCodeForNew(result, opts.failOnNew) : exitCodeFor(result, opts.failOn);
  if (code === 2) io.err('credaudit: no usable input (no credential report row and no CloudTrail record was read); see problems.\n');
  return code;
}

// Run when executed directly (tsx src/cli/main.ts), not when imported by tests.
const invoked = process.argv[1] ?? '';
if (isMainThread && (/src[\\/]cli[\\/]main\.ts$/.test(invoked) || /credaudit(\.m?js)?$/.test(invoked))) {
  const chunks: string[] = [];
  run(process.argv.slice(2), Date.now(), {
    out: (s) => chunks.push(s),
    err: (s) => process.stderr.write(s),
  }).then(
    (code) => {
      const text = chunks.join('');
      process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`, () => process.exit(code));
    },
    (e) => {
      process.stderr.write(`credaudit: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(2);
    },
  );
}
