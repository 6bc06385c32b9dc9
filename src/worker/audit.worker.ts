/// <reference lib="webworker" />
// The audit worker: a message adapter over core's AuditSession. It turns the page's File handles
// into session files, validates the page's options (options.ts), posts progress at most every
// 60 ms, and answers queries (exports, exceptions files, the workpaper) from the result shown.
// All state and its rules (newest wins, cancel, re-read on offset change) live in the session.
import { pageExportFormats } from '../core/evidence/registry';
import { parseExceptions } from '../core/exceptions-file';
import { parseTimeOffset, parseWindows } from '../core/options';
import { RULES } from '../core/rules/registry';
import { AuditSession, type SessionFile, type SessionRequest } from '../core/session';
import type { AuditOptions, AuditResult } from '../core/types';
import { linesPage, pageResult, pageViews, searchIndex, selectFindings, type FindingsQuery, type FindingsSelection, type SearchIndex } from '../core/views';
import type { EvalOptions, FileRef, RuleMeta, WorkerReply, WorkerRequest } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerReply) => scope.postMessage(m);

/** Progress is posted at most this often (and always for the first and the last file). */
const PROGRESS_EVERY_MS = 60;
let lastProgressAt = -Infinity;

const session = new AuditSession({
  timer: () => performance.now(),
  progress: (req, p) => {
    const now = performance.now();
    const edge = p.files === 0 || p.current === undefined;
    if (!edge && now - lastProgressAt < PROGRESS_EVERY_MS) return;
    lastProgressAt = now;
    post({ type: 'progress', req, ...p });
  },
});

function sessionFile(ref: FileRef): SessionFile {
  return {
    id: ref.id,
    name: ref.name,
    size: ref.file.size,
    lastModified: ref.file.lastModified,
    read: async () => new Uint8Array(await ref.file.arrayBuffer()),
  };
}

/** The page's options, validated again here (the page checks as the user types). */
function auditOptions(o: EvalOptions): AuditOptions {
  const windows = parseWindows(o.windows);
  if ('problem' in windows) throw new Error(`Windows: ${windows.problem}`);
  const offset = parseTimeOffset(o.naiveTimeOffset);
  if ('problem' in offset) throw new Error(`Time offset: ${offset.problem}`);
  const a: AuditOptions = { now: o.now, windows: windows.value, exceptions: o.exceptions, naiveTimeOffsetMinutes: offset.value };
  if (o.asOf !== undefined) a.asOf = o.asOf;
  return a;
}

function sessionRequest(m: Extract<WorkerRequest, { options: EvalOptions }>): SessionRequest {
  switch (m.type) {
    case 'add':
      return { type: 'add', req: m.req, files: m.files.map(sessionFile) };
    case 'remove':
      return { type: 'remove', req: m.req, ids: m.ids };
    case 'clear':
    case 'options':
      return { type: m.type, req: m.req };
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The result the page shows (its findings stay here; the page asks for pages of them), its search
 * index (built on the first findings query) and the last selection, so scrolling only slices.
 */
let shown: { req: number; result: AuditResult | null; index?: SearchIndex; selection?: { key: string; sel: FindingsSelection } } = { req: 0, result: null };

function shownResult(of: number): AuditResult {
  if (!shown.result || shown.req !== of) throw new Error('the audit is being updated; try again when the new result is shown');
  return shown.result;
}

function findingsSelection(of: number, query: FindingsQuery): FindingsSelection {
  const result = shownResult(of);
  const key = JSON.stringify(query);
  if (shown.selection?.key === key) return shown.selection.sel;
  const names = new Map(result.accounts.flatMap((a) => (a.name ? [[a.accountId ?? 'unknown', a.name] as [string, string]] : [])));
  shown.index ??= searchIndex(result.findings, names);
  const sel = selectFindings(result.findings, shown.index, query);
  shown.selection = { key, sel };
  return sel;
}

async function evaluation(m: Extract<WorkerRequest, { options: EvalOptions }>): Promise<void> {
  try {
    const answer = await session.submit(sessionRequest(m), auditOptions(m.options));
    if (answer.type === 'result') {
      const { result, ...rest } = answer.outcome;
      shown = { req: rest.req, result };
      post({ type: 'result', ...rest, result: result ? pageResult(result) : null, views: result ? pageViews(result) : null });
    }
  } catch (e) {
    post({ type: 'error', req: m.req, message: messageOf(e) });
  }
}

async function query(m: Extract<WorkerRequest, { type: 'export' | 'parse-exceptions' | 'workpaper' | 'findings' | 'finding' }>): Promise<void> {
  try {
    switch (m.type) {
      case 'export': {
        const { text, fileName, mime } = await session.export(m.format, m.of, { download: true });
        post({ type: 'export-result', req: m.req, format: m.format, blob: new Blob([text]), fileName, mime });
        return;
      }
      case 'parse-exceptions':
        post({ type: 'exceptions-result', req: m.req, ...parseExceptions(m.text, m.name) });
        return;
      case 'workpaper':
        post({ type: 'workpaper-result', req: m.req, workpaper: await session.workpaper(m.of) });
        return;
      case 'findings': {
        const sel = findingsSelection(m.of, m.query);
        const page = { query: m.query, from: m.from, lines: linesPage(sel, m.from, m.count), lineCount: sel.lines.length, matched: sel.matched, byStatus: sel.byStatus, total: sel.total };
        post({ type: 'findings-result', req: m.req, page });
        return;
      }
      case 'finding': {
        const finding = shownResult(m.of).findings[m.index];
        if (!finding) throw new Error(`no finding #${m.index}`);
        post({ type: 'finding-result', req: m.req, finding });
        return;
      }
    }
  } catch (e) {
    post({ type: 'query-error', req: m.req, message: messageOf(e) });
  }
}

scope.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const m = e.data;
  switch (m.type) {
    case 'cancel':
      session.cancel();
      return;
    case 'export':
    case 'parse-exceptions':
    case 'workpaper':
    case 'findings':
    case 'finding':
      void query(m);
      return;
    default:
      void evaluation(m);
  }
};

const rules: RuleMeta[] = RULES.map(({ evaluate: _evaluate, ...meta }) => meta);
post({ type: 'ready', rules, exportFormats: pageExportFormats() });
