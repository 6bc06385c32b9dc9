import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countDistinct, coverageAtClock, EventKeyHasher, gapsBetween, HOLE_MS, KeyList, sortedTimes, TimeList } from './coverage';

const keysOf = (pairs: [number, number][]): KeyList => {
  const k = new KeyList();
  for (const [hi, lo] of pairs) k.push(hi, lo);
  return k;
};

describe('countDistinct', () => {
  it('counts each key once and names the lists that share keys', () => {
    const a = keysOf([
      [1, 1],
      [1, 2],
      [7, 0],
    ]);
    const b = keysOf([
      [1, 2],
      [9, 9],
    ]);
    const c = keysOf([[5, 5]]);
    expect(countDistinct([a, b, c])).toEqual({ distinct: 5, copies: 1, sourcesWithCopies: new Set([0, 1]) });
    expect(countDistinct([])).toEqual({ distinct: 0, copies: 0, sourcesWithCopies: new Set() });
  });

  it('a copy inside one list names that list only', () => {
    expect(countDistinct([keysOf([[3, 4], [3, 4], [3, 5]]), keysOf([[8, 8]])])).toEqual({ distinct: 3, copies: 1, sourcesWithCopies: new Set([0]) });
  });

  it('many keys in one bucket (same top 16 bits), one key many times: each counted once, the right lists named', () => {
    const a: [number, number][] = [];
    for (let i = 0; i < 3000; i++) a.push([0x1234_0000 + ((i * 7919) % 3000), (i * 104729) >>> 0]);
    const b: [number, number][] = Array.from({ length: 2000 }, () => [0x1234_0005, 42]);
    const c: [number, number][] = [[0x1234_0005, 42], [0x9999_0000, 1]];
    const d: [number, number][] = [[0x9999_0000, 2]];
    expect(countDistinct([keysOf(a), keysOf(b), keysOf(c), keysOf(d)])).toEqual({ distinct: 3000 + 1 + 2, copies: 2000, sourcesWithCopies: new Set([1, 2]) });
  });

  it('equals a naive count for any keys (sorted over all 64 bits)', () => {
    const word = fc.oneof(fc.constantFrom(0, 1, 0xffff, 0x10000, 0xffffffff), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(word, word), { maxLength: 40 }), { maxLength: 5 }), (lists) => {
        const total = lists.reduce((n, l) => n + l.length, 0);
        // Half the runs count in a scratch buffer (as the merge does); the result must not depend on it.
        const scratch = total % 2 === 0 ? new ArrayBuffer(total * 8) : undefined;
        const got = countDistinct(lists.map(keysOf), scratch);
        const seen = new Map<string, Set<number>>();
        lists.forEach((l, i) => l.forEach(([hi, lo]) => (seen.get(`${hi}:${lo}`) ?? seen.set(`${hi}:${lo}`, new Set()).get(`${hi}:${lo}`))?.add(i)));
        expect(got.distinct).toBe(seen.size);
        expect(got.copies).toBe(total - seen.size);
        const sharing = new Set<number>();
        for (const [key, from] of seen) {
          const count = lists.reduce((n, l) => n + l.filter(([hi, lo]) => `${hi}:${lo}` === key).length, 0);
          if (count > 1) for (const i of from) sharing.add(i);
        }
        expect(got.sourcesWithCopies).toEqual(sharing);
      }),
      { numRuns: 200 },
    );
  });
});

describe('EventKeyHasher', () => {
  it('the same event gives the same key from text ranges and from strings; id, name and time all count', () => {
    const h = new EventKeyHasher();
    const text = '{"eventID":"e-1","eventName":"ListUsers"}';
    h.ofRanges(text, 12, 15, 30, 39, 1000);
    const fromRanges = [h.hi, h.lo];
    h.ofStrings('e-1', 'ListUsers', 1000);
    expect([h.hi, h.lo]).toEqual(fromRanges);
    const keys = new Set<string>();
    for (const [id, name, ms] of [
      ['e-1', 'ListUsers', 1000],
      ['e-2', 'ListUsers', 1000],
      ['e-1', 'ListRoles', 1000],
      ['e-1', 'ListUsers', 1001],
      ['e-1L', 'istUsers', 1000],
      ['e-1', 'ListUsers', 1000 + 2 ** 32],
    ] as const) {
      h.ofStrings(id, name, ms);
      keys.add(`${h.hi}:${h.lo}`);
    }
    expect(keys.size).toBe(6);
  });
});

describe('times, holes and the clock', () => {
  const T = Date.parse('2024-05-01T00:00:00Z');
  it('TimeList grows; sortedTimes merges; gaps longer than 24 h are holes', () => {
    const a = new TimeList();
    for (let i = 0; i < 40; i++) a.push(T + i * 3_600_000);
    const b = Float64Array.of(T + 100 * 3_600_000, T - 5);
    const times = sortedTimes([a.view(), b]);
    expect(times.length).toBe(42);
    expect(times[0]).toBe(T - 5);
    expect(gapsBetween(times)).toEqual([{ start: T + 39 * 3_600_000, end: T + 100 * 3_600_000 }]);
    expect(gapsBetween(Float64Array.of(T, T + HOLE_MS))).toEqual([]);
  });

  it('TimeList holds whole seconds in 4 bytes each until a time is not one, then milliseconds; it reads back what was pushed', () => {
    const pushed = [T, T + 1000, T + 86_400_000];
    for (let i = 0; i < 30; i++) pushed.push(T + i * 60_000);
    const t = new TimeList();
    for (const v of pushed) t.push(v);
    expect(t.seconds).toBe(true);
    expect(t.data).toBeInstanceOf(Uint32Array);
    expect(t.data[0]).toBe(T / 1000);
    expect([...t.view()]).toEqual(pushed);
    // A time with milliseconds: the list turns into milliseconds and keeps every earlier time.
    t.push(T + 1);
    pushed.push(T + 1);
    expect(t.seconds).toBe(false);
    expect(t.data).toBeInstanceOf(Float64Array);
    expect([...t.view()]).toEqual(pushed);
    t.push(T + 2000);
    pushed.push(T + 2000);
    t.trim();
    expect(t.data.length).toBe(pushed.length);
    expect([...t.view()]).toEqual(pushed);
    // Times a Uint32 of seconds cannot hold: after 2106, before 1970.
    for (const odd of [Date.UTC(2106, 1, 7, 6, 28, 16), -1000]) {
      const u = new TimeList();
      u.push(T);
      u.push(odd);
      expect(u.seconds).toBe(false);
      expect([...u.view()]).toEqual([T, odd]);
    }
    const last = new TimeList();
    last.push(Date.UTC(2106, 1, 7, 6, 28, 15));
    expect(last.seconds).toBe(true);
    expect([...last.view()]).toEqual([Date.UTC(2106, 1, 7, 6, 28, 15)]);
  });

  it('sortedTimes merges lists of seconds, lists of milliseconds and plain arrays', () => {
    const secs = new TimeList();
    secs.push(T + 5000);
    secs.push(T);
    const ms = new TimeList();
    ms.push(T + 2500);
    ms.push(T + 1);
    expect(ms.seconds).toBe(false);
    expect([...sortedTimes([secs, ms, Float64Array.of(T + 3000)])]).toEqual([T, T + 1, T + 2500, T + 3000, T + 5000]);
    expect([...TimeList.of(secs.data, secs.length).view()]).toEqual([T + 5000, T]);
    expect([...TimeList.of(ms.data, ms.length).view()]).toEqual([T + 2500, T + 1]);
  });

  it('sortedTimes into a shared buffer: the times land in it, sorted; a buffer too small is not used', () => {
    const shared = new ArrayBuffer(4 * 8);
    new Uint32Array(shared).fill(0xdeadbeef);
    const times = sortedTimes([Float64Array.of(T + 2, T), Float64Array.of(T + 1)], shared);
    expect(times.buffer).toBe(shared);
    expect([...times]).toEqual([T, T + 1, T + 2]);
    const small = new ArrayBuffer(8);
    const other = sortedTimes([Float64Array.of(T + 2, T)], small);
    expect(other.buffer).not.toBe(small);
    expect([...other]).toEqual([T, T + 2]);
  });

  it('coverageAtClock: the span ends at the last event at or before the clock; later ones are counted apart', () => {
    const times = Float64Array.of(T, T + 3_600_000, T + 2 * HOLE_MS, T + 10 * HOLE_MS);
    const gaps = gapsBetween(times);
    expect(coverageAtClock(times, gaps, T + 3 * HOLE_MS)).toEqual({
      span: { start: T, end: T + 2 * HOLE_MS },
      holes: [{ start: T + 3_600_000, end: T + 2 * HOLE_MS }],
      afterClock: { count: 1, first: T + 10 * HOLE_MS, last: T + 10 * HOLE_MS },
    });
    expect(coverageAtClock(times, gaps, T - 1)).toEqual({ span: undefined, holes: [], afterClock: { count: 4, first: T, last: T + 10 * HOLE_MS } });
  });
});
