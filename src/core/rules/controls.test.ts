import { describe, expect, it } from 'vitest';
import {
  CIS_CENTRALIZED_ROOT_ACCESS,
  CIS_KEY_ROTATION,
  CIS_NO_ROOT_ACCESS_KEY,
  CIS_NO_SETUP_KEY,
  CIS_ONE_ACTIVE_KEY,
  CIS_ROOT_HARDWARE_MFA,
  CIS_ROOT_MFA,
  CIS_ROOT_USAGE_ALARM,
  CIS_ROOT_USE,
  CIS_UNUSED_CREDENTIALS,
  CIS_USER_CONSOLE_MFA,
  hipaa,
  iso27001,
  nist80053,
  securityHub,
  securityHubName,
  soc2,
  suggested,
} from './controls';
import { RULES } from './registry';

// Editions in RULES.md's order; v1.3 stands alone only where its number or limit differs from v1.4–4.0.
const EDITIONS = ['1.2', '1.3', '1.3–4.0', '1.4–4.0', '5.0', '6.0', '7.0'];
const numbers = (refs: readonly { version: string; control: string }[]) => Object.fromEntries(refs.map((c) => [c.version, c.control]));

describe('CIS mappings (RULES.md "Compliance mapping")', () => {
  it.each([
    { name: 'root use', refs: CIS_ROOT_USE, expected: { '1.2': '1.1', '1.3–4.0': '1.7', '5.0': '1.6', '6.0': '2.6', '7.0': '2.7' } },
    { name: 'no root access key', refs: CIS_NO_ROOT_ACCESS_KEY, expected: { '1.2': '1.12', '1.3–4.0': '1.4', '5.0': '1.3', '6.0': '2.3', '7.0': '2.4' } },
    { name: 'root MFA', refs: CIS_ROOT_MFA, expected: { '1.2': '1.13', '1.3–4.0': '1.5', '5.0': '1.4', '6.0': '2.4', '7.0': '2.5' } },
    { name: 'root hardware MFA', refs: CIS_ROOT_HARDWARE_MFA, expected: { '1.2': '1.14', '1.3–4.0': '1.6', '5.0': '1.5', '6.0': '2.5', '7.0': '2.6' } },
    { name: 'root usage alarm', refs: CIS_ROOT_USAGE_ALARM, expected: { '1.2': '3.3', '1.3–4.0': '4.3', '5.0': '4.3', '6.0': '5.3', '7.0': '5.3' } },
    { name: 'centralized root access', refs: CIS_CENTRALIZED_ROOT_ACCESS, expected: { '7.0': '2.1.1' } },
    { name: 'user console MFA', refs: CIS_USER_CONSOLE_MFA, expected: { '1.2': '1.2', '1.3–4.0': '1.10', '5.0': '1.9', '6.0': '2.9', '7.0': '2.10' } },
    // v1.2 and v1.3 said 90 days, v1.4 onward 45: v1.3 is not grouped with the 45-day editions.
    { name: 'unused credentials', refs: CIS_UNUSED_CREDENTIALS, expected: { '1.2': '1.3', '1.3': '1.12', '1.4–4.0': '1.12', '5.0': '1.11', '6.0': '2.11', '7.0': '2.11' } },
    { name: 'key rotation', refs: CIS_KEY_ROTATION, expected: { '1.2': '1.4', '1.3–4.0': '1.14', '5.0': '1.13', '6.0': '2.13', '7.0': '2.12' } },
    { name: 'one active key', refs: CIS_ONE_ACTIVE_KEY, expected: { '1.3–4.0': '1.13', '5.0': '1.12', '6.0': '2.12' } },
    { name: 'no setup key', refs: CIS_NO_SETUP_KEY, expected: { '1.2': '1.21', '1.3–4.0': '1.11', '5.0': '1.10', '6.0': '2.10' } },
  ])('$name: numbers per edition, editions in order', ({ refs, expected }) => {
    expect(numbers(refs)).toEqual(expected);
    expect(refs.map((c) => c.version)).toEqual(EDITIONS.filter((v) => v in expected));
    for (const c of refs) expect(c).toEqual({ framework: 'CIS AWS Foundations', version: c.version, control: c.control });
  });

  it('the CIS root-use mapping is shared by the rules that cite it, never rewritten', () => {
    const citing = RULES.filter((r) => r.controls.some((c) => c.framework === 'CIS AWS Foundations' && c.version === '7.0' && c.control === '2.7')).map((r) => r.id);
    expect(citing).toEqual(['ROOT-RECENT-USE', 'CT-ROOT-ACTIVITY', 'CT-ROOT-SIGN-IN', 'CT-ROOT-LONG-TERM-KEY-USED']);
  });
});

describe('suggested mappings', () => {
  it('suggested() marks copies and leaves the named constant alone', () => {
    const marked = suggested(CIS_ROOT_USE);
    expect(marked.every((c) => c.suggested === true)).toBe(true);
    expect(CIS_ROOT_USE.some((c) => 'suggested' in c)).toBe(false);
  });

  it('ISO/IEC 27001, SOC 2, HIPAA and NIST SP 800-53 (no official crosswalk) are always suggested', () => {
    for (const c of [iso27001('A.5.17'), soc2('CC6.1'), hipaa('164.312(d)'), nist80053('AC-6(5)')]) expect(c.suggested).toBe(true);
  });

  it('no rule maps NIST SP 800-53 as direct', () => {
    const direct = RULES.flatMap((r) => r.controls.filter((c) => c.framework === 'NIST SP 800-53' && !c.suggested).map((c) => `${r.id} ${c.control}`));
    expect(direct).toEqual([]);
  });

  it('CIS v7.0 2.1.1 is direct only for the organization check; ROOT-CREDENTIALS-REMOVED has it as suggested', () => {
    const cites = RULES.flatMap((r) => r.controls.filter((c) => c.framework === 'CIS AWS Foundations' && c.control === '2.1.1').map((c) => ({ rule: r.id, suggested: c.suggested === true })));
    expect(cites).toEqual([
      { rule: 'ROOT-CREDENTIALS-REMOVED', suggested: true },
      { rule: 'ORG-ROOT-ACCESS-CENTRALIZED', suggested: false },
    ]);
  });
});

describe('Security Hub is named one way', () => {
  it('every Security Hub mapping is a "CSPM control", and texts say "AWS Security Hub CSPM control X"', () => {
    expect(securityHub('IAM.4')).toEqual({ framework: 'AWS Security Hub', version: 'CSPM control', control: 'IAM.4' });
    expect(securityHubName('IAM.4')).toBe('AWS Security Hub CSPM control IAM.4');
    for (const r of RULES) {
      for (const c of r.controls.filter((x) => x.framework === 'AWS Security Hub')) expect(c.version, `${r.id} ${c.control}`).toBe('CSPM control');
      const text = [r.rationale, ...r.remediation.console, ...r.remediation.cli, ...r.remediation.prevention, ...r.remediation.verify].join('\n');
      expect(text, r.id).not.toMatch(/FSBP|Foundational Security Best Practices/);
      // Every mention of a Security Hub control number uses the one name.
      for (const m of text.matchAll(/Security Hub(?: CSPM)? controls? ([A-Za-z]+\.\d+)/g)) expect(m[0], r.id).toBe(`Security Hub CSPM control ${m[1]}`);
    }
  });
});
