// The page's side of the worker: numbered requests, and only the newest request's answers count.
import type { EvalOptions, ExportFormatId, FileRef, ProgressInfo, RuleMeta, WorkerReply, WorkerRequest } from './protocol';
import AuditWorker from './audit.worker.ts?worker&inline';

/**
 * The one place the worker is created. Inlined (`?worker&inline`): Vite bundles the worker into the
 * page's script and starts it from a `blob:` URL, so the single-file build works from file:// (a
 * separate worker file cannot be loaded there) and the CSP needs only `worker-src blob:`.
 */
export function createAuditWorker(): Worker {
  return new AuditWorker({ name: 'credaudit-audit' });
}

export interface AuditClientHandlers {
  ready: (rules: RuleMeta[]) => void;
  progress: (p: ProgressInfo) => void;
  result: (r: Extract<WorkerReply, { type: 'result' }>) => void;
  error: (message: string) => void;
}

export class AuditClient {
  #worker: Worker;
  #latest = 0;
  /** The request id of the last result handed to the page: the one exports are built from. */
  #shown = 0;
  /** Exports waiting for the worker, by export id (their own id space, apart from #latest). */
  #exports = new Map<number, { resolve: (blob: Blob) => void; reject: (e: Error) => void }>();
  #nextExport = 0;

  constructor(
    handlers: AuditClientHandlers,
    worker: Worker = createAuditWorker(),
  ) {
    this.#worker = worker;
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.type === 'ready') {
        handlers.ready(m.rules);
        return;
      }
      if (m.type === 'export-result' || m.type === 'export-error') {
        const p = this.#exports.get(m.req);
        this.#exports.delete(m.req);
        if (m.type === 'export-result') p?.resolve(m.blob);
        else p?.reject(new Error(m.message));
        return;
      }
      // Progress and errors always describe real work; a result is dropped when a newer request
      // is on its way (the worker answers that one too, with everything applied).
      if (m.type === 'progress') handlers.progress(m);
      else if (m.type === 'error') handlers.error(m.message);
      else if (m.req >= this.#latest) {
        this.#shown = m.req;
        handlers.result(m);
      }
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#failExports(`The audit worker failed: ${e.message || 'unknown error'}`);
      handlers.error(`The audit worker failed: ${e.message || 'unknown error'}`);
    };
    worker.onmessageerror = () => {
      // It may have been an export's answer: fail those waiting rather than leave them hanging.
      this.#failExports('A message from the audit worker could not be read.');
      handlers.error('A message from the audit worker could not be read.');
    };
  }

  #send(m: WorkerRequest): void {
    this.#worker.postMessage(m);
  }

  add(files: FileRef[], options: EvalOptions): number {
    const req = ++this.#latest;
    this.#send({ type: 'add', req, files, options });
    return req;
  }

  remove(ids: number[], options: EvalOptions): number {
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
    const req = ++this.#latest;
    this.#send({ type: 'options', req, options });
    return req;
  }

  cancel(): void {
    this.#send({ type: 'cancel' });
  }

  /**
   * An export of the result last handed to the page, built in the worker: its UTF-8 text as a
   * Blob (read it with `await blob.text()` when the string is needed). Does not touch the
   * evaluation requests: an export neither cancels nor outdates one.
   */
  export(format: ExportFormatId): Promise<Blob> {
    const req = ++this.#nextExport;
    return new Promise<Blob>((resolve, reject) => {
      this.#exports.set(req, { resolve, reject });
      this.#send({ type: 'export', req, format, of: this.#shown });
    });
  }

  #failExports(message: string): void {
    for (const p of this.#exports.values()) p.reject(new Error(message));
    this.#exports.clear();
  }

  /** The newest request id sent. */
  get latest(): number {
    return this.#latest;
  }

  terminate(): void {
    this.#worker.terminate();
    this.#failExports('The audit worker was stopped.');
  }
}
