// Issue 13 item 2: the CLI's read pool (worker threads) gives the same output, byte for byte, as
// one thread — on a folder mixing an organization trail, fixtures of other shapes, a non-ASCII
// trail, broken files, and with the limit for all files together reached half way.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPoolFor } from '../../src/cli/pool';
import { nodeGunzip } from '../../src/cli/node-gunzip';
import { audit } from '../../src/core/audit';
import type { AuditInput, AuditOptions } from '../../src/core/types';
import { generate, parseArgs, serialize } from '../../scripts/gen-trail';
import { cli, NOW } from './helpers';

let dir = '';
const TRAIL_FILES = 24;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'credaudit-pool-'));
  // An organization trail: one gzip S3 log file per account and chunk, root events and copies among them.
  const records = generate(parseArgs(['--records', '2400', '--root-pct', '4', '--dup-pct', '25', '--accounts', '3', '--days', '40', '--start', '2025-04-01T00:00:00Z']));
  const per = Math.ceil(records.length / TRAIL_FILES);
  for (let i = 0; i < TRAIL_FILES; i++) {
    const sub = join(dir, 'AWSLogs', `part-${String(i).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    const text = serialize(records.slice(i * per, (i + 1) * per), i % 5 === 4 ? 'lines' : 's3');
    writeFileSync(join(sub, `trail-${i}.json${i % 3 === 2 ? '' : '.gz'}`), i % 3 === 2 ? text : gzipSync(text));
  }
  // Other shapes and kinds, read on the main thread or by the text reader.
  copyFileSync('test/fixtures/reports/modern-111122223333.csv', join(dir, 'report.csv'));
  for (const f of ['lookup-events-paged.json', 'console-events.csv', 'truncated.json', 'eventbridge-mixed.json']) copyFileSync(join('test/fixtures/cloudtrail', f), join(dir, f));
  writeFileSync(
    join(dir, 'non-ascii.json'),
    JSON.stringify({
      Records: [{ eventTime: '2025-05-01T00:00:00Z', eventName: 'ListUsers', eventID: 'na-1', userAgent: 'Café', userIdentity: { type: 'Root', accountId: '111122223333' }, recipientAccountId: '111122223333' }],
    }),
  );
  writeFileSync(join(dir, 'broken.json.gz'), Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4]));
  writeFileSync(join(dir, 'empty.json'), '');
  writeFileSync(join(dir, 'notes.txt'), 'not an input\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('--threads: the same output with any number of threads', () => {
  // Each run with workers starts them anew (from source, through tsx: slow), so the cases are few.
  it.each([
    ['json', '3'],
    ['text', '2'],
  ])('--format %s: 1 and %s threads print the same bytes', async (format, threads) => {
    const one = await cli('--format', format, '--now', NOW, '--threads', '1', dir);
    const many = await cli('--format', format, '--now', NOW, '--threads', threads, dir);
    expect(one.out.length).toBeGreaterThan(1000);
    expect(many.out).toBe(one.out);
    expect([many.code, many.err]).toEqual([one.code, one.err]);
  });

  it('with the limit for all files together reached half way: the same output, the limit named', async () => {
    // About a third of the trail's decompressed bytes: the files past it are refused in input order.
    const args = ['--format', 'json', '--now', NOW, '--max-total-gb', '0.0003', dir];
    const one = await cli('--threads', '1', ...args);
    const two = await cli('--threads', '2', ...args);
    expect(two.out).toBe(one.out);
    expect(one.out).toMatch(/would pass the limit of/);
  });

  it('--threads takes a whole number from 1 to 256', async () => {
    for (const bad of ['0', 'two', '1.5', '1000']) {
      const r = await cli('--threads', bad, dir);
      expect([r.code, r.err.split('\n')[0]]).toEqual([2, `credaudit: --threads takes a whole number of threads from 1 to 256; "${bad}" is not one`]);
    }
  });
});

describe('the read pool', () => {
  it('workers read the files on disk, the audit takes them in order: the same result as without the pool', async () => {
    const { walkPaths } = await import('../../src/cli/walk');
    const { readFile } = await import('node:fs/promises');
    const paths = new Map<AuditInput, string>();
    const inputs: AuditInput[] = (await walkPaths([dir], [])).map((f) => {
      const input: AuditInput = { name: f.label, size: f.size, lastModified: f.mtimeMs, read: async () => new Uint8Array(await readFile(f.path)) };
      paths.set(input, f.path);
      return input;
    });
    const options: AuditOptions = { now: Date.parse(NOW) };
    const alone = await audit(inputs, options, { gunzip: nodeGunzip });
    const pool = readPoolFor(inputs, (i) => paths.get(i), { threads: 2, naiveTimeOffsetMinutes: 0, maxFileBytes: undefined });
    expect(pool).toBeDefined();
    try {
      const pooled = await audit(inputs, options, { gunzip: nodeGunzip, readFile: pool?.readFile });
      expect(JSON.stringify(pooled)).toBe(JSON.stringify(alone));
      // Every CloudTrail file of 16 KB or more came from a worker; the smaller files (the fixtures, the
      // broken and empty ones, the credential report, the unknown text file) were read here.
      const big = inputs.filter((i) => i.size >= 16 * 1024).length;
      expect(big).toBeGreaterThanOrEqual(8);
      expect(pool?.counts).toEqual({ fromWorkers: big, here: inputs.length - big });
    } finally {
      await pool?.close();
    }
  });

  it('is not started for one thread, one file, or (without --threads) a few small files', () => {
    const input = (name: string, size = 10): AuditInput => ({ name, size, read: async () => new Uint8Array() });
    const few = [input('a'), input('b'), input('c')];
    const onDisk = (): string => '/dev/null';
    expect(readPoolFor(few, onDisk, { threads: 1, naiveTimeOffsetMinutes: 0, maxFileBytes: undefined })).toBeUndefined();
    expect(readPoolFor(few.slice(0, 1), onDisk, { threads: 4, naiveTimeOffsetMinutes: 0, maxFileBytes: undefined })).toBeUndefined();
    expect(readPoolFor(few, onDisk, { threads: 4, auto: true, naiveTimeOffsetMinutes: 0, maxFileBytes: undefined })).toBeUndefined();
    // Asked for, but every file is under 16 KB (read on this thread anyway): no workers to start.
    expect(readPoolFor(few, onDisk, { threads: 4, naiveTimeOffsetMinutes: 0, maxFileBytes: undefined })).toBeUndefined();
  });

  it('is started when asked for and two files or more are of 16 KB', async () => {
    const input = (name: string, size: number): AuditInput => ({ name, size, read: async () => new Uint8Array() });
    const pool = readPoolFor([input('a', 10), input('b', 16 * 1024), input('c', 40_000)], () => '/dev/null', { threads: 2, naiveTimeOffsetMinutes: 0, maxFileBytes: undefined });
    expect(pool).toBeDefined();
    await pool?.close();
  });
});

describe('the inflate thread (one thread reading)', () => {
  it('reads and inflates big files ahead: the same result as reading them here, broken and over-limit gzip included', async () => {
    const { walkPaths } = await import('../../src/cli/walk');
    const { readFile } = await import('node:fs/promises');
    const { InflateThread } = await import('../../src/cli/pool');
    const { InflateAhead, nodeGunzipBySize } = await import('../../src/cli/node-gunzip');
    const big = mkdtempSync(join(tmpdir(), 'credaudit-inflate-'));
    try {
      const records = generate(parseArgs(['--records', '3000', '--root-pct', '3', '--dup-pct', '10', '--accounts', '2', '--days', '20', '--start', '2025-06-01T00:00:00Z']));
      // Random ids and agents keep each gzip file above 16 KB (what the thread takes).
      for (let i = 0; i < 6; i++) writeFileSync(join(big, `trail-${i}.json.gz`), gzipSync(serialize(records.slice(i * 500, (i + 1) * 500), 's3'), { level: 1 }));
      const whole = gzipSync(serialize(records.slice(0, 400), 's3'), { level: 1 });
      writeFileSync(join(big, 'trail-cut.json.gz'), whole.subarray(0, whole.length - 900));
      writeFileSync(join(big, 'trail-over.json.gz'), gzipSync(serialize(records.slice(0, 1000), 's3'), { level: 1 }));
      writeFileSync(join(big, 'trail-plain.json'), serialize(records.slice(0, 400), 's3'));
      const paths = new Map<AuditInput, string>();
      const fresh = async (): Promise<AuditInput[]> =>
        (await walkPaths([big], [])).map((f) => {
          const input: AuditInput = { name: f.label, size: f.size, lastModified: f.mtimeMs, read: async () => new Uint8Array(await readFile(f.path)) };
          paths.set(input, f.path);
          return input;
        });
      // A per-file inflate limit that one file's inflate passes: the thread's inflate is refused and the main thread names it.
      const limit = 1_000_000;
      const options: AuditOptions = { now: Date.parse(NOW), maxFileBytes: limit };
      const gunzip = (b: Uint8Array, l: number): Promise<Uint8Array> => nodeGunzipBySize(b, l);
      const alone = await audit(await fresh(), options, { gunzip });
      const inputs = await fresh();
      expect(inputs.filter((i) => i.size >= 16 * 1024).length).toBeGreaterThanOrEqual(7);
      const ahead = new InflateAhead(limit);
      const thread = InflateThread.attach(inputs, (i) => paths.get(i), limit, ahead, { files: 1, bytes: 0 });
      expect(thread).toBeDefined();
      try {
        const threaded = await audit(inputs, options, { gunzip: ahead.gunzip });
        expect(JSON.stringify(threaded)).toBe(JSON.stringify(alone));
        expect(alone.problems.some((p) => p.input.endsWith('trail-cut.json.gz') && /not valid gzip/.test(p.message))).toBe(true);
        expect(alone.problems.filter((p) => /decompresses to more than/.test(p.message)).map((p) => p.input)).toEqual([expect.stringMatching(/trail-over\.json\.gz$/)]);
        const counts = thread?.counts;
        expect(counts?.here).toBe(0);
        expect(counts?.fromThread).toBe(inputs.filter((i) => i.size >= 16 * 1024 && i.size <= limit).length);
        // The six whole files; the cut one and the one over the limit were inflated again here.
        expect(counts?.inflated).toBe(6);
      } finally {
        await thread?.close();
      }
    } finally {
      rmSync(big, { recursive: true, force: true });
    }
  });
});
