import { describe, expect, it } from 'vitest';
import { at, ctCtx, ctCtxFor, hours, rootEvent, signIn, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS } from '../../../test/helpers/report';
import { DAY_MS, toIso } from '../time';
import { hitsEvidence, judgeEachWindow, judgeLookback, lookbackText, matching, nothingFound, windowCoverage, type Lookback } from './cloudtrail-lookback';
import { ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { isSuccessfulSignIn } from './root-events';

const START = at(90);
const PASS_THROUGH = (lb: Lookback): FindingDraft => ({ status: 'PASS', resource: ROOT_RESOURCE, message: `${lb.days}`, evidence: [] });

describe('windowCoverage of [asOf - 90 days, asOf]', () => {
  it.each([
    { name: 'nothing loaded', span: undefined, kind: 'no-events' },
    { name: 'span before the window', span: { start: at(200), end: at(100) }, kind: 'disjoint' },
    { name: 'span ends exactly at window start', span: { start: at(200), end: START }, kind: 'disjoint' },
    { name: 'span covers it all', span: { start: at(120), end: AS_OF_MS }, kind: 'whole' },
    { name: 'span starts at window start', span: { start: START, end: AS_OF_MS }, kind: 'whole' },
    { name: 'span ends 1 h before as-of (tolerated)', span: { start: at(120), end: AS_OF_MS - hours(1) }, kind: 'whole' },
    { name: 'span ends 1 h + 1 ms before as-of', span: { start: at(120), end: AS_OF_MS - hours(1) - 1 }, kind: 'partial' },
    { name: 'span starts inside the window', span: { start: at(45), end: AS_OF_MS }, kind: 'partial' },
  ])('$name → $kind', ({ span, kind }) => {
    expect(windowCoverage(span, START, AS_OF_MS).kind).toBe(kind);
  });

  it('says which end is missing and how much is covered', () => {
    expect(windowCoverage({ start: at(45), end: at(5) }, START, AS_OF_MS)).toEqual({
      kind: 'partial',
      span: { start: at(45), end: at(5) },
      coveredMs: 40 * DAY_MS,
      headMissing: true,
      tailMissing: true,
    });
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
    const c = ctCtxFor({ events: [rootEvent(AS_OF_MS + DAY_MS), rootEvent(AS_OF_MS + 2 * DAY_MS)] });
    judgeLookback(c, 'x', PASS_THROUGH);
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0]?.message).toMatch(/^cloudtrail\.json: 2 root events are later than as-of/);
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
    const c = ctCtxFor({ events: [rootEvent(AS_OF_MS + DAY_MS)] }, { windows: [1, 30, 90] });
    judgeEachWindow(c, 'x', PASS_THROUGH);
    expect(c.problems).toHaveLength(1);
  });
});

describe('matching, hitsEvidence and nothingFound', () => {
  // A minimal CT rule: FAIL on a successful sign-in in the look-back, else nothingFound.
  const judge = (ct: CtOptions): FindingDraft => {
    const c = ctCtxFor(ct);
    const [f] = judgeLookback(c, 'x', (lb) => {
      const { hits, history } = matching(lb, isSuccessfulSignIn);
      if (hits.length > 0) return { status: 'FAIL', resource: ROOT_RESOURCE, message: '', evidence: hitsEvidence(lb, hits, history) };
      return nothingFound(lb, 'successful root console sign-in', history);
    });
    return f as FindingDraft;
  };

  it.each([
    { name: 'a match in the look-back', ct: { events: [signIn(at(3))] }, status: 'FAIL' },
    { name: 'logs cover the look-back, nothing matches', ct: { events: [rootEvent(at(3))] }, status: 'PASS' },
    { name: 'logs cover part of it', ct: { coverage: { start: at(30), end: AS_OF_MS } }, status: 'PASS' },
    { name: 'logs before the look-back', ct: { coverage: { start: at(300), end: at(200) } }, status: 'NEEDS_EVIDENCE' },
    { name: 'nothing loaded', ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ ct, status }) => {
    expect(judge(ct).status).toBe(status);
  });

  it('PASS over part of the look-back says how much was seen', () => {
    expect(judge({ coverage: { start: at(30), end: AS_OF_MS } }).message).toContain('which covers only 30 days of the 90-day look-back');
    expect(judge({}).message).toContain('which covers all of the 90-day look-back');
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
