import { describe, expect, it } from 'vitest';
import { AS_OF_MS, buildReport, ctx, INPUT, root } from '../../../test/helpers/report';
import { DAY_MS } from '../time';
import { reportAge } from './report-age';

const GEN = Date.UTC(2025, 4, 20, 6, 30); // 2025-05-20T06:30:00Z
const run = (opts: { generatedTime?: number; fileTime?: number; now: number; maxDays?: number }) => {
  const build: { generatedTime?: number; fileTime?: number } = {};
  if (opts.generatedTime !== undefined) build.generatedTime = opts.generatedTime;
  if (opts.fileTime !== undefined) build.fileTime = opts.fileTime;
  const c = ctx({ report: buildReport([root()], build), now: opts.now, asOf: AS_OF_MS, settings: opts.maxDays ? { reportMaxAgeDays: opts.maxDays } : {} });
  return { out: reportAge.evaluate(c), problems: c.problems };
};

describe('REPORT-AGE', () => {
  it.each([
    { name: 'one hour old', now: GEN + 3_600_000, status: 'PASS' },
    { name: 'exactly 7 days old (not older than 7)', now: GEN + 7 * DAY_MS, status: 'PASS' },
    { name: '7 days + 1 s old', now: GEN + 7 * DAY_MS + 1000, status: 'FAIL' },
    { name: '30 days old', now: GEN + 30 * DAY_MS, status: 'FAIL' },
  ])('$name → $status', ({ now, status }) => {
    const { out } = run({ generatedTime: GEN, now });
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe(INPUT);
  });

  it('measures against the evaluation clock, not as-of, and cites GeneratedTime with its age', () => {
    const { out } = run({ generatedTime: GEN, now: GEN + 10 * DAY_MS + 5000 });
    const f = out[0]!;
    expect(f.status).toBe('FAIL');
    expect(f.evidence).toEqual([
      { input: INPUT, field: 'GeneratedTime', value: '2025-05-20T06:30:00.000Z', ageDays: 10, note: 'age at evaluation time 2025-05-30T06:30:05.000Z' },
    ]);
    expect(f.message).toContain('7-day limit');
  });

  it('honours a configured limit', () => {
    expect(run({ generatedTime: GEN, now: GEN + 2 * DAY_MS, maxDays: 1 }).out[0]?.status).toBe('FAIL');
    expect(run({ generatedTime: GEN, now: GEN + 20 * DAY_MS, maxDays: 30 }).out[0]?.status).toBe('PASS');
  });

  it('unknown generation time → NEEDS_EVIDENCE with the command', () => {
    const { out } = run({ now: GEN });
    expect(out[0]?.status).toBe('NEEDS_EVIDENCE');
    expect(out[0]?.message).toContain('aws iam get-credential-report');
    expect(out[0]?.evidence).toEqual([]);
  });

  it('unknown generation time with a file date mentions the file date, still NEEDS_EVIDENCE', () => {
    const fileTime = GEN - 3 * DAY_MS;
    const { out } = run({ fileTime, now: GEN });
    expect(out[0]?.status).toBe('NEEDS_EVIDENCE');
    expect(out[0]?.message).toContain('2025-05-17T06:30:00.000Z');
    expect(out[0]?.evidence).toEqual([{ input: INPUT, field: 'file lastModified', value: '2025-05-17T06:30:00.000Z', ageDays: 3, note: 'age at evaluation time' }]);
  });

  it('a generation time after the clock passes but raises a problem', () => {
    const { out, problems } = run({ generatedTime: GEN, now: GEN - 3_600_000 });
    expect(out[0]?.status).toBe('PASS');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('later than the evaluation clock');
    // Never a negative age, and never "after as-of": the age here is measured at the evaluation clock.
    expect(out[0]?.message).toBe('The report was generated 2025-05-20T06:30:00.000Z, 1 h after the evaluation clock: within the 7-day limit.');
    expect(out[0]?.evidence).toEqual([{ input: INPUT, field: 'GeneratedTime', value: '2025-05-20T06:30:00.000Z', note: 'later than the evaluation clock 2025-05-20T05:30:00.000Z' }]);
  });

  it('no report → no finding (the root rules already report it)', () => {
    expect(reportAge.evaluate(ctx())).toEqual([]);
  });
});
