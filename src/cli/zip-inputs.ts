// The CLI's side of .zip archives: a file whose first bytes say "zip" (by content, not by name) is
// read once and its entries become inputs (src/core/input/zip.ts does the rest, for any host).
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isZip, zipInputs, zipInputsInPlace } from '../core/input/zip';
import type { AuditInput, Problem } from '../core/types';

const HEAD = new Uint8Array(4);

/**
 * The first four bytes of a file (fewer when it is shorter), in a buffer reused from call to call.
 * Synchronous: three system calls cost less than three promise round trips through libuv's thread
 * pool, which for a folder of small logs took more time than reading them.
 */
function head(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    return HEAD.subarray(0, readSync(fd, HEAD, 0, HEAD.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * The archive's entries as inputs when `file` is a zip archive, else undefined (the caller reads it
 * as one file). Problems (an unreadable archive, entries that cannot be read) go to `problems`. An
 * archive larger than the per-file limit is not read whole: it is opened in place through `range`
 * (the central directory, then each entry when the audit reads it).
 */
export async function zipArchiveInputs(
  file: { path: string; label: string; mtimeMs: number; size: number },
  problems: Problem[],
  maxFileBytes: number,
  range: (path: string, from: number, to: number) => Promise<Uint8Array>,
): Promise<AuditInput[] | undefined> {
  try {
    if (!isZip(head(file.path))) return undefined;
  } catch {
    return undefined; // unreadable: the ordinary read reports it
  }
  const archive = { name: file.label, lastModified: file.mtimeMs };
  let r;
  if (file.size > maxFileBytes) {
    r = await zipInputsInPlace(archive, file.size, (from, to) => range(file.path, from, to), { maxFileBytes });
  } else {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file.path));
    } catch (e) {
      problems.push({ input: file.label, severity: 'error', message: `The zip archive could not be read: ${e instanceof Error ? e.message : String(e)}` });
      return [];
    }
    r = zipInputs(archive, bytes, { maxFileBytes });
  }
  for (const p of r.problems) problems.push(p);
  return r.inputs;
}
