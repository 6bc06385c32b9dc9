// .zip archives of trails (an S3 folder downloaded as one archive, a support bundle): each entry
// becomes an input of its own, named `archive.zip/path/in/archive`, read through the same table
// as a loose file. The archive is recognised by content (its first bytes), never by its name. Zip
// structures are read by fflate (a small, well-kept library), not by code written here.
//
// Memory: the archive's compressed bytes are held while its entries are read; entries are inflated
// a batch at a time (BATCH_BYTES of declared size), in archive order, as ingest asks for them, and
// dropped once handed out. An entry declaring more than the per-file limit is never inflated: the
// reader refuses it by its size, with the same problem as a loose file. An entry that inflates to
// more than it declared is cut at its declared size (fflate writes into a buffer of that size), so a
// lying header cannot make a bomb; the cut text then reads as a truncated file.
//
// An archive larger than the per-file limit (a month of an organization's trail) is not held: when
// the host can read parts of a file (AuditInput.range: Blob.slice in the page, a file handle in the
// CLI), unzipit reads its central directory and then each entry's bytes as ingest asks for them
// (zipInputsInPlace); an entry's output is held to the size it declares there too (a test checks a
// lying entry reads as the in-memory reader reads it).
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { unzipRaw, type Reader, type ZipEntry as UnzipitEntry } from 'unzipit';
import type { AuditInput, Problem } from '../types';
import { MAX_GUNZIP_BYTES } from './decode';

/** Declared bytes inflated together (entries are usually small log files: one pass reads many). */
const BATCH_BYTES = 64 * 1024 * 1024;

/** `PK\x03\x04` (a local file header) or `PK\x05\x06` (an empty archive). */
export function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

export interface ZipOptions {
  /** Largest entry inflated, in bytes (the per-file limit; default MAX_GUNZIP_BYTES). */
  maxFileBytes?: number;
}

/** Entries that are not inputs: folders, macOS resource forks, hidden files (as the folder walk skips them). */
function skipped(name: string): boolean {
  if (name.endsWith('/')) return true;
  const parts = name.split('/');
  return parts.includes('__MACOSX') || parts.some((p) => p.startsWith('.'));
}

/**
 * The entries of one archive as inputs (archive order), and problems for what cannot be read
 * (not a readable archive, an unknown compression method, the same name twice).
 */
export function zipInputs(archive: { name: string; lastModified?: number }, bytes: Uint8Array, opts: ZipOptions = {}): { inputs: AuditInput[]; problems: Problem[] } {
  const maxFile = opts.maxFileBytes ?? MAX_GUNZIP_BYTES;
  const problems: Problem[] = [];
  const listed: UnzipFileInfo[] = [];
  try {
    // The filter sees every entry of the central directory; answering false inflates nothing.
    unzipSync(bytes, {
      filter: (f) => {
        listed.push(f);
        return false;
      },
    });
  } catch (e) {
    problems.push({ input: archive.name, severity: 'error', message: `Not a readable zip archive (${e instanceof Error ? e.message : String(e)}); nothing in it was read.` });
    return { inputs: [], problems };
  }
  const entries = keptEntries(archive.name, listed.map((f, cd) => ({ name: f.name, originalSize: f.originalSize, compression: f.compression, cd })), problems);
  const batches = new ZipBatches(bytes, entries, maxFile);
  return { inputs: entries.map((f, i) => entryInput(archive, f, async () => batches.take(i))), problems };
}

/** An entry as an input named `archive/path`, read by `read`. */
function entryInput(archive: { name: string; lastModified?: number }, f: ZipEntry, read: () => Promise<Uint8Array>): AuditInput {
  const input: AuditInput = { name: `${archive.name}/${f.name}`, size: f.originalSize, read };
  if (archive.lastModified !== undefined) input.lastModified = archive.lastModified;
  return input;
}

/**
 * The central directory's entries that become inputs, in archive order: not folders, resource forks
 * or hidden files; stored or deflated (else a problem); the first of two with one name (a problem
 * for the second). A warning when none is left and nothing was said.
 */
function keptEntries(archiveName: string, listed: readonly (ZipEntry & { compression: number })[], problems: Problem[]): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  for (const f of listed) {
    if (skipped(f.name)) continue;
    const label = `${archiveName}/${f.name}`;
    if (f.compression !== 0 && f.compression !== 8) {
      problems.push({ input: label, severity: 'error', message: `This archive entry uses compression method ${f.compression}; only stored and deflated entries can be read. It was not read.` });
      continue;
    }
    if (names.has(f.name)) {
      problems.push({ input: label, severity: 'warning', message: 'The archive holds a second entry with this name; only the first was read.' });
      continue;
    }
    names.add(f.name);
    entries.push({ name: f.name, originalSize: f.originalSize, cd: f.cd });
  }
  if (entries.length === 0 && problems.length === 0) problems.push({ input: archiveName, severity: 'warning', message: 'The zip archive holds no files.' });
  return entries;
}

/** Reads the bytes [from, to) of a file: Blob.slice in the page, a file handle in the CLI. */
export type ByteRange = (from: number, to: number) => Promise<Uint8Array>;

/**
 * The entries of an archive of `size` bytes read in place through `range` (see the head of this
 * file): the same inputs and problems as zipInputs, without the archive in memory.
 */
export async function zipInputsInPlace(archive: { name: string; lastModified?: number }, size: number, range: ByteRange, opts: ZipOptions = {}): Promise<{ inputs: AuditInput[]; problems: Problem[] }> {
  const maxFile = opts.maxFileBytes ?? MAX_GUNZIP_BYTES;
  const problems: Problem[] = [];
  const reader: Reader = {
    getLength: async () => size,
    read: async (offset, length) => {
      const b = await range(offset, offset + length);
      return b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b as Uint8Array<ArrayBuffer>) : new Uint8Array(b);
    },
  };
  let listed: UnzipitEntry[];
  try {
    listed = (await unzipRaw(reader)).entries;
  } catch (e) {
    problems.push({ input: archive.name, severity: 'error', message: `Not a readable zip archive (${e instanceof Error ? e.message : String(e)}); nothing in it was read.` });
    return { inputs: [], problems };
  }
  const entries = keptEntries(archive.name, listed.map((f, cd) => ({ name: f.name, originalSize: f.size, compression: f.compressionMethod, cd })), problems);
  const inputs = entries.map((f) =>
    entryInput(archive, f, async () => {
      // The reader refuses an entry over the limit by its size before asking; this keeps it so.
      if (f.originalSize > maxFile) throw new Error(`the entry declares ${f.originalSize} bytes, more than the per-file limit`);
      return new Uint8Array(await (listed[f.cd] as UnzipitEntry).arrayBuffer());
    }),
  );
  return { inputs, problems };
}

/** An entry kept as an input: its name, declared size and place in the central directory. */
interface ZipEntry {
  name: string;
  originalSize: number;
  /** Index in the central directory (told apart from a second entry of the same name). */
  cd: number;
}

/** Inflates entries a batch at a time, from the one asked for onwards, and hands each out once. */
class ZipBatches {
  private ready = new Map<number, Uint8Array>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly entries: readonly ZipEntry[],
    private readonly maxFile: number,
  ) {}

  take(index: number): Uint8Array {
    const done = this.ready.get(index);
    if (done) {
      this.ready.delete(index);
      return done;
    }
    const entry = this.entries[index] as ZipEntry;
    // The reader refuses an entry over the limit by its size before asking; this keeps it so.
    if (entry.originalSize > this.maxFile) throw new Error(`the entry declares ${entry.originalSize} bytes, more than the per-file limit`);
    // Central-directory index -> input index, for the entries of this batch.
    const want = new Map<number, number>();
    let declared = 0;
    for (let j = index; j < this.entries.length; j++) {
      const e = this.entries[j] as ZipEntry;
      if (e.originalSize > this.maxFile || this.ready.has(j)) continue;
      if (want.size > 0 && declared + e.originalSize > BATCH_BYTES) break;
      want.set(e.cd, j);
      declared += e.originalSize;
    }
    let cd = -1;
    const out = unzipSync(this.bytes, { filter: () => want.has(++cd) });
    let mine: Uint8Array | undefined;
    for (const [k, j] of want) {
      const data = out[(this.entries[j] as ZipEntry).name];
      if (data === undefined) continue;
      if (j === index) mine = data;
      else this.ready.set(j, data);
      want.delete(k);
    }
    if (!mine) throw new Error('the archive entry could not be found again');
    return mine;
  }
}
