// Coverage: which stretches of time the loaded CloudTrail shows (RULES.md "Root rules from CloudTrail":
// coverage, holes, out-of-range times, de-duplication of events of any identity).
//
// A file keeps, per account, every event time (8 bytes each, in a growable Float64Array) and, for
// events that carry an eventID, a 64-bit key of eventID + time + name (8 bytes each). That is all
// coverage needs, and it is a few bytes per event rather than the event: the records themselves are
// never kept. From these the merge gets, per account, the sorted event times (for holes and for the
// evaluation clock, which is known only when evaluating) and the number of distinct events.
import { DAY_MS } from '../time';

/** CloudTrail began in November 2013: an event time before this is a broken or made-up record. */
export const CLOUDTRAIL_EPOCH_MS = Date.UTC(2013, 10, 1);

/** RULES.md: more than 24 hours without any event inside a look-back is a hole in the coverage. */
export const HOLE_MS = DAY_MS;

/** A growable list of numbers held in a Float64Array (no boxed numbers, no per-item objects). */
export class TimeList {
  data = new Float64Array(16);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The items, as a view (no copy). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  /** Drops the room kept for growth (called when a file is read, since files stay loaded). */
  trim(): void {
    if (this.data.length !== this.length) this.data = this.data.slice(0, this.length);
  }
}

/** A growable list of 64-bit keys, two 32-bit words each. */
export class KeyList {
  data = new Uint32Array(32);
  length = 0;

  push(hi: number, lo: number): void {
    if (this.length * 2 === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length * 2] = hi;
    this.data[this.length * 2 + 1] = lo;
    this.length++;
  }

  /** Drops the room kept for growth. */
  trim(): void {
    if (this.data.length !== this.length * 2) this.data = this.data.slice(0, this.length * 2);
  }
}

// ---- event keys -------------------------------------------------------------------------------

const SEPARATOR = 0x1f;

/** Murmur3's final mix: spreads every input bit over the 32 output bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// The running state of the two hashes: module-level numbers (no object, no allocation per event).
let hashA = 0;
let hashB = 0;

function feed(text: string, from: number, to: number): void {
  let a = hashA;
  let b = hashB;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // A separator after each part, so that ("ab","c") and ("a","bc") differ.
  hashA = Math.imul(a ^ SEPARATOR, 0x01000193);
  b = Math.imul(b ^ SEPARATOR, 0x5bd1e995);
  hashB = b ^ (b >>> 15);
}

/** feed() over ASCII bytes (the byte reader's fast path): a byte is the char code it spells. */
function feedBytes(bytes: Uint8Array, from: number, to: number): void {
  let a = hashA;
  let b = hashB;
  for (let i = from; i < to; i++) {
    const c = bytes[i] as number;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  hashA = Math.imul(a ^ SEPARATOR, 0x01000193);
  b = Math.imul(b ^ SEPARATOR, 0x5bd1e995);
  hashB = b ^ (b >>> 15);
}

/**
 * The 64-bit key of an event: two independent 32-bit hashes over eventID, event name and time.
 * Held in `hi` / `lo` after each call (no allocation per event). With 64 bits, ten million distinct
 * events collide with a probability of about 3 in a million.
 */
export class EventKeyHasher {
  hi = 0;
  lo = 0;

  private finish(ms: number): void {
    const high = Math.floor(ms / 4294967296);
    let a = hashA;
    let b = hashB;
    for (const c of [high & 0xffff, high >>> 16, ms & 0xffff, (ms >>> 16) & 0xffff]) {
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.hi = fmix32(a);
    this.lo = fmix32(b ^ a);
  }

  /** Key from the eventID and event name as parts of a text (the scanner's fast path reads no strings). */
  ofRanges(text: string, idFrom: number, idTo: number, nameFrom: number, nameTo: number, ms: number): void {
    hashA = 0x811c9dc5;
    hashB = 0x9747b28c;
    feed(text, idFrom, idTo);
    feed(text, nameFrom, nameTo);
    this.finish(ms);
  }

  /** The same key as ofRanges, from ASCII bytes (the byte reader's fast path). */
  ofByteRanges(bytes: Uint8Array, idFrom: number, idTo: number, nameFrom: number, nameTo: number, ms: number): void {
    hashA = 0x811c9dc5;
    hashB = 0x9747b28c;
    feedBytes(bytes, idFrom, idTo);
    feedBytes(bytes, nameFrom, nameTo);
    this.finish(ms);
  }

  ofStrings(eventId: string, eventName: string, ms: number): void {
    hashA = 0x811c9dc5;
    hashB = 0x9747b28c;
    feed(eventId, 0, eventId.length);
    feed(eventName, 0, eventName.length);
    this.finish(ms);
  }
}

// ---- de-duplication -----------------------------------------------------------------------------

/**
 * Sorts the keys (LSD radix sort, 16 bits a pass: linear, no comparisons) and returns the order of
 * their indices. `words` holds two words a key (hi, lo).
 */
function radixOrder(words: Uint32Array, n: number): Uint32Array {
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const counts = new Uint32Array(65537);
  // Least significant digit first: lo's low half, lo's high half, hi's low half, hi's high half.
  for (const [word, shift] of [
    [1, 0],
    [1, 16],
    [0, 0],
    [0, 16],
  ] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(((words[2 * (order[i] as number) + word] as number) >>> shift) & 0xffff) + 1]!++;
    for (let d = 1; d <= 65536; d++) counts[d]! += counts[d - 1] as number;
    for (let i = 0; i < n; i++) {
      const idx = order[i] as number;
      const digit = ((words[2 * idx + word] as number) >>> shift) & 0xffff;
      next[counts[digit]!++] = idx;
    }
    [order, next] = [next, order];
  }
  return order;
}

export interface DistinctCount {
  /** Keys counted once each. */
  distinct: number;
  /** Copies beyond the first of each key. */
  copies: number;
  /** Indices (into `sources`) of the sources that hold a key some other copy also has. */
  sourcesWithCopies: Set<number>;
}

/**
 * Counts distinct keys over several key lists (one per file) and says which lists share keys, so
 * that a note can name the files whose events were merged.
 */
export function countDistinct(sources: readonly KeyList[]): DistinctCount {
  let n = 0;
  for (const s of sources) n += s.length;
  const words = new Uint32Array(n * 2);
  const from = new Uint32Array(n);
  let at = 0;
  sources.forEach((s, si) => {
    words.set(s.data.subarray(0, s.length * 2), at * 2);
    from.fill(si, at, at + s.length);
    at += s.length;
  });
  const out: DistinctCount = { distinct: 0, copies: 0, sourcesWithCopies: new Set() };
  if (n === 0) return out;
  const order = radixOrder(words, n);
  let runStart = 0;
  const closeRun = (end: number): void => {
    out.distinct++;
    if (end - runStart > 1) {
      out.copies += end - runStart - 1;
      for (let k = runStart; k < end; k++) out.sourcesWithCopies.add(from[order[k] as number] as number);
    }
  };
  for (let i = 1; i < n; i++) {
    const x = order[i] as number;
    const y = order[i - 1] as number;
    if (words[2 * x] !== words[2 * y] || words[2 * x + 1] !== words[2 * y + 1]) {
      closeRun(i);
      runStart = i;
    }
  }
  closeRun(n);
  return out;
}

// ---- coverage over time ---------------------------------------------------------------------------

export interface Span {
  start: number;
  end: number;
}

/** Sorted event times of several files merged into one sorted array. */
export function sortedTimes(lists: readonly Float64Array[]): Float64Array {
  let n = 0;
  for (const l of lists) n += l.length;
  const out = new Float64Array(n);
  let at = 0;
  for (const l of lists) {
    out.set(l, at);
    at += l.length;
  }
  return out.sort();
}

/** Stretches longer than HOLE_MS between two consecutive events (sorted times): the holes, wherever they lie. */
export function gapsBetween(times: Float64Array): Span[] {
  const out: Span[] = [];
  for (let i = 1; i < times.length; i++) {
    const a = times[i - 1] as number;
    const b = times[i] as number;
    if (b - a > HOLE_MS) out.push({ start: a, end: b });
  }
  return out;
}

/** Number of sorted times at or before `t`. */
export function countAtOrBefore(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The loaded coverage as the evaluation clock sees it: events later than the clock are not coverage
 * (RULES.md: they are problems), so the span ends at the latest event at or before the clock.
 */
export interface ClockedCoverage {
  /** Earliest to latest event at or before the clock; undefined when there is none. */
  span: Span | undefined;
  /** Holes (more than 24 h without an event) inside the span. */
  holes: Span[];
  /** Event records (copies included) later than the clock, with the first and last of them. */
  afterClock: { count: number; first: number; last: number } | undefined;
}

export function coverageAtClock(times: Float64Array, gaps: readonly Span[], clock: number): ClockedCoverage {
  const n = countAtOrBefore(times, clock);
  const out: ClockedCoverage = { span: undefined, holes: [], afterClock: undefined };
  if (n < times.length) out.afterClock = { count: times.length - n, first: times[n] as number, last: times[times.length - 1] as number };
  if (n === 0) return out;
  const span = { start: times[0] as number, end: times[n - 1] as number };
  out.span = span;
  for (const g of gaps) if (g.end <= span.end) out.holes.push(g);
  return out;
}
