/// <reference lib="webworker" />
// The audit worker: keeps the ingested Dataset, adds files as they arrive, re-ingests on remove,
// re-evaluates on option changes. Requests are handled one at a time in arrival order; the
// (fast) evaluation runs only once the queue is empty, so the newest request wins.
// Exports are built here too, from the last result computed, outside that queue.
import { evaluate } from '../core/audit';
import { exportFileName, toEvidenceJson, toFindingsCsv, toMarkdown, toOscal, type ExportKind } from '../core/evidence';
import { emptyDataset, finishCloudTrail, ingestOne, type Dataset } from '../core/ingest';
import { RULES } from '../core/rules/registry';
import type { AuditInput, AuditOptions, AuditResult } from '../core/types';
import type { EvalOptions, ExportFormatId, FileRef, LoadedFile, ProgressInfo, RuleMeta, WorkerReply, WorkerRequest } from './protocol';

type QueuedRequest = Exclude<WorkerRequest, { type: 'cancel' } | { type: 'export' }>;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerReply) => scope.postMessage(m);

/** Files in the dataset, in ingest order: ds.inputs[i] belongs to held[i]. */
let held: FileRef[] = [];
let ds: Dataset = emptyDataset();
let ingestedWithOffset = 'UTC';
let options: EvalOptions = { now: 0, windows: [30, 90], exceptions: [], naiveTimeOffset: 'UTC' };

const queue: QueuedRequest[] = [];
let running = false;
let cancelRequested = false;
/** Files dropped by a cancel, reported with the next result. */
let cancelledNames: string[] = [];
/** Time of the latest read of files (kept across re-evaluations, which read nothing). */
let lastIngestMs = 0;
/** The last result posted, and the request id it was posted with: what exports are built from. */
let lastResult: AuditResult | null = null;
let lastResultReq = 0;

function toInput(ref: FileRef): AuditInput {
  return {
    name: ref.name,
    size: ref.file.size,
    lastModified: ref.file.lastModified,
    read: async () => new Uint8Array(await ref.file.arrayBuffer()),
  };
}

/** Reads `refs` into the dataset; stops between files when cancelled. Returns the files read. */
async function ingestFiles(req: number, refs: FileRef[]): Promise<FileRef[]> {
  const totalBytes = refs.reduce((n, r) => n + r.file.size, 0);
  const progress: ProgressInfo = { files: 0, totalFiles: refs.length, bytes: 0, totalBytes };
  let lastPost = 0;
  const read: FileRef[] = [];
  for (const ref of refs) {
    if (cancelRequested) {
      cancelledNames.push(...refs.slice(read.length).map((r) => r.name));
      break;
    }
    const now = performance.now();
    if (now - lastPost > 60 || progress.files === 0) {
      post({ type: 'progress', req, ...progress, current: ref.name });
      lastPost = now;
    }
    await ingestOne(toInput(ref), ds, { naiveTimeOffset: options.naiveTimeOffset });
    read.push(ref);
    progress.files++;
    progress.bytes += ref.file.size;
  }
  post({ type: 'progress', req, ...progress });
  return read;
}

async function reingestAll(req: number, refs: FileRef[]): Promise<void> {
  ds = emptyDataset();
  held = [];
  ingestedWithOffset = options.naiveTimeOffset;
  held = await ingestFiles(req, refs);
  finishCloudTrail(ds);
}

async function handle(m: QueuedRequest): Promise<void> {
  options = m.options;
  const t0 = performance.now();
  const offsetChanged = options.naiveTimeOffset !== ingestedWithOffset && held.length > 0;
  const reread = m.type === 'add' || m.type === 'remove' || offsetChanged;
  switch (m.type) {
    case 'add': {
      if (offsetChanged) await reingestAll(m.req, held);
      ingestedWithOffset = options.naiveTimeOffset;
      const read = await ingestFiles(m.req, m.files);
      held.push(...read);
      finishCloudTrail(ds);
      break;
    }
    case 'remove': {
      const drop = new Set(m.ids);
      await reingestAll(
        m.req,
        held.filter((r) => !drop.has(r.id)),
      );
      break;
    }
    case 'clear':
      ds = emptyDataset();
      held = [];
      break;
    case 'options':
      if (offsetChanged) await reingestAll(m.req, held);
      ingestedWithOffset = options.naiveTimeOffset;
      break;
  }
  if (m.type === 'clear') lastIngestMs = 0;
  else if (reread) lastIngestMs = performance.now() - t0;
}

function reply(req: number): void {
  const t0 = performance.now();
  const evalOptions: AuditOptions = { now: options.now, windows: options.windows, exceptions: options.exceptions, naiveTimeOffset: options.naiveTimeOffset };
  if (options.asOf !== undefined) evalOptions.asOf = options.asOf;
  const result = held.length > 0 ? evaluate(ds, evalOptions) : null;
  const evaluateMs = performance.now() - t0;
  const files: LoadedFile[] = held.map((r, i) => ({ id: r.id, name: r.name, size: r.file.size, input: ds.inputs[i] ?? { name: r.name, sha256: '', bytes: r.file.size, kind: 'unknown', format: 'unknown', records: 0, skipped: 0, accountIds: [] } }));
  lastResult = result;
  lastResultReq = req;
  post({ type: 'result', req, result, files, cancelled: cancelledNames, timing: { ingestMs: lastIngestMs, evaluateMs } });
  cancelledNames = [];
}

async function run(): Promise<void> {
  running = true;
  try {
    while (queue.length > 0) {
      const m = queue.shift() as QueuedRequest;
      try {
        await handle(m);
      } catch (e) {
        post({ type: 'error', req: m.req, message: e instanceof Error ? e.message : String(e) });
      }
      cancelRequested = false;
      if (queue.length === 0) {
        try {
          reply(m.req);
        } catch (e) {
          post({ type: 'error', req: m.req, message: `Evaluation failed: ${e instanceof Error ? e.message : String(e)}` });
        }
      }
    }
  } finally {
    running = false;
  }
}

const EXPORT_KIND: Record<ExportFormatId, ExportKind> = { json: 'evidence.json', csv: 'findings.csv', md: 'report.md', oscal: 'oscal-ar.json' };

async function exportText(result: AuditResult, format: ExportFormatId): Promise<string> {
  switch (format) {
    case 'json':
      return toEvidenceJson(result);
    case 'csv':
      // The byte-order mark makes Excel read the file as UTF-8.
      return toFindingsCsv(result, { bom: true });
    case 'md':
      return toMarkdown(result);
    case 'oscal':
      return toOscal(result);
  }
}

/** Answers an export from the result the page shows (same exceptions and options as on screen). */
async function handleExport(m: Extract<WorkerRequest, { type: 'export' }>): Promise<void> {
  const { req, format } = m;
  try {
    const result = lastResult;
    if (!result || lastResultReq !== m.of) throw new Error('the audit is being updated; try again when the new result is shown');
    const blob = new Blob([await exportText(result, format)]);
    post({ type: 'export-result', req, format, blob, fileName: exportFileName(result, EXPORT_KIND[format]) });
  } catch (e) {
    post({ type: 'export-error', req, format, message: e instanceof Error ? e.message : String(e) });
  }
}

scope.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const m = e.data;
  if (m.type === 'export') {
    void handleExport(m);
    return;
  }
  if (m.type === 'cancel') {
    if (!running) return;
    cancelRequested = true;
    // Adds still waiting are dropped too; everything else (remove, options) still applies.
    for (let i = queue.length - 1; i >= 0; i--) {
      const q = queue[i] as QueuedRequest;
      if (q.type === 'add') {
        cancelledNames.push(...q.files.map((f) => f.name));
        queue.splice(i, 1);
        // Keep the newest request id alive so its reply is not treated as stale.
        if (i === queue.length) queue.push({ type: 'options', req: q.req, options: q.options });
      }
    }
    return;
  }
  queue.push(m);
  if (!running) void run();
};

const rules: RuleMeta[] = RULES.map(({ evaluate: _evaluate, ...meta }) => meta);
post({ type: 'ready', rules });
