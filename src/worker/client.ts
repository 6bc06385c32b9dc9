// The page's side of the worker: numbered requests, and only the newest request's answers count.
import type { EvalOptions, FileRef, ProgressInfo, RuleMeta, WorkerReply, WorkerRequest } from './protocol';
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
      // Progress and errors always describe real work; a result is dropped when a newer request
      // is on its way (the worker answers that one too, with everything applied).
      if (m.type === 'progress') handlers.progress(m);
      else if (m.type === 'error') handlers.error(m.message);
      else if (m.req >= this.#latest) handlers.result(m);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      handlers.error(`The audit worker failed: ${e.message || 'unknown error'}`);
    };
    worker.onmessageerror = () => handlers.error('A message from the audit worker could not be read.');
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

  /** The newest request id sent. */
  get latest(): number {
    return this.#latest;
  }

  terminate(): void {
    this.#worker.terminate();
  }
}
