import { describe, expect, it } from 'vitest';
import { clip } from './text';

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
