import { describe, expect, it } from 'vitest';
import { mdEscape, toMarkdown } from '../../src/core/evidence/markdown';
import { fixtureResult, REPORT_CSV } from './fixture';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit } from '../../src/core/audit';
import { accountVerdicts } from '../../src/core/views/rollup';

/** Splits a GFM table row into cells on pipes not preceded by a backslash. */
const cells = (line: string) => line.slice(2, -2).split(/(?<!\\) \| /);

describe('mdEscape', () => {
  it.each([
    ['a|b', 'a\\|b'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['x & y', 'x &amp; y'],
    ['one\ntwo\r\nthree', 'one<br>two<br>three'],
    ['[t](javascript:x)', '\\[t\\](javascript:x)'],
    ['back\\slash|', 'back\\\\slash\\|'],
    ['`code`', '\\`code\\`'],
    ['bell\u0007', 'bell'],
  ])('%j', (input, out) => {
    expect(mdEscape(input)).toBe(out);
  });
});

/** The page's sample (three accounts, CloudTrail, Organizations names), as the page loads it. */
async function sampleResult() {
  const dir = join(__dirname, '../../src/ui/samples');
  const env = (csv: string) => JSON.stringify({ Content: Buffer.from(csv).toString('base64'), ReportFormat: 'text/csv', GeneratedTime: '2025-06-02T09:30:00Z' });
  const files: [string, string][] = [
    ['sample-sandbox-111111111111-credential-report.json', env(readFileSync(join(dir, 'sandbox-111111111111.csv'), 'utf8'))],
    ['sample-production-222222222222-credential-report.json', env(readFileSync(join(dir, 'production-222222222222.csv'), 'utf8'))],
    ['sample-member-333333333333-credential-report.json', env(readFileSync(join(dir, 'member-333333333333.csv'), 'utf8'))],
    ['sample-111111111111_CloudTrail_us-east-1_20250602T0930Z.json', readFileSync(join(dir, 'cloudtrail-111111111111.json'), 'utf8')],
    ['sample-organizations-list-accounts.json', readFileSync(join(dir, 'organizations-accounts.json'), 'utf8')],
  ];
  return audit(
    files.map(([name, t]) => ({ name, size: t.length, read: async () => new TextEncoder().encode(t) })),
    { now: Date.parse('2025-06-03T00:00:00Z') },
  );
}

describe('toMarkdown: a short summary', () => {
  it('has as-of with its source, the accounts roll-up with each verdict, inputs with SHA-256', async () => {
    const r = await fixtureResult();
    const md = toMarkdown(r);
    expect(md).toContain('- **As of:** 2025-06-02T00:00:00.000Z (evaluation clock; no report time known)');
    const sha = createHash('sha256').update(REPORT_CSV).digest('hex');
    expect(md).toContain(`| credential-report.csv | credential-report | 6 | ${Buffer.byteLength(REPORT_CSV)} | 123456789012 | ${sha} |`);
    const glance = md.slice(md.indexOf('## Accounts at a glance'), md.indexOf('## Inputs'));
    expect(glance).toContain('| Account | As of | Verdict | Root keys | Root MFA | Used ≤ 30 d | Used ≤ 90 d | CloudTrail sign-ins | Credentials removed | FAIL critical | FAIL high | FAIL medium | FAIL low |');
    const n = (pred: (f: (typeof r.findings)[number]) => boolean) => r.findings.filter(pred).length;
    const fails = ['critical', 'high', 'medium', 'low'].map((s) => n((f) => f.status === 'FAIL' && f.severity === s));
    expect(fails.slice(0, 2)).toEqual([1, 4]);
    const verdict = accountVerdicts(r)[0]!.headline;
    expect(verdict).toMatch(/^Fails: Root user has an active access key \(critical\) and \d+ more failing findings/);
    expect(glance).toContain(`| 123456789012 | 2025-06-02T00:00:00.000Z (evaluation clock; no report time known) | ${verdict} | FAIL |`);
    expect(glance).toContain(`| ${fails.join(' | ')} |`);
    // The roll-up leads: before the inputs and the findings.
    expect(md.indexOf('## Accounts at a glance')).toBeLessThan(md.indexOf('## Inputs'));
  });

  it('lists FAIL and EXCEPTED findings one line each, FAIL first; PASS and N/A left out unless asked', async () => {
    const r = await fixtureResult();
    const md = toMarkdown(r);
    const section = md.slice(md.indexOf('## Failing and excepted findings'), md.indexOf('## Checks that need evidence'));
    const statuses = section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Status'))
      .map((l) => cells(l)[0]!.replace(/ \(was FAIL\)/, ''));
    expect(statuses.length).toBe(r.findings.filter((f) => f.status === 'FAIL' || f.status === 'EXCEPTED').length);
    expect(statuses.indexOf('EXCEPTED')).toBe(statuses.length - 1);
    expect(md).toContain('| FAIL | critical | ROOT-ACCESS-KEY-ACTIVE |');
    expect(md).not.toMatch(/^\| (PASS|NOT_APPLICABLE) \|/m);
    const full = toMarkdown(r, { includePassing: true });
    expect(full).toMatch(/^\| PASS \|/m);
  });

  it('checks that need evidence: one row per check, each how-to written once', async () => {
    const r = await fixtureResult();
    const md = toMarkdown(r);
    const section = md.slice(md.indexOf('## Checks that need evidence'));
    const rules = new Set(r.findings.filter((f) => f.status === 'NEEDS_EVIDENCE').map((f) => f.ruleId));
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity'));
    expect(rows.map((l) => cells(l)[1]).sort()).toEqual([...rules].sort());
    const howTos = section.split('\n').filter((l) => l.startsWith('- **'));
    expect(new Set(howTos).size).toBe(howTos.length);
    expect(howTos.length).toBeLessThan(rules.size);
  });

  it('the sample (3 accounts) fits in 10 KB and still names every failing finding', async () => {
    const r = await sampleResult();
    const md = toMarkdown(r);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(10 * 1024);
    for (const f of r.findings.filter((x) => x.status === 'FAIL')) expect(md).toContain(`| ${f.ruleId} |`);
    expect(md).toContain('sandbox (sample)');
  });

  it('hostile text stays inside its cell: every table row has the header\'s cell count', async () => {
    const md = toMarkdown(await fixtureResult());
    const lines = md.split('\n');
    let expected = 0;
    for (const l of lines) {
      if (!l.startsWith('| ')) {
        expected = 0;
        continue;
      }
      const n = cells(l).length;
      if (expected === 0) expected = n;
      expect(n, l).toBe(expected);
    }
    const excepted = lines.find((l) => l.startsWith('| EXCEPTED'))!;
    expect(excepted).toContain('Break-glass \\| shared &lt;b&gt;desk&lt;/b&gt;<br>second line \\[link\\](javascript:x) \\`code\\`');
    expect(md).not.toContain('<b>');
    expect(md).not.toContain('<root_account>');
  });

  it('reports problems, escaped, at most 20 with a count of the rest', async () => {
    const r = await fixtureResult();
    r.problems.push({ input: 'x|<y>.csv', line: 3, severity: 'warning', message: 'bad\nrow' });
    expect(toMarkdown(r)).toContain('- **warning** x\\|&lt;y&gt;.csv:3: bad<br>row');
    for (let i = 0; i < 30; i++) r.problems.push({ input: 'many.csv', line: i, severity: 'warning', message: 'skipped' });
    expect(toMarkdown(r)).toContain(`- … and ${r.problems.length - 20} more (every problem is in the evidence JSON).`);
  });
});
