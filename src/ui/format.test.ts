// The page's one human form of time (date-fns pinned to UTC) and the as-of field's parser: the same
// text on every machine, whatever its zone (this file runs with TZ=UTC and TZ=Pacific/Kiritimati).
import { describe, expect, it } from 'vitest';
import { fmtAge, fmtDay, fmtUtc, fmtWhen, fromAsOfText, toAsOfText } from './format';
import { WINDOW_COLOR, windowPlace } from './palette';

describe('times in UTC', () => {
  it.each([
    ['2025-06-02T09:30:00.000Z', '2025-06-02 09:30 UTC'],
    ['2025-06-02T09:30:07Z', '2025-06-02 09:30:07 UTC'],
    ['2025-06-01T23:59:00+00:00', '2025-06-01 23:59 UTC'],
    ['2025-06-02T01:30:00+14:00', '2025-06-01 11:30 UTC'],
  ])('fmtUtc(%s) = %s', (iso, text) => expect(fmtUtc(iso)).toBe(text));

  it('an instant and its age in one form; never a negative age', () => {
    expect(fmtWhen('2025-03-01T09:30:00Z', 93)).toBe('2025-03-01 09:30 UTC · 93 days before as-of');
    expect(fmtAge(1)).toBe('1 day before as-of');
    expect(fmtAge(-27)).toBe('27 days after as-of');
    expect(fmtAge(0)).toBe('under a day before as-of');
    expect(fmtDay(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
    expect(fmtUtc(undefined)).toBe('—');
    expect(fmtUtc('not a time')).toBe('not a time');
  });

  it('the as-of field: 24-hour UTC with seconds, read back exactly', () => {
    const ms = Date.UTC(2025, 5, 2, 21, 5, 9);
    expect(toAsOfText(ms)).toBe('2025-06-02 21:05:09');
    expect(fromAsOfText(toAsOfText(ms))).toBe(ms);
    expect(fromAsOfText('2025-09-09T12:00')).toBe(Date.UTC(2025, 8, 9, 12, 0, 0));
    expect(fromAsOfText('2025-09-09 12:00 UTC')).toBe(Date.UTC(2025, 8, 9, 12, 0, 0));
    for (const bad of ['2025-04-31 10:00', '2025-13-01 10:00', '2025-01-01 24:00', '2025-01-01', '9/9/2025 12:00 PM', '']) expect(fromAsOfText(bad), bad).toBeUndefined();
  });
});

describe('one palette for windows', () => {
  it('shortest window vermillion, a longer one orange, outside every window grey — never green', () => {
    expect(windowPlace([30, 90], [30, 90])).toBe('shortest');
    expect(windowPlace([90], [30, 90])).toBe('longer');
    expect(windowPlace([], [30, 90])).toBe('outside');
    expect(Object.values(WINDOW_COLOR)).not.toContain('#009E73');
  });
});
