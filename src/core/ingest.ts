// Step 1 of the audit: read every input once into a Dataset (what each file is and how it is read
// is input/'s business: input/readers.ts), so that evaluation (step 2) can run again with a new
// as-of or new windows without re-reading.
import type { BaselineAudit } from './changes';
import { buildCloudTrailAccounts } from './cloudtrail/merge';
import type { CloudTrailAccountData, CloudTrailFileResult } from './cloudtrail/model';
import type { CredentialReport } from './credential-report/model';
import type { AccountSummaryEvidence, AlarmEvidence, MetricFilterEvidence, OrganizationFeaturesEvidence, VirtualMfaEvidence } from './evidence-files/model';
import { MAX_GUNZIP_BYTES, type Gunzip } from './input/decode';
import { ReadCancelled } from './input/read-ahead';
import { readInputFile, type ReadFileHook, type ReadFileOptions, type Sha256 } from './input/read-file';
import type { InputContent } from './input/reader';
import { parseOffsetMinutes, toIso } from './time';
import type { AuditInput, InputSummary, Problem } from './types';
import { pushAll } from './arrays';

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
  /** `aws iam list-organizations-features` files: an organization setting, for every account of the batch. */
  organizationFeatures: OrganizationFeaturesEvidence[];
  problems: Problem[];
  /** Problems from merging CloudTrail files (duplicates removed); replaced on every merge. */
  mergeProblems: Problem[];
  /** Bytes decoded from every file read so far (after gunzip): what the limit for all files together counts. */
  decodedBytes: number;
  /** Previous audits (evidence JSON) loaded as the baseline of "changes since". */
  previousAudits: BaselineAudit[];
  /**
   * For each file read into the dataset, in order, the inputs it became: 1, or a zip archive's
   * entries (0 for an archive with nothing readable). `inputs` holds them in the same order.
   */
  fileInputs: number[];
}

export interface IngestOptions {
  /**
   * Zone of console CSV times written without one: `UTC` or `±HH:MM` (default UTC). When it is not
   * valid such times are skipped with a problem, never read as UTC.
   */
  naiveTimeOffset?: string;
  /** Host-supplied gunzip (e.g. Node's zlib in the CLI); default DecompressionStream. */
  gunzip?: Gunzip;
  /** Host-supplied SHA-256 (node:crypto in the CLI); default WebCrypto. */
  sha256?: Sha256;
  /** Host-supplied readInputFile (the CLI's worker pool, which fetches files itself); default readInputFile. */
  readFile?: ReadFileHook;
  /** Called after each input (files done, of total, bytes done, root events found so far in this call), for progress. */
  onProgress?: (done: number, total: number, bytes: number, rootEvents: number) => void;
  /** Checked between inputs; when it returns true the ingest stops early and says so. */
  cancelled?: () => boolean;
  /** Largest file read, plain or decompressed, in bytes (default MAX_GUNZIP_BYTES); larger ones are refused unread. */
  maxFileBytes?: number;
  /** Most bytes read from all files of the dataset together (decompressed); files past it are refused unread. */
  maxTotalBytes?: number;
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
    organizationFeatures: [],
    problems: [],
    mergeProblems: [],
    decodedBytes: 0,
    previousAudits: [],
    fileInputs: [],
  };
}

/** Reads `files` in order into `into` (a new dataset by default: later batches add to an existing one). */
export async function ingest(files: AuditInput[], opts: IngestOptions = {}, into: Dataset = emptyDataset()): Promise<Dataset> {
  const ds = into;
  let bytesDone = 0;
  let rootEvents = 0;
  let trailsCounted = ds.cloudtrailFiles.length;
  let prefetched: AuditInput | undefined;
  // A file the limits refuse is not fetched ahead: reading it into memory is what they prevent.
  const fetchable = (f: AuditInput): boolean =>
    opts.readFile === undefined &&
    f.size <= (opts.maxFileBytes ?? MAX_GUNZIP_BYTES) && (opts.maxTotalBytes === undefined || f.size <= opts.maxTotalBytes - ds.decodedBytes);
  const cancelledAt = (i: number): void => {
    ds.problems.push({ input: '(batch)', severity: 'warning', message: `Cancelled after ${i} of ${files.length} files.` });
  };
  for (let i = 0; i < files.length; i++) {
    if (opts.cancelled?.()) {
      cancelledAt(i);
      break;
    }
    // Read the next file while this one is parsed: disk or File reads overlap with CPU work.
    const current = files[i] as AuditInput;
    const file = prefetched ?? (fetchable(current) ? prefetch(current) : current);
    const nextFile = files[i + 1];
    prefetched = nextFile && fetchable(nextFile) ? prefetch(nextFile) : undefined;
    const inputsBefore = ds.inputs.length;
    try {
      await ingestOne(file, ds, opts);
      ds.fileInputs.push(ds.inputs.length - inputsBefore);
    } catch (e) {
      // A read pool abandoned the file being read (a cancel): it is not in the dataset.
      if (!(e instanceof ReadCancelled)) throw e;
      cancelledAt(i);
      break;
    }
    bytesDone += file.size;
    for (; trailsCounted < ds.cloudtrailFiles.length; trailsCounted++) rootEvents += (ds.cloudtrailFiles[trailsCounted] as CloudTrailFileResult).rootEvents.length;
    opts.onProgress?.(i + 1, files.length, bytesDone, rootEvents);
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
export async function ingestOne(file: AuditInput, ds: Dataset, opts: IngestOptions = {}, insideArchive = false): Promise<void> {
  const summary: InputSummary = { name: file.name, sha256: '', bytes: file.size, kind: 'unknown', format: 'unknown', records: 0, skipped: 0, accountIds: [] };
  // Listed before reading, so the order of inputs is the order files were given in.
  ds.inputs.push(summary);
  const readOpts: ReadFileOptions = { naiveTimeOffsetMinutes: parseOffsetMinutes(opts.naiveTimeOffset) };
  if (opts.gunzip) readOpts.gunzip = opts.gunzip;
  if (opts.sha256) readOpts.sha256 = opts.sha256;
  if (opts.maxFileBytes !== undefined) readOpts.maxFileBytes = opts.maxFileBytes;
  if (opts.maxTotalBytes !== undefined) readOpts.total = { remaining: opts.maxTotalBytes - ds.decodedBytes, limit: opts.maxTotalBytes };
  if (insideArchive) readOpts.insideArchive = true;
  let read;
  try {
    read = await (opts.readFile ?? readInputFile)(file, readOpts);
  } catch (e) {
    ds.inputs.pop();
    throw e;
  }
  if (read.content?.type === 'archive') {
    // The archive is not an input: its entries are, read here in its place, in archive order.
    ds.inputs.pop();
    pushAll(ds.problems, read.content.problems);
    const entryOpts: IngestOptions = { ...opts };
    delete entryOpts.readFile;
    for (const entry of read.content.inputs) await ingestOne(entry, ds, entryOpts, true);
    return;
  }
  ds.decodedBytes += read.decodedBytes ?? 0;
  if (read.bytes !== undefined) summary.bytes = read.bytes;
  if (read.sha256 !== undefined) summary.sha256 = read.sha256;
  summary.kind = read.kind;
  summary.format = read.format;
  summary.records = read.records;
  summary.skipped = read.skipped;
  summary.accountIds = read.accountIds;
  if (read.generatedTime !== undefined) summary.generatedTime = toIso(read.generatedTime);
  pushAll(ds.problems, read.problems);
  if (read.content) addContent(ds, read.content);
}

function addContent(ds: Dataset, content: InputContent): void {
  switch (content.type) {
    case 'credential-report':
      ds.reports.push(content.report);
      return;
    case 'cloudtrail':
      ds.cloudtrailFiles.push(content.file);
      return;
    case 'virtual-mfa':
      for (const [accountId, ev] of content.byAccount) ds.virtualMfa.push({ accountId, ev });
      return;
    case 'account-summary':
      ds.accountSummaries.push({ accountId: null, ev: content.summary });
      return;
    case 'metric-filters':
      ds.metricFilters.push(content.filters);
      return;
    case 'alarms':
      for (const [accountId, ev] of content.byAccount) ds.alarms.push({ accountId, ev });
      return;
    case 'org-accounts':
      for (const [id, name] of content.names) ds.accountNames.set(id, name);
      return;
    case 'org-features':
      ds.organizationFeatures.push(content.features);
      return;
    case 'previous-audit':
      ds.previousAudits.push(content.baseline);
      return;
    case 'exceptions':
      // Read only as the exceptions file (purpose 'exceptions'), never as an audit input.
      return;
    case 'archive':
      // Expanded by ingestOne before it gets here.
      return;
  }
}
