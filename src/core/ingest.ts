// Step 1 of the audit: read every input once, detect what it is by content, and keep the typed
// results. Evaluation (step 2) can then run again with new as-of / windows without re-reading.
import { buildCloudTrailAccounts, detectCloudTrail, readCloudTrail, type CloudTrailFileResult } from './cloudtrail/ingest';
import { isGenerateResponse, readReportEnvelope } from './credential-report/envelope';
import type { CredentialReport } from './credential-report/model';
import { clip, looksLikeCredentialReport, parseCredentialReport } from './credential-report/parse';
import { sha256Hex } from './evidence/hash';
import { decodeBytes, DecodeError, MAX_GUNZIP_BYTES, type Gunzip } from './input/decode';
import { readAccountSummary, readAlarms, readMetricFilters, readOrgAccounts, readVirtualMfa } from './input/evidence-files';
import type { AccountSummaryEvidence, AlarmEvidence, MetricFilterEvidence, VirtualMfaEvidence } from './rules/define-rule';
import type { CloudTrailAccountData } from './cloudtrail/model';
import { parseOffsetMinutes, toIso } from './time';
import type { AuditInput, InputSummary, Problem } from './types';

/** JSON bigger than this is not tried as a small evidence file. */
const MAX_SMALL_JSON = 64 * 1024 * 1024;

export interface Dataset {
  inputs: InputSummary[];
  reports: CredentialReport[];
  cloudtrailFiles: CloudTrailFileResult[];
  cloudtrail: Map<string | null, CloudTrailAccountData>;
  virtualMfa: { accountId: string | null; ev: VirtualMfaEvidence }[];
  accountSummaries: { accountId: string | null; ev: AccountSummaryEvidence }[];
  metricFilters: MetricFilterEvidence[];
  alarms: { accountId: string | null; ev: AlarmEvidence }[];
  accountNames: Map<string, string>;
  problems: Problem[];
  /** Problems from merging CloudTrail files (duplicates removed); replaced on every merge. */
  mergeProblems: Problem[];
}

export interface IngestOptions {
  naiveTimeOffset?: string;
  /** Host-supplied gunzip (e.g. Node's zlib in the CLI); default DecompressionStream. */
  gunzip?: Gunzip;
  /** Called after each input, for progress. */
  onProgress?: (done: number, total: number, bytes: number) => void;
  /** Checked between inputs; when it returns true the ingest stops early. */
  cancelled?: () => boolean;
}

export function emptyDataset(): Dataset {
  return {
    inputs: [],
    reports: [],
    cloudtrailFiles: [],
    cloudtrail: new Map(),
    virtualMfa: [],
    accountSummaries: [],
    metricFilters: [],
    alarms: [],
    accountNames: new Map(),
    problems: [],
    mergeProblems: [],
  };
}

export async function ingest(files: AuditInput[], opts: IngestOptions = {}): Promise<Dataset> {
  const ds = emptyDataset();
  let bytesDone = 0;
  let prefetched: AuditInput | undefined;
  for (let i = 0; i < files.length; i++) {
    if (opts.cancelled?.()) {
      ds.problems.push({ input: '(batch)', severity: 'warning', message: `Cancelled after ${i} of ${files.length} files.` });
      break;
    }
    // Read the next file while this one is parsed: disk or File reads overlap with CPU work.
    const file = prefetched ?? prefetch(files[i] as AuditInput);
    const nextFile = files[i + 1];
    prefetched = nextFile ? prefetch(nextFile) : undefined;
    await ingestOne(file, ds, opts);
    bytesDone += file.size;
    opts.onProgress?.(i + 1, files.length, bytesDone);
  }
  finishCloudTrail(ds);
  return ds;
}

/** Starts reading now; the returned input hands out that same read (errors surface when awaited). */
function prefetch(file: AuditInput): AuditInput {
  const bytes = file.read();
  bytes.catch(() => undefined);
  return { ...file, read: () => bytes };
}

/** (Re)builds per-account CloudTrail data after files were added or removed. */
export function finishCloudTrail(ds: Dataset): void {
  const problems: Problem[] = [];
  ds.cloudtrail = buildCloudTrailAccounts(ds.cloudtrailFiles, problems);
  ds.mergeProblems = problems;
}

/** Adds one file to a dataset (used for "add more files later" too). Never throws. */
export async function ingestOne(file: AuditInput, ds: Dataset, opts: IngestOptions = {}): Promise<void> {
  const summary: InputSummary = { name: file.name, sha256: '', bytes: file.size, kind: 'unknown', format: 'unknown', records: 0, skipped: 0, accountIds: [] };
  ds.inputs.push(summary);
  const problem = (p: Omit<Problem, 'input'>) => ds.problems.push({ input: file.name, ...p });
  try {
    const bytes = await file.read();
    summary.bytes = bytes.byteLength;
    summary.sha256 = await sha256Hex(bytes);
    let decoded;
    try {
      decoded = await decodeBytes(bytes, MAX_GUNZIP_BYTES, opts.gunzip);
    } catch (e) {
      summary.kind = 'unknown';
      problem({ severity: 'error', message: `The file ${e instanceof DecodeError ? e.message : 'could not be read'}.` });
      return;
    }
    if (decoded.invalidUtf8 > 0) {
      problem({ severity: 'warning', message: `${decoded.invalidUtf8} byte sequence(s) are not valid UTF-8; they were replaced with U+FFFD.` });
    }
    const text = decoded.text;
    if (text.trim() === '') {
      problem({ severity: 'error', message: 'The file is empty.' });
      return;
    }
    if (looksLikeCredentialReport(text)) {
      addReport(text, 'csv', undefined, file, summary, ds);
      return;
    }
    const ctFormat = detectCloudTrail(text);
    if (ctFormat === 'cloudtrail-digest') {
      // Recognised by content (digestStartTime + logFiles), not by file name.
      summary.kind = 'ignored';
      summary.format = 'cloudtrail-digest';
      problem({ severity: 'info', message: 'CloudTrail digest file (integrity hashes, no events): skipped.' });
      return;
    }
    if (ctFormat) {
      const offset = parseOffsetMinutes(opts.naiveTimeOffset) ?? 0;
      const r = await readCloudTrail(text, file.name, ctFormat, { naiveTimeOffsetMinutes: offset });
      summary.kind = 'cloudtrail';
      summary.format = decoded.gzip ? `${r.format}+gzip` : r.format;
      summary.records = r.records;
      summary.skipped = r.skipped;
      summary.accountIds = [...r.coverage.keys()].filter((a): a is string => a !== null).sort();
      ds.cloudtrailFiles.push(r);
      ds.problems.push(...r.problems);
      return;
    }
    const trimmed = text.trimStart();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && text.length <= MAX_SMALL_JSON) {
      let json: unknown;
      try {
        json = JSON.parse(trimmed);
      } catch (e) {
        problem({ severity: 'error', message: `Not valid JSON and not a known format (${clip(e instanceof Error ? e.message : String(e), 120)}).` });
        return;
      }
      readJsonInput(json, file, summary, ds);
      return;
    }
    problem({
      severity: 'error',
      message: 'Unknown format: not a credential report (CSV or JSON), CloudTrail log, or a supported evidence file. It was not used.',
    });
  } catch (e) {
    summary.kind = 'unknown';
    problem({ severity: 'error', message: `Could not be read: ${clip(e instanceof Error ? e.message : String(e), 200)}` });
  }
}

function addReport(csv: string, format: string, generatedTime: number | undefined, file: AuditInput, summary: InputSummary, ds: Dataset): void {
  const opts: Parameters<typeof parseCredentialReport>[1] = { input: file.name, format };
  if (generatedTime !== undefined) opts.generatedTime = generatedTime;
  if (file.lastModified !== undefined) opts.fileTime = file.lastModified;
  const r = parseCredentialReport(csv, opts);
  ds.problems.push(...r.problems);
  summary.kind = 'credential-report';
  summary.format = format;
  summary.skipped = r.skipped;
  if (r.report) {
    summary.records = r.report.rows.length;
    summary.accountIds = r.report.accountId ? [r.report.accountId] : [];
    if (generatedTime !== undefined) summary.generatedTime = toIso(generatedTime);
    ds.reports.push(r.report);
  }
}

function readJsonInput(json: unknown, file: AuditInput, summary: InputSummary, ds: Dataset): void {
  const problem = (p: Omit<Problem, 'input'>) => ds.problems.push({ input: file.name, ...p });
  const env = readReportEnvelope(json);
  if (env?.kind === 'csv') {
    if (!looksLikeCredentialReport(env.csv)) {
      summary.kind = 'credential-report';
      summary.format = env.format;
      problem({ severity: 'error', message: 'The JSON has a Content field, but it is not a credential report CSV.' });
      return;
    }
    addReport(env.csv, env.format, env.generatedTime, file, summary, ds);
    if (env.generatedTime === undefined) problem({ severity: 'warning', message: 'GeneratedTime is missing or unreadable; as-of falls back to the file date or the evaluation clock.' });
    return;
  }
  if (env?.kind === 'error') {
    summary.kind = 'credential-report-error';
    summary.format = env.format;
    problem({ severity: 'error', message: env.message });
    return;
  }
  const state = isGenerateResponse(json);
  if (state) {
    summary.kind = 'ignored';
    summary.format = 'generate-credential-report';
    problem({ severity: 'info', message: `This is the answer to generate-credential-report (State ${state}), not the report. Run "aws iam get-credential-report --output json" to download it.` });
    return;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    problem({ severity: 'error', message: 'Unknown JSON: not a credential report, CloudTrail log, or supported evidence file. It was not used.' });
    return;
  }
  const o = json as Record<string, unknown>;
  const vmfa = readVirtualMfa(o, file.name);
  if (vmfa) {
    summary.kind = 'virtual-mfa-devices';
    summary.format = 'list-virtual-mfa-devices';
    for (const [accountId, ev] of vmfa) {
      ds.virtualMfa.push({ accountId, ev });
      summary.records += ev.deviceCount;
      if (accountId) summary.accountIds.push(accountId);
    }
    return;
  }
  const sum = readAccountSummary(o, file.name);
  if (sum) {
    summary.kind = 'account-summary';
    summary.format = 'get-account-summary';
    summary.records = 1;
    ds.accountSummaries.push({ accountId: null, ev: sum });
    return;
  }
  const mf = readMetricFilters(o, file.name);
  if (mf) {
    summary.kind = 'metric-filters';
    summary.format = 'describe-metric-filters';
    summary.records = mf.filters.length;
    ds.metricFilters.push(mf);
    return;
  }
  const al = readAlarms(o, file.name);
  if (al) {
    summary.kind = 'metric-alarms';
    summary.format = 'describe-alarms';
    for (const [accountId, ev] of al) {
      ds.alarms.push({ accountId, ev });
      summary.records += ev.alarms.length;
      if (accountId) summary.accountIds.push(accountId);
    }
    return;
  }
  const names = readOrgAccounts(o);
  if (names) {
    summary.kind = 'organizations-accounts';
    summary.format = 'list-accounts';
    summary.records = names.size;
    for (const [id, name] of names) ds.accountNames.set(id, name);
    summary.accountIds = [...names.keys()];
    return;
  }
  problem({ severity: 'error', message: 'Unknown JSON: not a credential report, CloudTrail log, or supported evidence file. It was not used.' });
}
