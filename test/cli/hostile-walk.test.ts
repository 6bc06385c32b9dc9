// Hostile trees and files through the CLI (issue 11, items 1, 3, 5, 12, 14, 17): links that loop,
// a folder that cannot be listed, named pipes and devices, an --exceptions pipe, files above the
// size limits, and a run where nothing usable was read. Each ends promptly with the exact problem
// and the good report still judged.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { walkPaths, type WalkFs } from '../../src/cli/walk';
import type { AuditResult, Problem } from '../../src/core/types';
import { cli, cliJson, FIX, NOW } from './helpers';

const GOOD = `${FIX}/high-only-666677778888.csv`;
const root = mkdtempSync(join(tmpdir(), 'credaudit-walk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh folder holding a copy of the good report. */
function folderWithReport(): string {
  const dir = join(root, `t${n++}`);
  mkdirSync(dir);
  copyFileSync(GOOD, join(dir, 'report.csv'));
  return dir;
}

/** A path as the CLI names it: relative to the working directory. */
const lab = (p: string): string => relative(process.cwd(), p);
const problemsOf = (r: AuditResult, input: string) => r.problems.filter((p) => p.input === lab(input)).map((p) => [p.severity, p.message]);
const goodJudged = (r: AuditResult, name: string) => {
  expect(r.inputs.filter((i) => i.name === lab(name)).map((i) => [i.kind, i.records])).toEqual([['credential-report', 1]]);
  expect(r.findings.some((f) => f.accountId === '666677778888' && f.status === 'FAIL')).toBe(true);
};

const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the walk: links, loops, unreadable folders, pipes and devices', () => {
  it('a folder with two symbolic links to itself: read once, each link named, no hang (item 1)', async () => {
    const dir = folderWithReport();
    symlinkSync('.', join(dir, 'a'));
    symlinkSync('.', join(dir, 'b'));
    const r = await cliJson('--as-of', NOW, dir);
    expect(r.code).toBe(1);
    expect(r.result.inputs.map((i) => i.name)).toEqual([lab(join(dir, 'report.csv'))]);
    goodJudged(r.result, join(dir, 'report.csv'));
    expect(problemsOf(r.result, join(dir, 'a'))).toEqual([['warning', `The folder ${lab(dir)} again, reached through a symbolic link; not read twice.`]]);
    expect(problemsOf(r.result, join(dir, 'b'))).toEqual([['warning', `The folder ${lab(dir)} again, reached through a symbolic link; not read twice.`]]);
  });

  it('a link to itself is a loop (ELOOP), said as such; a broken link is said as such', async () => {
    const dir = folderWithReport();
    symlinkSync('self', join(dir, 'self'));
    symlinkSync('missing.csv', join(dir, 'dangling.csv'));
    const r = await cliJson('--as-of', NOW, dir);
    goodJudged(r.result, join(dir, 'report.csv'));
    expect(problemsOf(r.result, join(dir, 'self'))).toEqual([['error', 'A loop of symbolic links (ELOOP): the link leads back to itself; not read.']]);
    expect(problemsOf(r.result, join(dir, 'dangling.csv'))).toEqual([['error', 'A broken symbolic link: its target does not exist; not read.']]);
    expect(problemsOf(r.result, join(dir, 'nope.csv'))).toEqual([]);
  });

  it('a file reached twice through a link is read once', async () => {
    const dir = folderWithReport();
    symlinkSync('report.csv', join(dir, 'second.csv'));
    const r = await cliJson('--as-of', NOW, dir);
    expect(r.result.inputs.map((i) => i.name)).toEqual([lab(join(dir, 'report.csv'))]);
    expect(problemsOf(r.result, join(dir, 'second.csv'))).toEqual([['info', `The same file as ${lab(join(dir, 'report.csv'))} (reached again through a symbolic link); read once.`]]);
  });

  it('a file under a linked folder is known by its real path: named again through the real folder, it is read once', async () => {
    const dir = folderWithReport();
    mkdirSync(join(dir, 'real', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'real', 'sub', 'x.txt'), 'x');
    symlinkSync('real', join(dir, 'link'));
    const problems: Problem[] = [];
    const files = await walkPaths([join(dir, 'link', 'sub'), join(dir, 'real', 'sub', 'x.txt'), join(dir, 'real')], problems, root);
    const rel = (p: string): string => relative(root, p);
    expect(files.map((f) => f.label)).toEqual([rel(join(dir, 'link', 'sub', 'x.txt'))]);
    expect(problems).toEqual([
      { input: rel(join(dir, 'real', 'sub', 'x.txt')), severity: 'info', message: `The same file as ${rel(join(dir, 'link', 'sub', 'x.txt'))} (reached again through a symbolic link); read once.` },
      { input: rel(join(dir, 'real', 'sub')), severity: 'warning', message: `The folder ${rel(join(dir, 'link', 'sub'))} again, reached through a symbolic link; not read twice.` },
    ]);
  });

  it('a sub-folder that cannot be listed is named; the rest is read (item 5)', async () => {
    const dir = folderWithReport();
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'x.csv'), 'x');
    // As root no permission fails: the file system answers EACCES for that folder as it would for a user.
    const real = { stat, lstat: stat, realpath: async (p: string) => p, readdir: async (p: string) => (await import('node:fs/promises')).readdir(p) };
    const fs: WalkFs = {
      ...real,
      readdir: async (p) => {
        if (p.endsWith('locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: 'EACCES' });
        return real.readdir(p);
      },
    };
    const problems: Problem[] = [];
    const files = await walkPaths([dir], problems, root, fs);
    expect(files.map((f) => f.label)).toEqual([join(dir, 'report.csv').slice(root.length + 1)]);
    expect(problems).toEqual([{ input: join(dir, 'locked').slice(root.length + 1), severity: 'error', message: 'The folder could not be listed (permission denied); nothing in it was read.' }]);
  });

  it.skipIf(process.getuid?.() === 0)('a sub-folder without permission, for real (skipped as root: root reads any folder)', async () => {
    const dir = folderWithReport();
    mkdirSync(join(dir, 'locked'), { mode: 0o000 });
    const r = await cliJson('--as-of', NOW, dir);
    goodJudged(r.result, join(dir, 'report.csv'));
    expect(problemsOf(r.result, join(dir, 'locked'))).toEqual([['error', 'The folder could not be listed (permission denied); nothing in it was read.']]);
  });

  it.skipIf(!hasMkfifo)('a named pipe in the folder and a device argument are skipped with a problem (item 17)', async () => {
    const dir = folderWithReport();
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    const r = await cliJson('--as-of', NOW, dir, '/dev/null');
    goodJudged(r.result, join(dir, 'report.csv'));
    expect(problemsOf(r.result, join(dir, 'pipe.csv'))).toEqual([['warning', 'Not a regular file (a named pipe (FIFO)); skipped.']]);
    expect(problemsOf(r.result, '/dev/null')).toEqual([['warning', 'Not a regular file (a character device); skipped.']]);
  });

  it.skipIf(!hasMkfifo)('--exceptions naming a named pipe: exit 2 at once, no wait for a writer (item 3)', async () => {
    const dir = folderWithReport();
    const pipe = join(dir, 'exceptions.yaml');
    execFileSync('mkfifo', [pipe]);
    const r = await cli('--now', NOW, '--exceptions', pipe, join(dir, 'report.csv'));
    expect([r.code, r.err]).toEqual([2, `credaudit: --exceptions ${pipe} is not a regular file (a named pipe (FIFO)); give a JSON or YAML file\n`]);
  });

  it('a deep folder (300 levels) is walked without using the call stack', async () => {
    let dir = folderWithReport();
    const top = dir;
    for (let i = 0; i < 300; i++) {
      dir = join(dir, 'd');
      mkdirSync(dir);
    }
    writeFileSync(join(dir, 'deep.txt'), 'not a report');
    const problems: Problem[] = [];
    const files = await walkPaths([top], problems, root);
    expect(files.map((f) => f.label.split('/').length)).toEqual([302, 2]);
    expect(problems).toEqual([]);
  });
});

describe('size limits for plain and gzip files (item 14)', () => {
  it('--max-file-mb 1: a 2 MB plain file and a gzip file inflating past 1 MB are named and not read; the good one is', async () => {
    const dir = folderWithReport();
    writeFileSync(join(dir, 'big.csv'), Buffer.alloc(2 * 1048576, 65));
    writeFileSync(join(dir, 'inflates.csv.gz'), gzipSync(Buffer.alloc(3 * 1048576, 65)));
    const r = await cliJson('--as-of', NOW, '--max-file-mb', '1', dir);
    goodJudged(r.result, join(dir, 'report.csv'));
    expect(problemsOf(r.result, join(dir, 'big.csv'))).toEqual([['error', 'The file is 2 MB, more than the limit of 1 MB per file; it was not read.']]);
    expect(problemsOf(r.result, join(dir, 'inflates.csv.gz'))).toEqual([['error', 'The file decompresses to more than 1 MB; refused (possible gzip bomb).']]);
    expect(r.result.inputs.find((i) => i.name === lab(join(dir, 'big.csv')))).toMatchObject({ kind: 'unknown', bytes: 2 * 1048576, sha256: '' });
  });

  it('the default limit holds plain files to 256 MB without reading them (a 300 MB sparse file)', async () => {
    const dir = folderWithReport();
    const big = join(dir, 'huge.csv');
    execFileSync('truncate', ['-s', String(300 * 1048576), big]);
    const r = await cliJson('--as-of', NOW, dir);
    goodJudged(r.result, join(dir, 'report.csv'));
    expect(problemsOf(r.result, big)).toEqual([['error', 'The file is 300 MB, more than the limit of 256 MB per file; it was not read.']]);
  });

  it('--max-total-gb: files past the limit for all files together are named and not read', async () => {
    const dir = folderWithReport();
    writeFileSync(join(dir, 'zz-later.csv'), Buffer.alloc(200_000, 65));
    // 0.0001 GB = 107,374 bytes: the report (under 1 KB) fits, the 200 KB file does not.
    const r = await cliJson('--as-of', NOW, '--max-total-gb', '0.0001', dir);
    goodJudged(r.result, join(dir, 'report.csv'));
    expect(problemsOf(r.result, join(dir, 'zz-later.csv'))).toEqual([['error', expect.stringMatching(/^Reading it would pass the limit of 105 KB for all files together \(10[45] KB left\); it was not read\.$/)]]);
  });

  it.each([
    [['--max-file-mb', '0'], /--max-file-mb: "0" is not a whole number of megabytes from 1 to 512/],
    [['--max-file-mb', '600'], /--max-file-mb: "600" is not a whole number of megabytes from 1 to 512/],
    [['--max-total-gb=-1'], /--max-total-gb: "-1" is not a positive number of gigabytes/],
    [['--max-total-gb', 'lots'], /--max-total-gb: "lots" is not a positive number of gigabytes/],
  ])('usage errors: %s', async (flags, message) => {
    const r = await cli(...flags, GOOD);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('exit 2 when nothing usable was read (item 12)', () => {
  it('a CloudTrail-shaped file whose every record is skipped: exit 2 and said', async () => {
    const dir = join(root, `t${n++}`);
    mkdirSync(dir);
    const file = join(dir, 'trail.json');
    const rec = { eventVersion: '1.08', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin' };
    writeFileSync(file, JSON.stringify({ Records: [{ ...rec, eventTime: 'yesterday' }, rec] }));
    const r = await cliJson(file);
    expect(r.result.inputs.map((i) => [i.kind, i.records, i.skipped])).toEqual([['cloudtrail', 0, 2]]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('credaudit: no usable input (no credential report row and no CloudTrail record was read); see problems.\n');
  });

  it('a header-only credential report: exit 2; with the good report next to it: the good report decides', async () => {
    const dir = join(root, `t${n++}`);
    mkdirSync(dir);
    const file = join(dir, 'empty-report.csv');
    writeFileSync(file, 'user,arn,password_enabled\n');
    expect((await cliJson(file)).code).toBe(2);
    expect((await cliJson('--as-of', NOW, file, GOOD)).code).toBe(1);
  });
});

// Keeps the type import used when the FIFO tests are skipped.
export type { Stats };
