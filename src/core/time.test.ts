// UTC time helpers. Run under TZ=UTC and TZ=Pacific/Kiritimati (UTC+14): results must not move.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageInDays,
  dateTimeInFileName,
  DAY_MS,
  daysAfterAsOf,
  describeAge,
  formatDuration,
  formatOffset,
  fromDateParts,
  fromEpochSeconds,
  fromEpochSecondsOrMs,
  fromWallClock,
  HOUR_MS,
  isValidTime,
  parseCanonicalUtc,
  parseEpochSeconds,
  parseOffsetMinutes,
  parseUtc,
  parseUtcMs,
  parseWallClock,
  startOfUtcDay,
  toIso,
  usedAgoText,
  utcDay,
  withinWindow,
} from './time';

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

  it('startOfUtcDay: midnight UTC of the instant\'s day, before 1970 too', () => {
    for (const t of ['2025-06-01T00:00:00Z', '2025-06-01T23:59:59.999Z', '2025-06-01T12:34:56Z', '1969-12-31T23:00:00Z', '1970-01-01T00:00:00Z']) {
      expect(toIso(startOfUtcDay(Date.parse(t)))).toBe(`${t.slice(0, 10)}T00:00:00.000Z`);
    }
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
    ['-12:00', -720],
    ['+00:00', 0],
    [' utc ', 0],
    ['z', 0],
    [' +05:45 ', 345],
    ['5:30', undefined],
    ['+5', undefined],
    ['CET', undefined],
    ['', undefined],
    ['+14:01', undefined],
    ['-15:00', undefined],
    ['+05:60', undefined],
    ['+99:99', undefined],
    ['UTC+01:00', undefined],
  ])('%j -> %j', (text, minutes) => {
    expect(parseOffsetMinutes(text)).toBe(minutes);
  });

  it.each<[number, string]>([
    [0, 'UTC+00:00'],
    [330, 'UTC+05:30'],
    [-480, 'UTC-08:00'],
    [-570, 'UTC-09:30'],
  ])('formatOffset(%j) -> %j', (minutes, text) => {
    expect(formatOffset(minutes)).toBe(text);
  });
});

describe('parseCanonicalUtc: the fast path for the shapes AWS writes', () => {
  it.each<[string, string | undefined]>([
    ['2024-05-01T09:05:00Z', '2024-05-01T09:05:00.000Z'],
    ['2024-05-01T09:05:00+00:00', '2024-05-01T09:05:00.000Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
    // Not the fast shapes: left to parseUtc (undefined here).
    ['2024-05-01T09:05:00.250Z', undefined],
    ['2024-05-01T11:05:00+02:00', undefined],
    ['2024-05-01 09:05:00Z', undefined],
    ['2024-05-01T09:05:00z', undefined],
    ['2024-05-01T09:05:60Z', undefined],
    ['0050-01-01T00:00:00Z', undefined],
    // Not times at all.
    ['2023-02-29T00:00:00Z', undefined],
    ['1900-02-29T00:00:00Z', undefined],
    ['2024-04-31T00:00:00Z', undefined],
    ['2024-13-01T00:00:00Z', undefined],
    ['2024-05-01T24:00:00Z', undefined],
    ['2024-05-01T09:05:0:Z', undefined],
    ['20:4-05-01T09:05:00Z', undefined],
    ['redacted', undefined],
    ['', undefined],
  ])('%j -> %j', (text, instant) => {
    const ms = parseCanonicalUtc(text);
    expect(ms === undefined ? undefined : toIso(ms)).toBe(instant);
  });

  it('whenever it answers, it answers what parseUtc does', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const canonical = fc
      .tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(14), two(32), two(25), two(61), two(61), fc.constantFrom('Z', '+00:00'))
      .map(([y, mo, d, h, mi, s, zone]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
    fc.assert(
      fc.property(fc.oneof(canonical, fc.string({ maxLength: 26 })), (text) => {
        const fast = parseCanonicalUtc(text);
        if (fast !== undefined) expect(fast).toBe(parseUtc(text)?.ms);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('parseUtcMs: any ISO text, the fast path first', () => {
  it.each<[string, number | undefined]>([
    ['2024-05-01T09:05:00Z', Date.UTC(2024, 4, 1, 9, 5, 0)],
    ['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['2024-05-01T09:05:00.250Z', Date.UTC(2024, 4, 1, 9, 5, 0, 250)],
    ['2024-05-01T11:05:00+02:00', Date.UTC(2024, 4, 1, 9, 5, 0)],
    ['2024-05-04 08:00:00.000', Date.UTC(2024, 4, 4, 8, 0, 0)],
    ['2024-05-04', Date.UTC(2024, 4, 4)],
    ['2023-02-29T00:00:00Z', undefined],
    ['2024-13-01T00:00:00Z', undefined],
    ['redacted', undefined],
    ['', undefined],
  ])('%s', (t, ms) => {
    expect(parseUtcMs(t)).toBe(ms);
  });
});

describe('wall-clock readings without a zone (older console CSV)', () => {
  it.each<[string, string | undefined]>([
    ['2020-05-13, 04:52:01 PM', '2020-05-13T16:52:01.000Z'],
    ['2020-05-13 04:52:01 pm', '2020-05-13T16:52:01.000Z'],
    ['2020-05-13, 12:00:00 AM', '2020-05-13T00:00:00.000Z'],
    ['2020-05-13, 12:30:00 PM', '2020-05-13T12:30:00.000Z'],
    ['2020-05-13, 16:52', '2020-05-13T16:52:00.000Z'],
    [' 2020-05-13, 4:52:01 AM ', '2020-05-13T04:52:01.000Z'],
    ['2020-05-13, 13:00:00 PM', undefined],
    ['2020-05-13, 00:10:00 AM', undefined],
    ['2020-02-30, 10:00:00 AM', undefined],
    ['2020-05-13T16:52:01Z', undefined],
    ['May 13, 2020', undefined],
  ])('%j -> %j (as if UTC)', (text, wall) => {
    const ms = parseWallClock(text);
    expect(ms === undefined ? undefined : toIso(ms)).toBe(wall);
  });

  it('fromWallClock places the reading at the offset (east of UTC is earlier in UTC)', () => {
    const wall = parseWallClock('2020-05-13, 04:52:01 PM') as number;
    expect(toIso(fromWallClock(wall, 0))).toBe('2020-05-13T16:52:01.000Z');
    expect(toIso(fromWallClock(wall, 120))).toBe('2020-05-13T14:52:01.000Z');
    expect(toIso(fromWallClock(wall, -420))).toBe('2020-05-13T23:52:01.000Z');
  });
});

describe('epoch numbers and date parts', () => {
  it('epoch seconds (lookup-events EventTime), rounded to whole ms', () => {
    expect(fromEpochSeconds(1714555800)).toBe(Date.UTC(2024, 4, 1, 9, 30));
    expect(fromEpochSeconds(1714555800.2505)).toBe(Date.UTC(2024, 4, 1, 9, 30, 0, 251));
    expect(parseEpochSeconds('1714555800')).toBe(Date.UTC(2024, 4, 1, 9, 30));
    expect(parseEpochSeconds('1714555800.5')).toBe(Date.UTC(2024, 4, 1, 9, 30, 0, 500));
    for (const t of ['', '-1', '1e9', '2024-05-01', '17145 55800']) expect(parseEpochSeconds(t)).toBeUndefined();
  });

  it('seconds or ms told apart by size (GeneratedTime numbers)', () => {
    expect(fromEpochSecondsOrMs(1748779200)).toBe(Date.UTC(2025, 5, 1, 12));
    expect(fromEpochSecondsOrMs(1748779200000)).toBe(Date.UTC(2025, 5, 1, 12));
    expect(fromEpochSecondsOrMs(0)).toBe(0);
  });

  it.each<[Record<string, unknown>, string | undefined]>([
    [{ __class__: 'datetime', year: 2025, month: 6, day: 1, hour: 9, minute: 30, second: 0, microsecond: 250999 }, '2025-06-01T09:30:00.250Z'],
    [{ year: 2025, month: 6, day: 1 }, '2025-06-01T00:00:00.000Z'],
    [{ year: 2025, month: 6, day: 1, hour: '9' }, '2025-06-01T00:00:00.000Z'],
    [{ year: 2025, month: 6 }, undefined],
    [{ year: '2025', month: 6, day: 1 }, undefined],
  ])('fromDateParts(%j) -> %j', (parts, instant) => {
    const ms = fromDateParts(parts);
    expect(ms === undefined ? undefined : toIso(ms)).toBe(instant);
  });
});

describe('hostile times (issue 11, item 17)', () => {
  const isoOrNone = (t: string): string | undefined => {
    const ms = parseUtc(t)?.ms;
    return ms === undefined ? undefined : toIso(ms);
  };

  it.each<[string, string | undefined]>([
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    ['0001-02-03T04:05:06Z', '0001-02-03T04:05:06.000Z'],
    ['0099-12-31T23:59:59+00:00', '0099-12-31T23:59:59.000Z'],
    ['0000-02-29T00:00:00Z', '0000-02-29T00:00:00.000Z'], // the year 0 is a leap year (1900 was not)
    ['0100-02-29T00:00:00Z', undefined],
    ['0004-02-29', '0004-02-29T00:00:00.000Z'],
    ['0050-06-01 12:00:00', '0050-06-01T12:00:00.000Z'],
  ])('years 0000–0099 are read as written: %s', (text, expected) => {
    expect(isoOrNone(text)).toBe(expected);
    if (expected) expect(new Date(parseUtc(text)?.ms ?? NaN).getUTCFullYear()).toBe(Number(text.slice(0, 4)));
  });

  it.each<[string, string | undefined]>([
    ['2024-05-01T10:00:00+14:00', '2024-04-30T20:00:00.000Z'],
    ['2024-05-01T10:00:00-12:00', '2024-05-01T22:00:00.000Z'],
    ['2024-05-01T10:00:00+05:45', '2024-05-01T04:15:00.000Z'],
    ['2024-05-01T10:00:00+14:01', undefined],
    ['2024-05-01T10:00:00-15:00', undefined],
    ['2024-05-01T10:00:00+99:99', undefined],
    ['2024-05-01T10:00:00+05:60', undefined],
    ['2024-05-01T10:00:00+0099', undefined],
  ])('zone offsets beyond ±14:00 or with minutes > 59 are not times: %s', (text, expected) => {
    expect(isoOrNone(text)).toBe(expected);
    expect(parseUtcMs(text) === undefined ? undefined : toIso(parseUtcMs(text) as number)).toBe(expected);
  });

  it('boto3 date parts of the year 0001 are the year 1', () => {
    expect(toIso(fromDateParts({ year: 1, month: 1, day: 2, hour: 3 }) as number)).toBe('0001-01-02T03:00:00.000Z');
  });
});

describe('dateTimeInFileName: the as-of of a CSV report without a generation time', () => {
  it.each([
    ['status_reports_2024-04-14T17_15_36+00_00.csv', '2024-04-14T17:15:36.000Z'],
    ['downloads/credential-report_2024-04-14T17:15:36Z.csv', '2024-04-14T17:15:36.000Z'],
    ['iam-report-2024-04-14UTC1715.csv', '2024-04-14T17:15:00.000Z'],
    ['report 2024-04-14 17-15.csv', '2024-04-14T17:15:00.000Z'],
    ['C:\\Users\\me\\r_2024-01-05T03_04_05-05_00.csv', '2024-01-05T08:04:05.000Z'],
  ])('%s → %s', (name, expected) => {
    expect(new Date(dateTimeInFileName(name) as number).toISOString()).toBe(expected);
  });

  it.each(['credential-report.csv', 'report-2024-04-14.csv', 'r-2024-02-31T10_00.csv', 'x-12024-04-14T17_15_36.csv', '2024-04-14T17_15/report.csv'])('%s → none', (name) => {
    expect(dateTimeInFileName(name)).toBeUndefined();
  });
});

describe('ages never negative in words', () => {
  const asOf = Date.parse('2024-01-24T00:00:00Z');
  it('usedAgoText and daysAfterAsOf agree with the evidence ageDays', () => {
    expect(usedAgoText(Date.parse('2024-02-20T00:00:00Z'), asOf)).toBe('used 27 days after as-of');
    expect(ageInDays(Date.parse('2024-02-20T00:00:00Z'), asOf)).toBe(-27);
    expect(daysAfterAsOf(asOf + 1, asOf)).toBe(1);
    expect(usedAgoText(asOf - DAY_MS, asOf)).toBe('used 1 day ago');
    expect(usedAgoText(asOf, asOf)).toBe('used 0 days ago');
  });

  it('describeAge names the reference it measures from', () => {
    expect(describeAge(asOf + 2 * DAY_MS, asOf)).toBe('2 days after as-of');
    expect(describeAge(asOf + HOUR_MS, asOf, 'the evaluation clock')).toBe('1 h after the evaluation clock');
  });

  it('isValidTime: what a Date can hold', () => {
    expect([isValidTime(0), isValidTime(8.64e15), isValidTime(8.64e15 + 1), isValidTime(1e303), isValidTime(Number.NaN)]).toEqual([true, true, false, false, false]);
  });
});
