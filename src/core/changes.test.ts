import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS, chooseBaseline, compareWithBaseline, isEvidenceJson, readBaseline, type BaselineAudit, type BaselineFinding } from './changes';
import type { AccountView, ExceptionEntry, Finding, Problem, Status } from './types';

const A = '111122223333';
const B = '444455556666';
const NOW = Date.parse('2025-06-01T13:00:00Z');

const finding = (ruleId: string, resource: string, status: Status, over: Partial<Finding> = {}): Finding => ({
  ruleId,
  status,
  severity: 'high',
  accountId: A,
  resource,
  title: `${ruleId} title`,
  message: 'm',
  evidence: [],
  controls: [],
  remediationId: ruleId,
  ...over,
});
const before = (ruleId: string, resource: string, status: Status, over: Partial<BaselineFinding> = {}): BaselineFinding => ({ ruleId, resource, status, severity: 'high', accountId: A, title: `${ruleId} title`, ...over });
const view = (accountId: string | null, asOf = '2025-06-01T12:00:00.000Z'): AccountView => ({ accountId, asOf: { time: asOf, source: 'report' }, hasRootRow: true, userCount: 1, verdict: '', verdictSeverity: 'pass' });
const baseline = (findings: BaselineFinding[], over: Partial<BaselineAudit> = {}): BaselineAudit => ({
  input: 'prev.json',
  asOf: '2025-05-01T12:00:00.000Z',
  evaluatedAt: '2025-05-01T13:00:00.000Z',
  tool: { name: 'credaudit', version: '1', build: 'b' },
  accounts: [{ accountId: A, asOf: '2025-05-01T12:00:00.000Z' }],
  findings,
  failingSince: [],
  ...over,
});
const EXC: ExceptionEntry = { ruleId: 'R', accountId: A, owner: 'sec', justification: 'why', expires: '2025-05-15' };

describe('compareWithBaseline: one matched pair (before -> after) in, change out', () => {
  // undefined = not reported on that side; null = no change listed.
  it.each<[Status | undefined, Status | undefined, string | null]>([
    [undefined, 'FAIL', 'new'],
    ['PASS', 'FAIL', 'new'],
    ['NEEDS_EVIDENCE', 'FAIL', 'new'],
    ['NOT_APPLICABLE', 'FAIL', 'new'],
    ['FAIL', 'FAIL', 'still-failing'],
    ['EXCEPTED', 'FAIL', 'exception-ended'],
    ['FAIL', 'EXCEPTED', 'exception-added'],
    ['PASS', 'EXCEPTED', 'exception-added'],
    [undefined, 'EXCEPTED', 'exception-added'],
    ['EXCEPTED', 'EXCEPTED', null],
    ['FAIL', 'PASS', 'resolved'],
    ['FAIL', 'NOT_APPLICABLE', 'resolved'],
    ['EXCEPTED', 'PASS', 'resolved'],
    ['FAIL', undefined, 'resolved'],
    ['EXCEPTED', undefined, 'resolved'],
    // Undecided is not resolved.
    ['FAIL', 'NEEDS_EVIDENCE', 'status-changed'],
    ['PASS', 'NEEDS_EVIDENCE', 'status-changed'],
    ['NEEDS_EVIDENCE', 'PASS', 'status-changed'],
    // Nothing to act on.
    ['PASS', 'NOT_APPLICABLE', null],
    ['NOT_APPLICABLE', 'PASS', null],
    ['PASS', 'PASS', null],
    ['PASS', undefined, null],
    [undefined, 'PASS', null],
    [undefined, 'NEEDS_EVIDENCE', null],
  ])('%s -> %s: %s', (b, a, change) => {
    const prev = b ? [before('R', 'alice', b, b === 'EXCEPTED' ? { exception: EXC } : {})] : [];
    const now = a ? [finding('R', 'alice', a, a === 'EXCEPTED' ? { exception: EXC, underlyingStatus: 'FAIL' } : {})] : [];
    const c = compareWithBaseline(baseline(prev), { findings: now, accounts: [view(A)], now: NOW });
    expect(c.items.map((i) => i.change)).toEqual(change ? [change] : []);
    if (change) expect([c.items[0]?.before, c.items[0]?.after]).toEqual([b, a]);
  });
});

describe('compareWithBaseline: details', () => {
  it('still failing: since the baseline as-of, in whole days to this as-of; a chained failingSince is carried on', () => {
    const now = [finding('R', 'alice', 'FAIL'), finding('R', 'bob', 'FAIL')];
    const prev = baseline([before('R', 'alice', 'FAIL'), before('R', 'bob', 'FAIL')], { failingSince: [{ finding: before('R', 'bob', 'FAIL'), since: '2025-01-10T00:00:00.000Z' }] });
    const c = compareWithBaseline(prev, { findings: now, accounts: [view(A)], now: NOW });
    expect(c.items.map((i) => [i.resource, i.change, i.failingSince, i.failingDays])).toEqual([
      ['alice', 'still-failing', '2025-05-01T12:00:00.000Z', 31],
      ['bob', 'still-failing', '2025-01-10T00:00:00.000Z', 142],
    ]);
    expect(c.items[0]?.text).toBe('Still failing: R for alice in 111122223333, failing since at least 2025-05-01T12:00:00.000Z (31 days).');
  });

  it('a new failure fails since this as-of (0 days)', () => {
    const c = compareWithBaseline(baseline([]), { findings: [finding('R', 'alice', 'FAIL', { window: 30 })], accounts: [view(A)], now: NOW });
    expect(c.items).toEqual([
      {
        change: 'new',
        ruleId: 'R',
        window: 30,
        accountId: A,
        resource: 'alice',
        severity: 'high',
        title: 'R title',
        after: 'FAIL',
        failingSince: '2025-06-01T12:00:00.000Z',
        failingDays: 0,
        text: 'New failure: R (30 days) for alice in 111122223333 (not reported before).',
      },
    ]);
  });

  it('an ended exception says whether it expired (by the evaluation clock) or was withdrawn', () => {
    const live: ExceptionEntry = { ...EXC, resource: 'bob', expires: '2099-01-01' };
    const prev = baseline([before('R', 'alice', 'EXCEPTED', { exception: EXC }), before('R', 'bob', 'EXCEPTED', { exception: live })]);
    const c = compareWithBaseline(prev, { findings: [finding('R', 'alice', 'FAIL'), finding('R', 'bob', 'FAIL')], accounts: [view(A)], now: NOW });
    expect(c.items.map((i) => [i.resource, i.change, i.ended, i.exception?.expires])).toEqual([
      ['alice', 'exception-ended', 'expired', '2025-05-15'],
      ['bob', 'exception-ended', 'removed', '2099-01-01'],
    ]);
    expect(c.items[0]?.text).toBe('Failing again: R for alice in 111122223333; its exception (owner sec, expires 2025-05-15) has expired.');
  });

  it('only accounts both audits cover are compared; a new account\'s failures are new', () => {
    const prev = baseline([before('R', 'alice', 'FAIL'), before('R', 'x', 'FAIL', { accountId: B })], { accounts: [{ accountId: A, asOf: '2025-05-01T12:00:00.000Z' }, { accountId: B, asOf: '2025-05-01T12:00:00.000Z' }] });
    const c = compareWithBaseline(prev, { findings: [finding('R', 'alice', 'FAIL'), finding('R', 'y', 'FAIL', { accountId: '777788889999' })], accounts: [view(A), view('777788889999')], now: NOW });
    expect([c.accountsCompared, c.accountsNew, c.accountsOnlyInBaseline]).toEqual([[A], ['777788889999'], [B]]);
    expect(c.items.map((i) => [i.accountId, i.resource, i.change])).toEqual([
      ['777788889999', 'y', 'new'],
      [A, 'alice', 'still-failing'],
    ]);
  });

  it('the report-age rule is matched without its resource (the report file name changes between audits)', () => {
    const prev = baseline([before('REPORT-AGE', 'old/report.json', 'FAIL')]);
    const c = compareWithBaseline(prev, { findings: [finding('REPORT-AGE', 'new/report.json', 'FAIL')], accounts: [view(A)], now: NOW, reportScoped: new Set(['REPORT-AGE']) });
    expect(c.items.map((i) => [i.change, i.resource])).toEqual([['still-failing', 'new/report.json']]);
  });

  it('duplicate keys pair in order (the second of two equal rows with the second)', () => {
    const prev = baseline([before('R', 'dup', 'FAIL'), before('R', 'dup', 'PASS')]);
    const c = compareWithBaseline(prev, { findings: [finding('R', 'dup', 'FAIL'), finding('R', 'dup', 'FAIL')], accounts: [view(A)], now: NOW });
    expect(c.items.map((i) => [i.change, i.before])).toEqual([
      ['new', 'PASS'],
      ['still-failing', 'FAIL'],
    ]);
  });

  it('orders by change kind, then severity, and counts every kind', () => {
    const prev = baseline([before('R1', 'a', 'FAIL'), before('R2', 'b', 'FAIL')]);
    const now = [finding('R2', 'b', 'PASS'), finding('R1', 'a', 'FAIL'), finding('R3', 'c', 'FAIL', { severity: 'low' }), finding('R4', 'd', 'FAIL', { severity: 'critical' })];
    const c = compareWithBaseline(prev, { findings: now, accounts: [view(A)], now: NOW });
    expect(c.items.map((i) => `${i.change}:${i.ruleId}`)).toEqual(['new:R4', 'new:R3', 'still-failing:R1', 'resolved:R2']);
    expect(c.counts).toEqual({ new: 2, 'exception-ended': 0, 'still-failing': 1, 'status-changed': 0, 'exception-added': 0, resolved: 1 });
    expect(Object.keys(c.counts)).toEqual([...CHANGE_KINDS]);
  });
});

describe('readBaseline and chooseBaseline', () => {
  const doc = {
    tool: { name: 'credaudit', version: '0.1.0', build: 'x' },
    asOf: { time: '2025-05-01T12:00:00.000Z', source: 'report' },
    evaluatedAt: '2025-05-01T13:00:00.000Z',
    accounts: [{ accountId: A, asOf: { time: '2025-04-30T00:00:00.000Z', source: 'report' } }],
    findings: [
      { ruleId: 'R', status: 'FAIL', severity: 'high', accountId: A, resource: 'alice', title: 'T', window: 30 },
      { ruleId: 'R', status: 'MAYBE', severity: 'high', accountId: A, resource: 'bob' },
      { ruleId: 'R', status: 'PASS', severity: 'high', resource: 'no-account-field' },
      'garbage',
    ],
    changes: { items: [{ change: 'still-failing', ruleId: 'R', window: 30, accountId: A, resource: 'alice', severity: 'high', failingSince: '2025-01-01T00:00:00.000Z' }] },
    manifestSha256: 'abc',
  };

  it('keeps what it needs, counts what it cannot read, and carries failingSince', () => {
    expect(isEvidenceJson(doc)).toBe(true);
    expect(isEvidenceJson({ ...doc, tool: { name: 'prowler' } })).toBe(false);
    expect(isEvidenceJson({ Content: 'x' })).toBe(false);
    const { baseline: b, skipped } = readBaseline(doc, 'prev.json');
    expect(skipped).toBe(3);
    expect(b.findings).toEqual([{ ruleId: 'R', status: 'FAIL', severity: 'high', accountId: A, resource: 'alice', title: 'T', window: 30 }]);
    expect(b.accounts).toEqual([{ accountId: A, asOf: '2025-04-30T00:00:00.000Z' }]);
    expect(b.failingSince.map((x) => [x.finding.resource, x.since])).toEqual([['alice', '2025-01-01T00:00:00.000Z']]);
    expect([b.asOf, b.manifestSha256, b.tool.version]).toEqual(['2025-05-01T12:00:00.000Z', 'abc', '0.1.0']);
  });

  it('several previous audits: the latest as-of is the baseline, the others are named; a later one is flagged', () => {
    const problems: Problem[] = [];
    const older = baseline([], { input: 'april.json', asOf: '2025-04-01T00:00:00.000Z' });
    const newer = baseline([], { input: 'may.json', asOf: '2025-05-01T00:00:00.000Z' });
    expect(chooseBaseline([older, newer], Date.parse('2025-06-01T00:00:00Z'), problems)?.input).toBe('may.json');
    expect(problems).toEqual([{ input: 'april.json', severity: 'warning', message: 'Another previous audit (may.json, as of 2025-05-01T00:00:00.000Z) is more recent; changes are shown against that one, not this one.' }]);
    const p2: Problem[] = [];
    chooseBaseline([newer], Date.parse('2025-04-15T00:00:00Z'), p2);
    expect(p2.map((p) => p.message)).toEqual(["This previous audit's as-of (2025-05-01T00:00:00.000Z) is later than this audit's (2025-04-15T00:00:00.000Z); the changes compare a later audit with an earlier one."]);
    expect(chooseBaseline([], 0, [])).toBeUndefined();
  });
});
