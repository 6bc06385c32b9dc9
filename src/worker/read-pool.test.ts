// The page's read pool and zip archives, in Node: readers served over real MessageChannels (the same
// code as in a reader worker, on this thread), File objects as the page has them. What is checked:
// the audit with the pool is the audit without it, byte for byte; the readers did read; a cancel
// while a reader never answers still gives a result at once, naming the files not read; a zip
// archive's entries audit like the same files loose.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { AuditSession, type SessionAnswer, type SessionFile } from '../core/session';
import type { AuditOptions, AuditResult } from '../core/types';
import { sessionFiles } from './archives';
import type { FileRef } from './protocol';
import { PageReadPool, serveReads } from './read-pool';

const OPTIONS: AuditOptions = { now: Date.parse('2026-11-21T00:00:00Z'), windows: [30, 90], exceptions: [] };
const MTIME = Date.parse('2026-11-01T00:00:00Z');

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
const PATHS = [...walk('test/fixtures/cloudtrail').filter((p) => !p.endsWith('.ts')), 'test/fixtures/reports/modern-111122223333.csv'];
let nextId = 1;
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
    const alone = await auditOf(await sessionFiles(PATHS.map((p) => refOf(p)), undefined, () => undefined), new AuditSession());
    const pool = poolWith(2);
    const files = await sessionFiles(PATHS.map((p) => refOf(p)), undefined, (input, file) => pool.backedBy(input, file));
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
    const files = await sessionFiles(paths.map((p) => refOf(p)), undefined, (input, file) => pool.backedBy(input, file));
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
    const files = await sessionFiles(paths.map((p) => refOf(p)), undefined, (input, file) => pool.backedBy(input, file));
    const result = await auditOf(files, new AuditSession({ readAhead: pool.readAhead }));
    expect(result.inputs.map((i) => i.name)).toEqual(paths);
  });
});

describe('zip archives in the page', () => {
  const trail = walk('test/fixtures/cloudtrail/org-trail');
  const zipped = zipSync(Object.fromEntries(trail.map((p) => [relative('test/fixtures/cloudtrail', p), new Uint8Array(readFileSync(p))])));

  it('an archive becomes its entries, named archive/path, under the archive id; they audit like the loose files', async () => {
    const loose = await auditOf(await sessionFiles(trail.map((p) => refOf(p)), undefined, () => undefined), new AuditSession());
    const ref = refOf('trail.zip', zipped);
    const plain: string[] = [];
    const files = await sessionFiles([ref], undefined, (input) => plain.push(input.name));
    expect(plain).toEqual([]);
    expect(files.map((f) => f.name)).toEqual(trail.map((p) => `trail.zip/${relative('test/fixtures/cloudtrail', p)}`));
    expect(files.every((f) => f.id === ref.id)).toBe(true);
    const fromZip = await auditOf(files, new AuditSession());
    const verdicts = (r: AuditResult) => r.findings.map((f) => [f.ruleId, f.accountId, f.status, f.window]);
    expect(verdicts(fromZip)).toEqual(verdicts(loose));
    expect(fromZip.inputs.map((i) => [i.kind, i.records])).toEqual(loose.inputs.map((i) => [i.kind, i.records]));
  });

  it('a file named .zip that is not one is read as what it is; a broken archive is one input with a problem naming it', async () => {
    const notZip = refOf('report.zip', new Uint8Array(readFileSync('test/fixtures/reports/modern-111122223333.csv')));
    const broken = refOf('broken.zip', zipped.slice(0, 200));
    const files = await sessionFiles([notZip, broken], undefined, () => undefined);
    expect(files.map((f) => f.name)).toEqual(['report.zip', 'broken.zip']);
    const result = await auditOf(files, new AuditSession());
    expect(result.inputs.map((i) => i.kind)).toEqual(['credential-report', 'unknown']);
    const problem = result.problems.find((p) => p.input === 'broken.zip');
    expect(problem?.message).toMatch(/^Could not be read: Not a readable zip archive/);
  });
});
