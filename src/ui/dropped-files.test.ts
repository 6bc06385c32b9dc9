// A dropped folder tree: every readable file with its path; what cannot be read is named, never
// dropped silently.
import { describe, expect, it } from 'vitest';
import { filesFromDataTransfer, unreadableNote } from './dropped-files';

type Entry = FileSystemEntry;
const fileEntry = (fullPath: string, ok = true): Entry =>
  ({
    isFile: true,
    isDirectory: false,
    fullPath,
    file: (resolve: (f: File) => void, reject: (e: Error) => void) => (ok ? resolve(new File(['x'], fullPath.split('/').at(-1) as string)) : reject(new Error('NotReadableError'))),
  }) as unknown as Entry;
const dirEntry = (fullPath: string, children: Entry[] | 'unreadable'): Entry =>
  ({
    isFile: false,
    isDirectory: true,
    fullPath,
    createReader: () => {
      let given = false;
      return {
        readEntries: (resolve: (b: Entry[]) => void, reject: (e: Error) => void) => {
          if (children === 'unreadable') return reject(new Error('NotReadableError'));
          const batch = given ? [] : children;
          given = true;
          resolve(batch);
        },
      };
    },
  }) as unknown as Entry;
const transfer = (entries: Entry[]): DataTransfer => ({ items: entries.map((e) => ({ kind: 'file', webkitGetAsEntry: () => e })), files: [] }) as unknown as DataTransfer;

describe('filesFromDataTransfer', () => {
  it('walks folders; names the unreadable file and folder; keeps the rest', async () => {
    const tree = dirEntry('/trail', [fileEntry('/trail/a.json.gz'), fileEntry('/trail/b.json.gz', false), dirEntry('/trail/locked', 'unreadable'), dirEntry('/trail/sub', [fileEntry('/trail/sub/c.json')])]);
    const got = await filesFromDataTransfer(transfer([tree]));
    expect(got.files.map((f) => f.name)).toEqual(['trail/a.json.gz', 'trail/sub/c.json']);
    expect(got.unreadable).toEqual(['trail/b.json.gz', 'trail/locked/']);
    expect(unreadableNote(got.unreadable)).toBe('2 dropped items could not be read and were not added: trail/b.json.gz, trail/locked/.');
  });

  it('the note counts past the first three, and says nothing when all were read', () => {
    expect(unreadableNote(['a', 'b', 'c', 'd', 'e'])).toBe('5 dropped items could not be read and were not added: a, b, c and 2 more.');
    expect(unreadableNote(['a'])).toBe('1 dropped item could not be read and was not added: a.');
    expect(unreadableNote([])).toBeUndefined();
  });
});
