// Exceptions (risk acceptances): expiry at the end of the UTC day, and FAIL -> EXCEPTED matching.
// (Reading the file: exceptions-file.test.ts.)
import { describe, expect, it } from 'vitest';
import { applyExceptions, expiryMs, isExpired } from './exceptions';
import type { Finding } from './types';
import { exceptionEntry as entry } from '../../test/helpers/exceptions';

const NOW = Date.parse('2025-06-01T12:00:00Z');

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
