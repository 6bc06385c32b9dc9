import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOWS, MAX_WINDOW_DAYS, parseTimeOffset, parseWindows, timeOffsetText } from './options';

describe('parseWindows', () => {
  it.each<{ input: string | number[]; value?: number[]; problem?: RegExp }>([
    { input: '30,90', value: [30, 90] },
    { input: ' 90, 30 ; 1 45 ', value: [1, 30, 45, 90] },
    { input: '90,45,30,1,30', value: [1, 30, 45, 90] },
    { input: [90, 30, 30], value: [30, 90] },
    { input: [...DEFAULT_WINDOWS], value: [30, 90] },
    { input: `1,${MAX_WINDOW_DAYS}`, value: [1, MAX_WINDOW_DAYS] },
    { input: '', problem: /at least one window/ },
    { input: [], problem: /at least one window/ },
    { input: '30,abc', problem: /Not a whole number of days from 1 to 36500: abc\.$/ },
    { input: '0', problem: /: 0\.$/ },
    { input: '-5,7', problem: /: -5\.$/ },
    { input: '1.5', problem: /: 1\.5\.$/ },
    { input: [30.5, 0, Number.NaN], problem: /: 30\.5, 0, NaN\.$/ },
    { input: String(MAX_WINDOW_DAYS + 1), problem: /36501/ },
  ])('$input', ({ input, value, problem }) => {
    const r = parseWindows(input);
    if (value) expect(r).toEqual({ value });
    else expect('problem' in r && r.problem).toMatch(problem as RegExp);
  });
});

describe('parseTimeOffset', () => {
  it.each<[string, number | null]>([
    ['UTC', 0],
    ['utc', 0],
    ['Z', 0],
    [' +05:30 ', 330],
    ['+0530', 330],
    ['-08:00', -480],
    ['+14:00', 840],
    ['-12:00', -720],
    ['', null],
    ['CET', null],
    ['+5:30', null],
    ['+05:60', null],
    ['+15:00', null],
    ['05:30', null],
  ])('%j -> %s', (text, minutes) => {
    const r = parseTimeOffset(text);
    if (minutes === null) expect('problem' in r && r.problem).toMatch(/is not UTC or a zone offset such as \+05:30 or -08:00\.$/);
    else expect(r).toEqual({ value: minutes });
  });

  it('a bad offset is a problem, never 0', () => {
    expect(parseTimeOffset('nonsense')).not.toHaveProperty('value');
  });
});

describe('timeOffsetText', () => {
  it.each([
    [0, 'UTC'],
    [330, '+05:30'],
    [-480, '-08:00'],
    [-30, '-00:30'],
  ])('%d -> %s, which parses back', (minutes, text) => {
    expect(timeOffsetText(minutes)).toBe(text);
    expect(parseTimeOffset(text)).toEqual({ value: minutes });
  });
});
