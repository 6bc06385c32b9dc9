// The CLI's read pool (issue 13 item 2): files on disk are read by worker threads, several at a
// time, while the audit takes their results in input order — so the output is the same, byte for
// byte, as with one thread (`--threads 1`, which uses no pool).
//
// How: the ordering, the check that a worker's read is the one asked for, and the fallback to a
// read on this thread are core's ReadAhead (shared with the page's Web Worker pool); this file
// starts the worker threads (each runs the pure core reader, readInputFile, with a synchronous
// gunzip) and carries reads to and from them.
//
// The worker is this same module (or, in the bundled binary, this same file), started with a mark
// in its workerData: no second entry point to build or ship.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ReadAhead, type ReadAheadTask } from '../core/input/read-ahead';
import { readInputFile, type FileRead, type ReadFileHook, type ReadFileOptions } from '../core/input/read-file';
import type { AuditInput } from '../core/types';
import { nodeGunzipSync, nodeSha256 } from './node-gunzip';
import { fromWire, toWire, type WireRead } from '../core/input/read-wire';

const WORKER_MARK = 'credauditReadPool';
/** Reads started ahead of the one being taken, per thread: enough to keep every thread busy, few enough to bound memory. */
const AHEAD_PER_THREAD = 4;

/** What a worker is asked to read. */
interface ReadTask extends ReadAheadTask {
  id: number;
  path: string;
}

type ReadAnswer = { id: number; read: WireRead } | { id: number; notSent: string };

/** The default number of threads: every core. */
export const defaultThreads = (): number => availableParallelism();

/**
 * Without --threads the pool is used only when the files are enough to pay for starting the workers
 * (tens of milliseconds each; more from source through tsx): many files, or many bytes.
 */
const AUTO_MIN_FILES = 32;
const AUTO_MIN_BYTES = 16 * 1048576;
/** Average file size (compressed, on disk) below which the pool is not used without --threads. */
const AUTO_MIN_AVERAGE_BYTES = 32 * 1024;

export interface PoolOptions {
  threads: number;
  /** The thread count is the default (not asked for): use the pool only for enough work. */
  auto?: boolean;
  /** The options the audit reads files with (checked again for each file before a worker's read is used). */
  naiveTimeOffsetMinutes: number | undefined;
  maxFileBytes: number | undefined;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, (r: FileRead | undefined) => void>;
  dead: boolean;
}

/**
 * A pool for these inputs (in the order the audit reads them), or undefined when one thread is asked
 * for or fewer than two files are on disk (nothing to spread). `pathOf` names the file on disk.
 */
export function readPoolFor(inputs: readonly AuditInput[], pathOf: (i: AuditInput) => string | undefined, opts: PoolOptions): ReadPool | undefined {
  const onDisk = inputs.filter((i) => pathOf(i) !== undefined);
  if (opts.threads <= 1 || onDisk.length < 2) return undefined;
  if (opts.auto) {
    const bytes = onDisk.reduce((n, i) => n + i.size, 0);
    if (onDisk.length < AUTO_MIN_FILES && bytes < AUTO_MIN_BYTES) return undefined;
    // Small files: sending each read to a thread and back costs more than reading it (measured:
    // 3,000 files of 1.5 KB, 1,370 files/s on two threads against 1,600–2,000 on one).
    if (bytes / onDisk.length < AUTO_MIN_AVERAGE_BYTES) return undefined;
  }
  return new ReadPool(inputs, pathOf, { ...opts, threads: Math.min(opts.threads, onDisk.length) });
}

export class ReadPool {
  readonly #workers: PoolWorker[] = [];
  readonly #ahead: ReadAhead<ReadTask>;
  #nextId = 1;

  constructor(inputs: readonly AuditInput[], pathOf: (i: AuditInput) => string | undefined, opts: PoolOptions) {
    for (let t = 0; t < opts.threads; t++) this.#workers.push(this.#spawn());
    const taskOf = (input: AuditInput): ReadTask | undefined => {
      const path = pathOf(input);
      if (path === undefined) return undefined;
      const task: ReadTask = { id: this.#nextId++, path, name: input.name, size: input.size, naiveTimeOffsetMinutes: opts.naiveTimeOffsetMinutes, maxFileBytes: opts.maxFileBytes };
      if (input.lastModified !== undefined) task.lastModified = input.lastModified;
      return task;
    };
    this.#ahead = new ReadAhead(inputs, taskOf, (task) => this.#send(task), opts.threads * AHEAD_PER_THREAD);
  }

  /** The hook for audit(): a worker's read of the file when it is the one asked for, else a read here. */
  get readFile(): ReadFileHook {
    return this.#ahead.readFile;
  }

  /** Files whose read came from a worker, and files read on this thread: what tests and the bench check. */
  get counts(): { fromWorkers: number; here: number } {
    return this.#ahead.counts;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.worker.terminate()));
  }

  /** Sends a read to the least busy live worker (undefined at once when none is left: read here). */
  #send(task: ReadTask): Promise<FileRead | undefined> {
    const live = this.#workers.filter((w) => !w.dead);
    if (live.length === 0) return Promise.resolve(undefined);
    const w = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const result = new Promise<FileRead | undefined>((resolve) => w.pending.set(task.id, resolve));
    w.worker.postMessage(task);
    return result;
  }

  #spawn(): PoolWorker {
    const url = new URL(import.meta.url);
    const workerData = { [WORKER_MARK]: true };
    // The bundled binary is JavaScript: the worker runs this file. From source (tsx, tests) a worker does
    // not inherit tsx's loader (Node 20), so a two-line bootstrap imports this module through tsx's API.
    const worker = url.pathname.endsWith('.ts')
      ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}));`, { eval: true, workerData })
      : new Worker(url, { workerData });
    const w: PoolWorker = { worker, pending: new Map(), dead: false };
    worker.on('message', (a: ReadAnswer) => {
      const resolve = w.pending.get(a.id);
      w.pending.delete(a.id);
      resolve?.('read' in a ? fromWire(a.read) : undefined);
    });
    const fail = (): void => {
      // Its reads are done on the main thread instead (the hook falls back when a result is undefined).
      w.dead = true;
      for (const resolve of w.pending.values()) resolve(undefined);
      w.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return w;
  }
}

// ---- the worker side ----------------------------------------------------------------------------

function serveReads(): void {
  const port = parentPort;
  if (port === null) return;
  port.on('message', (task: ReadTask) => {
    void readTask(task).then(
      (answer) => {
        if ('read' in answer) {
          const wire = toWire(answer.read);
          if (wire) port.postMessage({ id: task.id, read: wire.read } satisfies ReadAnswer, wire.transfer);
          else port.postMessage({ id: task.id, notSent: 'content read on the main thread' } satisfies ReadAnswer);
        } else port.postMessage(answer);
      },
      (e: unknown) => port.postMessage({ id: task.id, notSent: String(e) } satisfies ReadAnswer),
    );
  });
}

async function readTask(task: ReadTask): Promise<{ read: FileRead } | ReadAnswer> {
  const input: AuditInput = {
    name: task.name,
    size: task.size,
    read: async () => {
      const b = readFileSync(task.path);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
  };
  if (task.lastModified !== undefined) input.lastModified = task.lastModified;
  const opts: ReadFileOptions = { naiveTimeOffsetMinutes: task.naiveTimeOffsetMinutes, gunzip: nodeGunzipSync, sha256: nodeSha256 };
  if (task.maxFileBytes !== undefined) opts.maxFileBytes = task.maxFileBytes;
  return { read: await readInputFile(input, opts) };
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_MARK] === true) serveReads();
