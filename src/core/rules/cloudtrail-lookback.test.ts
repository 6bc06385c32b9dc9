import { describe, expect, it } from 'vitest';
import { at, ctCtx, ctCtxFor, hours, rootEvent, signIn, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS } from '../../../test/helpers/report';
import { DAY_MS, toIso } from '../time';
import { coverageAtClock, gapsBetween } from '../cloudtrail/coverage';
import { hitsEvidence, judgeEachWindow, judgeLookback, lookbackText, matching, nothingFound, windowCoverage, type Lookback } from './cloudtrail-lookback';
import { ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { isSuccessfulSignIn } from './root-events';

const START = at(90);
const PASS_THROUGH = (lb: Lookback): FindingDraft => ({ status: 'PASS', resource: ROOT_RESOURCE, message: `${lb.days}`, evidence: [] });

/** Clocked coverage from event times (sorted here), with the clock at as-of unless told. */
const clocked = (times: number[], clock = AS_OF_MS) => {
  const sorted = Float64Array.from(times).sort();
  return coverageAtClock(sorted, gapsBetween(sorted), clock);
};
/** One event every 6 hours from `from` to `to` (both included). */
const every6h = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let t = from; t < to; t += hours(6)) out.push(t);
  out.push(to);
  return out;
};

describe('windowCoverage of [asOf - 90 days, asOf]', () => {
  it.each([
    { name: 'nothing loaded', times: [], kind: 'no-events' },
    { name: 'logs before the window', times: every6h(at(200), at(100)), kind: 'disjoint' },
    { name: 'logs end 1 ms before the window starts', times: every6h(at(200), START - 1), kind: 'disjoint' },
    { name: 'logs cover it all', times: every6h(at(120), AS_OF_MS), kind: 'whole' },
    { name: 'logs start exactly at the window start', times: every6h(START, AS_OF_MS), kind: 'whole' },
    { name: 'logs start 1 day after the window start (tolerated)', times: every6h(START + DAY_MS, AS_OF_MS), kind: 'whole' },
    { name: 'logs start 1 day + 1 ms after it', times: every6h(START + DAY_MS + 1, AS_OF_MS), kind: 'gaps' },
    { name: 'logs end 1 h before as-of (tolerated)', times: every6h(at(120), AS_OF_MS - hours(1)), kind: 'whole' },
    { name: 'logs end 1 h + 1 ms before as-of', times: every6h(at(120), AS_OF_MS - hours(1) - 1), kind: 'gaps' },
    { name: 'logs start inside the window', times: every6h(at(45), AS_OF_MS), kind: 'gaps' },
    { name: 'one instant inside the window: it overlaps (zero length)', times: [at(10)], kind: 'gaps' },
    { name: 'one instant at as-of', times: [AS_OF_MS], kind: 'gaps' },
    { name: 'one instant at the window start', times: [START], kind: 'gaps' },
  ])('$name → $kind', ({ times, kind }) => {
    expect(windowCoverage(clocked(times), START, AS_OF_MS).kind).toBe(kind);
  });

  it('says what is missing, why, and how much is covered', () => {
    expect(windowCoverage(clocked(every6h(at(45), at(5))), START, AS_OF_MS)).toEqual({
      kind: 'gaps',
      span: { start: at(45), end: at(5) },
      coveredMs: 40 * DAY_MS,
      missing: [
        { start: START, end: at(45), why: 'before-logs' },
        { start: at(5), end: AS_OF_MS, why: 'after-logs' },
      ],
      headMs: 45 * DAY_MS,
      tailMs: 5 * DAY_MS,
    });
  });

  it('a stretch of more than 24 h without any event inside the look-back is a hole (a month not loaded)', () => {
    const times = [...every6h(at(120), at(60)), ...every6h(at(30), AS_OF_MS)];
    const w = windowCoverage(clocked(times), START, AS_OF_MS);
    expect(w.kind).toBe('gaps');
    expect(w.kind === 'gaps' && [w.missing, w.coveredMs]).toEqual([[{ start: at(60), end: at(30), why: 'hole' }], 60 * DAY_MS]);
    // 24 h exactly is not a hole; a hole before the window does not count; one across its start counts inside only.
    expect(windowCoverage(clocked([...every6h(at(120), at(10)), ...every6h(at(9), AS_OF_MS)]), START, AS_OF_MS).kind).toBe('whole');
    expect(windowCoverage(clocked([...every6h(at(120), at(100)), ...every6h(at(95), AS_OF_MS)]), START, AS_OF_MS).kind).toBe('whole');
    expect(windowCoverage(clocked([...every6h(at(120), START - hours(10)), ...every6h(START + hours(20), AS_OF_MS)]), START, AS_OF_MS).kind).toBe('whole');
    const across = windowCoverage(clocked([...every6h(at(120), START - hours(10)), ...every6h(START + hours(30), AS_OF_MS)]), START, AS_OF_MS);
    expect(across.kind === 'gaps' && across.missing).toEqual([{ start: START, end: START + hours(30), why: 'hole' }]);
  });

  it('strays dated 2099 do not cover anything: events after the clock are no coverage', () => {
    const c = clocked([at(1000), Date.parse('2099-01-01T00:00:00Z')]);
    expect(c.span).toEqual({ start: at(1000), end: at(1000) });
    expect(c.afterClock).toEqual({ count: 1, first: Date.parse('2099-01-01T00:00:00Z'), last: Date.parse('2099-01-01T00:00:00Z') });
    expect(windowCoverage(c, START, AS_OF_MS).kind).toBe('disjoint');
  });
});

describe('judgeLookback: the frame of a one-finding CT rule', () => {
  it('without CloudTrail: one NEEDS_EVIDENCE naming what cannot be checked, judge not called', () => {
    const out = judgeLookback(ctCtx(undefined), 'root sign-ins', () => {
      throw new Error('judged without CloudTrail');
    });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ status: 'NEEDS_EVIDENCE', resource: ROOT_RESOURCE, evidence: [] });
    expect(out[0]?.message).toMatch(/^No CloudTrail was loaded for account 123456789012, so root sign-ins cannot be checked\. Load the trail's log files/);
    expect(out[0]?.window).toBeUndefined();
  });

  it('looks back over the longest window, splitting events oldest first into look-back and history', () => {
    let seen: Lookback | undefined;
    const events = [rootEvent(at(5)), rootEvent(at(100)), rootEvent(at(40)), rootEvent(at(91))];
    judgeLookback(ctCtxFor({ events }, { windows: [90, 30] }), 'x', (lb) => {
      seen = lb;
      return PASS_THROUGH(lb);
    });
    expect(seen?.days).toBe(90);
    expect(seen?.start).toBe(START);
    expect(seen?.events.map((e) => e.time)).toEqual([at(40), at(5)]);
    expect(seen?.history.map((e) => e.time)).toEqual([at(100), at(91)]);
    expect(seen && lookbackText(seen)).toBe(`the 90-day look-back before ${toIso(AS_OF_MS)}`);
  });

  it('raises one problem per input for root events later than as-of', () => {
    const c = ctCtxFor({ events: [rootEvent(AS_OF_MS + DAY_MS), rootEvent(AS_OF_MS + 2 * DAY_MS)] }, { now: AS_OF_MS + 3 * DAY_MS });
    judgeLookback(c, 'x', PASS_THROUGH);
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0]?.message).toMatch(/^cloudtrail\.json: 2 root events have timestamps later than as-of/);
  });

  it('events after the evaluation clock are a problem, once, and no coverage', () => {
    const stray = Date.parse('2099-01-01T00:00:00Z');
    const c = ctCtxFor({ extraTimes: [stray] });
    let seen: Lookback | undefined;
    judgeEachWindow(c, 'x', (lb) => {
      seen = lb;
      return PASS_THROUGH(lb);
    });
    expect(c.problems.map((p) => p.message)).toEqual([
      `cloudtrail.json: 1 event record of account 123456789012 is dated after the evaluation clock (${toIso(AS_OF_MS)}), at 2099-01-01T00:00:00.000Z: such times are not real, so they do not count as coverage.`,
    ]);
    expect(seen?.span).toEqual({ start: at(120), end: AS_OF_MS });
  });
});

describe('judgeEachWindow: the frame of a per-window CT rule', () => {
  it('one finding per window, with and without CloudTrail', () => {
    expect(judgeEachWindow(ctCtx(undefined, { windows: [7, 30] }), 'x', PASS_THROUGH).map((f) => [f.window, f.status])).toEqual([
      [7, 'NEEDS_EVIDENCE'],
      [30, 'NEEDS_EVIDENCE'],
    ]);
    expect(judgeEachWindow(ctCtxFor({}, { windows: [7, 30] }), 'x', PASS_THROUGH).map((f) => [f.window, f.message])).toEqual([
      [7, '7'],
      [30, '30'],
    ]);
  });

  it('reads the trail once: a later-than-as-of problem is raised once, not per window', () => {
    const c = ctCtxFor({ events: [rootEvent(AS_OF_MS + DAY_MS)] }, { windows: [1, 30, 90], now: AS_OF_MS + 3 * DAY_MS });
    judgeEachWindow(c, 'x', PASS_THROUGH);
    expect(c.problems).toHaveLength(1);
  });
});

describe('matching, hitsEvidence and nothingFound', () => {
  // A minimal CT rule: FAIL on a successful sign-in in the look-back, else nothingFound.
  const judge = (ct: CtOptions): FindingDraft => {
    const c = ctCtxFor(ct);
    const [f] = judgeLookback(c, 'x', (lb) => {
      const { hits, older, history } = matching(lb, isSuccessfulSignIn);
      if (hits.length > 0) return { status: 'FAIL', resource: ROOT_RESOURCE, message: '', evidence: hitsEvidence(lb, hits, history) };
      return nothingFound(lb, 'root sign-in', older, history);
    });
    return f as FindingDraft;
  };

  it.each([
    { name: 'a match in the look-back', ct: { events: [signIn(at(3))] }, status: 'FAIL' },
    { name: 'logs cover the look-back, nothing matches', ct: { events: [rootEvent(at(3))] }, status: 'PASS' },
    { name: 'logs cover part of it', ct: { coverage: { start: at(30), end: AS_OF_MS } }, status: 'NEEDS_EVIDENCE' },
    { name: '85 seconds of logs', ct: { coverage: { start: AS_OF_MS - 85_000, end: AS_OF_MS } }, status: 'NEEDS_EVIDENCE' },
    { name: 'a month missing inside the look-back', ct: { holes: [{ start: at(60), end: at(30) }] }, status: 'NEEDS_EVIDENCE' },
    { name: 'logs before the look-back', ct: { coverage: { start: at(300), end: at(200) } }, status: 'NEEDS_EVIDENCE' },
    { name: 'nothing loaded', ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
    { name: 'nothing but strays dated 1970 and 2099', ct: { coverage: null, extraTimes: [0, Date.parse('2099-01-01T00:00:00Z')] }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ ct, status }) => {
    expect(judge(ct).status).toBe(status);
  });

  it('absence on part of the look-back: NEEDS_EVIDENCE saying how much was covered and what to load', () => {
    expect(judge({ coverage: { start: AS_OF_MS - 85_000, end: AS_OF_MS } }).message).toBe(
      `No root sign-in in the 1 min covered, look-back is 90 days (${toIso(START)} to ${toIso(AS_OF_MS)}); load logs for ${toIso(START)} to ${toIso(AS_OF_MS - 85_000)}: ` +
        `the loaded logs start ${toIso(AS_OF_MS - 85_000)}, 89 days 23 h after the look-back's start (allowed: the logs may start up to 1 day after the look-back's start and end up to 1 h before as-of, with no stretch longer than 1 day without events). ` +
        "Load the trail's S3 log files for those days (Event history keeps only 90 days).",
    );
    const hole = judge({ holes: [{ start: at(60), end: at(30) }] });
    expect(hole.message).toMatch(/^No root sign-in in the 60 days covered, look-back is 90 days \(.*\); load logs for /);
    expect(hole.message).toContain(`they have no event at all from ${toIso(at(60))} to ${toIso(at(30))}`);
    expect(hole.evidence.find((e) => e.field === 'coverage.missing')?.value).toBe(`${toIso(at(60))} to ${toIso(at(30))}`);
  });

  it('PASS says the look-back is covered and the tolerance', () => {
    expect(judge({}).message).toBe(
      `No root sign-in in the loaded CloudTrail, which covers all of the 90-day look-back (${toIso(START)} to ${toIso(AS_OF_MS)}) (loaded: ${toIso(at(120))} to ${toIso(AS_OF_MS)}). (Tolerance: the logs may start up to 1 day after the look-back's start and end up to 1 h before as-of, with no stretch longer than 1 day without events.)`,
    );
    expect(judge({ coverage: { start: at(120), end: AS_OF_MS - hours(1) } }).message).toContain('The logs end 1 h before as-of, within the tolerance');
  });

  it('a history note counts only the events the rule matches', () => {
    const old = [signIn(at(100)), ...Array.from({ length: 13 }, (_, i) => rootEvent(at(95, i * 60_000)))];
    const f = judge({ events: old, coverage: { start: at(120), end: AS_OF_MS } });
    expect(f.status).toBe('PASS');
    expect(f.message).toContain(` 1 older matching event (latest ${toIso(at(100))}) lies before the 90-day look-back: history, not a failure.`);
  });

  it('older matches are history: cited, noted, never failed on', () => {
    const f = judge({ events: [signIn(at(100))], coverage: { start: at(120), end: AS_OF_MS } });
    expect(f.status).toBe('PASS');
    expect(f.message).toContain('1 older matching event (latest');
    expect(f.evidence.map((e) => e.field)).toEqual(['coverage', 'eventTime']);
    expect(f.evidence[1]?.note).toMatch(/^history, before the 90-day look-back/);
  });

  it('a FAIL cites the hits, then the coverage, then the history', () => {
    const f = judge({ events: [signIn(at(100)), signIn(at(3))], coverage: { start: at(120), end: AS_OF_MS } });
    expect(f.evidence.map((e) => [e.field, e.value])).toEqual([
      ['eventTime', expect.any(String)],
      ['coverage', expect.any(String)],
      ['eventTime', expect.any(String)],
    ]);
    expect(f.evidence[2]?.note).toMatch(/^history/);
  });
});
