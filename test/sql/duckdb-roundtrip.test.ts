// Proof that credaudit's SQL computes what the CT rules need (issue 13 item 6): the DuckDB variant of
// the query runs over the same trail folders the engine reads, its result file goes back into
// credaudit, and every CloudTrail finding (CT-* and XSRC-*) equals the one from the raw files:
// status, message (which carries the counts, coverage and holes), and the events cited.
// Skipped, with the reason printed, when DuckDB's native module cannot load on this machine.
import { mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { generateSql } from '../../src/core/sql/generate';
import type { AuditResult, Finding } from '../../src/core/types';
import { generate, parseArgs as trailArgs } from '../../scripts/gen-trail';
import { AS_OF, writeOrgTrail, type OrgTrail } from '../helpers/org-trail';
import { writeTrailFolder } from './trail-folder';

type Connection = { run: (sql: string) => Promise<unknown> };
let connect: (() => Promise<Connection>) | undefined;
let whyNot = '';
try {
  const duckdb = await import('@duckdb/node-api');
  connect = async () => (await duckdb.DuckDBInstance.create(':memory:')).connect();
  await (await connect()).run('SELECT 1');
} catch (e) {
  connect = undefined;
  whyNot = e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e);
  console.warn(`[credaudit] DuckDB's native module cannot load here (${whyNot}): the DuckDB round-trip tests are skipped.`);
}

const NOW = '2024-06-01T00:00:00Z';
const work = mkdtempSync(join(tmpdir(), 'credaudit-sql-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function audit(paths: string[], asOf: string, windows: string): Promise<AuditResult> {
  let out = '';
  let err = '';
  await run(['--format', 'json', '--now', NOW, '--as-of', asOf, '--windows', windows, ...paths], Date.parse(NOW), { out: (s) => (out += s), err: (s) => (err += s) });
  if (out === '') throw new Error(`no output: ${err}`);
  return JSON.parse(out) as AuditResult;
}

/** Runs the generated DuckDB statement over `dir`; returns the result file's path. */
async function queryWithDuckDb(dir: string, name: string): Promise<string> {
  const out = join(work, `${name}.csv`);
  const r = generateSql('duckdb', { path: dir, out, days: 0, now: Date.parse(NOW) });
  if ('problem' in r) throw new Error(r.problem);
  await (await (connect as () => Promise<Connection>)()).run(r.value.sql);
  return out;
}

/** What must agree for a CloudTrail finding; the inputs cited differ (raw files vs one result file). */
function comparable(f: Finding) {
  return {
    key: `${f.ruleId}|${f.window ?? ''}|${f.accountId ?? '-'}|${f.resource}`,
    status: f.status,
    severity: f.severity,
    message: f.message,
    events: f.evidence.map((e) => e.eventId ?? null).filter((id) => id !== null),
    evidence: f.evidence.map((e) => [e.field, e.value, e.ageDays ?? null, e.eventId ?? null]),
  };
}

const cloudTrailFindings = (r: AuditResult) =>
  r.findings
    .filter((f) => f.ruleId.startsWith('CT-') || f.ruleId.startsWith('XSRC-'))
    .map(comparable)
    .sort((a, b) => a.key.localeCompare(b.key));

/** Messages may name the CloudTrail inputs ("3 CloudTrail inputs", a file name): those words differ by design. */
const withoutInputNames = (s: string, names: string[]): string => names.reduce((t, n) => t.split(n).join('<input>'), s).replace(/\d+ CloudTrail inputs/g, '<input>');

describe.skipIf(!connect)('DuckDB round trip: the query result gives the findings the raw files give', () => {
  describe('the organization-trail folder of the CLI tests (known root events, a copy, service noise, a digest)', () => {
    let trail: OrgTrail;
    let raw: AuditResult;
    let viaSql: AuditResult;
    let resultFile: string;
    beforeAll(async () => {
      trail = writeOrgTrail({ records: 8000, files: 80 });
      raw = await audit([trail.dir], AS_OF, '1,30,90');
      resultFile = await queryWithDuckDb(trail.dir, 'org-trail');
      viaSql = await audit([resultFile, join(trail.dir, trail.reportFile)], AS_OF, '1,30,90');
    }, 120_000);
    afterAll(() => trail?.cleanup());

    it('the result file is read as a credaudit query result, with no error', () => {
      const input = viaSql.inputs.find((i) => i.name.endsWith('org-trail.csv'));
      expect(input?.kind).toBe('cloudtrail');
      expect(input?.format).toBe('cloudtrail-query-result');
      expect(viaSql.problems.filter((p) => p.severity === 'error')).toEqual([]);
    });

    it('every CT and XSRC finding is equal: status, severity, message, cited events and evidence values', () => {
      const names = [...trail.logFiles, resultFile];
      const a = cloudTrailFindings(raw).map((f) => ({ ...f, message: withoutInputNames(f.message, names) }));
      const b = cloudTrailFindings(viaSql).map((f) => ({ ...f, message: withoutInputNames(f.message, names) }));
      expect(a.length).toBeGreaterThanOrEqual(10);
      expect(b).toEqual(a);
      // Not vacuous: both verdicts occur.
      expect(a.some((f) => f.status === 'FAIL')).toBe(true);
      expect(a.some((f) => f.status === 'PASS')).toBe(true);
    });
  });

  type Compared = ReturnType<typeof comparable>;
  describe.each<[string, string, (findings: Compared[]) => void]>([
    ['every kind of root event, often (most checks FAIL)', '3', (fs) => expect(fs.filter((f) => f.status === 'FAIL').length).toBeGreaterThan(20)],
    [
      'a few root events (absence must be shown: the hole keeps checks from passing)',
      '0.05',
      (fs) => expect(fs.filter((f) => f.status === 'NEEDS_EVIDENCE' && /2024-01-2[012]/.test(f.message)).length).toBeGreaterThan(0),
    ],
  ])('a generated organization trail, 3 accounts, copies, a two-day hole: %s', (_name, rootPct, check) => {
    let raw: AuditResult;
    let viaSql: AuditResult;
    let dir: string;
    const asOf = '2024-02-15T00:00:00Z';
    const tag = rootPct.replace('.', '_');
    beforeAll(async () => {
      const o = trailArgs(['--records', '6000', '--root-pct', rootPct, '--accounts', '3', '--days', '45', '--dup-pct', '20', '--seed', '11', '--start', '2024-01-01T00:00:00Z']);
      dir = join(work, `generated-${tag}`);
      const written = writeTrailFolder(generate(o), dir, 'o-generated01', 120);
      // A hole: every file of 2024-01-20 and 2024-01-21 is gone (48 h without any event, in every account).
      let removed = 0;
      for (const f of written) {
        if (/[\\/]2024[\\/]01[\\/]2[01][\\/]/.test(f)) {
          unlinkSync(join(dir, f));
          removed++;
        }
      }
      expect(removed).toBeGreaterThan(0);
      raw = await audit([dir], asOf, '1,7,30');
      viaSql = await audit([await queryWithDuckDb(dir, `generated-${tag}`)], asOf, '1,7,30');
    }, 120_000);

    it('every CT finding of every account and window is equal', () => {
      const names = [...listFiles(dir), join(work, `generated-${tag}.csv`)];
      const a = cloudTrailFindings(raw).map((f) => ({ ...f, message: withoutInputNames(f.message, names) }));
      const b = cloudTrailFindings(viaSql).map((f) => ({ ...f, message: withoutInputNames(f.message, names) }));
      expect(new Set(a.map((f) => f.key.split('|')[2])).size).toBe(3);
      expect(b).toEqual(a);
      check(a);
    });

    it('coverage and event counts per account are equal (copies counted once)', () => {
      const cov = (r: AuditResult) => r.accounts.map((acc) => [acc.accountId, acc.cloudtrail ?? null]);
      expect(cov(viaSql)).toEqual(cov(raw));
    });
  });
});

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p.slice(root.length + 1));
    }
  };
  walk(root);
  return out;
}
