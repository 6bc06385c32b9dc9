// The roll-up, verdict band, findings list and page result on real audits of small reports.
import { describe, expect, it } from 'vitest';
import { ACCOUNT, AS_OF, daysBefore, reportCsv, root, user } from '../../../test/helpers/report';
import { audit } from '../audit';
import type { AuditResult } from '../types';
import { DEFAULT_QUERY, linesPage, searchIndex, selectFindings, splitFirstSentence, type FindingLine, type FindingsQuery, type GroupLine } from './findings-query';
import { pageResult, pageViews } from './page-result';
import { accountRollup, accountVerdicts } from './rollup';

const OTHER = '210987654321';

function envelope(csv: string): string {
  return JSON.stringify({ Content: Buffer.from(csv).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: AS_OF });
}

async function run(files: [string, string][]): Promise<AuditResult> {
  return audit(
    files.map(([name, text]) => {
      const bytes = new TextEncoder().encode(text);
      return { name, size: bytes.length, read: async () => bytes };
    }),
    { now: Date.parse(AS_OF) + 86_400_000 },
  );
}

/** Root with an active key used 3 days before as-of and no MFA; alice without MFA; bob clean. */
const risky = reportCsv([
  root({ mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2022-01-05T10:00:00Z', access_key_1_last_used_date: daysBefore(3) }),
  user('alice', { mfa_active: 'false' }),
  user('bob'),
]);
/** Clean root (MFA, no keys, never used), in another account. */
const clean = reportCsv([root(), user('carol')]).split(ACCOUNT).join(OTHER);

describe('accounts roll-up and verdict band', () => {
  it('one row per account with the key root controls as statuses', async () => {
    const r = await run([
      ['a.json', envelope(risky)],
      ['b.json', envelope(clean)],
    ]);
    const t = accountRollup(r);
    expect(t.columns.map((c) => c.label)).toEqual(['Root keys', 'Root MFA', 'Used ≤ 30 d', 'Used ≤ 90 d', 'CloudTrail sign-ins', 'Credentials removed']);
    expect(t.rows.map((row) => [row.accountId, ...row.cells.map((c) => c.status)])).toEqual([
      [ACCOUNT, 'FAIL', 'FAIL', 'FAIL', 'FAIL', 'NEEDS_EVIDENCE', 'NEEDS_EVIDENCE'],
      [OTHER, 'PASS', 'PASS', 'PASS', 'PASS', 'NEEDS_EVIDENCE', 'NEEDS_EVIDENCE'],
    ]);
    const verdicts = accountVerdicts(r);
    const risk = verdicts[0]!;
    expect(risk.kind).toBe('fail');
    expect(risk.severity).toBe('critical');
    expect(risk.worstCheck).toBe('No active root access key');
    const fails = r.findings.filter((f) => f.accountId === ACCOUNT && f.status === 'FAIL').length;
    const needsHigh = r.findings.filter((f) => f.accountId === ACCOUNT && f.status === 'NEEDS_EVIDENCE' && (f.severity === 'critical' || f.severity === 'high')).length;
    expect(needsHigh).toBeGreaterThan(0);
    expect(risk.headline).toBe(`Fails: Root user has an active access key (critical) and ${fails - 1} more failing findings; ${needsHigh} critical or high checks need evidence`);
    // The clean account fails nothing, but its critical/high CloudTrail checks lack evidence: the band says so.
    const ok = verdicts[1]!;
    expect(ok.kind).toBe('needs-evidence');
    expect(ok.headline).toMatch(/^Nothing fails, but \d+ critical or high checks need evidence$/);
    expect(ok.severity).toBe('critical');
  });
});

describe('findings list for triage', () => {
  const q = (over: Partial<FindingsQuery>): FindingsQuery => ({ ...DEFAULT_QUERY, ...over });

  it('default: FAIL, EXCEPTED and NEEDS_EVIDENCE grouped by rule; PASS and N/A counted, one click away', async () => {
    const r = await run([['a.json', envelope(risky)]]);
    const sel = selectFindings(r.findings, searchIndex(r.findings), DEFAULT_QUERY);
    const groups = sel.lines.filter((l): l is GroupLine => l.kind === 'group');
    expect(sel.lines.length).toBe(groups.length); // collapsed
    expect(groups.every((g) => ['FAIL', 'EXCEPTED', 'NEEDS_EVIDENCE'].includes(g.status))).toBe(true);
    expect(groups[0]).toMatchObject({ ruleId: 'ROOT-ACCESS-KEY-ACTIVE', check: 'No active root access key', status: 'FAIL', severity: 'critical', accounts: 1, users: 0 });
    const attention = r.findings.filter((f) => ['FAIL', 'EXCEPTED', 'NEEDS_EVIDENCE'].includes(f.status)).length;
    expect(sel.matched).toBe(attention);
    expect(sel.byStatus.PASS).toBe(r.findings.filter((f) => f.status === 'PASS').length);
    const all = selectFindings(r.findings, searchIndex(r.findings), q({ scope: 'all', grouped: false }));
    expect(all.matched).toBe(r.findings.length);
  });

  it('an open group shows the NEEDS_EVIDENCE how-to once, rows keep only their first sentence', async () => {
    const r = await run([
      ['a.json', envelope(risky)],
      ['b.json', envelope(clean)],
    ]);
    const sel = selectFindings(r.findings, searchIndex(r.findings), q({ expanded: ['CT-ROOT-SIGN-IN'] }));
    const at = sel.lines.findIndex((l) => l.kind === 'group' && l.ruleId === 'CT-ROOT-SIGN-IN');
    const howto = sel.lines[at + 1]!;
    expect(howto.kind).toBe('howto');
    expect(howto).toMatchObject({ findings: 2 });
    const rows = sel.lines.slice(at + 2, at + 4) as FindingLine[];
    expect(rows.map((l) => [l.kind, l.accountId])).toEqual([
      ['finding', ACCOUNT],
      ['finding', OTHER],
    ]);
    for (const row of rows) {
      const full = r.findings[row.index]!.message;
      expect(row.text).toBe(splitFirstSentence(full).lead);
      expect(full.length).toBeGreaterThan(row.text.length + 100);
    }
    // The how-to is the shared rest of the message, account id blanked.
    expect((howto as { text: string }).text).toBe(splitFirstSentence(r.findings[rows[0]!.index]!.message).rest.split(ACCOUNT).join('ACCOUNT_ID'));
    expect(linesPage(sel, at, 2)).toEqual([sel.lines[at], howto]);
  });

  it.each([
    ['IAM.4', 'ROOT-ACCESS-KEY-ACTIVE'],
    ['iam.4', 'ROOT-ACCESS-KEY-ACTIVE'],
    ['iam-root-access-key-check', 'ROOT-ACCESS-KEY-ACTIVE'],
    // CIS v7.0 2.4 is the root access key; CIS v6.0 2.4 is root MFA.
    ['2.4', 'ROOT-ACCESS-KEY-ACTIVE ROOT-MFA-ENABLED'],
    // v1.2 1.14 is hardware MFA; v1.3–v4.0 1.14 is key rotation.
    ['1.14', 'ROOT-HARDWARE-MFA USER-KEY-NOT-ROTATED'],
  ])('search %s finds every rule mapped to that control id (%s among them), in every status', async (term, some) => {
    const r = await run([['a.json', envelope(risky)]]);
    const sel = selectFindings(r.findings, searchIndex(r.findings), q({ scope: 'all', search: term }));
    const found = (sel.lines as GroupLine[]).map((g) => g.ruleId).sort();
    const mapped = [...new Set(r.findings.filter((f) => f.controls.some((c) => c.control.toLowerCase() === term.toLowerCase())).map((f) => f.ruleId))].sort();
    expect(found).toEqual(mapped);
    for (const id of some.split(' ')) expect(found).toContain(id);
  });

  it('search terms combine: a control id and a word', async () => {
    const r = await run([['a.json', envelope(risky)]]);
    const sel = selectFindings(r.findings, searchIndex(r.findings), q({ scope: 'all', search: 'IAM.4 created' }));
    expect((sel.lines as GroupLine[]).map((g) => g.ruleId)).toEqual(['CT-ROOT-ACCESS-KEY-CREATED']);
  });

  it('"1.1" matches CIS 1.1 exactly, not 1.12 or 1.14', async () => {
    const r = await run([['a.json', envelope(risky)]]);
    const sel = selectFindings(r.findings, searchIndex(r.findings), q({ scope: 'all', search: '1.1' }));
    const ids = (sel.lines as GroupLine[]).map((g) => g.ruleId);
    expect(ids).toContain('ROOT-RECENT-USE');
    expect(ids).not.toContain('ROOT-ACCESS-KEY-ACTIVE');
    expect(ids).not.toContain('ROOT-HARDWARE-MFA');
  });

  it('framework edition filter keeps only rules mapped there', async () => {
    const r = await run([['a.json', envelope(risky)]]);
    const sel = selectFindings(r.findings, searchIndex(r.findings), q({ scope: 'all', edition: 'AWS Security Hub|CSPM control' }));
    const ids = (sel.lines as GroupLine[]).map((g) => g.ruleId);
    expect(ids).toContain('ROOT-ACCESS-KEY-ACTIVE');
    expect(ids).not.toContain('CT-ROOT-SIGN-IN');
  });

  it('a repeated user row: two equal findings, both listed, one exception candidate', async () => {
    const dup = reportCsv([root(), user('alice', { mfa_active: 'false' }), user('alice', { mfa_active: 'false' })]);
    const r = await run([['dup.csv', dup]]);
    const sel = selectFindings(r.findings, searchIndex(r.findings), q({ grouped: false, rule: 'USER-CONSOLE-WITHOUT-MFA' }));
    expect((sel.lines as FindingLine[]).map((l) => [l.resource, l.status])).toEqual([
      ['alice', 'FAIL'],
      ['alice', 'FAIL'],
    ]);
    const views = pageViews(r);
    expect(views.candidates.filter((c) => c.ruleId === 'USER-CONSOLE-WITHOUT-MFA').map((c) => c.resource)).toEqual(['alice']);
    expect(views.candidateTotal).toBeGreaterThanOrEqual(2);
  });
});

describe('page result', () => {
  it('carries no findings and no per-user ages; the views count them', async () => {
    const r = await run([['a.json', envelope(risky)]]);
    const p = pageResult(r);
    expect('findings' in p).toBe(false);
    expect('userCredentialAges' in p.details).toBe(false);
    expect(p.findingCount).toBe(r.findings.length);
    const v = pageViews(r);
    expect(v.accountCounts[ACCOUNT]!.failBySeverity.critical).toBe(r.findings.filter((f) => f.status === 'FAIL' && f.severity === 'critical').length);
    expect(v.ages.total).toBe(r.details.userCredentialAges.length);
    expect(v.ages.buckets.reduce((n, b) => n + b.password + b.key + b.never, 0)).toBe(v.ages.total);
    expect(v.rules.map((x) => x.id)).toContain('ROOT-ACCESS-KEY-ACTIVE');
  });
});
