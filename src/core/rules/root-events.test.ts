import { describe, expect, it } from 'vitest';
import { at, CT_INPUT, failedSignIn, rootEvent, signIn } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS } from '../../../test/helpers/report';
import { toIso } from '../time';
import {
  citeEvent,
  citeEvents,
  citeHistory,
  eventIdText,
  firstToLast,
  groupBy,
  isFailedSignIn,
  isLongTermKey,
  isSuccessfulSignIn,
  laterNote,
  mfaReading,
  signInOutcome,
  whenAndWhere,
} from './root-events';

describe('signInOutcome', () => {
  it.each([
    { name: 'Success', over: { signInResult: 'Success' }, outcome: 'success' },
    { name: 'lowercase failure', over: { signInResult: 'failure' }, outcome: 'failure' },
    { name: 'no result, no error (console CSV)', over: { signInResult: undefined }, outcome: 'success' },
    { name: 'no result, an error', over: { signInResult: undefined, errorMessage: 'Failed authentication' }, outcome: 'failure' },
    { name: 'odd result, no error', over: { signInResult: 'Pending' }, outcome: 'unknown' },
    { name: 'odd result, an error code', over: { signInResult: 'Pending', errorCode: 'X' }, outcome: 'failure' },
  ] as const)('$name → $outcome', ({ over, outcome }) => {
    expect(signInOutcome(signIn(at(1), over))).toBe(outcome);
  });

  it('only ConsoleLogin events are sign-ins', () => {
    expect(isSuccessfulSignIn(signIn(at(1)))).toBe(true);
    expect(isFailedSignIn(failedSignIn(at(1)))).toBe(true);
    expect(isSuccessfulSignIn(rootEvent(at(1)))).toBe(false);
    expect(isFailedSignIn(rootEvent(at(1), { errorCode: 'AccessDenied' }))).toBe(false);
  });
});

describe('mfaReading and isLongTermKey', () => {
  it.each([
    { mfaUsed: 'Yes', reading: 'yes' },
    { mfaUsed: ' NO ', reading: 'no' },
    { mfaUsed: undefined, reading: 'unknown' },
    { mfaUsed: 'maybe', reading: 'unknown' },
  ])('MFAUsed $mfaUsed → $reading', ({ mfaUsed, reading }) => {
    expect(mfaReading(signIn(at(1), { mfaUsed }))).toBe(reading);
  });

  it.each([
    { key: 'AKIAEXAMPLE', longTerm: true },
    { key: ' akiaexample', longTerm: true },
    { key: 'ASIAEXAMPLE', longTerm: false },
    { key: undefined, longTerm: false },
  ])('$key → $longTerm', ({ key, longTerm }) => {
    expect(isLongTermKey(key)).toBe(longTerm);
  });
});

describe('words about events', () => {
  const e = rootEvent(at(2), { eventId: 'abc', sourceIp: '203.0.113.9' });

  it('eventIdText and whenAndWhere', () => {
    expect(eventIdText(e)).toBe(' (eventID abc)');
    expect(eventIdText(rootEvent(at(2), { eventId: undefined }))).toBe('');
    expect(whenAndWhere(e, AS_OF_MS)).toBe(`${toIso(at(2))} (2 days ago) from 203.0.113.9`);
    expect(whenAndWhere(rootEvent(at(2), { sourceIp: undefined }), AS_OF_MS)).toMatch(/from an unrecorded IP$/);
  });

  it('firstToLast names one time, or the first and last', () => {
    expect(firstToLast([e])).toBe(toIso(at(2)));
    expect(firstToLast([rootEvent(at(3)), e])).toBe(`${toIso(at(3))} to ${toIso(at(2))}`);
  });

  it('laterNote counts events later than as-of', () => {
    expect(laterNote([e], AS_OF_MS)).toBe('');
    expect(laterNote([e, rootEvent(AS_OF_MS + 1)], AS_OF_MS)).toBe(' (1 later than as-of, counted as within)');
  });

  it('groupBy keeps first-appearance order of groups and events', () => {
    const a1 = rootEvent(at(5), { sourceIp: 'a' });
    const b1 = rootEvent(at(4), { sourceIp: 'b' });
    const a2 = rootEvent(at(3), { sourceIp: 'a' });
    expect(groupBy([a1, b1, a2], (x) => x.sourceIp ?? '')).toEqual([
      { key: 'a', events: [a1, a2] },
      { key: 'b', events: [b1] },
    ]);
  });
});

describe('citing events', () => {
  it('cites input, eventID, time, age and a description', () => {
    const ev = citeEvent(failedSignIn(at(1), { eventId: 'id-1' }), AS_OF_MS);
    expect(ev).toMatchObject({ input: CT_INPUT, field: 'eventTime', value: toIso(at(1)), ageDays: 1, eventId: 'id-1' });
    expect(ev.note).toContain('ConsoleLogin; Failure; MFAUsed No; error "Failed authentication"');
  });

  it('names the record when there is no eventID', () => {
    expect(citeEvent(rootEvent(at(1), { eventId: undefined, record: 7 }), AS_OF_MS, 'n').note).toBe('n; record 7');
  });

  it('keeps the latest `max` events and counts the rest', () => {
    const events = [rootEvent(at(3)), rootEvent(at(2)), rootEvent(at(1))];
    const out = citeEvents(events, AS_OF_MS, 'label', undefined, 2);
    expect(out.map((x) => x.value)).toEqual(['1 earlier events not listed', toIso(at(2)), toIso(at(1))]);
    expect(out[0]).toMatchObject({ input: 'label', field: 'eventTime' });
  });

  it('cites at most ten history events, the latest, marked as history', () => {
    const history = Array.from({ length: 12 }, (_, i) => rootEvent(at(200 - i)));
    const out = citeHistory(history, AS_OF_MS, 90);
    expect(out).toHaveLength(10);
    expect(out[0]?.value).toBe(toIso(at(198)));
    expect(out[0]?.note).toMatch(/^history, before the 90-day look-back \(does not fail\): ListBuckets/);
  });
});
