// The page's side of .zip archives (issue 13 item 3): a file whose first bytes say "zip" (by content,
// never by name) becomes its entries, each an input named `archive.zip/path/in/archive` under the
// archive's id (removing the archive removes them all). core/input/zip.ts reads the archive (fflate)
// for any host; the CLI's side is src/cli/zip-inputs.ts.
import { isZip, zipInputs } from '../core/input/zip';
import type { SessionFile } from '../core/session';
import type { AuditInput } from '../core/types';
import type { FileRef } from './protocol';

/** Heads read at once while looking for archives: enough to overlap, few enough not to flood the browser. */
const SNIFF_AT_ONCE = 32;

/** The smallest zip archive (an empty one: the end-of-central-directory record) is 22 bytes. */
const MIN_ZIP_BYTES = 22;

async function isZipFile(file: File): Promise<boolean> {
  if (file.size < MIN_ZIP_BYTES) return false;
  try {
    return isZip(new Uint8Array(await file.slice(0, 4).arrayBuffer()));
  } catch {
    return false; // unreadable: the ordinary read reports it
  }
}

/** Which refs are zip archives, by their first bytes (read a few at a time, in any order). */
async function zipFlags(refs: readonly FileRef[]): Promise<boolean[]> {
  const flags = new Array<boolean>(refs.length).fill(false);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < refs.length) {
      const i = next++;
      flags[i] = await isZipFile((refs[i] as FileRef).file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SNIFF_AT_ONCE, refs.length) }, lane));
  return flags;
}

/**
 * The session files for the page's refs, in order: a plain file as itself (`plain` is told about it,
 * so a reader worker can open it), an archive as its entries. An archive that cannot be read, or holds
 * nothing readable, stays one input whose read fails with the reason (a problem naming it); problems
 * about single entries go with the archive's first entry.
 */
export async function sessionFiles(refs: readonly FileRef[], maxFileBytes: number | undefined, plain: (input: SessionFile, file: File) => void): Promise<SessionFile[]> {
  const flags = await zipFlags(refs);
  const out: SessionFile[] = [];
  for (const [i, ref] of refs.entries()) {
    const base = { id: ref.id, name: ref.name, size: ref.file.size, lastModified: ref.file.lastModified };
    if (!flags[i]) {
      const f: SessionFile = { ...base, read: async () => new Uint8Array(await ref.file.arrayBuffer()) };
      plain(f, ref.file);
      out.push(f);
      continue;
    }
    let entries: AuditInput[];
    let problems;
    try {
      const bytes = new Uint8Array(await ref.file.arrayBuffer());
      ({ inputs: entries, problems } = zipInputs({ name: ref.name, lastModified: ref.file.lastModified }, bytes, maxFileBytes !== undefined ? { maxFileBytes } : {}));
    } catch (e) {
      entries = [];
      problems = [{ input: ref.name, severity: 'error' as const, message: `The zip archive could not be read: ${e instanceof Error ? e.message : String(e)}` }];
    }
    if (entries.length === 0) {
      const why = problems.map((p) => p.message).join(' ') || 'The zip archive holds no files.';
      out.push({ ...base, read: () => Promise.reject(new Error(why)) });
      continue;
    }
    entries.forEach((entry, k) => {
      const f: SessionFile = { ...entry, id: ref.id };
      if (k === 0 && problems.length > 0) f.problems = problems;
      out.push(f);
    });
  }
  return out;
}
