import { describe, expect, it } from 'vitest';
import { mdEscape, toMarkdown } from '../../src/core/evidence/markdown';
import { fixtureResult, REPORT_CSV } from './fixture';
import { createHash } from 'node:crypto';

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

describe('toMarkdown', () => {
  it('has as-of with its source, inputs with SHA-256, per-account verdict and findings', async () => {
    const r = await fixtureResult();
    const md = toMarkdown(r);
    expect(md).toContain('- **As of:** 2025-06-02T00:00:00.000Z (evaluation clock; no report time known)');
    const sha = createHash('sha256').update(REPORT_CSV).digest('hex');
    expect(md).toContain(`| credential-report.csv | credential-report | csv | 6 | 0 | ${Buffer.byteLength(REPORT_CSV)} | 123456789012 | ${sha} |`);
    const n = (pred: (f: (typeof r.findings)[number]) => boolean) => r.findings.filter(pred).length;
    const fails = ['critical', 'high', 'medium', 'low', 'info'].map((s) => n((f) => f.status === 'FAIL' && f.severity === s));
    expect(fails.slice(0, 2)).toEqual([1, 4]);
    const row = `| 123456789012 | 2025-06-02T00:00:00.000Z | evaluation clock; no report time known | ${r.accounts[0]!.verdict} | ${fails.join(' | ')} | 1 | ${n((f) => f.status === 'NEEDS_EVIDENCE')} |`;
    expect(md).toContain(row);
    expect(r.accounts[0]!.verdict).toMatch(/^Root access key active and used 3 days ago — critical/);
  });

  it('lists FAIL, then EXCEPTED, then NEEDS_EVIDENCE, then the rest', async () => {
    const r = await fixtureResult();
    const md = toMarkdown(r);
    const section = md.slice(md.indexOf('## Findings'));
    const statuses = section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Status'))
      .map((l) => cells(l)[0]!.replace(/ \(was FAIL\)/, ''));
    const order = ['FAIL', 'EXCEPTED', 'NEEDS_EVIDENCE', 'PASS', 'NOT_APPLICABLE'];
    expect(statuses.length).toBe(r.findings.length);
    expect([...statuses].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(statuses);
    expect(statuses[0]).toBe('FAIL');
    expect(statuses.filter((s) => s === 'EXCEPTED')).toHaveLength(1);
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

  it('can leave passing findings out', async () => {
    const md = toMarkdown(await fixtureResult(), { includePassing: false });
    expect(md).not.toContain('| PASS |');
    expect(md).not.toContain('| NOT_APPLICABLE |');
    expect(md).toContain('| NEEDS_EVIDENCE |');
  });

  it('reports problems, escaped', async () => {
    const r = await fixtureResult();
    r.problems.push({ input: 'x|<y>.csv', line: 3, severity: 'warning', message: 'bad\nrow' });
    expect(toMarkdown(r)).toContain('- **warning** x\\|&lt;y&gt;.csv:3: bad<br>row');
  });
});
