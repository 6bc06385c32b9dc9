// The CLI's side of .zip archives: a file whose first bytes say "zip" (by content, not by name) is
// read once and its entries become inputs (src/core/input/zip.ts does the rest, for any host).
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isZip, zipInputs } from '../core/input/zip';
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
 * The archive's entries as inputs when `path` is a zip archive, else undefined (the caller reads it
 * as one file). Problems (an unreadable archive, entries that cannot be read) go to `problems`.
 */
export async function zipArchiveInputs(path: string, label: string, lastModified: number, problems: Problem[], maxFileBytes?: number): Promise<AuditInput[] | undefined> {
  try {
    if (!isZip(head(path))) return undefined;
  } catch {
    return undefined; // unreadable: the ordinary read reports it
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    problems.push({ input: label, severity: 'error', message: `The zip archive could not be read: ${e instanceof Error ? e.message : String(e)}` });
    return [];
  }
  const r = zipInputs({ name: label, lastModified }, bytes, maxFileBytes !== undefined ? { maxFileBytes } : {});
  for (const p of r.problems) problems.push(p);
  return r.inputs;
}
