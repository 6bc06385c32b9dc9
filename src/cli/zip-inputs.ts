// The CLI's side of .zip archives: a file whose first bytes say "zip" (by content, not by name) is
// read once and its entries become inputs (src/core/input/zip.ts does the rest, for any host).
import { open, readFile } from 'node:fs/promises';
import { isZip, zipInputs } from '../core/input/zip';
import type { AuditInput, Problem } from '../core/types';

/** The first bytes of a file (fewer when it is shorter). */
async function head(path: string, n: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * The archive's entries as inputs when `path` is a zip archive, else undefined (the caller reads it
 * as one file). Problems (an unreadable archive, entries that cannot be read) go to `problems`.
 */
export async function zipArchiveInputs(path: string, label: string, lastModified: number, problems: Problem[], maxFileBytes?: number): Promise<AuditInput[] | undefined> {
  let first: Uint8Array;
  try {
    first = await head(path, 4);
  } catch {
    return undefined; // unreadable: the ordinary read reports it
  }
  if (!isZip(first)) return undefined;
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
