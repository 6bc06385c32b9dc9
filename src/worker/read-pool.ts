// The page's read pool (issue 13 item 2): files the user gave are read — inflated, scanned, parsed —
// by several Web Workers at once, while the audit worker takes their reads in input order (core's
// ReadAhead: the same output as one thread, byte for byte). The page starts the readers (the same
// worker script, another role: see audit.worker.ts) and hands the audit worker one MessagePort to
// each, so reads travel reader → audit worker without crossing the main thread.
//
// A read that cannot travel as plain data (any content but CloudTrail: read-wire.ts), a reader that
// failed, or a file that is not a File (a zip entry) is read on the audit worker, as without a pool.
// A cancel abandons the read being waited for at once (ReadAhead.abort); what the readers had in
// hand (a few files, at most AHEAD_BYTES ahead) is dropped when it arrives.
import { MAX_GUNZIP_BYTES } from '../core/input/decode';
import { ReadAhead, type ReadAheadTask } from '../core/input/read-ahead';
import { readInputFile, type FileRead, type ReadFileOptions } from '../core/input/read-file';
import { fromWire, toWire, type WireRead } from '../core/input/read-wire';
import type { ReadAheadHandle } from '../core/session';
import type { AuditInput } from '../core/types';

/** What a reader is asked to read: the File handle (structured-cloned, not its bytes) and the options. */
export interface ReaderTask extends ReadAheadTask {
  id: number;
  file: File;
}

/** How the files of a result were read: by the pool's readers, or by the audit worker itself. */
export interface ReadCounts {
  byReaders: number;
  here: number;
  /** Readers up when the result was made. */
  readers: number;
}

export type ReaderAnswer = { id: number; read: WireRead } | { id: number; notSent: string };

/** Reads ahead per reader: enough to keep each busy while the audit worker merges. */
const AHEAD_PER_READER = 3;
/** File bytes read ahead of the one taken, at most (past the first): bounds memory on big files. */
const AHEAD_BYTES = 256 * 1048576;

interface Lane {
  port: MessagePort;
  pending: Map<number, (r: FileRead | undefined) => void>;
  dead: boolean;
}

export class PageReadPool {
  #lanes: Lane[] = [];
  #nextId = 1;
  /** The File behind each session input that has one (zip entries have none). */
  readonly #files = new WeakMap<AuditInput, File>();
  /** Reads taken from readers and read here since the last takeCounts(). */
  #counts = { fromWorkers: 0, here: 0 };

  /** Reads taken from readers and read here since the last call, and the readers up now. */
  takeCounts(): ReadCounts {
    const c = { byReaders: this.#counts.fromWorkers, here: this.#counts.here, readers: this.readers };
    this.#counts = { fromWorkers: 0, here: 0 };
    return c;
  }

  /** The readers' ports (replacing any earlier ones: their pending reads are read here instead). */
  setPorts(ports: readonly MessagePort[]): void {
    for (const lane of this.#lanes) this.#fail(lane);
    this.#lanes = ports.map((port) => {
      const lane: Lane = { port, pending: new Map(), dead: false };
      port.onmessage = (e: MessageEvent<ReaderAnswer>) => {
        const a = e.data;
        const resolve = lane.pending.get(a.id);
        lane.pending.delete(a.id);
        resolve?.('read' in a ? fromWire(a.read) : undefined);
      };
      port.onmessageerror = () => this.#fail(lane);
      return lane;
    });
  }

  /** Reader `index` failed: what it was reading is read here. */
  failed(index: number): void {
    const lane = this.#lanes[index];
    if (lane) this.#fail(lane);
  }

  /** Marks an input as backed by a File a reader can open. */
  backedBy(input: AuditInput, file: File): void {
    this.#files.set(input, file);
  }

  get readers(): number {
    return this.#lanes.filter((l) => !l.dead).length;
  }

  /** The session's readAhead hook: a ReadAhead over these files (with no reader up, every file is read here). */
  readonly readAhead = (files: readonly AuditInput[], opts: { naiveTimeOffsetMinutes: number; maxFileBytes: number | undefined }): ReadAheadHandle => {
    const readers = this.readers;
    const taskOf = (input: AuditInput): ReaderTask | undefined => {
      const file = readers > 0 ? this.#files.get(input) : undefined;
      // Over the per-file limit: refused, or a zip archive opened in place, here (nothing to send).
      if (file === undefined || input.size > (opts.maxFileBytes ?? MAX_GUNZIP_BYTES)) return undefined;
      const task: ReaderTask = { id: this.#nextId++, file, name: input.name, size: input.size, naiveTimeOffsetMinutes: opts.naiveTimeOffsetMinutes, maxFileBytes: opts.maxFileBytes };
      if (input.lastModified !== undefined) task.lastModified = input.lastModified;
      return task;
    };
    const ahead = new ReadAhead(files, taskOf, (task) => this.#send(task), Math.max(1, readers) * AHEAD_PER_READER, AHEAD_BYTES);
    const before = { ...ahead.counts };
    return {
      readFile: ahead.readFile,
      abort: () => ahead.abort(),
      close: () => {
        this.#counts.fromWorkers += ahead.counts.fromWorkers - before.fromWorkers;
        this.#counts.here += ahead.counts.here - before.here;
      },
    };
  };

  #send(task: ReaderTask): Promise<FileRead | undefined> {
    const live = this.#lanes.filter((l) => !l.dead);
    if (live.length === 0) return Promise.resolve(undefined);
    const lane = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const result = new Promise<FileRead | undefined>((resolve) => lane.pending.set(task.id, resolve));
    try {
      lane.port.postMessage(task);
    } catch {
      this.#fail(lane);
    }
    return result;
  }

  #fail(lane: Lane): void {
    lane.dead = true;
    for (const resolve of lane.pending.values()) resolve(undefined);
    lane.pending.clear();
  }
}

// ---- the reader side ------------------------------------------------------------------------------

/** Serves reads on `port` (in a reader worker): each task is read with core's readInputFile. */
export function serveReads(port: MessagePort): void {
  port.onmessage = (e: MessageEvent<ReaderTask>) => {
    const task = e.data;
    void readTask(task).then(
      (read) => {
        const wire = toWire(read);
        if (wire) port.postMessage({ id: task.id, read: wire.read } satisfies ReaderAnswer, wire.transfer);
        else port.postMessage({ id: task.id, notSent: 'content read by the audit worker' } satisfies ReaderAnswer);
      },
      (err: unknown) => port.postMessage({ id: task.id, notSent: String(err) } satisfies ReaderAnswer),
    );
  };
}

function readTask(task: ReaderTask): Promise<FileRead> {
  const input: AuditInput = { name: task.name, size: task.size, read: async () => new Uint8Array(await task.file.arrayBuffer()) };
  if (task.lastModified !== undefined) input.lastModified = task.lastModified;
  const opts: ReadFileOptions = { naiveTimeOffsetMinutes: task.naiveTimeOffsetMinutes };
  if (task.maxFileBytes !== undefined) opts.maxFileBytes = task.maxFileBytes;
  return readInputFile(input, opts);
}
