/// <reference lib="webworker" />
// The audit worker: a message adapter over core's AuditSession. It turns the page's File handles
// into session files, validates the page's options (options.ts), posts progress at most every
// 60 ms, and answers queries (exports, exceptions files, the workpaper) from the result shown.
// All state and its rules (newest wins, cancel, re-read on offset change) live in the session.
//
// The same script runs in a second role: a reader of the page's read pool (read-pool.ts), when the
// page starts it with a name beginning READER_NAME. One script, so the page's single file carries the
// engine once.
import { pageExportFormats } from '../core/evidence/registry';
import { parseExceptions } from '../core/exceptions-file';
import { parseTimeOffset, parseWindows } from '../core/options';
import { RULES } from '../core/rules/registry';
import { AuditSession, type SessionFile, type SessionRequest } from '../core/session';
import type { AuditOptions, AuditResult } from '../core/types';
import { linesPage, pageResult, pageViews, searchIndex, selectFindings, type FindingsQuery, type FindingsSelection, type SearchIndex } from '../core/views';
import { pushAll } from '../core/arrays';
import { READER_NAME, type EvalOptions, type FileRef, type ReaderSetup, type RuleMeta, type WorkerReply, type WorkerRequest } from './protocol';
import { PageReadPool, serveReads } from './read-pool';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerReply) => scope.postMessage(m);

if (typeof scope.name === 'string' && scope.name.startsWith(READER_NAME)) {
  scope.onmessage = (e: MessageEvent<ReaderSetup>) => {
    if (e.data?.type === 'serve') serveReads(e.data.port);
  };
} else {
  startAudit();
}

function startAudit(): void {

  /** Progress is posted at most this often (and always for the first and the last file). */
  const PROGRESS_EVERY_MS = 60;
  let lastProgressAt = -Infinity;

  const pool = new PageReadPool();
  const session = new AuditSession({
    timer: () => performance.now(),
    readAhead: pool.readAhead,
    progress: (req, p) => {
      const now = performance.now();
      const edge = p.files === 0 || p.current === undefined;
      if (!edge && now - lastProgressAt < PROGRESS_EVERY_MS) return;
      lastProgressAt = now;
      post({ type: 'progress', req, ...p });
    },
  });

  /** A page file as a session file; a reader of the pool can open its File. */
  function sessionFile(ref: FileRef): SessionFile {
    const f: SessionFile = {
      id: ref.id,
      name: ref.name,
      size: ref.file.size,
      lastModified: ref.file.lastModified,
      read: async () => new Uint8Array(await ref.file.arrayBuffer()),
      // A zip archive over the per-file limit is opened in place, a slice at a time (read-file.ts).
      range: async (from, to) => new Uint8Array(await ref.file.slice(from, to).arrayBuffer()),
    };
    pool.backedBy(f, ref.file);
    return f;
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

  async function sessionRequest(m: Extract<WorkerRequest, { options: EvalOptions }>): Promise<SessionRequest> {
    switch (m.type) {
      case 'add': {
        const refs = staged.get(m.req) ?? [];
        staged.delete(m.req);
        pushAll(refs, m.files);
        return { type: 'add', req: m.req, files: refs.map(sessionFile) };
      }
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

  /** Files of adds handed over in parts, by request, until the add itself arrives. */
  const staged = new Map<number, FileRef[]>();

  /** Requests are prepared one after another, so they reach the session in the order the page sent them: the newest still wins. */
  let preparing: Promise<unknown> = Promise.resolve();
  /** Cancels so far: a cancel that arrives while an add is prepared applies to that add once submitted. */
  let cancels = 0;

  async function evaluation(m: Extract<WorkerRequest, { options: EvalOptions }>): Promise<void> {
    try {
      const options = auditOptions(m.options);
      const cancelsBefore = cancels;
      const prepared = preparing.then(() => sessionRequest(m));
      preparing = prepared.catch(() => undefined);
      const answering = session.submit(await prepared, options);
      if (cancels !== cancelsBefore) session.cancel();
      const answer = await answering;
      if (answer.type === 'result') {
        const { result, ...rest } = answer.outcome;
        shown = { req: rest.req, result };
        post({ type: 'result', ...rest, result: result ? pageResult(result) : null, views: result ? pageViews(result) : null, reads: pool.takeCounts() });
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
        cancels++;
        session.cancel();
        return;
      case 'readers':
        pool.setPorts(m.ports);
        return;
      case 'stage': {
        const refs = staged.get(m.req) ?? [];
        pushAll(refs, m.files);
        staged.set(m.req, refs);
        return;
      }
      case 'reader-failed':
        pool.failed(m.index);
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
}
