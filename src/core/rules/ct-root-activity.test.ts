import { describe, expect, it } from 'vitest';
import { at, CT_INPUT, ctCtx, ctCtxFor, ctData, failedSignIn, hours, rootEvent, signIn, taskEvent, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF, AS_OF_MS, cell } from '../../../test/helpers/report';
import { DAY_MS } from '../time';
import { ctRootActivity } from './ct-root-activity';

const MIN = 60_000;
const run = (ct: CtOptions, windows = [30, 90]) => ctRootActivity.evaluate(ctCtxFor(ct, { windows }));
const statuses = (ct: CtOptions, windows = [30, 90]) => run(ct, windows).map((f) => [f.window, f.status]);

describe('CT-ROOT-ACTIVITY', () => {
  it.each([
    { name: 'no root events, logs cover 120 days up to as-of', ct: {}, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'root event 10 days ago', ct: { events: [rootEvent(at(10))] }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: 'root event 60 days ago', ct: { events: [rootEvent(at(60))] }, expected: [[30, 'PASS'], [90, 'FAIL']] },
    { name: 'root event 200 days ago (coverage 250 days)', ct: { events: [rootEvent(at(200))], coverage: { start: at(250), end: AS_OF_MS } }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'exactly 30 days → within (inclusive)', ct: { events: [rootEvent(at(30))] }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: '30 days + 1 s → outside', ct: { events: [rootEvent(at(30, 1000))] }, expected: [[30, 'PASS'], [90, 'FAIL']] },
    { name: 'exactly 90 days', ct: { events: [rootEvent(at(90))] }, expected: [[30, 'PASS'], [90, 'FAIL']] },
    { name: 'event after as-of → within every window', ct: { events: [rootEvent(AS_OF_MS + DAY_MS)] }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: 'coverage starts 45 days back → 30 PASS, 90 NEEDS_EVIDENCE', ct: { coverage: { start: at(45), end: AS_OF_MS } }, expected: [[30, 'PASS'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'coverage starts exactly at window start → PASS', ct: { coverage: { start: at(90), end: AS_OF_MS } }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'coverage starts 1 day after window start → within the start tolerance', ct: { coverage: { start: at(89), end: AS_OF_MS } }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'coverage starts 1 day + 1 s after window start → NEEDS_EVIDENCE', ct: { coverage: { start: at(89) + 1000, end: AS_OF_MS } }, expected: [[30, 'PASS'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'a hole of 24 h + 1 s inside the 30-day window → NEEDS_EVIDENCE there', ct: { holes: [{ start: at(20), end: at(19) + 1000 }] }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'a hole of exactly 24 h is not one', ct: { holes: [{ start: at(20), end: at(19) }] }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'a month missing 40 to 70 days back → 30 PASS, 90 NEEDS_EVIDENCE', ct: { holes: [{ start: at(70), end: at(40) }] }, expected: [[30, 'PASS'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'one event in the window (zero-length coverage) → NEEDS_EVIDENCE, not "no overlap"', ct: { coverage: { start: at(10), end: at(10) } }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'strays dated 1970 and 2099 around an empty load cover nothing', ct: { coverage: null, extraTimes: [0, Date.parse('2099-01-01T00:00:00Z')] }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'coverage ends 59 min before as-of → within tolerance', ct: { coverage: { start: at(100), end: AS_OF_MS - 59 * MIN } }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'coverage ends exactly 1 h before as-of → still within', ct: { coverage: { start: at(100), end: AS_OF_MS - hours(1) } }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'coverage ends 1 h + 1 s before as-of → NEEDS_EVIDENCE', ct: { coverage: { start: at(100), end: AS_OF_MS - hours(1) - 1000 } }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'coverage ends 5 days before as-of', ct: { coverage: { start: at(100), end: at(5) } }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'coverage extends past as-of', ct: { coverage: { start: at(100), end: AS_OF_MS + DAY_MS } }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'coverage entirely before both windows', ct: { coverage: { start: at(400), end: at(300) } }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'nothing loaded (empty input)', ct: { coverage: null }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'a root event inside partial coverage still FAILs', ct: { events: [rootEvent(at(3))], coverage: { start: at(10), end: at(2) } }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: 'task-session events count as root events', ct: { events: [taskEvent(at(5))] }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: 'console CSV only: root events still count', ct: { events: [signIn(at(5), { mfaUsed: undefined, signInResult: undefined })], onlyConsoleCsv: true }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
  ])('$name', ({ ct, expected }) => {
    expect(statuses(ct)).toEqual(expected);
  });

  it('one finding per configured window, in order, with the root resource', () => {
    const out = run({ events: [rootEvent(at(40))] }, [1, 30, 45, 90]);
    expect(out.map((f) => [f.window, f.status, f.resource])).toEqual([
      [1, 'PASS', '<root_account>'],
      [30, 'PASS', '<root_account>'],
      [45, 'FAIL', '<root_account>'],
      [90, 'FAIL', '<root_account>'],
    ]);
  });

  it('without CloudTrail: NEEDS_EVIDENCE per window naming what to load', () => {
    const out = ctRootActivity.evaluate(ctCtx(undefined, { windows: [30, 90] }));
    expect(out.map((f) => [f.window, f.status])).toEqual([
      [30, 'NEEDS_EVIDENCE'],
      [90, 'NEEDS_EVIDENCE'],
    ]);
    expect(out[0]?.message).toContain('No CloudTrail was loaded for account 123456789012');
    expect(out[0]?.message).toContain('aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=Username,AttributeValue=root');
    expect(out[0]?.message).toContain('AWSLogs/ACCOUNT_ID/CloudTrail');
    expect(out[0]?.message).toContain('Event history download from the CloudTrail console');
    expect(out[0]?.evidence).toEqual([]);
  });

  it('FAIL evidence: count, first/last, top names, IPs, agents, regions and every eventId', () => {
    const events = [
      signIn(at(20), { eventId: 'e-login', sourceIp: '203.0.113.9' }),
      rootEvent(at(20, -hours(1)), { eventId: 'e-list1', eventName: 'ListBuckets', region: 'eu-west-1', sourceIp: '203.0.113.9' }),
      rootEvent(at(2), { eventId: 'e-list2', eventName: 'ListBuckets', region: 'eu-west-1', userAgent: 'aws-cli/2.15.0', accessKeyId: 'AKIAROOTKEY000000001' }),
      rootEvent(at(100), { eventId: 'e-old', eventName: 'GetAccountSummary' }),
    ];
    const [f30] = run({ events }, [30]);
    expect(f30?.status).toBe('FAIL');
    expect(f30?.window).toBe(30);
    expect(f30?.message).toBe(
      `3 root events within the 30-day window (${new Date(at(30)).toISOString()} to ${new Date(AS_OF_MS).toISOString()}): first ConsoleLogin at ${new Date(at(20)).toISOString()}, last ListBuckets at ${new Date(at(2)).toISOString()} (2 days ago). Events: ListBuckets ×2, ConsoleLogin ×1. Source IPs: 203.0.113.9 ×2, 198.51.100.7 ×1.`,
    );
    expect(cell(f30!, 'rootEvents.count')).toEqual({ input: CT_INPUT, field: 'rootEvents.count', value: '3', note: 'root events within 30 days of as-of' });
    expect(cell(f30!, 'rootEvents.first')).toMatchObject({ input: CT_INPUT, eventId: 'e-login', value: new Date(at(20)).toISOString(), ageDays: 20 });
    expect(cell(f30!, 'rootEvents.last')).toMatchObject({ input: CT_INPUT, eventId: 'e-list2', value: new Date(at(2)).toISOString(), ageDays: 2 });
    expect(cell(f30!, 'eventName').value).toBe('ListBuckets ×2, ConsoleLogin ×1');
    expect(cell(f30!, 'sourceIPAddress').value).toBe('203.0.113.9 ×2, 198.51.100.7 ×1');
    expect(cell(f30!, 'userAgent').value).toBe('Mozilla/5.0 (X11; Linux x86_64) ×1, aws-cli/2.15.0 ×1, console.amazonaws.com ×1');
    expect(cell(f30!, 'awsRegion').value).toBe('eu-west-1 ×2, us-east-1 ×1');
    const perEvent = f30!.evidence.filter((e) => e.field === 'eventTime');
    expect(perEvent.map((e) => [e.eventId, e.ageDays])).toEqual([
      ['e-login', 20],
      ['e-list1', 19],
      ['e-list2', 2],
    ]);
    expect(perEvent[0]?.note).toBe('ConsoleLogin; Success; MFAUsed Yes; from 203.0.113.9; in us-east-1; agent Mozilla/5.0 (X11; Linux x86_64)');
    expect(perEvent[2]?.note).toBe('ListBuckets; from 198.51.100.7; in eu-west-1; key AKIAROOTKEY000000001; agent aws-cli/2.15.0');
  });

  it('the 90-day window includes the older event; the count follows the window', () => {
    const events = [rootEvent(at(2), { eventId: 'a' }), rootEvent(at(80), { eventId: 'b' })];
    const [f30, f90] = run({ events });
    expect(cell(f30!, 'rootEvents.count').value).toBe('1');
    expect(cell(f90!, 'rootEvents.count').value).toBe('2');
    expect(f90!.evidence.filter((e) => e.field === 'eventTime').map((e) => e.eventId)).toEqual(['b', 'a']);
  });

  it('an event after as-of is FAIL in every window and raises one problem per input', () => {
    const c = ctCtxFor({ events: [rootEvent(AS_OF_MS + hours(2), { eventId: 'future-1' }), rootEvent(AS_OF_MS + hours(5), { eventId: 'future-2' })] }, { windows: [1, 30], now: AS_OF_MS + DAY_MS });
    const out = ctRootActivity.evaluate(c);
    expect(out.map((f) => f.status)).toEqual(['FAIL', 'FAIL']);
    expect(out[0]?.message).toContain('2 root events within the 1-day window');
    expect(out[0]?.message).toContain('(2 later than as-of, counted as within)');
    expect(cell(out[0]!, 'rootEvents.last').ageDays).toBe(-1);
    expect(c.problems).toEqual([
      {
        input: CT_INPUT,
        severity: 'warning',
        message: `${CT_INPUT}: 2 root events have timestamps later than as-of (${AS_OF.replace('Z', '.000Z')}), the first ListBuckets at ${new Date(AS_OF_MS + hours(2)).toISOString()} (eventID future-1); they count as within every window.`,
      },
    ]);
  });

  it('PASS says what the logs cover; the latest older root event is cited', () => {
    const [f] = run({ events: [rootEvent(at(45), { eventId: 'old-one' })] }, [30]);
    expect(f?.status).toBe('PASS');
    expect(f?.message).toBe(
      `No root event in the loaded CloudTrail, which covers all of the 30-day look-back (${new Date(at(30)).toISOString()} to ${new Date(AS_OF_MS).toISOString()}) (loaded: ${new Date(at(120)).toISOString()} to ${new Date(AS_OF_MS).toISOString()}). ` +
        "(Tolerance: the logs may start up to 1 day after the look-back's start and end up to 1 h before as-of, with no stretch longer than 1 day without events.) " +
        `1 older matching event (latest ${new Date(at(45)).toISOString()}) lies before the 30-day look-back: history, not a failure.`,
    );
    expect(cell(f!, 'coverage')).toEqual({
      input: CT_INPUT,
      field: 'coverage',
      value: `${new Date(at(120)).toISOString()} – ${new Date(AS_OF_MS).toISOString()}`,
      note: '5000 events of any identity on 121 UTC days; 1 root event',
    });
    expect(cell(f!, 'eventTime')).toMatchObject({ eventId: 'old-one', ageDays: 45, note: 'latest root event loaded, outside the 30-day window' });
  });

  it('PASS within the end tolerance says how long the unseen tail is', () => {
    const [f] = run({ coverage: { start: at(100), end: AS_OF_MS - 40 * MIN } }, [30]);
    expect(f?.status).toBe('PASS');
    expect(f?.message).toContain("The logs end 40 min before as-of, within the tolerance (the logs may start up to 1 day after the look-back's start and end up to 1 h before as-of, with no stretch longer than 1 day without events).");
  });

  it('UTC days without any event inside the window are a hole: NEEDS_EVIDENCE naming it', () => {
    const days: string[] = [];
    for (let d = 0; d <= 100; d++) if (d !== 10 && d !== 11) days.push(new Date(at(d)).toISOString().slice(0, 10));
    const [f] = run({ coverage: { start: at(100), end: AS_OF_MS }, daysWithEvents: days }, [30]);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('they have no event at all from 2025-05-20T18:00:00.000Z to 2025-05-23T00:00:00.000Z');
    expect(cell(f!, 'coverage.missing').value).toBe('2025-05-20T18:00:00.000Z to 2025-05-23T00:00:00.000Z');
  });

  it('NEEDS_EVIDENCE: "no root event in the N days covered, look-back is M days; load logs for A to B"', () => {
    const [, f90] = run({ coverage: { start: at(45), end: AS_OF_MS } });
    expect(f90?.status).toBe('NEEDS_EVIDENCE');
    expect(f90?.message).toContain(`No root event in the 45 days covered, look-back is 90 days (${new Date(at(90)).toISOString()} to ${new Date(AS_OF_MS).toISOString()}); load logs for ${new Date(at(90)).toISOString()} to ${new Date(at(45)).toISOString()}: `);
  });

  it('NEEDS_EVIDENCE when the logs stop days before as-of names the tail to load', () => {
    const [f] = run({ coverage: { start: at(100), end: at(5, -hours(3)) } }, [30]);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain(`No root event in the 25 days 3 h covered, look-back is 30 days (${new Date(at(30)).toISOString()} to ${new Date(AS_OF_MS).toISOString()}); load logs for ${new Date(at(5, -hours(3))).toISOString()} to ${new Date(AS_OF_MS).toISOString()}: they end`);
  });

  it('NEEDS_EVIDENCE when the logs do not reach the window at all', () => {
    const [f] = run({ coverage: { start: at(400), end: at(300) } }, [30]);
    expect(f?.message).toContain('does not overlap the 30-day look-back');
  });

  it('task sessions are counted but named as such', () => {
    const [f] = run({ events: [taskEvent(at(3), { eventId: 't1' }), rootEvent(at(2), { eventId: 'r1' })] }, [30]);
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toContain('1 of them was in privileged root task sessions (sts:AssumeRoot).');
    const [g] = run({ events: [taskEvent(at(3))] }, [30]);
    expect(g?.message).toContain('All of them were in privileged root task sessions (sts:AssumeRoot); see CT-ROOT-TASK-SESSION.');
  });

  it('failed sign-ins are root events (as in the CIS filter) and are named as attempts', () => {
    const [f] = run({ events: [failedSignIn(at(3)), failedSignIn(at(2))] }, [30]);
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toContain('All of them were failed sign-in attempts; see CT-ROOT-FAILED-SIGN-IN.');
    const [g] = run({ events: [failedSignIn(at(3)), rootEvent(at(2))] }, [30]);
    expect(g?.message).toContain(' 1 of them was a failed sign-in attempt (CT-ROOT-FAILED-SIGN-IN).');
  });

  it('more than 50 events: the latest 50 are cited and the rest counted', () => {
    const events = Array.from({ length: 60 }, (_, i) => rootEvent(at(29, -i * hours(1)), { eventId: `e${i}` }));
    const [f] = run({ events }, [30]);
    const perEvent = f!.evidence.filter((e) => e.field === 'eventTime');
    expect(perEvent[0]).toEqual({ input: CT_INPUT, field: 'eventTime', value: '10 earlier events not listed', note: 'only the latest 50 are cited; the root events table lists all' });
    expect(perEvent.slice(1).map((e) => e.eventId)).toEqual(Array.from({ length: 50 }, (_, i) => `e${i + 10}`));
    expect(cell(f!, 'rootEvents.count').value).toBe('60');
  });

  it('results do not depend on the machine time zone (UTC arithmetic only)', () => {
    const data = ctData({ events: [rootEvent(at(30))] });
    const a = ctRootActivity.evaluate(ctCtx(data, { windows: [30] }));
    expect(a[0]?.status).toBe('FAIL');
    expect(a[0]?.message).toContain('2025-05-02T12:00:00.000Z');
  });
});
