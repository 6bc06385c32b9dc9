import { describe, expect, it } from 'vitest';
import { evidenceText, sortedFindings } from '../../src/core/evidence/common';
import { fixtureResult } from './fixture';

describe('evidenceText', () => {
  it.each([
    [{ input: 'r.csv', line: 2, field: 'mfa_active', value: 'false' }, 'mfa_active=false [r.csv, line 2]'],
    [{ input: 'r.csv', line: 2, field: 'password_last_used', value: '2025-05-31T00:00:00Z', ageDays: 1 }, 'password_last_used=2025-05-31T00:00:00Z (1 day) [r.csv, line 2]'],
    [{ input: 'ct.json', eventId: 'e-1', field: 'eventName', value: 'ConsoleLogin', note: 'root sign-in' }, 'eventName=ConsoleLogin [ct.json, event e-1] — root sign-in'],
  ])('%j', (e, text) => {
    expect(evidenceText(e)).toBe(text);
  });
});

describe('sortedFindings', () => {
  it('orders by status, then severity, the same on every machine', async () => {
    const r = await fixtureResult();
    const s = sortedFindings(r.findings);
    expect(s.map((f) => f.status).slice(0, 7)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL', 'FAIL', 'EXCEPTED', 'NEEDS_EVIDENCE']);
    expect(s.filter((f) => f.ruleId === 'USER-UNUSED-CREDENTIALS').map((f) => f.resource)).toEqual(['+cmd', '-3', '=1+2', '@sum', 'alice']);
    expect(r.findings.map((f) => f.ruleId)[0]).toBe('ROOT-ACCESS-KEY-ACTIVE');
  });
});
