// AuditSession: the state of an audit the user is working on — the files read so far, the options,
// the last result — and the rules for changing it. The page's worker and the CLI are adapters over
// it (the worker turns messages into requests; the CLI makes one request and prints the result).
//
// Requests (add, remove, clear, options) are handled one at a time, in order. Reading files is
// slow, evaluating is fast, so the evaluation runs only when no request is waiting: the newest
// request wins, and older ones resolve as superseded. `cancel()` stops a read between two files;
// the files not read are named in the next result. Changing only options (as-of, windows,
// exceptions) re-evaluates without reading anything; changing the time offset re-reads (it changes
// how CloudTrail console CSV times are read). Pure: files arrive as `read()` functions, the clock
// and the timer are parameters. Options arrive parsed (options.ts): the session trusts them.
import { evaluate } from './evaluate';
import { workpaperData, type WorkpaperData } from './evidence';
import { exportFileName, exportFormat, type RenderOptions } from './evidence/registry';
import { emptyDataset, ingest, type Dataset, type IngestOptions } from './ingest';
import type { Gunzip } from './input/decode';
import type { ReadFileHook, Sha256 } from './input/read-file';
import { DEFAULT_MAX_TOTAL_GB, timeOffsetText } from './options';
import type { AuditInput, AuditOptions, AuditResult, InputSummary } from './types';
import { pushAll } from './arrays';

/** A file in the session: an input with an id the caller chose (stable while it is loaded); a zip archive's entries share its id. */
export interface SessionFile extends AuditInput {
  id: number;
}

export type SessionRequest =
  | { type: 'add'; req: number; files: SessionFile[] }
  | { type: 'remove'; req: number; ids: number[] }
  | { type: 'clear'; req: number }
  | { type: 'options'; req: number };

/** A loaded file with what the engine made of it. */
export interface LoadedFile {
  id: number;
  name: string;
  size: number;
  input: InputSummary;
}

export interface SessionProgress {
  /** Files read in this request so far, of `totalFiles`. */
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  /** Root events found in the files read so far in this request (CloudTrail). */
  rootEvents: number;
  /** The file being read now (absent once the last one is read). */
  current?: string;
}

/** What a request leads to when it is the newest. */
export interface SessionOutcome {
  req: number;
  /** Null when no file is loaded. */
  result: AuditResult | null;
  files: LoadedFile[];
  /** Names of the files a cancel dropped before they were read. */
  cancelled: string[];
  /** ingestMs: the latest read of files (kept while only options change); evaluateMs: this evaluation. */
  timing: { ingestMs: number; evaluateMs: number };
}

export type SessionAnswer = { type: 'result'; outcome: SessionOutcome } | { type: 'superseded'; req: number };

export interface SessionHooks {
  /** Called before each file and after the last one of a request that reads files. */
  progress?: (req: number, p: SessionProgress) => void;
  /** Host gunzip (Node's zlib in the CLI); default DecompressionStream. */
  gunzip?: Gunzip;
  /** Host SHA-256 (node:crypto in the CLI); default WebCrypto. */
  sha256?: Sha256;
  /** Host readInputFile (the CLI's worker pool); default readInputFile. */
  readFile?: ReadFileHook;
  /**
   * A read pool for one read of `files` (the page's Web Workers), or undefined to read here; used
   * instead of `readFile`. The session aborts it on cancel and closes it after the read.
   */
  readAhead?: (files: readonly AuditInput[], opts: { naiveTimeOffsetMinutes: number; maxFileBytes: number | undefined }) => ReadAheadHandle | undefined;
  /** Milliseconds from any fixed origin, for the timings (e.g. `performance.now`); default 0. */
  timer?: () => number;
}

/** A read pool for one read: its hook, and how to stop it. */
export interface ReadAheadHandle {
  readFile: ReadFileHook;
  /** A cancel: the file being waited for is dropped at once (ReadCancelled), nothing more is read. */
  abort: () => void;
  /** After the read (done or cancelled). */
  close?: () => void;
}

interface Queued {
  request: SessionRequest;
  options: AuditOptions;
  resolve: (a: SessionAnswer) => void;
  reject: (e: unknown) => void;
}

export class AuditSession {
  readonly #hooks: SessionHooks;
  /** Files read into `#dataset`, in read order: `#files[k]` became `#dataset.fileInputs[k]` inputs, in order. */
  #files: SessionFile[] = [];
  #dataset: Dataset = emptyDataset();
  /** The offset `#dataset` was read with (minutes east of UTC). */
  #readWithOffset = 0;
  #options: AuditOptions | undefined;
  readonly #queue: Queued[] = [];
  #running = false;
  #cancelRequested = false;
  /** The read pool of the read in progress, if any. */
  #ahead: ReadAheadHandle | undefined;
  #cancelled: string[] = [];
  #ingestMs = 0;
  /** The last outcome's request id and result: what exports and the workpaper describe. */
  #shown: { req: number; result: AuditResult | null } = { req: 0, result: null };

  constructor(hooks: SessionHooks = {}) {
    this.#hooks = hooks;
  }

  /** Queues a request; resolves with the outcome when it is the newest, else as superseded. */
  submit(request: SessionRequest, options: AuditOptions): Promise<SessionAnswer> {
    return new Promise<SessionAnswer>((resolve, reject) => {
      this.#queue.push({ request, options, resolve, reject });
      if (!this.#running) void this.#run();
    });
  }

  /**
   * Stops the read in progress between two files; adds still queued are dropped too (their files
   * are named in the next result). Removes and option changes still apply. No-op when idle.
   */
  cancel(): void {
    if (!this.#running) return;
    this.#cancelRequested = true;
    this.#ahead?.abort();
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      const q = this.#queue[i] as Queued;
      if (q.request.type !== 'add') continue;
      pushAll(this.#cancelled, q.request.files.map((f) => f.name));
      if (i === this.#queue.length - 1) {
        // The newest request still gets its answer: it becomes an options change.
        q.request = { type: 'options', req: q.request.req };
      } else {
        this.#queue.splice(i, 1);
        q.resolve({ type: 'superseded', req: q.request.req });
      }
    }
  }

  /** An export of the result of request `of` (refused when a newer result replaced it). */
  async export(formatId: string, of: number, opts: RenderOptions = {}): Promise<{ text: string; fileName: string; mime: string }> {
    const format = exportFormat(formatId);
    if (!format) throw new Error(`unknown export format "${formatId}"`);
    const result = this.#resultOf(of);
    return { text: await format.render(result, opts), fileName: exportFileName(result, format.extension), mime: format.mime };
  }

  /** The workpaper of the result of request `of`. */
  async workpaper(of: number): Promise<WorkpaperData> {
    return workpaperData(this.#resultOf(of));
  }

  #resultOf(of: number): AuditResult {
    const { req, result } = this.#shown;
    if (!result || req !== of) throw new Error('the audit is being updated; try again when the new result is shown');
    return result;
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const q = this.#queue.shift() as Queued;
        try {
          await this.#apply(q.request, q.options);
        } catch (e) {
          this.#cancelRequested = false;
          q.reject(e);
          continue;
        }
        this.#cancelRequested = false;
        if (this.#queue.length > 0) {
          q.resolve({ type: 'superseded', req: q.request.req });
          continue;
        }
        try {
          q.resolve({ type: 'result', outcome: this.#evaluate(q.request.req) });
        } catch (e) {
          q.reject(new Error(`Evaluation failed: ${e instanceof Error ? e.message : String(e)}`));
        }
      }
    } finally {
      this.#running = false;
    }
  }

  async #apply(request: SessionRequest, options: AuditOptions): Promise<void> {
    this.#options = options;
    const timer = this.#hooks.timer ?? (() => 0);
    const t0 = timer();
    const offset = options.naiveTimeOffsetMinutes ?? 0;
    const offsetChanged = offset !== this.#readWithOffset && this.#files.length > 0;
    switch (request.type) {
      case 'add':
        if (offsetChanged) await this.#rereadAll(request.req, this.#files);
        this.#readWithOffset = offset;
        await this.#read(request.req, request.files);
        break;
      case 'remove': {
        // A read dataset cannot forget one file: the remaining files are read again.
        const drop = new Set(request.ids);
        await this.#rereadAll(
          request.req,
          this.#files.filter((f) => !drop.has(f.id)),
        );
        break;
      }
      case 'clear':
        this.#files = [];
        this.#dataset = emptyDataset();
        this.#ingestMs = 0;
        return;
      case 'options':
        if (!offsetChanged) {
          this.#readWithOffset = offset;
          return;
        }
        await this.#rereadAll(request.req, this.#files);
        break;
    }
    this.#ingestMs = timer() - t0;
  }

  async #rereadAll(req: number, files: SessionFile[]): Promise<void> {
    this.#files = [];
    this.#dataset = emptyDataset();
    this.#readWithOffset = this.#options?.naiveTimeOffsetMinutes ?? 0;
    await this.#read(req, files);
  }

  /**
   * Reads `files` into the dataset with core's ingest() (in order, the next file fetched while the
   * current one is parsed), stopping between two files when cancelled: the files not read are
   * remembered for the next outcome (and ingest notes the cancel as a problem of the batch).
   */
  async #read(req: number, files: SessionFile[]): Promise<void> {
    const totalBytes = files.reduce((n, f) => n + f.size, 0);
    const progress = (done: number, bytes: number, rootEvents: number): void => {
      const p: SessionProgress = { files: done, totalFiles: files.length, bytes, totalBytes, rootEvents };
      const current = files[done];
      if (current) p.current = current.name;
      this.#hooks.progress?.(req, p);
    };
    progress(0, 0, 0);
    const before = this.#dataset.fileInputs.length;
    const opts: IngestOptions = {
      naiveTimeOffset: timeOffsetText(this.#readWithOffset),
      onProgress: (done, _total, bytes, rootEvents) => progress(done, bytes, rootEvents),
      cancelled: () => this.#cancelRequested,
    };
    if (this.#hooks.gunzip) opts.gunzip = this.#hooks.gunzip;
    if (this.#hooks.sha256) opts.sha256 = this.#hooks.sha256;
    if (this.#hooks.readFile) opts.readFile = this.#hooks.readFile;
    if (this.#options?.maxFileBytes !== undefined) opts.maxFileBytes = this.#options.maxFileBytes;
    opts.maxTotalBytes = this.#options?.maxTotalBytes ?? DEFAULT_MAX_TOTAL_GB * 1073741824;
    this.#ahead = this.#hooks.readAhead?.(files, { naiveTimeOffsetMinutes: this.#readWithOffset, maxFileBytes: this.#options?.maxFileBytes });
    if (this.#ahead) opts.readFile = this.#ahead.readFile;
    try {
      await ingest(files, opts, this.#dataset);
    } finally {
      this.#ahead?.close?.();
      this.#ahead = undefined;
    }
    const read = this.#dataset.fileInputs.length - before;
    pushAll(this.#files, files.slice(0, read));
    pushAll(this.#cancelled, files.slice(read).map((f) => f.name));
  }

  /** One line per input: a file as itself, a zip archive as its entries (under the archive's id). */
  #loadedFiles(): LoadedFile[] {
    const out: LoadedFile[] = [];
    let at = 0;
    this.#files.forEach((f, k) => {
      const n = this.#dataset.fileInputs[k] ?? 0;
      for (let j = 0; j < n; j++) {
        const input = this.#dataset.inputs[at + j] as InputSummary;
        const entry = input.name !== f.name;
        out.push({ id: f.id, name: input.name, size: entry ? input.bytes : f.size, input });
      }
      at += n;
    });
    return out;
  }

  #evaluate(req: number): SessionOutcome {
    const timer = this.#hooks.timer ?? (() => 0);
    const t0 = timer();
    const o = this.#options as AuditOptions;
    const result = this.#files.length > 0 ? evaluate(this.#dataset, o) : null;
    const outcome: SessionOutcome = {
      req,
      result,
      files: this.#loadedFiles(),
      cancelled: this.#cancelled,
      timing: { ingestMs: this.#ingestMs, evaluateMs: timer() - t0 },
    };
    this.#cancelled = [];
    this.#shown = { req, result };
    return outcome;
  }
}
