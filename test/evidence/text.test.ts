import { describe, expect, it } from 'vitest';
import { termSafe, toText } from '../../src/core/evidence/text';
import { fixtureResult } from './fixture';

describe('toText', () => {
  it('header, verdict, table sorted FAIL first, summary line', async () => {
    const r = await fixtureResult();
    const text = toText(r);
    const lines = text.split('\n');
    expect(lines[0]).toBe('credaudit 9.9.9-test (build abc1234)');
    expect(lines[1]).toBe('As of 2025-06-02T00:00:00.000Z (evaluation clock; no report time known); evaluated 2025-06-02T00:00:00.000Z; windows 30, 90 days');
    expect(text).toContain('    sha256 4bc66ec19f79d713f87639cb3e7576c005570893e8bc504889eb829ee1284d84');
    expect(text).toContain(`Account 123456789012: ${r.accounts[0]!.verdict}\n`);
    const head = lines.findIndex((l) => l.startsWith('STATUS'));
    expect(lines[head]).toMatch(/^STATUS +SEVERITY +RULE +ACCOUNT +RESOURCE +MESSAGE$/);
    expect(lines[head + 1]).toMatch(/^FAIL +critical +ROOT-ACCESS-KEY-ACTIVE +123456789012 +<root_account> +Root has an active access key \(key 1\)\. Delete it\.$/);
    expect(lines[head + 2]).toMatch(/^FAIL +high +ROOT-RECENT-USE \(30d\) /);
    // Columns line up: RULE starts at the same offset on every row.
    const at = lines[head]!.indexOf('RULE');
    for (let i = head + 1; i <= head + r.findings.length; i++) expect(lines[i]![at - 1]).toBe(' ');
    expect(lines[head + r.findings.length + 1]).toBe('');
    expect(text).toContain('[excepted: =HYPERLINK("http://x","y") until 2099-12-31, SEC-42]');
    const c = r.summary.byStatus;
    expect(c.FAIL).toBe(5);
    expect(text).toContain(`Summary: 5 FAIL, 1 EXCEPTED, ${c.NEEDS_EVIDENCE} NEEDS_EVIDENCE, ${c.PASS} PASS, ${c.NOT_APPLICABLE} NOT_APPLICABLE; failing by severity: 1 critical, 4 high\n`);
  });

  it('hidePassing leaves PASS and NOT_APPLICABLE rows out but keeps their counts', async () => {
    const r = await fixtureResult();
    const text = toText(r, { hidePassing: true });
    expect(text).not.toMatch(/^PASS /m);
    expect(text).not.toMatch(/^NOT_APPLICABLE /m);
    expect(text).toMatch(/^NEEDS_EVIDENCE /m);
    expect(text).toContain(`${r.summary.byStatus.PASS} PASS, ${r.summary.byStatus.NOT_APPLICABLE} NOT_APPLICABLE`);
  });

  it('neutralizes terminal control characters from the inputs', async () => {
    const r = await fixtureResult();
    r.problems.push({ input: 'evil\u001b[2J.json', severity: 'error', message: 'agent \u001b]0;pwned\u0007 here\nnext' });
    const text = toText(r);
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('Problems (1):\n  error    evil\\x1b[2J.json: agent \\x1b]0;pwned\\x07 here next');
    expect(termSafe('\u009b31m')).toBe('\\x9b31m');
  });
});
