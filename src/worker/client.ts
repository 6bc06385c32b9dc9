// The page's side of the worker: numbered requests, and only the newest request's answers count.
// Queries (exports, exceptions files, the workpaper) are promises, answered once each.
import type { WorkpaperData } from '../core/evidence/workpaper';
import type { ExceptionEntry, Finding, Problem } from '../core/types';
import { READER_NAME, type EvalOptions, type ExportFile, type ExportFormatMeta, type FileRef, type FindingsPage, type FindingsQuery, type ProgressInfo, type ReaderSetup, type RuleMeta, type WorkerReply, type WorkerRequest } from './protocol';
import AuditWorker from './audit.worker.ts?worker&inline';

/**
 * The one place the worker is created. Inlined (`?worker&inline`): Vite bundles the worker into the
 * page's script and starts it from a `blob:` URL, so the single-file build works from file:// (a
 * separate worker file cannot be loaded there) and the CSP needs only `worker-src blob:`.
 */
export function createAuditWorker(name = 'credaudit-audit'): Worker {
  return new AuditWorker({ name });
}

/**
 * Readers in the read pool: one per core the browser reports, at least one, at most four (each
 * holds files in flight). `?readers=N` in the page's address sets it (0: the audit worker reads
 * alone), for comparing in the bench.
 */
export function readerCount(): number {
  const asked = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('readers') : null;
  if (asked !== null && /^\d$/.test(asked)) return Math.min(8, Number(asked));
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0;
  return Math.min(4, Math.max(1, cores || 2));
}

export interface AuditClientHandlers {
  /** The worker is up: the rule catalogue and the export formats the page offers. */
  ready: (rules: RuleMeta[], exportFormats: ExportFormatMeta[]) => void;
  progress: (p: ProgressInfo) => void;
  result: (r: Extract<WorkerReply, { type: 'result' }>) => void;
  error: (message: string) => void;
}

/** Replies to queries, by type. */
type QueryReply = Extract<WorkerReply, { type: 'export-result' | 'exceptions-result' | 'workpaper-result' | 'findings-result' | 'finding-result' }>;
type QueryRequest = Extract<WorkerRequest, { type: 'export' | 'parse-exceptions' | 'workpaper' | 'findings' | 'finding' }>;

interface PendingQuery {
  resolve: (m: QueryReply) => void;
  reject: (e: Error) => void;
}

/**
 * Files per `stage` message, and the main-thread time spent handing them over before yielding. A
 * part is small because the budget is checked between parts only, and a File can cost far more than
 * usual while the readers are reading: parts of 32 made tasks of 55–83 ms on a 305-file folder with
 * the read pool (none without it); parts of 8 kept every task under 35 ms, at the same speed.
 */
const STAGE_PART = 8;
const STAGE_BUDGET_MS = 12;

/** Lets the page run (input, rendering) before going on. */
function yieldToPage(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof s?.yield === 'function') return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Distributes `Omit` over a union, so each request keeps its own fields. */
type WithoutReq<T> = T extends unknown ? Omit<T, 'req'> : never;

export class AuditClient {
  #worker: Worker;
  #latest = 0;
  /** The request id of the last result handed to the page: the one exports and the workpaper describe. */
  #shown = 0;
  /** Queries waiting for the worker, by query id (their own id space, apart from #latest). */
  #queries = new Map<number, PendingQuery>();
  #nextQuery = 0;
  /** The read pool's readers (started on the first request that reads files; replaced after a cancel). */
  #readers: Worker[] | undefined;
  readonly #makeReader: ((i: number) => Worker) | undefined;

  /** `makeReader` starts reader `i` of the read pool; without it (tests) the audit worker reads every file itself. */
  constructor(
    handlers: AuditClientHandlers,
    worker: Worker = createAuditWorker(),
    makeReader: ((i: number) => Worker) | undefined = (i) => createAuditWorker(`${READER_NAME}-${i + 1}`),
  ) {
    this.#worker = worker;
    this.#makeReader = makeReader;
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      switch (m.type) {
        case 'ready':
          handlers.ready(m.rules, m.exportFormats);
          return;
        case 'export-result':
        case 'exceptions-result':
        case 'workpaper-result':
        case 'findings-result':
        case 'finding-result':
        case 'query-error': {
          const p = this.#queries.get(m.req);
          this.#queries.delete(m.req);
          if (m.type === 'query-error') p?.reject(new Error(m.message));
          else p?.resolve(m);
          return;
        }
        // Progress and errors always describe real work; a result is dropped when a newer request
        // is on its way (the worker answers that one too, with everything applied).
        case 'progress':
          handlers.progress(m);
          return;
        case 'error':
          handlers.error(m.message);
          return;
        case 'result':
          if (m.req >= this.#latest) {
            this.#shown = m.req;
            handlers.result(m);
          }
          return;
      }
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#failQueries(`The audit worker failed: ${e.message || 'unknown error'}`);
      handlers.error(`The audit worker failed: ${e.message || 'unknown error'}`);
    };
    worker.onmessageerror = () => {
      // It may have been a query's answer: fail those waiting rather than leave them hanging.
      this.#failQueries('A message from the audit worker could not be read.');
      handlers.error('A message from the audit worker could not be read.');
    };
  }

  /** Messages waiting while an add hands its files over in parts (they keep their order behind it). */
  #outbox: (() => void)[] | undefined;

  #send(m: WorkerRequest, transfer: Transferable[] = []): void {
    if (this.#outbox) this.#outbox.push(() => this.#worker.postMessage(m, transfer));
    else this.#worker.postMessage(m, transfer);
  }

  /**
   * Hands `files` to the worker in parts, yielding to the page between parts once a task has taken
   * STAGE_BUDGET_MS: posting a File picked from disk makes Chromium look at the file on this thread
   * (about 0.2–0.5 ms each), so 10,000 files at once would freeze the page for seconds. The last part
   * is the `add` itself. Messages sent meanwhile wait and follow in order.
   */
  #stage(req: number, files: FileRef[], options: EvalOptions): void {
    const post = (m: WorkerRequest) => this.#worker.postMessage(m);
    if (files.length <= STAGE_PART) {
      this.#send({ type: 'add', req, files, options });
      return;
    }
    const flush = (): void => {
      const waiting = this.#outbox ?? [];
      this.#outbox = undefined;
      for (let k = 0; k < waiting.length; k++) {
        // A waiting add that starts handing over its own parts: the rest wait behind it again.
        const box = this.#outbox as (() => void)[] | undefined;
        if (box) {
          for (const rest of waiting.slice(k)) box.push(rest);
          return;
        }
        (waiting[k] as () => void)();
      }
    };
    const run = async (): Promise<void> => {
      let start = performance.now();
      for (let i = 0; i < files.length; i += STAGE_PART) {
        const part = files.slice(i, i + STAGE_PART);
        if (i + STAGE_PART >= files.length) {
          post({ type: 'add', req, files: part, options });
          break;
        }
        post({ type: 'stage', req, files: part });
        if (performance.now() - start > STAGE_BUDGET_MS) {
          await yieldToPage();
          start = performance.now();
        }
      }
    };
    const start = (): void => {
      this.#outbox = [];
      // The first part waits for the next task: the one that chose the files has already spent its
      // share (the page's own handling, and starting the readers when they were not up).
      void yieldToPage().then(run).finally(flush);
    };
    if (this.#outbox) this.#outbox.push(start);
    else start();
  }

  /**
   * Starts the readers when none are up, each with a MessageChannel to the audit worker: reads go
   * reader → audit worker directly, never through this thread. A reader that fails is reported to
   * the audit worker, which then reads its files itself.
   */
  #ensureReaders(): void {
    if (this.#readers || !this.#makeReader) return;
    const readers: Worker[] = [];
    const ports: MessagePort[] = [];
    try {
      for (let i = 0; i < readerCount(); i++) {
        const reader = this.#makeReader(i);
        const channel = new MessageChannel();
        reader.onerror = (e: ErrorEvent) => {
          e.preventDefault();
          this.#send({ type: 'reader-failed', index: i });
        };
        reader.postMessage({ type: 'serve', port: channel.port1 } satisfies ReaderSetup, [channel.port1]);
        readers.push(reader);
        ports.push(channel.port2);
      }
    } catch {
      // No reader could start (a browser without nested resources): the audit worker reads alone.
    }
    this.#readers = readers;
    this.#send({ type: 'readers', ports }, ports);
  }

  #stopReaders(): void {
    for (const r of this.#readers ?? []) r.terminate();
    this.#readers = undefined;
  }

  add(files: FileRef[], options: EvalOptions): number {
    this.#ensureReaders();
    const req = ++this.#latest;
    this.#stage(req, files, options);
    return req;
  }

  remove(ids: number[], options: EvalOptions): number {
    this.#ensureReaders();
    const req = ++this.#latest;
    this.#send({ type: 'remove', req, ids, options });
    return req;
  }

  clear(options: EvalOptions): number {
    const req = ++this.#latest;
    this.#send({ type: 'clear', req, options });
    return req;
  }

  setOptions(options: EvalOptions): number {
    this.#ensureReaders();
    const req = ++this.#latest;
    this.#send({ type: 'options', req, options });
    return req;
  }

  /** Stops the read in progress (the readers' reads in hand are dropped by the audit worker when they arrive). */
  cancel(): void {
    this.#send({ type: 'cancel' });
  }

  /**
   * An export of a result (default: the one last handed to the page), built in the worker: its
   * UTF-8 text as a Blob (read it with `await blob.text()` when the string is needed), the file name
   * to save it under and its MIME type. Neither cancels nor outdates an evaluation request.
   */
  async export(format: string, of: number = this.#shown): Promise<ExportFile> {
    const m = await this.#query({ type: 'export', format, of });
    if (m.type !== 'export-result') throw new Error(`unexpected answer ${m.type}`);
    return { blob: m.blob, fileName: m.fileName, mime: m.mime };
  }

  /** Reads an exceptions file (JSON or YAML) in the worker: well-formed entries, and problems for the rest. */
  async parseExceptions(name: string, text: string): Promise<{ entries: ExceptionEntry[]; problems: Problem[] }> {
    const m = await this.#query({ type: 'parse-exceptions', name, text });
    if (m.type !== 'exceptions-result') throw new Error(`unexpected answer ${m.type}`);
    return { entries: m.entries, problems: m.problems };
  }

  /** The workpaper's computed parts (verdicts, exceptions, remediation, manifest) for the result shown. */
  async workpaper(): Promise<WorkpaperData> {
    const m = await this.#query({ type: 'workpaper', of: this.#shown });
    if (m.type !== 'workpaper-result') throw new Error(`unexpected answer ${m.type}`);
    return m.workpaper;
  }

  /** Lines `from`… of the findings list `query` selects from the result shown, with its counts. */
  async findings(query: FindingsQuery, from: number, count: number): Promise<FindingsPage> {
    const m = await this.#query({ type: 'findings', of: this.#shown, query, from, count });
    if (m.type !== 'findings-result') throw new Error(`unexpected answer ${m.type}`);
    return m.page;
  }

  /** One finding of the result shown, in full. */
  async finding(index: number): Promise<Finding> {
    const m = await this.#query({ type: 'finding', of: this.#shown, index });
    if (m.type !== 'finding-result') throw new Error(`unexpected answer ${m.type}`);
    return m.finding;
  }

  #query(q: WithoutReq<QueryRequest>): Promise<QueryReply> {
    const req = ++this.#nextQuery;
    return new Promise<QueryReply>((resolve, reject) => {
      this.#queries.set(req, { resolve, reject });
      this.#send({ ...q, req } as WorkerRequest);
    });
  }

  #failQueries(message: string): void {
    for (const p of this.#queries.values()) p.reject(new Error(message));
    this.#queries.clear();
  }

  /** The newest request id sent. */
  get latest(): number {
    return this.#latest;
  }

  /** The request id of the result last handed to the page. */
  get shown(): number {
    return this.#shown;
  }

  terminate(): void {
    this.#stopReaders();
    this.#worker.terminate();
    this.#failQueries('The audit worker was stopped.');
  }
}
