import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/registry';
import { checkName, NAMED_CHECKS } from './checks';

describe('check names (expected state)', () => {
  it('every registered rule has one, and none names a rule that does not exist', () => {
    expect(RULES.map((r) => r.id).filter((id) => !NAMED_CHECKS.includes(id))).toEqual([]);
    expect(NAMED_CHECKS.filter((id) => !RULES.some((r) => r.id === id))).toEqual([]);
  });
  it('reads as the good state next to PASS; unknown ids fall back to the title', () => {
    expect(checkName('ROOT-SIGNING-CERT-ACTIVE', 'Root user has an active signing certificate')).toBe('No active root signing certificate');
    expect(checkName('NEW-RULE', 'Some title')).toBe('Some title');
  });
});
