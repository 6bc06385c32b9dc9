// UTC time helpers. Run under TZ=UTC and TZ=Pacific/Kiritimati (UTC+14): results must not move.
import { describe, expect, it } from 'vitest';
import { ageInDays, DAY_MS, describeAge, formatDuration, HOUR_MS, parseOffsetMinutes, parseUtc, toIso, utcDay, withinWindow } from './time';

const iso = (t: string | undefined): string | undefined => (t === undefined ? undefined : toIso(parseUtc(t)?.ms ?? NaN));

describe('parseUtc', () => {
  it.each<[string, string | undefined, boolean, boolean]>([
    // text, instant, zoneless, dateOnly
    ['2025-06-01T12:00:00Z', '2025-06-01T12:00:00.000Z', false, false],
    ['2025-06-01T12:00:00+00:00', '2025-06-01T12:00:00.000Z', false, false],
    ['2025-06-01T12:00:00z', '2025-06-01T12:00:00.000Z', false, false],
    ['2025-06-01T12:00:00 UTC', '2025-06-01T12:00:00.000Z', false, false],
    ['2025-06-01T14:30:00+02:30', '2025-06-01T12:00:00.000Z', false, false],
    ['2025-06-01T04:00:00-0800', '2025-06-01T12:00:00.000Z', false, false],
    ['2025-06-01T12:00:00.5Z', '2025-06-01T12:00:00.500Z', false, false],
    ['2025-06-01T12:00:00.123456789Z', '2025-06-01T12:00:00.123Z', false, false],
    ['2025-06-01T12:00Z', '2025-06-01T12:00:00.000Z', false, false],
    // Spreadsheet rewrite: no zone, read as UTC and flagged.
    ['2024-04-14 17:15:00', '2024-04-14T17:15:00.000Z', true, false],
    ['2024-04-14T17:15', '2024-04-14T17:15:00.000Z', true, false],
    ['  2024-04-14T17:15:00Z  ', '2024-04-14T17:15:00.000Z', false, false],
    // Date only (exception expiry, --as-of).
    ['2025-12-31', '2025-12-31T00:00:00.000Z', false, true],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z', false, false],
  ])('%j', (text, instant, zoneless, dateOnly) => {
    const p = parseUtc(text);
    expect(p).toBeDefined();
    expect([toIso(p?.ms ?? NaN), p?.zoneless, p?.dateOnly]).toEqual([instant, zoneless, dateOnly]);
  });

  it.each(['', 'N/A', 'no_information', 'not_supported', '2025-13-01T00:00:00Z', '2025-02-29T00:00:00Z', '2024-02-30', '2025-06-31', '2025-06-01T24:00:00Z', '2025-06-01T12:60:00Z', '25-06-01', '2025/06/01', 'June 1, 2025', '2025-06-01T12:00:00+0', '1748779200'])(
    '%j is not a time',
    (text) => {
      expect(parseUtc(text)).toBeUndefined();
    },
  );

  it('2025 (Z) and legacy (+00:00) report timestamps are the same instant', () => {
    expect(parseUtc('2018-11-27T00:02:00Z')?.ms).toBe(parseUtc('2018-11-27T00:02:00+00:00')?.ms);
    expect(iso('2018-11-27T00:02:00+00:00')).toBe('2018-11-27T00:02:00.000Z');
  });

  it('does not depend on the machine time zone (same as Date.parse of the Z form)', () => {
    for (const t of ['2024-04-14 17:15:00', '2025-01-01T00:00:00', '2025-03-30T01:30:00']) {
      expect(parseUtc(t)?.ms).toBe(Date.parse(`${t.replace(' ', 'T')}Z`));
    }
    expect(parseUtc('2025-12-31')?.ms).toBe(Date.UTC(2025, 11, 31));
  });
});

describe('ages and windows', () => {
  const asOf = Date.parse('2019-05-07T15:40:22Z');

  it('ageInDays floors whole days, negative when later than as-of', () => {
    expect(ageInDays(Date.parse('2018-11-27T00:02:00Z'), asOf)).toBe(161);
    expect(ageInDays(asOf - DAY_MS, asOf)).toBe(1);
    expect(ageInDays(asOf - DAY_MS + 1, asOf)).toBe(0);
    expect(ageInDays(asOf, asOf)).toBe(0);
    expect(ageInDays(asOf + 1, asOf)).toBe(-1);
    expect(ageInDays(asOf + 2 * DAY_MS, asOf)).toBe(-2);
  });

  it('withinWindow is inclusive (asOf - t <= N × 24 h) and anything after as-of is within', () => {
    expect(withinWindow(asOf - 30 * DAY_MS, asOf, 30)).toBe(true);
    expect(withinWindow(asOf - 30 * DAY_MS - 1, asOf, 30)).toBe(false);
    expect(withinWindow(asOf - 1 * DAY_MS, asOf, 1)).toBe(true);
    expect(withinWindow(asOf + 365 * DAY_MS, asOf, 1)).toBe(true);
  });

  it('a day is 24 h even across a daylight-saving change elsewhere', () => {
    const a = Date.parse('2025-03-29T12:00:00Z');
    const b = Date.parse('2025-03-31T12:00:00Z');
    expect(ageInDays(a, b)).toBe(2);
  });

  it('describeAge and formatDuration', () => {
    expect(describeAge(asOf - 5 * DAY_MS, asOf)).toBe('5 days ago');
    expect(describeAge(asOf - DAY_MS - 2 * HOUR_MS, asOf)).toBe('1 day 2 h ago');
    expect(describeAge(asOf + 3 * HOUR_MS, asOf)).toBe('3 h after as-of');
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(59 * 60_000)).toBe('59 min');
    expect(formatDuration(30 * DAY_MS + 2 * HOUR_MS)).toBe('30 days 2 h');
  });

  it('utcDay and toIso are UTC', () => {
    expect(utcDay(Date.parse('2025-06-01T23:59:59Z'))).toBe('2025-06-01');
    expect(utcDay(Date.parse('2025-06-01T00:00:00+14:00'))).toBe('2025-05-31');
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('parseOffsetMinutes', () => {
  it.each<[string | undefined, number | undefined]>([
    [undefined, 0],
    ['UTC', 0],
    ['Z', 0],
    ['+05:30', 330],
    ['-0800', -480],
    ['+14:00', 840],
    ['5:30', undefined],
    ['+5', undefined],
    ['CET', undefined],
  ])('%j -> %j', (text, minutes) => {
    expect(parseOffsetMinutes(text)).toBe(minutes);
  });
});
