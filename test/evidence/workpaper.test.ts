import { describe, expect, it } from 'vitest';
import { manifestSha256 } from '../../src/core/evidence/evidence-json';
import { controlVerdicts, exceptionStatuses, remediationPlan, workpaperData } from '../../src/core/evidence/workpaper';
import { ACCOUNT } from '../helpers/report';
import { EXCEPTION, fixtureResult, NOW } from './fixture';

describe('controlVerdicts', () => {
  it('one verdict per rule and account: the worst status, with counts and failing resources', async () => {
    const r = await fixtureResult();
    const v = controlVerdicts(r);
    expect(v).toHaveLength(new Set(r.findings.map((f) => f.ruleId)).size);
    const mfa = v.find((x) => x.ruleId === 'USER-CONSOLE-WITHOUT-MFA')!;
    expect(mfa).toMatchObject({ accountId: ACCOUNT, status: 'FAIL', total: 5, failing: ['=1+2', '-3', 'alice'] });
    expect(mfa.counts).toMatchObject({ FAIL: 2, EXCEPTED: 1, PASS: 2 });
    const recent = v.find((x) => x.ruleId === 'ROOT-RECENT-USE')!;
    expect(recent).toMatchObject({ status: 'FAIL', total: 2, failingWindows: [30, 90], failing: ['<root_account>'] });
    expect(v.find((x) => x.ruleId === 'USER-KEY-NOT-ROTATED')!.status).toBe('NOT_APPLICABLE');
    expect(v[0]!.ruleId).toBe('ROOT-ACCESS-KEY-ACTIVE');
  });

  it('an excepted-only rule reads EXCEPTED', async () => {
    const r = await fixtureResult();
    r.findings = r.findings.filter((f) => !(f.ruleId === 'USER-CONSOLE-WITHOUT-MFA' && f.status === 'FAIL'));
    expect(controlVerdicts(r).find((x) => x.ruleId === 'USER-CONSOLE-WITHOUT-MFA')!.status).toBe('EXCEPTED');
  });
});

describe('exceptionStatuses', () => {
  it.each([
    { name: 'applied', entry: EXCEPTION, state: 'applied', matched: 1 },
    { name: 'expired', entry: { ...EXCEPTION, expires: '2025-06-01' }, state: 'expired', matched: 0 },
    { name: 'expires end of the given day (UTC)', entry: { ...EXCEPTION, expires: '2025-06-02' }, state: 'unmatched', matched: 0 },
    { name: 'unmatched', entry: { ...EXCEPTION, resource: 'bob' }, state: 'unmatched', matched: 0 },
    { name: 'unknown rule', entry: { ...EXCEPTION, ruleId: 'NOPE' }, state: 'unknown-rule', matched: 0 },
  ] as const)('$name', async ({ entry, state, matched }) => {
    const r = await fixtureResult();
    r.exceptions = [entry];
    const [s] = exceptionStatuses(r, Date.parse(NOW));
    expect(s).toMatchObject({ state, matched });
  });

  it('days left', async () => {
    const r = await fixtureResult();
    r.exceptions = [{ ...EXCEPTION, expires: '2025-06-11' }];
    expect(exceptionStatuses(r, Date.parse(NOW))[0]!.daysLeft).toBe(9);
  });
});

describe('remediationPlan', () => {
  it('failing rules only, most severe first, with steps', async () => {
    const items = remediationPlan(await fixtureResult());
    expect(items.map((i) => i.ruleId)).toEqual(['ROOT-ACCESS-KEY-ACTIVE', 'ROOT-RECENT-USE', 'USER-CONSOLE-WITHOUT-MFA']);
    expect(items[0]!.remediation.console.length).toBeGreaterThan(0);
    expect(items[0]!.accounts).toEqual([ACCOUNT]);
  });

  it('commands name the account when every failing finding is in one; the user only when all share it', async () => {
    const items = remediationPlan(await fixtureResult());
    const keyActive = items.find((i) => i.ruleId === 'ROOT-ACCESS-KEY-ACTIVE')!;
    expect(keyActive.remediation.cli.some((l) => l.includes(`--target-principal ${ACCOUNT} `))).toBe(true);
    expect(keyActive.remediation.cli.join('\n')).not.toContain('ACCOUNT_ID');
    // Two users fail USER-CONSOLE-WITHOUT-MFA: their commands keep USER_NAME.
    expect(items.find((i) => i.ruleId === 'USER-CONSOLE-WITHOUT-MFA')!.remediation.cli).toContain('aws iam delete-login-profile --user-name USER_NAME');
  });
});

describe('workpaperData', () => {
  it('the parts the page shows, judged at the result\'s clock, with the manifest and the command that recomputes it', async () => {
    const r = await fixtureResult();
    const w = await workpaperData(r);
    expect(w.verdicts).toEqual(controlVerdicts(r));
    expect(w.exceptions).toEqual(exceptionStatuses(r, Date.parse(NOW)));
    expect(w.remediation).toEqual(remediationPlan(r));
    expect(w.manifestSha256).toBe(await manifestSha256(r));
    expect(w.manifestCommand).toMatch(/^node -e '.*' 'credaudit_123456789012_asof-2025-06-02T000000Z\.evidence\.json' \| sha256sum$/);
    expect(() => structuredClone(w)).not.toThrow();
  });
});
