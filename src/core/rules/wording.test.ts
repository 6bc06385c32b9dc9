import { describe, expect, it } from 'vitest';
import { listOf, plural, tally } from './wording';

describe('listOf', () => {
  it.each([
    { items: [], text: '' },
    { items: ['a'], text: 'a' },
    { items: ['a', 'b'], text: 'a and b' },
    { items: ['a', 'b', 'c'], text: 'a, b and c' },
  ])('$items → "$text"', ({ items, text }) => {
    expect(listOf(items)).toBe(text);
  });
});

describe('plural', () => {
  it.each([
    { n: 0, one: 'event', many: undefined, text: '0 events' },
    { n: 1, one: 'event', many: undefined, text: '1 event' },
    { n: 2, one: 'event', many: undefined, text: '2 events' },
    { n: 3, one: 'was', many: 'were', text: '3 were' },
  ])('$n $one → "$text"', ({ n, one, many, text }) => {
    expect(plural(n, one, many)).toBe(text);
  });
});

describe('tally', () => {
  it.each([
    { values: [], max: undefined, text: '(not recorded)' },
    { values: [undefined, ''], max: undefined, text: '(not recorded)' },
    { values: ['b', 'a', 'b'], max: undefined, text: 'b ×2, a ×1' },
    { values: ['b', 'a'], max: undefined, text: 'a ×1, b ×1' },
    { values: ['a', 'b', 'c', 'c'], max: 2, text: 'c ×2, a ×1, and 1 more' },
  ])('$values (max $max) → "$text"', ({ values, max, text }) => {
    expect(tally(values, max)).toBe(text);
  });

  it('lists ten values by default', () => {
    const values = Array.from({ length: 12 }, (_, i) => `v${String(i).padStart(2, '0')}`);
    expect(tally(values)).toMatch(/^v00 ×1, .*v09 ×1, and 2 more$/);
  });
});
