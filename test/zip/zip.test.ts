// .zip archives of trails (issue 13 item 3): recognised by content, each entry an input named
// archive.zip/path, entries inflated in batches as they are read, the per-file limit applied to an
// entry's declared size before anything is inflated, a lying size cut off, and the CLI's findings
// for a zipped trail folder equal to those for the folder itself.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { readInputFile } from '../../src/core/input/read-file';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { audit } from '../../src/core/audit';
import { isZip, zipInputs, zipInputsInPlace, type ByteRange } from '../../src/core/input/zip';
import type { AuditInput, AuditResult, Finding } from '../../src/core/types';
import { AS_OF, writeOrgTrail, type OrgTrail } from '../helpers/org-trail';

const record = (i: number) => ({ eventVersion: '1.09', eventTime: `2024-05-01T09:${String(i % 60).padStart(2, '0')}:00Z`, eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', recipientAccountId: '111122223333', userIdentity: { type: 'IAMUser', accountId: '111122223333' }, eventID: `id-${i}` });
const trailFile = (n: number, from = 0) => strToU8(JSON.stringify({ Records: Array.from({ length: n }, (_, i) => record(from + i)) }));

describe('zipInputs', () => {
  const files: Zippable = {
    'logs/': {},
    'logs/a.json': [trailFile(3), { level: 0 }],
    'logs/b.json': trailFile(2, 10),
    '__MACOSX/logs/._a.json': strToU8('junk'),
    'logs/.DS_Store': strToU8('junk'),
  };
  const bytes = zipSync(files);

  it('is recognised by its first bytes, not by a name', () => {
    expect(isZip(bytes)).toBe(true);
    expect(isZip(zipSync({}))).toBe(true);
    expect(isZip(strToU8('{"Records":[]}'))).toBe(false);
    expect(isZip(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBe(false);
  });

  it('lists the files (folders, __MACOSX and hidden files left out), named archive/path, sized as declared', async () => {
    const r = zipInputs({ name: 'trail.zip', lastModified: 1 }, bytes);
    expect(r.problems).toEqual([]);
    expect(r.inputs.map((i) => [i.name, i.size, i.lastModified])).toEqual([
      ['trail.zip/logs/a.json', trailFile(3).byteLength, 1],
      ['trail.zip/logs/b.json', trailFile(2, 10).byteLength, 1],
    ]);
    // Read out of order, and twice through the batch: each entry's own bytes.
    expect(new TextDecoder().decode(await (r.inputs[1] as { read: () => Promise<Uint8Array> }).read())).toBe(new TextDecoder().decode(trailFile(2, 10)));
    expect(new TextDecoder().decode(await (r.inputs[0] as { read: () => Promise<Uint8Array> }).read())).toBe(new TextDecoder().decode(trailFile(3)));
  });

  it('many entries: each read gives its own file (batches across the archive)', async () => {
    const many: Zippable = {};
    for (let i = 0; i < 300; i++) many[`f/${String(i).padStart(3, '0')}.json`] = trailFile(1, i);
    const r = zipInputs({ name: 'm.zip' }, zipSync(many));
    expect(r.inputs).toHaveLength(300);
    for (const i of [0, 150, 299, 1, 298]) {
      const text = new TextDecoder().decode(await (r.inputs[i] as { read: () => Promise<Uint8Array> }).read());
      expect(JSON.parse(text).Records[0].eventID).toBe(`id-${i}`);
    }
  });

  it('not a readable archive: one error problem, no inputs', () => {
    const r = zipInputs({ name: 'bad.zip' }, new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]));
    expect(r.inputs).toEqual([]);
    expect(r.problems).toEqual([{ input: 'bad.zip', severity: 'error', message: expect.stringMatching(/^Not a readable zip archive \(.+\); nothing in it was read\.$/) }]);
  });

  it('an empty archive says so', () => {
    expect(zipInputs({ name: 'e.zip' }, zipSync({})).problems).toEqual([{ input: 'e.zip', severity: 'warning', message: 'The zip archive holds no files.' }]);
  });

  it('an entry over the per-file limit is refused by its declared size and never inflated; the others are read', async () => {
    const big = new Uint8Array(3_000_000).fill(32); // compresses to almost nothing
    const r = zipInputs({ name: 'z.zip' }, zipSync({ 'big.json': big, 'small.json': trailFile(1) }), { maxFileBytes: 1_000_000 });
    const [bigInput, smallInput] = r.inputs as [import('../../src/core/types').AuditInput, import('../../src/core/types').AuditInput];
    await expect(bigInput.read()).rejects.toThrow('more than the per-file limit');
    const refused = await readInputFile(bigInput, { naiveTimeOffsetMinutes: 0, maxFileBytes: 1_000_000 });
    expect(refused.kind).toBe('unknown');
    expect(refused.problems).toEqual([{ input: 'z.zip/big.json', severity: 'error', message: expect.stringContaining('more than the limit of') }]);
    const ok = await readInputFile(smallInput, { naiveTimeOffsetMinutes: 0, maxFileBytes: 1_000_000 });
    expect([ok.kind, ok.records]).toEqual(['cloudtrail', 1]);
  });

  it('an entry that inflates to more than it declares is cut at its declared size (no bomb)', async () => {
    const data = new Uint8Array(200_000).fill(65);
    const zip = zipSync({ 'x.txt': data });
    // Central directory header (PK\x01\x02): uncompressed size at offset 24. Declare 1,000 bytes.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let cd = -1;
    for (let i = zip.length - 22; i >= 0; i--) if (view.getUint32(i, true) === 0x02014b50) cd = i;
    expect(cd).toBeGreaterThan(0);
    view.setUint32(cd + 24, 1000, true);
    const r = zipInputs({ name: 'liar.zip' }, zip);
    expect(r.inputs[0]?.size).toBe(1000);
    const out = await (r.inputs[0] as { read: () => Promise<Uint8Array> }).read();
    expect(out.byteLength).toBe(1000);
  });
});

describe('CLI: a zipped organization-trail folder gives the findings of the folder', () => {
  let trail: OrgTrail;
  let work: string;
  let fromFolder: AuditResult;
  let fromZip: AuditResult;
  const audit = async (paths: string[]): Promise<AuditResult> => {
    let out = '';
    await run(['--format', 'json', '--now', '2024-03-02T00:00:00Z', '--as-of', AS_OF, '--windows', '1,30,90', ...paths], 0, { out: (s) => (out += s), err: () => undefined });
    return JSON.parse(out) as AuditResult;
  };
  beforeAll(async () => {
    trail = writeOrgTrail({ records: 4000, files: 40 });
    work = mkdtempSync(join(tmpdir(), 'credaudit-zip-'));
    const files: Zippable = {};
    const walk = (dir: string, rel: string): void => {
      for (const n of readdirSync(dir).sort()) {
        const p = join(dir, n);
        if (statSync(p).isDirectory()) walk(p, `${rel}${n}/`);
        else files[`${rel}${n}`] = [new Uint8Array(readFileSync(p)), { level: 0 }];
      }
    };
    walk(trail.dir, '');
    // No .zip in the name: recognised by content.
    writeFileSync(join(work, 'trail-archive'), zipSync(files));
    fromFolder = await audit([trail.dir]);
    fromZip = await audit([join(work, 'trail-archive')]);
  }, 120_000);
  afterAll(() => {
    trail?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('every entry is an input, named after the archive', () => {
    expect(fromZip.inputs).toHaveLength(fromFolder.inputs.length);
    expect(fromZip.inputs.every((i) => /trail-archive\//.test(i.name))).toBe(true);
    expect(fromZip.inputs.map((i) => [i.kind, i.format, i.records, i.sha256])).toEqual(fromFolder.inputs.map((i) => [i.kind, i.format, i.records, i.sha256]));
  });

  it('the findings are the same', () => {
    // Inputs are named by where they were: the folder's path, or the archive's name and the path inside it.
    const strip = (r: AuditResult, prefix: string): Finding[] => JSON.parse(JSON.stringify(r.findings).split(prefix).join('')) as Finding[];
    const zipPrefix = `${relative(process.cwd(), join(work, 'trail-archive'))}/`;
    const folderPrefix = `${relative(process.cwd(), trail.dir)}/`;
    expect(strip(fromZip, zipPrefix)).toEqual(strip(fromFolder, folderPrefix));
    expect(fromZip.findings.some((f) => f.status === 'FAIL' && f.ruleId.startsWith('CT-'))).toBe(true);
  });
});

describe('CLI: --max-file-mb applies to each archive entry', () => {
  it('an entry over the limit is a problem naming it; the other entries are audited', async () => {
    const work = mkdtempSync(join(tmpdir(), 'credaudit-zip-limit-'));
    try {
      const big = trailFile(12_000); // about 2.6 MB of JSON
      expect(big.byteLength).toBeGreaterThan(2 * 1048576);
      writeFileSync(join(work, 'logs.zip'), zipSync({ 'big.json': big, 'small.json': trailFile(2) }));
      let out = '';
      await run(['--format', 'json', '--now', '2024-06-01T00:00:00Z', '--max-file-mb', '1', join(work, 'logs.zip')], 0, { out: (x) => (out += x), err: () => undefined });
      const r = JSON.parse(out) as AuditResult;
      const label = `${relative(process.cwd(), join(work, 'logs.zip'))}`;
      expect(r.inputs.map((i) => [i.name, i.kind, i.records])).toEqual([
        [`${label}/big.json`, 'unknown', 0],
        [`${label}/small.json`, 'cloudtrail', 2],
      ]);
      expect(r.problems.filter((p) => p.input === `${label}/big.json`).map((p) => p.message)).toEqual([expect.stringContaining('more than the limit of 1 MB per file')]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('an archive larger than the per-file limit is opened in place (unzipit), not refused', () => {
  // A trail split over gzip and plain entries, a stored entry, hidden files; the limit is below the
  // archive's size and above every entry's.
  const gz = (b: Uint8Array): Uint8Array => new Uint8Array(gzipSync(b));
  const files: Zippable = {
    'logs/': {},
    'logs/a.json.gz': [gz(trailFile(200)), { level: 0 }],
    'logs/b.json': [trailFile(200, 1000), { level: 0 }],
    'logs/c.json': [trailFile(240, 2000), { level: 0 }],
    '__MACOSX/logs/._a.json': strToU8('junk'),
    'logs/.hidden': strToU8('junk'),
  };
  const bytes = zipSync(files);
  const limit = 60_000;
  const blob = new Blob([bytes]);
  const ranges: [number, number][] = [];
  const input = (): AuditInput => ({
    name: 'big.zip',
    size: bytes.byteLength,
    lastModified: 5,
    read: async () => {
      throw new Error('the whole archive must not be read');
    },
    range: async (from, to) => {
      ranges.push([from, to]);
      return new Uint8Array(await blob.slice(from, to).arrayBuffer());
    },
  });

  it('the archive is over the limit, its entries under it', () => {
    expect(bytes.byteLength).toBeGreaterThan(limit);
    expect([trailFile(200).byteLength, trailFile(240).byteLength].every((n) => n < limit)).toBe(true);
  });

  it('lists and reads the same entries as the in-memory reader, a part of the file at a time', async () => {
    const inMemory = zipInputs({ name: 'big.zip', lastModified: 5 }, bytes, { maxFileBytes: limit });
    const inPlace = await zipInputsInPlace({ name: 'big.zip', lastModified: 5 }, bytes.byteLength, input().range as ByteRange, { maxFileBytes: limit });
    expect(inPlace.problems).toEqual(inMemory.problems);
    expect(inPlace.inputs.map((i) => [i.name, i.size, i.lastModified])).toEqual(inMemory.inputs.map((i) => [i.name, i.size, i.lastModified]));
    for (let k = 0; k < inPlace.inputs.length; k++) expect(await (inPlace.inputs[k] as AuditInput).read()).toEqual(await (inMemory.inputs[k] as AuditInput).read());
    // No single read took the whole archive.
    expect(ranges.length).toBeGreaterThan(2);
    expect(Math.max(...ranges.map(([a, b]) => b - a))).toBeLessThan(bytes.byteLength);
  });

  it('ingest reads its entries in its place, where without range it is refused', async () => {
    const r = await audit([input()], { now: Date.parse('2024-06-01T00:00:00Z'), maxFileBytes: limit });
    expect(r.inputs.map((i) => [i.name, i.kind, i.format, i.records])).toEqual([
      ['big.zip/logs/a.json.gz', 'cloudtrail', 's3-json+gzip', 200],
      ['big.zip/logs/b.json', 'cloudtrail', 's3-json', 200],
      ['big.zip/logs/c.json', 'cloudtrail', 's3-json', 240],
    ]);
    expect(r.inputs[1]?.sha256).toBe(createHash('sha256').update(trailFile(200, 1000)).digest('hex'));
    const { range: _range, ...plain } = input();
    const refused = await audit([{ ...plain, read: async () => bytes }], { now: Date.parse('2024-06-01T00:00:00Z'), maxFileBytes: limit });
    expect(refused.inputs.map((i) => [i.name, i.kind])).toEqual([['big.zip', 'unknown']]);
    expect(refused.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^The file is .+, more than the limit of .+ per file; it was not read\.$/)]);
  });

  it('an entry that inflates to more than it declares is cut at its declared size, as in memory (no bomb)', async () => {
    const zip = zipSync({ 'x.json': trailFile(400) });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let cd = -1;
    for (let i = zip.length - 22; i >= 0; i--) if (view.getUint32(i, true) === 0x02014b50) cd = i;
    view.setUint32(cd + 24, 1000, true);
    const b = new Blob([zip]);
    const run = (withRange: boolean): Promise<AuditResult> =>
      audit([{ name: 'liar.zip', size: zip.byteLength, read: async () => zip, ...(withRange ? { range: async (f: number, t: number) => new Uint8Array(await b.slice(f, t).arrayBuffer()) } : {}) }], {
        now: Date.parse('2024-06-01T00:00:00Z'),
        maxFileBytes: withRange ? 5000 : 10_000_000,
      });
    const [inPlace, inMemory] = [await run(true), await run(false)];
    const messages = (r: AuditResult): string[] => r.problems.filter((p) => p.input === 'liar.zip/x.json').map((p) => p.message);
    expect(messages(inPlace)).toEqual([expect.stringMatching(/^The JSON ends before it is closed/)]);
    expect(messages(inPlace)).toEqual(messages(inMemory));
  });

  it('CLI: --max-file-mb below the archive size reads its entries in place', async () => {
    const work = mkdtempSync(join(tmpdir(), 'credaudit-zip-big-'));
    try {
      const entries: Zippable = {};
      for (let i = 0; i < 6; i++) entries[`t/${i}.json`] = [trailFile(2500, i * 3000), { level: 0 }];
      const zip = zipSync(entries);
      expect(zip.byteLength).toBeGreaterThan(1048576);
      writeFileSync(join(work, 'logs.zip'), zip);
      let out = '';
      await run(['--format', 'json', '--now', '2024-06-01T00:00:00Z', '--max-file-mb', '1', join(work, 'logs.zip')], 0, { out: (x) => (out += x), err: () => undefined });
      const r = JSON.parse(out) as AuditResult;
      expect(r.inputs.map((i) => [i.name.replace(/^.*logs\.zip\//, ''), i.kind, i.records])).toEqual(Array.from({ length: 6 }, (_, i) => [`t/${i}.json`, 'cloudtrail', 2500]));
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
