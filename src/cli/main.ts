// credaudit CLI: an adapter over the engine — flags parsed with core's options.ts, files and
// folders from disk, one audit() (an AuditSession request), output in any format of the export
// registry. Exit 0: nothing at or above --fail-on; 1: findings at or above it; 2: no usable input or
// usage error.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { gunzip as zlibGunzip } from 'node:zlib';
import { audit } from '../core/audit';
import { asffOmitted, DEFAULT_ASFF_REGION, REGION_RE } from '../core/evidence/asff';
import { EXPORT_FORMATS, exportFormat, type ExportFormat } from '../core/evidence/registry';
import { parseExceptions } from '../core/exceptions-file';
import { DecodeError } from '../core/input/decode';
import { DEFAULT_WINDOWS, parseTimeOffset, parseWindows } from '../core/options';
import { parseUtc } from '../core/time';
import { TOOL } from '../core/version';
import { SEVERITIES, type AuditInput, type AuditOptions, type AuditResult, type ExceptionEntry, type Problem, type Severity } from '../core/types';
import pkg from '../../package.json' with { type: 'json' };
import { runSql } from './sql-command';

const FORMAT_IDS = EXPORT_FORMATS.map((f) => f.id);
const FAIL_ON = ['critical', 'high', 'medium', 'low', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];
const WINDOWS_EXAMPLE = DEFAULT_WINDOWS.join(',');

const USAGE = `Usage: credaudit [--format ${FORMAT_IDS.join('|')}] [--as-of ISO] [--now ISO]
                 [--windows ${WINDOWS_EXAMPLE}] [--exceptions FILE] [--fail-on critical|high|medium|low|never]
                 [--time-offset +HH:MM] [--baseline PREVIOUS.json] [--fail-on-new SEVERITY]
                 [--region REGION] FILE|DIR...
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

Exit codes: 0 no FAIL at or above --fail-on, 1 there is one, 2 no usable input or a usage error.`;

export class UsageError extends Error {}

const zlibGunzipAsync = promisify(zlibGunzip);

/** Node's zlib, bounded like the core's DecompressionStream version (gzip bombs are refused). */
async function nodeGunzip(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await zlibGunzipAsync(bytes, { maxOutputLength: limit }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test(String(e))) {
      throw new DecodeError(`decompresses to more than ${Math.round(limit / 1048576)} MB; refused (possible gzip bomb)`);
    }
    throw new DecodeError(`is not valid gzip (${e instanceof Error ? e.message : String(e)})`);
  }
}

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
  if (opts.paths.length === 0) throw new UsageError('give at least one FILE or DIR');
  return opts;
}

/** Walks files and directories (sorted, so results are reproducible). */
async function collectInputs(paths: string[], problems: Problem[]): Promise<AuditInput[]> {
  const out: AuditInput[] = [];
  const add = async (p: string, label: string): Promise<void> => {
    let s;
    try {
      s = await stat(p);
    } catch {
      problems.push({ input: label, severity: 'error', message: 'No such file or directory.' });
      return;
    }
    if (s.isDirectory()) {
      const entries = (await readdir(p)).sort();
      for (const name of entries) {
        if (name.startsWith('.')) continue;
        await add(join(p, name), label === p ? join(p, name) : join(label, name));
      }
      return;
    }
    if (!s.isFile()) return;
    // Whole milliseconds, like every instant in the engine (mtimeMs has a fraction).
    out.push({ name: label, size: s.size, lastModified: Math.trunc(s.mtimeMs), read: async () => new Uint8Array(await readFile(p)) });
  };
  for (const p of paths) await add(p, relative(process.cwd(), p) || p);
  return out;
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

export function exitCodeFor(result: AuditResult, failOn: FailOn): 0 | 1 | 2 {
  const usable = result.inputs.some((i) => i.kind === 'credential-report' || i.kind === 'cloudtrail');
  if (!usable) return 2;
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
  const pre: Problem[] = [];
  let exceptions: ExceptionEntry[] = [];
  if (opts.exceptionsFile) {
    try {
      const parsedEx = parseExceptions(await readFile(opts.exceptionsFile, 'utf8'), opts.exceptionsFile);
      exceptions = parsedEx.entries;
      pre.push(...parsedEx.problems);
    } catch {
      io.err(`credaudit: cannot read --exceptions file ${opts.exceptionsFile}\n`);
      return 2;
    }
  }
  const inputs = await collectInputs(opts.paths, pre);
  // The baseline is read like any input (its reader recognises a previous audit's evidence JSON).
  const baselineInputs = opts.baseline !== undefined ? await collectInputs([opts.baseline], pre) : [];
  inputs.push(...baselineInputs);
  const options: AuditOptions = { now: opts.now, exceptions, tool: { ...TOOL, version: pkg.version } };
  if (opts.asOf !== undefined) options.asOf = opts.asOf;
  if (opts.windows) options.windows = opts.windows;
  if (opts.naiveTimeOffsetMinutes !== undefined) options.naiveTimeOffsetMinutes = opts.naiveTimeOffsetMinutes;
  const result = await audit(inputs, options, { gunzip: nodeGunzip });
  result.problems.unshift(...pre);
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
  if (code === 2) io.err('credaudit: no usable input (no credential report or CloudTrail log was read); see problems.\n');
  return code;
}

// Run when executed directly (tsx src/cli/main.ts), not when imported by tests.
const invoked = process.argv[1] ?? '';
if (/src[\\/]cli[\\/]main\.ts$/.test(invoked) || /credaudit(\.m?js)?$/.test(invoked)) {
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
