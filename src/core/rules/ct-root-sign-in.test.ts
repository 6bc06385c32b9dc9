import { describe, expect, it } from 'vitest';
import { at, CT_INPUT, ctCtx, ctCtxFor, failedSignIn, hours, rootEvent, signIn, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS, cell } from '../../../test/helpers/report';
import { ctRootSignIn } from './ct-root-sign-in';

const iso = (ms: number) => new Date(ms).toISOString();
const run = (ct: CtOptions, windows = [30, 90]) => ctRootSignIn.evaluate(ctCtxFor(ct, { windows }));

describe('CT-ROOT-SIGN-IN', () => {
  it.each([
    { name: 'no root events', ct: {}, status: 'PASS' },
    { name: 'successful sign-in 10 days ago', ct: { events: [signIn(at(10))] }, status: 'FAIL' },
    { name: 'successful sign-in exactly 90 days ago (longest window, inclusive)', ct: { events: [signIn(at(90))] }, status: 'FAIL' },
    { name: 'successful sign-in 90 days + 1 s ago → history', ct: { events: [signIn(at(90, 1000))] }, status: 'PASS' },
    { name: 'only a failed sign-in', ct: { events: [failedSignIn(at(3))] }, status: 'PASS' },
    { name: 'result written "SUCCESS"', ct: { events: [signIn(at(3), { signInResult: 'SUCCESS' })] }, status: 'FAIL' },
    { name: 'console CSV sign-in (no result field, no error) counts', ct: { events: [signIn(at(3), { signInResult: undefined, mfaUsed: undefined })], onlyConsoleCsv: true }, status: 'FAIL' },
    { name: 'no result but an error → not a success', ct: { events: [signIn(at(3), { signInResult: undefined, errorMessage: 'Failed authentication' })] }, status: 'PASS' },
    { name: 'other root API calls only', ct: { events: [rootEvent(at(3))] }, status: 'PASS' },
    { name: 'sign-in after as-of', ct: { events: [signIn(AS_OF_MS + hours(3))] }, status: 'FAIL' },
    { name: 'nothing loaded', ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
    { name: 'logs end before the look-back', ct: { coverage: { start: at(300), end: at(200) } }, status: 'NEEDS_EVIDENCE' },
    { name: 'partial coverage, no sign-in → NEEDS_EVIDENCE (absence needs coverage)', ct: { coverage: { start: at(10), end: AS_OF_MS } }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ ct, status }) => {
    const out = run(ct);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
    expect(out[0]?.window).toBeUndefined();
  });

  it('uses the longest configured window only', () => {
    expect(run({ events: [signIn(at(60))] }, [30])[0]?.status).toBe('PASS');
    expect(run({ events: [signIn(at(60))] }, [1, 30, 90])[0]?.status).toBe('FAIL');
  });

  it('without CloudTrail: one NEEDS_EVIDENCE naming what to load', () => {
    const out = ctRootSignIn.evaluate(ctCtx(undefined));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ status: 'NEEDS_EVIDENCE', resource: '<root_account>', evidence: [] });
    expect(out[0]?.message).toContain('No CloudTrail was loaded for account 123456789012, so root console sign-ins cannot be checked.');
    expect(out[0]?.message).toContain('AttributeKey=Username,AttributeValue=root');
  });

  it('lists every session with eventId, age, IP and MFA flag', () => {
    const events = [
      signIn(at(40), { eventId: 's1', sourceIp: '203.0.113.5' }),
      failedSignIn(at(39), { eventId: 'f1' }),
      signIn(at(5, hours(2)), { eventId: 's2', sourceIp: '198.51.100.7', mfaUsed: 'No' }),
      signIn(at(120), { eventId: 'old' }),
    ];
    const [f] = run({ events, coverage: { start: at(130), end: AS_OF_MS } });
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toBe(
      `Root signed in to the console 2 times in the 90-day look-back before ${iso(AS_OF_MS)}; latest ${iso(at(5, hours(2)))} (5 days 2 h ago) from 198.51.100.7, MFAUsed No (eventID s2). Source IPs: 198.51.100.7 ×1, 203.0.113.5 ×1. Every session is listed in the evidence; each needs an owner and a reason.`,
    );
    expect(cell(f!, 'sessions')).toEqual({ input: CT_INPUT, field: 'sessions', value: '2', note: 'successful root ConsoleLogin events within 90 days of as-of' });
    expect(cell(f!, 'additionalEventData.MFAUsed').value).toBe('No ×1, Yes ×1');
    const perEvent = f!.evidence.filter((e) => e.field === 'eventTime');
    expect(perEvent).toEqual([
      { input: CT_INPUT, field: 'eventTime', value: iso(at(40)), ageDays: 40, eventId: 's1', note: 'ConsoleLogin; Success; MFAUsed Yes; from 203.0.113.5; in us-east-1; agent Mozilla/5.0 (X11; Linux x86_64)' },
      { input: CT_INPUT, field: 'eventTime', value: iso(at(5, hours(2))), ageDays: 5, eventId: 's2', note: 'ConsoleLogin; Success; MFAUsed No; from 198.51.100.7; in us-east-1; agent Mozilla/5.0 (X11; Linux x86_64)' },
      {
        input: CT_INPUT,
        field: 'eventTime',
        value: iso(at(120)),
        ageDays: 120,
        eventId: 'old',
        note: 'history, before the 90-day look-back (does not fail): ConsoleLogin; Success; MFAUsed Yes; from 198.51.100.7; in us-east-1; agent Mozilla/5.0 (X11; Linux x86_64)',
      },
    ]);
  });

  it('cites every session even beyond the usual 50-event cap', () => {
    const events = Array.from({ length: 60 }, (_, i) => signIn(at(60, -i * hours(1)), { eventId: `s${i}` }));
    const [f] = run({ events });
    expect(f!.evidence.filter((e) => e.field === 'eventTime').map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('a CSV sign-in without a result says the result was inferred', () => {
    const [f] = run({ events: [signIn(at(3), { signInResult: undefined, mfaUsed: undefined, eventId: undefined, record: 7 })], onlyConsoleCsv: true });
    expect(cell(f!, 'eventTime').note).toBe('ConsoleLogin; result not recorded (read as success); from 198.51.100.7; in us-east-1; agent Mozilla/5.0 (X11; Linux x86_64); record 7');
  });

  it('PASS says how much of the look-back the logs cover and cites older sign-ins as history', () => {
    const [f] = run({ events: [signIn(at(100), { eventId: 'h1' })], coverage: { start: at(110), end: AS_OF_MS } });
    expect(f?.status).toBe('PASS');
    expect(f?.message).toBe(
      `No successful root console sign-in in the loaded CloudTrail, which covers all of the 90-day look-back (${iso(at(90))} to ${iso(AS_OF_MS)}) (loaded: ${iso(at(110))} to ${iso(AS_OF_MS)}). (Tolerance: the logs may start up to 1 day after the look-back's start and end up to 1 h before as-of, with no stretch longer than 1 day without events.) 1 older matching event (latest ${iso(at(100))}) lies before the 90-day look-back: history, not a failure.`,
    );
    expect(f?.evidence.map((e) => [e.field, e.eventId])).toEqual([
      ['coverage', undefined],
      ['eventTime', 'h1'],
    ]);
    const [g] = run({ coverage: { start: at(10), end: AS_OF_MS } });
    expect(g?.status).toBe('NEEDS_EVIDENCE');
    expect(g?.message).toMatch(new RegExp(`^No successful root console sign-in in the 10 days covered, look-back is 90 days \\(${iso(at(90))} to ${iso(AS_OF_MS)}\\); load logs for ${iso(at(90))} to ${iso(at(10))}: `));
  });

  it('NEEDS_EVIDENCE when the logs do not reach the look-back', () => {
    const [f] = run({ coverage: { start: at(300), end: at(200) } });
    expect(f?.message).toContain(`the loaded CloudTrail (${iso(at(300))} to ${iso(at(200))}) does not overlap the 90-day look-back`);
    const [g] = run({ coverage: null });
    expect(g?.message).toContain('The CloudTrail loaded for account 123456789012 holds no events, so successful root console sign-in cannot be ruled out.');
  });

  it('a sign-in after as-of raises the later-than-as-of problem', () => {
    const c = ctCtxFor({ events: [signIn(AS_OF_MS + hours(3), { eventId: 'fut' })] }, { now: AS_OF_MS + hours(4) });
    const [f] = ctRootSignIn.evaluate(c);
    expect(f?.status).toBe('FAIL');
    expect(cell(f!, 'eventTime').note).toContain('later than as-of');
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0]?.message).toContain('(eventID fut)');
  });
  it('a console CSV sign-in (no result column) is "recorded", never called successful', () => {
    const csv = (t: number, id: string) => signIn(t, { signInResult: undefined, mfaUsed: undefined, eventId: id });
    const [f] = run({ onlyConsoleCsv: true, events: [csv(at(3), 'c1')] });
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toMatch(/^1 root console sign-in recorded without a sign-in result \(the console CSV has none, so whether it succeeded is not shown\) in the 90-day look-back/);
    expect(f?.message).not.toMatch(/signed in|successful|succeeded\b(?! is not shown)/);
    expect(cell(f!, 'sessions').note).toBe('root ConsoleLogin events within 90 days of as-of, 1 of them recorded without a sign-in result');
    // Mixed: JSON sign-ins with a result keep the plain wording, the CSV ones are counted apart.
    const [g] = run({ events: [signIn(at(5), { eventId: 'j1' }), csv(at(4), 'c1'), csv(at(2), 'c2')] });
    expect(g?.message).toMatch(/^Root signed in to the console 1 time, and 2 root console sign-ins recorded without a sign-in result \(the console CSV has none, so whether they succeeded is not shown\), in the 90-day look-back/);
  });
});
