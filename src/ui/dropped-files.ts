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

async function walk(entry: FileSystemEntry, out: NamedFile[], unreadable: string[]): Promise<void> {
  const name = entry.fullPath.replace(/^\//, '');
  try {
    if (entry.isFile) {
      out.push({ file: await fileOf(entry as FileSystemFileEntry), name });
      return;
    }
    if (!entry.isDirectory) return;
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
    for (const child of children) await walk(child, out, unreadable);
  } catch {
    // An unreadable file or folder is named; the rest still load.
    unreadable.push(entry.isDirectory ? `${name}/` : name);
  }
}

/**
 * Every file in a DataTransfer, folders included, and the paths that could not be read (a folder
 * ends with "/"). Entries must be taken synchronously in the drop handler.
 */
export async function filesFromDataTransfer(dt: DataTransfer): Promise<{ files: NamedFile[]; unreadable: string[] }> {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
  }
  if (entries.length === 0 || !entries.some((e) => e.isDirectory)) return { files: Array.from(dt.files).map((file) => ({ file })), unreadable: [] };
  const files: NamedFile[] = [];
  const unreadable: string[] = [];
  for (const e of entries) await walk(e, files, unreadable);
  return { files, unreadable };
}

/** The page's words for dropped paths that could not be read (none: undefined). */
export function unreadableNote(unreadable: readonly string[]): string | undefined {
  if (unreadable.length === 0) return undefined;
  const shown = unreadable.slice(0, 3).join(', ');
  const more = unreadable.length > 3 ? ` and ${unreadable.length - 3} more` : '';
  return `${unreadable.length === 1 ? '1 dropped item' : `${unreadable.length} dropped items`} could not be read and ${unreadable.length === 1 ? 'was' : 'were'} not added: ${shown}${more}.`;
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
