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
import { gunzipSync } from 'node:zlib';
import { chunkSizeFor, type InflateAhead, nodeGunzipSync, nodeSha256, SMALL_GZIP_BYTES } from './node-gunzip';
import { fromWire, toWire, type WireRead } from '../core/input/read-wire';

const WORKER_MARK = 'credauditReadPool';
/** Files below this size are read on the main thread, with or without a pool. */
const SMALL_FILE_BYTES = 16 * 1024;

/**
 * A file a worker reads: on disk, and not so small that its round trip to a worker costs more than
 * reading it (measured: 3,000 files of 1.5 KB, 1,631 files/s sent to two workers, 2,085 on one thread).
 */
const sentToWorker = (input: AuditInput, path: string | undefined): path is string => path !== undefined && input.size >= SMALL_FILE_BYTES;

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
 * for or fewer than two files on disk are big enough to send (nothing to spread). `pathOf` names the
 * file on disk.
 */
export function readPoolFor(inputs: readonly AuditInput[], pathOf: (i: AuditInput) => string | undefined, opts: PoolOptions): ReadPool | undefined {
  const onDisk = inputs.filter((i) => pathOf(i) !== undefined);
  // Small files are read here in any case: fewer than two others leave nothing to spread.
  if (opts.threads <= 1 || onDisk.filter((i) => sentToWorker(i, pathOf(i))).length < 2) return undefined;
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
      if (!sentToWorker(input, path)) return undefined;
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
    const worker = spares.pop() ?? spawnWorker();
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

/** Workers started before the files were listed (prestartWorkers), for the pool to take. */
const spares: Worker[] = [];

/**
 * Starts `n` pool workers now, so that their start (each compiles the whole program) overlaps the
 * walk of the folders; the pool takes them, and closeSpareWorkers ends those it did not need. For
 * an explicit `--threads N` (N >= 2) only: without it the pool may not be wanted at all.
 */
export function prestartWorkers(n: number): void {
  while (spares.length < n) spares.push(spawnWorker());
}

export async function closeSpareWorkers(): Promise<void> {
  await Promise.all(spares.splice(0).map((w) => w.terminate()));
}

/**
 * A worker's young generation, capped. A worker keeps little between files (its answers move to the
 * main thread), but V8 lets an isolate's young generation grow to 48 MB under steady allocation: two
 * workers held about 60 MB more at the peak than with this cap (3 GB trail, two threads: peak RSS
 * 329–336 MB against 267–268 MB), at no measurable cost in time.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 3 };

/** A worker thread running this module's worker side (serveReads). */
function spawnWorker(): Worker {
  const url = new URL(import.meta.url);
  const workerData = { [WORKER_MARK]: true };
  // The bundled binary is JavaScript: the worker runs this file. From source (tsx, tests) a worker does
  // not inherit tsx's loader (Node 20), so a two-line bootstrap imports this module through tsx's API.
  const worker = url.pathname.endsWith('.ts')
    ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}));`, { eval: true, workerData, resourceLimits: WORKER_LIMITS })
    : new Worker(url, { workerData, resourceLimits: WORKER_LIMITS });
  return worker;
}

// ---- the inflate thread (--threads 1) ----------------------------------------------------------

/** What the inflate thread is asked: read a file and inflate it when it is gzip. */
interface InflateTask {
  op: 'inflate';
  id: number;
  path: string;
  limit: number;
}

/** Its answer: the file's bytes and their inflate (undefined when not gzip or it failed), or a read error. */
type InflateAnswer = { id: number; bytes: Uint8Array; inflated: Uint8Array | undefined } | { id: number; error: string };

/** Files read ahead of the one the audit takes: enough to keep the thread busy while one is scanned. */
const INFLATE_AHEAD = 4;
/** Below these the thread's start (tens of milliseconds) costs more than it saves. */
const INFLATE_MIN_FILES = 8;
const INFLATE_MIN_BYTES = 8 * 1048576;

/**
 * With one thread reading (no pool), the gzip files on disk are read and inflated by one worker
 * thread, a few files ahead, while the main thread scans: what zlib's async form was meant to give,
 * but each of its inflates needs two turns of the main thread's event loop, which come only between
 * files, so the main thread still waited most of each inflate (measured: 1.4 s of 7.7 s on a
 * 1,586-file trail). The inflate is handed over through InflateAhead, which takes it only when it is
 * what the bounded call asks for would give; a file the thread cannot read is read here.
 */
export class InflateThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, (a: InflateAnswer | undefined) => void>();
  readonly #asked = new Map<number, Promise<InflateAnswer | undefined>>();
  readonly #counts = { fromThread: 0, inflated: 0, here: 0 };
  #nextId = 1;
  #dead = false;

  private constructor(
    private readonly paths: readonly string[],
    private readonly limit: number,
    private readonly ahead: InflateAhead,
  ) {
    this.#worker = spawnWorker();
    this.#worker.on('message', (a: InflateAnswer) => {
      const resolve = this.#pending.get(a.id);
      this.#pending.delete(a.id);
      resolve?.(a);
    });
    const fail = (): void => {
      this.#dead = true;
      for (const resolve of this.#pending.values()) resolve(undefined);
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', fail);
  }

  /**
   * Hands the files on disk among `inputs` big enough to be gzip worth a thread (from 16 KB, within
   * the per-file limit) to an inflate thread when they are enough to pay for starting it: their
   * `read` goes through the thread from then on. Undefined when they are not.
   */
  static attach(
    inputs: readonly AuditInput[],
    pathOf: (i: AuditInput) => string | undefined,
    limit: number,
    ahead: InflateAhead,
    enough: { files: number; bytes: number } = { files: INFLATE_MIN_FILES, bytes: INFLATE_MIN_BYTES },
  ): InflateThread | undefined {
    const chosen = inputs.filter((i) => pathOf(i) !== undefined && i.size >= SMALL_GZIP_BYTES && i.size <= limit);
    const bytes = chosen.reduce((n, i) => n + i.size, 0);
    if (chosen.length < enough.files || bytes < enough.bytes) return undefined;
    const thread = new InflateThread(chosen.map((i) => pathOf(i) as string), limit, ahead);
    chosen.forEach((input, k) => {
      const own = input.read;
      input.read = () => thread.#read(k, own);
    });
    return thread;
  }

  /** Files whose bytes came from the thread, with and without their inflate, and files read here: what tests check. */
  get counts(): { fromThread: number; inflated: number; here: number } {
    return { ...this.#counts };
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }

  /** File `k`'s bytes from the thread (its inflate offered to `ahead`), asking for the next few too. */
  async #read(k: number, own: () => Promise<Uint8Array>): Promise<Uint8Array> {
    for (let j = k; j < Math.min(this.paths.length, k + INFLATE_AHEAD); j++) {
      if (!this.#asked.has(j) && !this.#dead) this.#asked.set(j, this.#ask(j));
    }
    const asked = this.#asked.get(k);
    this.#asked.delete(k);
    const a = await asked;
    if (a === undefined || 'error' in a) {
      this.#counts.here++;
      return own();
    }
    this.#counts.fromThread++;
    if (a.inflated !== undefined) {
      this.#counts.inflated++;
      this.ahead.offer(a.bytes, Promise.resolve(a.inflated));
    }
    return a.bytes;
  }

  #ask(k: number): Promise<InflateAnswer | undefined> {
    const id = this.#nextId++;
    const answer = new Promise<InflateAnswer | undefined>((resolve) => this.#pending.set(id, resolve));
    this.#worker.postMessage({ op: 'inflate', id, path: this.paths[k] as string, limit: this.limit } satisfies InflateTask);
    return answer;
  }
}

// ---- the worker side ----------------------------------------------------------------------------

function serveReads(): void {
  const port = parentPort;
  if (port === null) return;
  port.on('message', (task: ReadTask | InflateTask) => {
    if ('op' in task) {
      const answer = inflateTask(task);
      const moved = 'bytes' in answer ? [answer.bytes.buffer, ...(answer.inflated ? [answer.inflated.buffer] : [])] : [];
      port.postMessage(answer, moved as ArrayBuffer[]);
      return;
    }
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

/**
 * A buffer whose memory can be moved to the main thread: Node's own when it is too big to sit in
 * its shared pool of small buffers (moving that would take it from every other buffer), else a copy.
 */
const movable = (b: Buffer): Uint8Array => (b.byteLength >= Buffer.poolSize ? b : new Uint8Array(b));

/** Reads and inflates one file for the inflate thread. */
function inflateTask(task: InflateTask): InflateAnswer {
  let bytes: Uint8Array;
  try {
    bytes = movable(readFileSync(task.path));
  } catch (e) {
    return { id: task.id, error: String(e) };
  }
  let inflated: Uint8Array | undefined;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      inflated = movable(gunzipSync(bytes, { maxOutputLength: task.limit, chunkSize: chunkSizeFor(bytes, task.limit) }));
    } catch {
      // Inflated again on the main thread, which gives the error its words.
      inflated = undefined;
    }
  }
  return { id: task.id, bytes, inflated };
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
