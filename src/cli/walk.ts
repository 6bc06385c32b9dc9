// The CLI's walk of FILE and DIR arguments: regular files in sorted order (reproducible results),
// dot files inside folders skipped. Hostile trees cannot make it hang or crash (issue 11, items 1,
// 5, 17): every folder is entered once by its real path (a symbolic link back to a parent, or two
// links to one folder, are said and not followed again), a file reached twice through links is
// read once, and what cannot be read — a loop of links (ELOOP), a broken link, a folder without
// permission, a named pipe or a device — is a problem naming it while the rest is read. The walk
// keeps its own stack, so depth costs no call stack.
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';
import type { Problem } from '../core/types';

/** A regular file found by the walk. */
export interface WalkedFile {
  /** Path to open. */
  path: string;
  /** Name shown in the result: relative to the working directory, as given below it. */
  label: string;
  size: number;
  /** Whole milliseconds, like every instant in the engine (mtimeMs has a fraction). */
  mtimeMs: number;
}

/** What a path is when it is not a regular file or a folder, in words; undefined for those two. */
export function specialFileKind(s: Stats): string | undefined {
  if (s.isFile() || s.isDirectory()) return undefined;
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

const codeOf = (e: unknown): string | undefined => (e as { code?: string } | null)?.code;

/** A folder entry: its name, and whether it is a symbolic link when the listing says (Node's Dirent). */
export type WalkEntry = string | { name: string; isSymbolicLink: () => boolean };

/** The file system calls the walk makes (tests pass failing ones: as root, permissions never fail). */
export interface WalkFs {
  stat: (p: string) => Promise<Stats>;
  lstat: (p: string) => Promise<Stats>;
  realpath: (p: string) => Promise<string>;
  readdir: (p: string) => Promise<WalkEntry[]>;
}

// Synchronous calls: nothing else runs while the CLI walks, and a promise round trip through libuv's
// thread pool per call cost more than the call itself (a folder of 5,000 small logs).
const NODE_FS: WalkFs = {
  stat: async (p) => statSync(p),
  lstat: async (p) => lstatSync(p),
  realpath: async (p) => realpathSync.native(p),
  readdir: async (p) => readdirSync(p, { withFileTypes: true }),
};

/** Why a path could not be looked at, for a problem. */
async function unreadablePath(fs: WalkFs, path: string, e: unknown): Promise<string> {
  switch (codeOf(e)) {
    case 'ELOOP':
      return 'A loop of symbolic links (ELOOP): the link leads back to itself; not read.';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied; not read.';
    case 'ENAMETOOLONG':
      return 'The path is too long (ENAMETOOLONG); not read.';
    case 'ENOENT':
    case 'ENOTDIR': {
      const link = await fs.lstat(path).catch(() => undefined);
      return link?.isSymbolicLink() ? 'A broken symbolic link: its target does not exist; not read.' : 'No such file or directory.';
    }
    default:
      return `Could not be read (${codeOf(e) ?? (e instanceof Error ? e.message : String(e))}).`;
  }
}

/** Why a folder's list could not be read. */
function unlistable(e: unknown): string {
  const code = codeOf(e);
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ELOOP' ? 'a loop of symbolic links' : (code ?? (e instanceof Error ? e.message : String(e)));
  return `The folder could not be listed (${why}); nothing in it was read.`;
}

/**
 * Regular files under `paths`, in order: each argument in turn, folders depth-first in sorted
 * order. Problems for everything skipped are added to `problems`.
 */
export async function walkPaths(paths: string[], problems: Problem[], cwd = process.cwd(), fs: WalkFs = NODE_FS): Promise<WalkedFile[]> {
  const out: WalkedFile[] = [];
  const folders = new Map<string, string>(); // real path -> label of its first visit
  const files = new Map<string, string>();
  // Explicit stack of paths to look at, the next one last. `real`: the real path, known without
  // asking when the entry is no link in a folder whose real path is known.
  const stack: { path: string; label: string; real?: string }[] = [];
  for (let i = paths.length - 1; i >= 0; i--) {
    const p = paths[i] as string;
    stack.push({ path: p, label: relative(cwd, p) || p });
  }
  while (stack.length > 0) {
    const { path, label, real: known } = stack.pop() as { path: string; label: string; real?: string };
    let s: Stats;
    let real: string;
    try {
      s = await fs.stat(path);
      real = known ?? (await fs.realpath(path));
    } catch (e) {
      problems.push({ input: label, severity: 'error', message: await unreadablePath(fs, path, e) });
      continue;
    }
    if (s.isDirectory()) {
      const first = folders.get(real);
      if (first !== undefined) {
        problems.push({ input: label, severity: 'warning', message: `The folder ${first} again, reached through a symbolic link; not read twice.` });
        continue;
      }
      folders.set(real, label);
      let entries: WalkEntry[];
      try {
        entries = await fs.readdir(path);
      } catch (e) {
        problems.push({ input: label, severity: 'error', message: unlistable(e) });
        continue;
      }
      const named = entries.map((e) => (typeof e === 'string' ? { name: e, link: undefined } : { name: e.name, link: e.isSymbolicLink() }));
      named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (let i = named.length - 1; i >= 0; i--) {
        const { name, link } = named[i] as { name: string; link: boolean | undefined };
        if (name.startsWith('.')) continue;
        const next: { path: string; label: string; real?: string } = { path: join(path, name), label: join(label, name) };
        // An entry that is no link lies where the folder really is: realpath would say the same.
        if (link === false) next.real = join(real, name);
        stack.push(next);
      }
      continue;
    }
    const special = specialFileKind(s);
    if (special !== undefined) {
      problems.push({ input: label, severity: 'warning', message: `Not a regular file (${special}); skipped.` });
      continue;
    }
    const first = files.get(real);
    if (first !== undefined) {
      problems.push({ input: label, severity: 'info', message: `The same file as ${first} (reached again through a symbolic link); read once.` });
      continue;
    }
    files.set(real, label);
    out.push({ path, label, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) });
  }
  return out;
}
