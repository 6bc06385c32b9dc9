// Exceptions (risk acceptances): parsing JSON and YAML, malformed entries reported and dropped,
// expiry at the end of the UTC day, and FAIL -> EXCEPTED matching.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyExceptions, expiryMs, isExpired, parseExceptions } from './exceptions';
import type { ExceptionEntry, Finding } from './types';

const FIX = fileURLToPath(new URL('../../test/fixtures/reports/exceptions/', import.meta.url));
const NOW = Date.parse('2025-06-01T12:00:00Z');

const entry = (over: Partial<ExceptionEntry> = {}): ExceptionEntry => ({
  ruleId: 'ROOT-ACCESS-KEY-ACTIVE',
  accountId: '111122223333',
  owner: 'ops-lead@example.com',
  justification: 'backup job',
  expires: '2025-12-31',
  ...over,
});

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'ROOT-ACCESS-KEY-ACTIVE',
  status: 'FAIL',
  severity: 'critical',
  accountId: '111122223333',
  resource: '<root_account>',
  title: 't',
  message: 'm',
  evidence: [],
  controls: [],
  remediationId: 'ROOT-ACCESS-KEY-ACTIVE',
  ...over,
});

const KNOWN = new Set(['ROOT-ACCESS-KEY-ACTIVE', 'ROOT-RECENT-USE', 'ROOT-MFA-ENABLED', 'USER-CONSOLE-WITHOUT-MFA']);

describe('parseExceptions', () => {
  it('the JSON fixture: one live, one (well-formed) expired, one without accountId', () => {
    const r = parseExceptions(readFileSync(`${FIX}exceptions.json`, 'utf8'), 'exceptions.json');
    expect(r.entries.map((e) => [e.ruleId, e.accountId, e.expires, e.ticket ?? null])).toEqual([
      ['ROOT-ACCESS-KEY-ACTIVE', '111122223333', '2025-12-31', 'SEC-101'],
      ['ROOT-RECENT-USE', '111122223333', '2025-01-31', null],
    ]);
    expect(r.problems).toEqual([{ input: 'exceptions.json', record: 3, severity: 'error', message: 'Exception #3 lacks accountId; ignored.' }]);
  });

  it('the YAML fixture: same entries, a bad expiry reported', () => {
    const r = parseExceptions(readFileSync(`${FIX}exceptions.yaml`, 'utf8'), 'exceptions.yaml');
    expect(r.entries).toEqual([
      entry({ resource: '<root_account>', justification: 'legacy backup job, key removal scheduled', ticket: 'SEC-101' }),
      entry({ ruleId: 'ROOT-RECENT-USE', justification: 'expired acceptance', expires: '2025-01-31' }),
    ]);
    expect(r.problems).toEqual([{ input: 'exceptions.yaml', record: 3, severity: 'error', message: 'Exception #3: expires "next year" is not a date (YYYY-MM-DD); ignored.' }]);
  });

  it('a top-level list is accepted; a BOM is ignored', () => {
    const r = parseExceptions(`\uFEFF${JSON.stringify([entry()])}`, 'x.json');
    expect(r).toEqual({ entries: [entry()], problems: [] });
  });

  it('an unquoted YAML account id (a number) is read as 12 digits, leading zero restored', () => {
    const r = parseExceptions('exceptions:\n  - {ruleId: ROOT-MFA-ENABLED, accountId: 012345678901, owner: a, justification: b, expires: 2026-01-01}\n', 'x.yaml');
    expect(r.entries.map((e) => e.accountId)).toEqual(['012345678901']);
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'just text', 'Exception #1 is not an object; ignored.'],
    ['null', null, 'Exception #1 is not an object; ignored.'],
    ['missing owner and expires', { ruleId: 'ROOT-MFA-ENABLED', accountId: '111122223333', justification: 'x' }, 'Exception #1 lacks owner, expires; ignored.'],
    ['empty owner', entry({ owner: '' }), 'Exception #1 lacks owner; ignored.'],
    ['blank justification', entry({ justification: '   ' }), 'Exception #1 lacks justification; ignored.'],
    ['short account id', entry({ accountId: '1234' }), 'Exception #1: accountId "1234" is not 12 digits; ignored.'],
    ['account id with letters', entry({ accountId: '11112222333x' }), 'Exception #1: accountId "11112222333x" is not 12 digits; ignored.'],
    ['bad expiry', entry({ expires: '31/12/2025' }), 'Exception #1: expires "31/12/2025" is not a date (YYYY-MM-DD); ignored.'],
  ])('malformed: %s', (_label, raw, message) => {
    const r = parseExceptions(JSON.stringify({ exceptions: [raw, entry({ ruleId: 'ROOT-RECENT-USE' })] }), 'x.json');
    expect(r.problems).toEqual([{ input: 'x.json', record: 1, severity: 'error', message }]);
    expect(r.entries.map((e) => e.ruleId)).toEqual(['ROOT-RECENT-USE']);
  });

  it('neither JSON nor YAML, or no list: one error, no entries, no throw', () => {
    const bad = parseExceptions('{"exceptions": [', 'broken.json');
    expect(bad.entries).toEqual([]);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatchObject({ input: 'broken.json', severity: 'error' });
    expect(bad.problems[0]?.message).toMatch(/^Exceptions file is neither valid JSON nor YAML: /);
    expect(parseExceptions('owner: me\n', 'x.yaml')).toEqual({
      entries: [],
      problems: [{ input: 'x.yaml', severity: 'error', message: 'Exceptions file must hold {"exceptions": [ ... ]}.' }],
    });
    expect(parseExceptions('', 'empty.yaml').problems.map((p) => p.message)).toEqual(['Exceptions file must hold {"exceptions": [ ... ]}.']);
  });

  it('YAML alias bombs are refused', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    lines.push('exceptions: [*i]');
    const r = parseExceptions(lines.join('\n'), 'bomb.yaml');
    expect(r.entries).toEqual([]);
    expect(r.problems[0]?.severity).toBe('error');
  });
});

describe('expiry', () => {
  it('a bare date is valid through the end of that UTC day', () => {
    expect(expiryMs('2025-06-01')).toBe(Date.parse('2025-06-02T00:00:00Z') - 1);
    expect(expiryMs('2025-06-01T08:00:00Z')).toBe(Date.parse('2025-06-01T08:00:00Z'));
    expect(expiryMs('soon')).toBeUndefined();
    expect(isExpired(entry({ expires: '2025-06-01' }), NOW)).toBe(false);
    expect(isExpired(entry({ expires: '2025-05-31' }), NOW)).toBe(true);
    expect(isExpired(entry({ expires: '2025-06-01T11:59:59Z' }), NOW)).toBe(true);
    expect(isExpired(entry({ expires: 'garbage' }), NOW)).toBe(true);
  });
});

describe('applyExceptions', () => {
  it('a live exception turns a matching FAIL into EXCEPTED and keeps the entry and the underlying status', () => {
    const f = finding();
    const problems = applyExceptions([f], [entry({ ticket: 'SEC-1' })], NOW, KNOWN);
    expect(problems).toEqual([]);
    expect([f.status, f.underlyingStatus, f.exception]).toEqual(['EXCEPTED', 'FAIL', entry({ ticket: 'SEC-1' })]);
  });

  it('only FAIL findings are excepted; other accounts, rules and resources are not touched', () => {
    const pass = finding({ status: 'PASS' });
    const ne = finding({ status: 'NEEDS_EVIDENCE' });
    const otherAcct = finding({ accountId: '999999999999' });
    const unknownAcct = finding({ accountId: null });
    const otherRule = finding({ ruleId: 'ROOT-MFA-ENABLED' });
    const userA = finding({ ruleId: 'USER-CONSOLE-WITHOUT-MFA', resource: 'alice' });
    const userB = finding({ ruleId: 'USER-CONSOLE-WITHOUT-MFA', resource: 'bob' });
    const all = [pass, ne, otherAcct, unknownAcct, otherRule, userA, userB];
    applyExceptions(all, [entry(), entry({ ruleId: 'USER-CONSOLE-WITHOUT-MFA', resource: 'alice' })], NOW, KNOWN);
    expect(all.map((f) => f.status)).toEqual(['PASS', 'NEEDS_EVIDENCE', 'FAIL', 'FAIL', 'FAIL', 'EXCEPTED', 'FAIL']);
    expect(all.filter((f) => f.status !== 'EXCEPTED').every((f) => f.exception === undefined && f.underlyingStatus === undefined)).toBe(true);
  });

  it('an exception without resource covers every window of a per-window rule', () => {
    const w30 = finding({ ruleId: 'ROOT-RECENT-USE', window: 30 });
    const w90 = finding({ ruleId: 'ROOT-RECENT-USE', window: 90 });
    applyExceptions([w30, w90], [entry({ ruleId: 'ROOT-RECENT-USE' })], NOW, KNOWN);
    expect([w30.status, w90.status]).toEqual(['EXCEPTED', 'EXCEPTED']);
  });

  it('an expired exception is reported and ignored', () => {
    const f = finding();
    const problems = applyExceptions([f], [entry({ expires: '2025-05-31', resource: '<root_account>' })], NOW, KNOWN);
    expect(f.status).toBe('FAIL');
    expect(problems).toEqual([
      {
        input: 'exceptions',
        severity: 'warning',
        message: 'Exception for ROOT-ACCESS-KEY-ACTIVE in 111122223333 (<root_account>) owned by ops-lead@example.com expired on 2025-05-31; ignored.',
      },
    ]);
  });

  it('an exception for an unknown rule is reported and matches nothing', () => {
    const f = finding({ ruleId: 'ROOT-NOPE' });
    const problems = applyExceptions([f], [entry({ ruleId: 'ROOT-NOPE' })], NOW, KNOWN);
    expect(f.status).toBe('FAIL');
    expect(problems).toEqual([{ input: 'exceptions', severity: 'warning', message: 'Exception for unknown rule ROOT-NOPE (account 111122223333) matches nothing.' }]);
  });
});
