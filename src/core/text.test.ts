import { describe, expect, it } from 'vitest';
import { clip, INVISIBLE_CONTROLS, visibleText } from './text';

describe('clip', () => {
  it.each<[string, number | undefined, string]>([
    ['short', undefined, 'short'],
    ['x'.repeat(80), undefined, 'x'.repeat(80)],
    ['x'.repeat(81), undefined, `${'x'.repeat(80)}…`],
    ['abcdef', 3, 'abc…'],
    ['', 3, ''],
  ])('%j (max %j)', (text, max, out) => {
    expect(clip(text, max)).toBe(out);
  });
});

describe('visibleText (issue 11, item 17)', () => {
  it.each<[string, string]>([
    ['admin\u202Egnp.exe', 'admin\\u202Egnp.exe'],
    ['a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf', 'a\\u200Bb\\u200Cc\\u200Dd\\u2060e\\uFEFFf'],
    ['\u2066x\u2069\u200E\u200F\u061C', '\\u2066x\\u2069\\u200E\\u200F\\u061C'],
    ['line\u2028sep\u2029', 'line\\u2028sep\\u2029'],
    ['plain ascii, ü, 😀, \u00A0', 'plain ascii, ü, 😀, \u00A0'],
    ['', ''],
  ])('%j', (text, out) => {
    expect(visibleText(text)).toBe(out);
    expect(visibleText(text)).not.toMatch(INVISIBLE_CONTROLS);
  });
});
