// The page's read pool and zip archives, in Node: readers served over real MessageChannels (the same
// code as in a reader worker, on this thread), File objects as the page has them. What is checked:
// the audit with the pool is the audit without it, byte for byte; the readers did read; a cancel
// while a reader never answers still gives a result at once, naming the files not read; a zip
// archive's entries audit like the same files loose.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AuditSession, type SessionAnswer, type SessionFile } from '../core/session';
import type { AuditOptions, AuditResult } from '../core/types';
import type { FileRef } from './protocol';
import { PageReadPool, serveReads } from './read-pool';
import { filesUnder } from '../../test/helpers/files';

const OPTIONS: AuditOptions = { now: Date.parse('2026-11-21T00:00:00Z'), windows: [30, 90], exceptions: [] };
const MTIME = Date.parse('2026-11-01T00:00:00Z');

const PATHS = [...filesUnder('test/fixtures/cloudtrail').filter((p) => !p.endsWith('.ts')), 'test/fixtures/reports/modern-111122223333.csv'];
let nextId = 1;
/** The page's refs as session files, as the audit worker makes them (backed by their File for the pool). */
const filesOf = (refs: FileRef[], pool?: PageReadPool): SessionFile[] =>
  refs.map((ref) => {
    const f: SessionFile = { id: ref.id, name: ref.name, size: ref.file.size, lastModified: ref.file.lastModified, read: async () => new Uint8Array(await ref.file.arrayBuffer()) };
    pool?.backedBy(f, ref.file);
    return f;
  });
const refOf = (path: string, bytes: Uint8Array<ArrayBuffer> = new Uint8Array(readFileSync(path))): FileRef => ({ id: nextId++, name: path, file: new File([bytes], path.split('/').at(-1) as string, { lastModified: MTIME }) });

function poolWith(lanes: number, serve = true): PageReadPool {
  const pool = new PageReadPool();
  const ports: MessagePort[] = [];
  for (let i = 0; i < lanes; i++) {
    const ch = new MessageChannel();
    if (serve) serveReads(ch.port1);
    ports.push(ch.port2);
  }
  pool.setPorts(ports);
  return pool;
}

async function auditOf(files: SessionFile[], session: AuditSession): Promise<AuditResult> {
  const a: SessionAnswer = await session.submit({ type: 'add', req: 1, files }, OPTIONS);
  if (a.type !== 'result' || !a.outcome.result) throw new Error('no result');
  return a.outcome.result;
}

describe('page read pool', () => {
  it('gives the same audit as the audit worker reading alone, byte for byte; the readers read every CloudTrail file', async () => {
    const alone = await auditOf(filesOf(PATHS.map((p) => refOf(p))), new AuditSession());
    const pool = poolWith(2);
    const files = filesOf(PATHS.map((p) => refOf(p)), pool);
    const pooled = await auditOf(files, new AuditSession({ readAhead: pool.readAhead }));
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(alone));
    const cloudtrail = alone.inputs.filter((i) => i.kind === 'cloudtrail').length;
    expect(cloudtrail).toBeGreaterThan(20);
    // CloudTrail content (and a file with none: a digest, a problem) travels back from a reader; the report is read here.
    expect(pool.takeCounts()).toEqual({ byReaders: PATHS.length - 1, here: 1, readers: 2 });
  });

  it('cancel while a reader never answers: the result comes at once and names the files not read', async () => {
    const pool = poolWith(1, false);
    const paths = PATHS.slice(0, 3);
    const files = filesOf(paths.map((p) => refOf(p)), pool);
    const session = new AuditSession({ readAhead: pool.readAhead });
    const answer = session.submit({ type: 'add', req: 1, files }, OPTIONS);
    await new Promise((r) => setTimeout(r, 20));
    session.cancel();
    const a = await answer;
    if (a.type !== 'result') throw new Error('a result');
    expect(a.outcome.files).toEqual([]);
    expect(a.outcome.cancelled).toEqual(paths);
    expect(a.outcome.result).toBeNull();
  });

  it('a reader that failed: its reads are done by the audit worker, with the same result', async () => {
    const pool = poolWith(2, false);
    pool.failed(0);
    pool.failed(1);
    expect(pool.readers).toBe(0);
    const paths = PATHS.slice(0, 4);
    const files = filesOf(paths.map((p) => refOf(p)), pool);
    const result = await auditOf(files, new AuditSession({ readAhead: pool.readAhead }));
    expect(result.inputs.map((i) => i.name)).toEqual(paths);
  });
});

describe('zip archives in the page', () => {
  const trail = filesUnder('test/fixtures/cloudtrail/org-trail');
  const zipped = zipSync(Object.fromEntries(trail.map((p) => [relative('test/fixtures/cloudtrail', p), new Uint8Array(readFileSync(p))])));
  const outcome = async (files: SessionFile[]) => {
    const a = await new AuditSession().submit({ type: 'add', req: 1, files }, OPTIONS);
    if (a.type !== 'result' || !a.outcome.result) throw new Error('no result');
    return a.outcome;
  };

  it('an archive is read as its entries, named archive/path, listed under the archive id; they audit like the loose files', async () => {
    const loose = await auditOf(filesOf(trail.map((p) => refOf(p))), new AuditSession());
    const ref = refOf('trail.zip', zipped);
    const out = await outcome(filesOf([ref]));
    const names = trail.map((p) => `trail.zip/${relative('test/fixtures/cloudtrail', p)}`);
    expect(out.files.map((f) => [f.id, f.name])).toEqual(names.map((n) => [ref.id, n]));
    const fromZip = out.result as AuditResult;
    expect(fromZip.inputs.map((i) => i.name)).toEqual(names);
    const verdicts = (r: AuditResult) => r.findings.map((f) => [f.ruleId, f.accountId, f.status, f.window]);
    expect(verdicts(fromZip)).toEqual(verdicts(loose));
    expect(fromZip.inputs.map((i) => [i.kind, i.records, i.sha256])).toEqual(loose.inputs.map((i) => [i.kind, i.records, i.sha256]));
  });

  it('a file named .zip that is not one is read as what it is; a broken archive is a problem naming it; a zip inside a zip is not opened', async () => {
    const notZip = refOf('report.zip', new Uint8Array(readFileSync('test/fixtures/reports/modern-111122223333.csv')));
    const broken = refOf('broken.zip', zipped.slice(0, 200));
    const nested = refOf('outer.zip', zipSync({ 'inner.zip': zipped, 'report.csv': new Uint8Array(readFileSync('test/fixtures/reports/modern-111122223333.csv')) }));
    const out = await outcome(filesOf([notZip, broken, nested]));
    expect(out.files.map((f) => [f.name, f.input.kind])).toEqual([
      ['report.zip', 'credential-report'],
      ['outer.zip/inner.zip', 'unknown'],
      ['outer.zip/report.csv', 'credential-report'],
    ]);
    const problems = (out.result as AuditResult).problems;
    expect(problems.find((p) => p.input === 'broken.zip')?.message).toMatch(/^Not a readable zip archive/);
    expect(problems.find((p) => p.input === 'outer.zip/inner.zip')?.message).toBe('A zip archive inside a zip archive is not opened; extract it and give its files.');
  });
});
