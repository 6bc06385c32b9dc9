// Reads ahead on other threads, hands out in input order: the part of a read pool that does not
// depend on the host (the CLI's worker threads, the page's Web Workers).
//
// The core reads files through one hook, readFile(file, opts), called once per file in input order
// (ingest.ts). ReadAhead starts reads of the files after the one being taken — up to `inFlight` at a
// time — through the host's `dispatch`, and the hook hands out each result when its turn comes. A
// dispatched read is used only when it is the read the hook asks for: the same file, the same
// options, and within what is left of the limit for all files together (the reading thread cannot
// know it in advance: it depends on the files before). Anything else — a file the host cannot send
// to a thread, a content that does not travel as plain data (read-wire.ts), a limit reached, a
// thread that failed — is read on this thread with readInputFile, exactly as without a pool. So the
// output is the same, byte for byte, with or without one.
//
// `abort()` (a cancel) makes the read being waited for reject with ReadCancelled at once, so the
// ingest stops within a message's time instead of after the file; nothing more is dispatched.
import type { AuditInput } from '../types';
import { readInputFile, type FileRead, type ReadFileHook, type ReadFileOptions } from './read-file';

/** What a host sends to a reading thread: enough to check that its read is the one asked for. */
export interface ReadAheadTask {
  name: string;
  size: number;
  lastModified?: number;
  naiveTimeOffsetMinutes: number | undefined;
  maxFileBytes: number | undefined;
}

/** The read the hook was waiting for was abandoned by a cancel (ingest stops there). */
export class ReadCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ReadCancelled';
  }
}

interface Slot<T extends ReadAheadTask> {
  name: string;
  size: number;
  task: T | undefined;
  result?: Promise<FileRead | undefined>;
}

export class ReadAhead<T extends ReadAheadTask> {
  readonly #slots: Slot<T>[];
  readonly #dispatch: (task: T) => Promise<FileRead | undefined>;
  readonly #inFlight: number;
  readonly #aheadBytes: number;
  #taken = 0;
  #sent = 0;
  #aborted = false;
  #onAbort: (() => void)[] = [];
  /** Files whose read came from another thread, and files read on this one: what tests and the bench check. */
  readonly counts = { fromWorkers: 0, here: 0 };

  /**
   * `inputs` in the order the audit reads them; `taskOf` gives what to send for an input, or
   * undefined to read it here; `dispatch` reads a task on another thread and resolves with its read
   * (undefined when it could not be sent back); at most `inFlight` reads, and (past the first) at
   * most `aheadBytes` of file sizes, are ahead of the one taken: they bound memory.
   */
  constructor(inputs: readonly AuditInput[], taskOf: (input: AuditInput) => T | undefined, dispatch: (task: T) => Promise<FileRead | undefined>, inFlight: number, aheadBytes = Infinity) {
    this.#slots = inputs.map((i) => ({ name: i.name, size: i.size, task: taskOf(i) }));
    this.#dispatch = dispatch;
    this.#inFlight = Math.max(1, inFlight);
    this.#aheadBytes = aheadBytes;
    this.#pump();
  }

  /** The hook for ingest: the dispatched read of this file when it is the one asked for, else a read here. */
  readonly readFile: ReadFileHook = async (file, opts) => {
    if (this.#aborted) throw new ReadCancelled();
    const slot = this.#slots[this.#taken];
    if (slot !== undefined && slot.name === file.name) {
      this.#taken++;
      this.#pump();
      const read = slot.result ? await this.#unlessAborted(slot.result) : undefined;
      if (read !== undefined && slot.task !== undefined && sameRead(slot.task, file, opts, read)) {
        this.counts.fromWorkers++;
        return read;
      }
    }
    this.counts.here++;
    return readInputFile(file, opts);
  };

  /** Stops: the read being waited for rejects with ReadCancelled, later ones too; nothing more is dispatched. */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    for (const f of this.#onAbort) f();
    this.#onAbort = [];
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  #unlessAborted(p: Promise<FileRead | undefined>): Promise<FileRead | undefined> {
    return new Promise<FileRead | undefined>((resolve, reject) => {
      const onAbort = (): void => reject(new ReadCancelled());
      this.#onAbort.push(onAbort);
      p.then(
        (r) => {
          this.#onAbort = this.#onAbort.filter((f) => f !== onAbort);
          if (this.#aborted) reject(new ReadCancelled());
          else resolve(r);
        },
        () => resolve(undefined),
      );
    });
  }

  #pump(): void {
    if (this.#aborted) return;
    const limit = this.#taken + this.#inFlight;
    let ahead = 0;
    for (let i = this.#taken; i < this.#sent; i++) ahead += (this.#slots[i] as Slot<T>).size;
    while (this.#sent < this.#slots.length && this.#sent < limit) {
      const next = this.#slots[this.#sent] as Slot<T>;
      if (this.#sent > this.#taken && ahead + next.size > this.#aheadBytes) return;
      ahead += next.size;
      const slot = this.#slots[this.#sent++] as Slot<T>;
      if (slot.task === undefined) continue;
      const result = this.#dispatch(slot.task);
      result.catch(() => undefined);
      slot.result = result;
    }
  }
}

/**
 * True when the dispatched read is what readInputFile(file, opts) gives here: same file and options,
 * and the limit for all files together does not change it (a file within what is left reads the same).
 */
function sameRead(task: ReadAheadTask, file: AuditInput, opts: ReadFileOptions, read: FileRead): boolean {
  if (task.size !== file.size || task.lastModified !== file.lastModified) return false;
  if (task.naiveTimeOffsetMinutes !== opts.naiveTimeOffsetMinutes || task.maxFileBytes !== opts.maxFileBytes) return false;
  if (opts.total === undefined) return true;
  return file.size <= opts.total.remaining && read.decodedBytes !== undefined && read.decodedBytes <= opts.total.remaining;
}
