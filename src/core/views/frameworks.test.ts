import { describe, expect, it } from 'vitest';
import type { ControlRef, Finding, Status } from '../types';
import { compareControls, controlTokens, editionKeysOf, editionsOf, frameworkViews } from './frameworks';

const cis = (version: string, control: string, suggested = false): ControlRef => ({ framework: 'CIS AWS Foundations', version, control, ...(suggested ? { suggested } : {}) });
const hub = (control: string): ControlRef => ({ framework: 'AWS Security Hub', version: 'CSPM control', control });

function finding(ruleId: string, status: Status, controls: ControlRef[], resource = '<root_account>'): Finding {
  return { ruleId, status, severity: 'high', accountId: '123456789012', resource, title: ruleId, message: '', evidence: [], controls, remediationId: ruleId };
}

describe('editions', () => {
  it.each([
    [cis('1.3–4.0', '1.4'), ['1.3', '1.4', '1.5', '2.0', '3.0', '4.0']],
    [cis('1.4–4.0', '1.12'), ['1.4', '1.5', '2.0', '3.0', '4.0']],
    [cis('7.0', '2.4'), ['7.0']],
    [hub('IAM.4'), ['CSPM control']],
  ])('%j covers %j', (c, editions) => expect(editionsOf(c)).toEqual(editions));

  it('edition keys and exact control tokens', () => {
    const controls = [cis('7.0', '2.4'), hub('IAM.4'), { framework: 'AWS Config', version: 'managed rule', control: 'iam-root-access-key-check' }];
    expect(editionKeysOf(controls)).toEqual(['CIS AWS Foundations|7.0', 'AWS Security Hub|CSPM control', 'AWS Config|managed rule']);
    expect(controlTokens(controls)).toEqual(['2.4', 'iam.4', 'iam-root-access-key-check']);
  });

  it('control ids sort part by part', () => {
    expect(['2.10', '2.4', '1.14', '2.1.1', 'IAM.9', 'IAM.22', 'IAM.3'].sort(compareControls)).toEqual(['1.14', '2.1.1', '2.4', '2.10', 'IAM.3', 'IAM.9', 'IAM.22']);
  });
});

describe('frameworkViews: requirement by requirement, with a pass percentage', () => {
  // Known counts: CIS v7.0 has 5 requirements — 2.4 PASS, 2.5 FAIL, 2.6 NEEDS_EVIDENCE, 2.7 NOT_APPLICABLE,
  // 2.10 FAIL (one user passes, one fails) — so 1 of the 4 that apply passes: 25 %.
  const findings = [
    finding('R-KEY', 'PASS', [cis('7.0', '2.4'), cis('1.2', '1.12'), hub('IAM.4')]),
    finding('R-MFA', 'FAIL', [cis('7.0', '2.5'), hub('IAM.9')]),
    finding('R-HW', 'NEEDS_EVIDENCE', [cis('7.0', '2.6')]),
    finding('R-USE', 'NOT_APPLICABLE', [cis('7.0', '2.7', true)]),
    finding('R-USER', 'PASS', [cis('7.0', '2.10'), hub('IAM.5')], 'alice'),
    finding('R-USER', 'FAIL', [cis('7.0', '2.10'), hub('IAM.5')], 'bob'),
  ];
  const views = frameworkViews(findings);

  it('lists CIS editions first, in release order, then Security Hub', () => {
    expect(views.map((v) => v.key)).toEqual(['CIS AWS Foundations|1.2', 'CIS AWS Foundations|7.0', 'AWS Security Hub|CSPM control']);
  });

  it('CIS v7.0: statuses per requirement and 25 %', () => {
    const v = views.find((x) => x.key === 'CIS AWS Foundations|7.0')!;
    expect(v.label).toBe('CIS AWS Foundations v7.0');
    expect(v.requirements.map((r) => [r.control, r.status, r.ruleIds.join(','), r.suggested])).toEqual([
      ['2.4', 'PASS', 'R-KEY', false],
      ['2.5', 'FAIL', 'R-MFA', false],
      ['2.6', 'NEEDS_EVIDENCE', 'R-HW', false],
      ['2.7', 'NOT_APPLICABLE', 'R-USE', true],
      ['2.10', 'FAIL', 'R-USER', false],
    ]);
    expect(v.requirements.find((r) => r.control === '2.10')!.counts).toMatchObject({ PASS: 1, FAIL: 1 });
    expect([v.decided, v.passing, v.passPercent]).toEqual([4, 1, 25]);
  });

  it('Security Hub: 1 of 3 passes (33 %, rounded down); CIS v1.2: 1 of 1 (100 %)', () => {
    const hubView = views.find((x) => x.framework === 'AWS Security Hub')!;
    expect(hubView.requirements.map((r) => [r.control, r.status])).toEqual([
      ['IAM.4', 'PASS'],
      ['IAM.5', 'FAIL'],
      ['IAM.9', 'FAIL'],
    ]);
    expect(hubView.passPercent).toBe(33);
    expect(views[0]!.passPercent).toBe(100);
  });

  it('a direct mapping decides; a suggested one is listed but decides only where nothing maps directly', () => {
    const [v] = frameworkViews([
      finding('ROOT-KEY', 'PASS', [cis('7.0', '2.4')]),
      finding('CT-KEY-CREATED', 'NEEDS_EVIDENCE', [cis('7.0', '2.4', true)]),
      finding('CT-SIGN-IN', 'FAIL', [cis('7.0', '2.7', true)]),
    ]);
    expect(v!.requirements.map((r) => [r.control, r.status, r.ruleIds, r.relatedRuleIds, r.suggested])).toEqual([
      ['2.4', 'PASS', ['ROOT-KEY'], ['CT-KEY-CREATED'], false],
      ['2.7', 'FAIL', ['CT-SIGN-IN'], [], true],
    ]);
    expect(v!.passPercent).toBe(50);
  });

  it('an edition where nothing applies has no percentage', () => {
    const [v] = frameworkViews([finding('R', 'NOT_APPLICABLE', [cis('5.0', '1.3')])]);
    expect([v!.decided, v!.passPercent]).toEqual([0, null]);
  });
});
