// Files out of a drop: plain files, and folders walked recursively (an org trail is a folder tree).
import type { NamedFile } from './state/audit.svelte';

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    // readEntries answers in batches (about 100 at a time); call until it returns none.
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(out);
        else {
          for (const entry of batch) out.push(entry);
          next();
        }
      }, reject);
    next();
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: NamedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    out.push({ file, name: entry.fullPath.replace(/^\//, '') });
  } else if (entry.isDirectory) {
    for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, out);
  }
}

/** Every file in a DataTransfer, folders included. Entries must be taken synchronously in the drop handler. */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<NamedFile[]> {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
  }
  if (entries.length === 0 || !entries.some((e) => e.isDirectory)) return Array.from(dt.files).map((file) => ({ file }));
  const out: NamedFile[] = [];
  for (const e of entries) {
    try {
      await walk(e, out);
    } catch {
      // An unreadable entry is skipped; the rest still load.
    }
  }
  return out;
}

/** Files from an <input type=file>, with folder-relative paths when the input picks folders. */
export function filesFromInput(input: HTMLInputElement): NamedFile[] {
  return Array.from(input.files ?? []).map((file) => ({ file, name: file.webkitRelativePath || file.name }));
}

/** Skips files that are obviously not inputs (OS metadata) so a folder pick stays clean. */
export function isJunk(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return base === '.DS_Store' || base === 'Thumbs.db' || base === 'desktop.ini' || base.startsWith('._');
}
