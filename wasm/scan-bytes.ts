// AssemblyScript: src/core/cloudtrail/scan-bytes.ts (scanObjectBytes) compiled to WebAssembly.
// Built by scripts/build-wasm.mjs into src/core/cloudtrail/scan-bytes-wasm.gen.ts; a test recompiles
// it and checks the committed module is this source's, and property tests check both scanners give
// the same slices on every fixture and on random input. Keep the two in lock-step: every branch here
// has its twin there, in the same order.
//
// Memory: static data (the slice fields, i32 each at F_*, and the batch), then the input, then
// one bit per nesting level of the grammar's stack (depth is at most the input's length).

// Imported: called for every target object; the slice fields are in memory at SLICE.
@external("env", "object")
declare function onObject(): void;
// Imported: called with the number of records in the batch (see BATCH) before any other object is
// reported, when the batch is full and at the end: records vouched for are counted in order.
@external("env", "flush")
declare function flush(count: i32): void;

const SLICE: usize = memory.data(128, 16);
const F_START: usize = 0;
const F_END: usize = 4;
const F_DEPTH: usize = 8;
const F_ENVELOPE: usize = 12; // 0 none, 1 Records, 2 Events
const F_KEYS: usize = 16;
const F_TIME_FROM: usize = 20;
const F_TIME_TO: usize = 24;
const F_RECIPIENT_FROM: usize = 28;
const F_RECIPIENT_TO: usize = 32;
const F_ID_FROM: usize = 36;
const F_ID_TO: usize = 40;
const F_NAME_FROM: usize = 44;
const F_NAME_TO: usize = 48;
const F_VALID: usize = 52;
const F_MAY_BE_ROOT: usize = 56;
const F_SCALAR: usize = 60; // 1: a string, number or literal where a record belongs
// The outcome.
const F_OBJECTS: usize = 64;
const F_TOP_LEVEL: usize = 68;
const F_TOP_LEVEL_ARRAY: usize = 72;
const F_LINE_SEPARATED: usize = 76;
const F_TRUNCATED_AT: usize = 80; // -1: not truncated
// The event time in ms (f64) when the record can be counted from its bytes (vouch), else NaN.
const F_FAST_MS: usize = 88;

// With batching on, a record vouched for (vouch) is not reported one by one but added here, 24 bytes
// each: f64 event time, i32 index of its recipientAccountId value, i32 flags (B_KEYED: it has an
// eventID, its key follows; B_ENVELOPE: inside a Records envelope), u32 key hi, u32 key lo.
const BATCH_CAP = 256;
const BATCH: usize = memory.data(BATCH_CAP * 24, 16);
const B_KEYED = 1;
const B_ENVELOPE = 2;
let batching = false;
let batched: i32 = 0;

/** Where the batch is. */
export function batch(): usize {
  return BATCH;
}

/** The batch flushed, then `r` (scan's every return goes through here). */
function done(r: i32): i32 {
  flushBatch();
  return r;
}

function flushBatch(): void {
  if (batched > 0) {
    flush(batched);
    batched = 0;
  }
}
// @ts-ignore: AssemblyScript's built-in end of static data
const INPUT: usize = (__heap_base + 15) & ~(<usize>15);

/** Where the slice fields and the outcome are. */
export function slice(): usize {
  return SLICE;
}

const KEY_EVENT_TIME = 1;
const KEY_EVENT_NAME = 2;
const KEY_USER_IDENTITY = 4;
const KEY_RECIPIENT = 8;
const KEY_USER_IDENTITY_OBJECT = 16;
const KEY_EVENT_ID = 32;
const KEY_OTHER_CASE = 64;
const KEY_ENVELOPE = 128;

const QUOTE: u32 = 34;
const BACKSLASH: u32 = 92;
const COLON: u32 = 58;
const OPEN_BRACE: u32 = 123;
const CLOSE_BRACE: u32 = 125;
const OPEN_BRACKET: u32 = 91;
const CLOSE_BRACKET: u32 = 93;

const E_INVALID = 0;
const E_KEY_OR_CLOSE = 1;
const E_KEY = 2;
const E_COLON = 3;
const E_VALUE = 4;
const E_VALUE_OR_CLOSE = 5;
const E_COMMA_OR_CLOSE = 6;
const E_DONE = 7;
// Stack bits: 1 object, 0 array.

const VQUOTE = i8x16.splat(34);
const VBACKSLASH = i8x16.splat(92);
const VR = i8x16.splat(82);
const VSPACE = i8x16.splat(32);

let len: i32 = 0;
let stackBase: usize = 0;

/** Makes room for an input of `n` bytes and returns where to put it. */
export function reserve(n: i32): usize {
  const need = INPUT + <usize>n + (<usize>n >> 3) + 64;
  const have = <usize>memory.size() << 16;
  if (need > have) {
    if (memory.grow(<i32>((need - have + 65535) >> 16)) < 0) return 0;
  }
  return INPUT;
}

@inline function at(i: i32): u32 {
  // Past the end reads 0, as `undefined` compares unequal to every byte in the TypeScript twin.
  return i < len ? <u32>load<u8>(INPUT + <usize>i) : 256;
}

@inline function isSpace(c: u32): bool {
  return c == 32 || c == 10 || c == 13 || c == 9;
}
@inline function isRegexSpace(c: u32): bool {
  return c == 32 || (c >= 9 && c <= 13);
}
@inline function isDigit(c: u32): bool {
  return c >= 48 && c <= 57;
}
@inline function isHex(c: u32): bool {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
@inline function isSimpleEscape(x: u32): bool {
  return x == 34 || x == 92 || x == 47 || x == 98 || x == 102 || x == 110 || x == 114 || x == 116;
}

function word(i: i32, s: string): bool {
  const n = s.length;
  for (let k = 0; k < n; k++) if (at(i + k) != <u32>s.charCodeAt(k)) return false;
  return true;
}

// What a key at the record's own level is (keyCode), read eight bytes at a time. The TypeScript twin
// compares letter by letter: a key spelling eventTime, eventName, eventID, userIdentity or
// recipientAccountId in another letter case (each byte `| 0x20` equal) is K_OTHER_CASE; the envelope
// keys (scan.ts ENVELOPE_KEYS) match exactly. The constants are the keys' bytes, little-endian.
const K_NONE = 0;
const K_TIME = 1;
const K_NAME = 2;
const K_ID = 3;
const K_IDENTITY = 4;
const K_RECIPIENT = 5;
const K_OTHER_CASE = 6;
const K_ENVELOPE = 7;
const FOLD: u64 = 0x2020202020202020;

/** The `m` (at most 8) bytes at `i` as a little-endian number, the rest zero. Reads 8 bytes: the memory past the input is reserved. */
@inline function bytesAt(i: i32, m: i32): u64 {
  const v = load<u64>(INPUT + <usize>i);
  return m >= 8 ? v : v & ((<u64>1 << (<u64>m << 3)) - 1);
}

/** K_* of the key whose `m` bytes start at `from`. */
function keyCode(from: i32, m: i32): i32 {
  if (m == 9) {
    const a = bytesAt(from, 8);
    const b = <u64>load<u8>(INPUT + <usize>from + 8);
    if ((b | 0x20) == 0x65) {
      if ((a | FOLD) == (0x6d6954746e657665 | FOLD)) return a == 0x6d6954746e657665 && b == 0x65 ? K_TIME : K_OTHER_CASE; // eventTime
      if ((a | FOLD) == (0x6d614e746e657665 | FOLD)) return a == 0x6d614e746e657665 && b == 0x65 ? K_NAME : K_OTHER_CASE; // eventName
    }
    return a == 0x746e657645676f6c && b == 0x73 ? K_ENVELOPE : K_NONE; // logEvents
  }
  if (m == 7) {
    const a = bytesAt(from, 7);
    if ((a | 0x0020202020202020) == (0x004449746e657665 | 0x0020202020202020)) return a == 0x004449746e657665 ? K_ID : K_OTHER_CASE; // eventID
    return a == 0x007364726f636552 || a == 0x0073676f6c737761 ? K_ENVELOPE : K_NONE; // Records, awslogs
  }
  if (m == 12) {
    const a = bytesAt(from, 8);
    const b = bytesAt(from + 8, 4);
    if ((a | FOLD) == (0x6e65644972657375 | FOLD) && (b | 0x20202020) == (0x79746974 | 0x20202020)) return a == 0x6e65644972657375 && b == 0x79746974 ? K_IDENTITY : K_OTHER_CASE; // userIdentity
    return K_NONE;
  }
  if (m == 18) {
    const a = bytesAt(from, 8);
    const b = bytesAt(from + 8, 8);
    const c = bytesAt(from + 16, 2);
    if ((a | FOLD) == (0x6e65697069636572 | FOLD) && (b | FOLD) == (0x746e756f63634174 | FOLD) && (c | 0x2020) == (0x6449 | 0x2020)) {
      return a == 0x6e65697069636572 && b == 0x746e756f63634174 && c == 0x6449 ? K_RECIPIENT : K_OTHER_CASE; // recipientAccountId
    }
    return K_NONE;
  }
  if (m == 6) {
    const a = bytesAt(from, 6);
    return a == 0x000073746e657645 || a == 0x000073746e657665 ? K_ENVELOPE : K_NONE; // Events, events
  }
  if (m == 15) {
    const a = bytesAt(from, 8);
    const b = bytesAt(from + 8, 7);
    return (a == 0x7365527972657551 && b == 0x0073776f52746c75) || (a == 0x61725464756f6c43 && b == 0x00746e6576456c69) ? K_ENVELOPE : K_NONE; // QueryResultRows, CloudTrailEvent
  }
  if (m == 11) {
    return bytesAt(from, 8) == 0x742d6c6961746564 && bytesAt(from + 8, 3) == 0x0000000000657079 ? K_ENVELOPE : K_NONE; // detail-type
  }
  return K_NONE;
}

function numberEnd(i: i32): i32 {
  let j = i;
  if (at(j) == 45) j++;
  if (at(j) == 48) j++;
  else if (isDigit(at(j))) while (isDigit(at(j))) j++;
  else return -1;
  if (at(j) == 46) {
    j++;
    if (!isDigit(at(j))) return -1;
    while (isDigit(at(j))) j++;
  }
  if (at(j) == 101 || at(j) == 69) {
    j++;
    if (at(j) == 43 || at(j) == 45) j++;
    if (!isDigit(at(j))) return -1;
    while (isDigit(at(j))) j++;
  }
  return j;
}

/** Index just past the number or literal starting at `i` with byte `c`, or -1 (scan-bytes.ts scalarEnd). */
function scalarEnd(i: i32, c: u32): i32 {
  if (c == 45 || isDigit(c)) return numberEnd(i);
  if (c == 116 && word(i, 'true')) return i + 4;
  if (c == 102 && word(i, 'false')) return i + 5;
  if (c == 110 && word(i, 'null')) return i + 4;
  return -1;
}

/** A scalar where a record belongs: reported as a slice with F_SCALAR set (the batch goes first, to keep the order). */
function reportScalar(from: i32, to: i32, depth: i32, envelope: i32): void {
  flushBatch();
  set(F_START, from);
  set(F_END, to);
  set(F_DEPTH, depth + 1);
  set(F_ENVELOPE, depth == 1 ? envelope : 0);
  set(F_KEYS, 0);
  set(F_TIME_FROM, -1);
  set(F_TIME_TO, -1);
  set(F_RECIPIENT_FROM, -1);
  set(F_RECIPIENT_TO, -1);
  set(F_ID_FROM, -1);
  set(F_ID_TO, -1);
  set(F_NAME_FROM, -1);
  set(F_NAME_TO, -1);
  set(F_VALID, 0);
  set(F_MAY_BE_ROOT, 0);
  set(F_SCALAR, 1);
  store<f64>(SLICE + F_FAST_MS, NaN);
  onObject();
}

/** 0 none, 1 Records, 2 Events. */
function envelopeAt(o: i32): i32 {
  let k = o + 1;
  while (isRegexSpace(at(k))) k++;
  if (at(k) != QUOTE) return 0;
  let name = 0;
  if (word(k + 1, 'Records') && at(k + 8) == QUOTE) {
    name = 1;
    k += 9;
  } else if (word(k + 1, 'Events') && at(k + 7) == QUOTE) {
    name = 2;
    k += 8;
  } else return 0;
  while (isRegexSpace(at(k))) k++;
  if (at(k) != COLON) return 0;
  k++;
  while (isRegexSpace(at(k))) k++;
  return at(k) == OPEN_BRACKET ? name : 0;
}

let top: i32 = 0;
// The record being read (globals, not locals: they are touched once per key at the record's own
// level, and as locals they crowded the registers of the byte loop).
let keys: i32 = 0;
let mayBeRoot = false;
let timeFrom: i32 = -1;
let timeTo: i32 = -1;
let recipientFrom: i32 = -1;
let recipientTo: i32 = -1;
let idFrom: i32 = -1;
let idTo: i32 = -1;
let nameFrom: i32 = -1;
let nameTo: i32 = -1;
let pending: i32 = 0;
// In an envelope: ENV_BEFORE its array, ENV_IN it (envNest brackets deep), ENV_AFTER it.
const ENV_BEFORE = 0;
const ENV_IN = 1;
const ENV_AFTER = 2;
let envState: i32 = ENV_BEFORE;
let envNest: i32 = 0;

@inline function setTop(isObject: bool): void {
  const p = stackBase + (<usize>top >> 3);
  const bit: u32 = (<u32>1) << (<u32>top & 7);
  const v = <u32>load<u8>(p);
  store<u8>(p, isObject ? v | bit : v & ~bit);
}
@inline function topIsObject(): bool {
  return ((<u32>load<u8>(stackBase + (<usize>top >> 3))) & ((<u32>1) << (<u32>top & 7))) != 0;
}
@inline function afterValue(): i32 {
  return top == 0 ? E_DONE : E_COMMA_OR_CLOSE;
}

@inline function set(f: usize, v: i32): void {
  store<i32>(SLICE + f, v);
}

/** A string at the record's own level ends at `e` (its quote at `q`): a key to look at, or the value of one. Inlined: the call cost a few per cent of the scan. */
@inline function recordLevelString(q: i32, e: i32): void {
  let k = e + 1;
  // Minified JSON has no white space here: the common case is taken without the loop.
  if (at(k) != COLON) while (isSpace(at(k))) k++;
  if (at(k) == COLON) {
    pending = 0;
    let v = k + 1;
    if (at(v) != QUOTE) while (isSpace(at(v))) v++;
    const stringValue = at(v) == QUOTE;
    const from = q + 1;
    const m = e - from;
    const code = keyCode(from, m);
    if (code == K_TIME) {
      keys |= KEY_EVENT_TIME;
      timeFrom = timeTo = -1;
      if (stringValue) pending = 1;
    } else if (code == K_NAME) {
      keys |= KEY_EVENT_NAME;
      nameFrom = nameTo = -1;
      if (stringValue) pending = 4;
    } else if (code == K_ID) {
      keys |= KEY_EVENT_ID;
      idFrom = idTo = -1;
      if (stringValue) pending = 3;
    } else if (code == K_IDENTITY) {
      keys = (keys | KEY_USER_IDENTITY) & ~KEY_USER_IDENTITY_OBJECT;
      if (at(v) == OPEN_BRACE) keys |= KEY_USER_IDENTITY_OBJECT;
    } else if (code == K_RECIPIENT) {
      keys |= KEY_RECIPIENT;
      recipientFrom = recipientTo = -1;
      if (stringValue) pending = 2;
    } else if (code == K_OTHER_CASE) {
      keys |= KEY_OTHER_CASE;
    } else if (code == K_ENVELOPE) {
      keys |= KEY_ENVELOPE;
    }
  } else if (pending != 0) {
    if (pending == 1) {
      timeFrom = q + 1;
      timeTo = e;
    } else if (pending == 2) {
      recipientFrom = q + 1;
      recipientTo = e;
    } else if (pending == 3) {
      idFrom = q + 1;
      idTo = e;
    } else {
      nameFrom = q + 1;
      nameTo = e;
    }
    pending = 0;
  }
}

// ---- what json-bytes.ts coverFromBytes checks before counting a record from its bytes -----------
// Only the checks that need the bytes alone (not the collector): the caller still applies its own
// (`exact`). A NaN means "not vouched for here": the caller then makes every check itself, so this
// may refuse more than the TypeScript checks but never vouch for a record they would refuse; a test
// compares the time given here with theirs on every record vouched for.

/** Plain text for a string value read as is: not empty, no escape, no space to trim, only printable ASCII, not `null`. */
function plain(from: i32, to: i32): bool {
  if (to <= from) return false;
  if (<u32>load<u8>(INPUT + <usize>from) <= 32 || <u32>load<u8>(INPUT + <usize>to - 1) <= 32) return false;
  // Sixteen bytes a step: a backslash, DEL or a byte from 0x80 (its top bit) stops it.
  for (let i = from; i < to; i += 16) {
    const v = v128.load(INPUT + <usize>i);
    let m = <u32>i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, VBACKSLASH), i8x16.eq(v, VDEL)), v));
    const left = to - i;
    if (left < 16) m &= ((<u32>1) << <u32>left) - 1;
    if (m != 0) return false;
  }
  return !(to - from == 4 && load<u32>(INPUT + <usize>from) == 0x6c6c756e); // null
}
const VDEL = i8x16.splat(127);

@inline function digit(i: i32): i32 {
  const d = <i32>load<u8>(INPUT + <usize>i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}
@inline function two(i: i32): i32 {
  const x = digit(i);
  const y = digit(i + 1);
  return x >= 0 && y >= 0 ? x * 10 + y : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (civil calendar, any year). */
function daysFromCivil(y: i32, m: i32, d: i32): i64 {
  const yy = <i64>(m <= 2 ? y - 1 : y);
  const era = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe = yy - era * 400;
  const mp = <i64>(m > 2 ? m - 3 : m + 9);
  const doy = (153 * mp + 2) / 5 + <i64>d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DDTHH:MM:SSZ` (year from 100) as ms since the epoch, or NaN (json-bytes.ts canonicalUtc). */
function canonicalMs(from: i32, to: i32): f64 {
  if (to - from != 20 || load<u8>(INPUT + <usize>to - 1) != 90) return NaN;
  if (load<u8>(INPUT + <usize>from + 4) != 45 || load<u8>(INPUT + <usize>from + 7) != 45 || load<u8>(INPUT + <usize>from + 10) != 84) return NaN;
  if (load<u8>(INPUT + <usize>from + 13) != 58 || load<u8>(INPUT + <usize>from + 16) != 58) return NaN;
  const y1 = two(from);
  const y2 = two(from + 2);
  const mo = two(from + 5);
  const day = two(from + 8);
  const h = two(from + 11);
  const mi = two(from + 14);
  const sec = two(from + 17);
  if (y1 < 1 || y2 < 0 || mo < 1 || mo > 12 || day < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
  const year = y1 * 100 + y2;
  const leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const dim = mo == 2 ? (leap ? 29 : 28) : mo == 4 || mo == 6 || mo == 9 || mo == 11 ? 30 : 31;
  if (day > dim) return NaN;
  return <f64>(daysFromCivil(year, mo, day) * 86400000 + <i64>(h * 3600 + mi * 60 + sec) * 1000);
}

/** The record just closed (valid, no `Root`, no `\\u`): its event time when it can be counted from its bytes, else NaN. */
function vouch(): f64 {
  const k = keys;
  if ((k & (KEY_OTHER_CASE | KEY_ENVELOPE)) != 0 || (k & KEY_EVENT_TIME) == 0 || (k & KEY_EVENT_NAME) == 0 || (k & KEY_USER_IDENTITY_OBJECT) == 0) return NaN;
  if (timeFrom < 0 || nameFrom < 0 || recipientFrom < 0) return NaN;
  if ((k & KEY_EVENT_ID) != 0 && idFrom < 0) return NaN;
  if (recipientTo - recipientFrom != 12) return NaN;
  for (let i = recipientFrom; i < recipientTo; i++) if (digit(i) < 0) return NaN;
  if (!plain(nameFrom, nameTo)) return NaN;
  if (idFrom >= 0 && !plain(idFrom, idTo)) return NaN;
  return canonicalMs(timeFrom, timeTo);
}

// ---- the event key (coverage.ts EventKeyHasher.ofByteRanges), for a record vouched for --------
let keyHi: u32 = 0;
let keyLo: u32 = 0;
let hashA: u32 = 0;
let hashB: u32 = 0;

@inline function fmix32(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  return h ^ (h >> 16);
}

// The two hashes' states are locals while a part is fed (globals are stored at every step).
function feedRange(from: i32, to: i32): void {
  let a = hashA;
  let b = hashB;
  for (let i = from; i < to; i++) {
    const c = <u32>load<u8>(INPUT + <usize>i);
    a = (a ^ c) * 0x01000193;
    const x = (b ^ c) * 0x5bd1e995;
    b = x ^ (x >> 15);
  }
  hashA = a;
  hashB = b;
  mixCode(0x1f); // the separator after each part
}

@inline function mixCode(c: u32): void {
  hashA = (hashA ^ c) * 0x01000193;
  const b = (hashB ^ c) * 0x5bd1e995;
  hashB = b ^ (b >> 15);
}

/** keyHi / keyLo of (eventID, eventName, time) as EventKeyHasher.ofByteRanges gives them. */
function eventKey(ms: f64): void {
  hashA = 0x811c9dc5;
  hashB = 0x9747b28c;
  feedRange(idFrom, idTo);
  feedRange(nameFrom, nameTo);
  // JavaScript's Math.floor(ms / 2^32) and ToInt32 / ToUint32 of the integer ms, by 64-bit shifts.
  const whole = <i64>ms;
  const high = <u32>(whole >> 32);
  const low = <u32>whole;
  mixCode(high & 0xffff);
  mixCode(high >> 16);
  mixCode(low & 0xffff);
  mixCode((low >> 16) & 0xffff);
  keyHi = fmix32(hashA);
  keyLo = fmix32(hashB ^ hashA);
}

/** Scans the `n` input bytes at INPUT. 1: done; 0: a byte >= 0x80 (read the text instead). */
export function scan(n: i32, batch: i32): i32 {
  batching = batch != 0;
  batched = 0;
  len = n;
  const end = n;
  stackBase = INPUT + <usize>n + 8;
  set(F_OBJECTS, 0);
  set(F_TOP_LEVEL, 0);
  set(F_LINE_SEPARATED, 0);
  set(F_TRUNCATED_AT, -1);
  let first = 0;
  while (isSpace(at(first))) first++;
  set(F_TOP_LEVEL_ARRAY, at(first) == OPEN_BRACKET ? 1 : 0);

  let objects = 0;
  let topLevel = 0;
  let lineSeparated = false;
  let depth = 0;
  let target = 1;
  let envelope = 0;
  let start = -1;
  pending = 0;
  let lastTopEnd = -1;
  let expect = E_INVALID;
  top = 0;

  let i = 0;
  while (i < end) {
    const c = <u32>load<u8>(INPUT + <usize>i);
    if (c == QUOTE) {
      const q = i;
      let j = q + 1;
      let bad = false;
      let mark = false;
      while (true) {
        // Sixteen bytes a step: the first that stops the jump (`"`, `\\`, `R`, below 0x20 or from 0x80:
        // signed below 0x20 covers the last two). Bytes past the end may be read (memory is reserved
        // beyond it) but a stop found there counts as the end.
        while (j < end) {
          const v = v128.load(INPUT + <usize>j);
          const hit = v128.or(v128.or(i8x16.eq(v, VQUOTE), i8x16.eq(v, VBACKSLASH)), v128.or(i8x16.eq(v, VR), i8x16.lt_s(v, VSPACE)));
          const m = i8x16.bitmask(hit);
          if (m != 0) {
            j += <i32>ctz<u32>(m);
            break;
          }
          j += 16;
        }
        if (j >= end) {
          if (depth > 0) set(F_TRUNCATED_AT, start >= 0 ? start : q);
          set(F_OBJECTS, objects);
          set(F_TOP_LEVEL, topLevel);
          set(F_LINE_SEPARATED, lineSeparated ? 1 : 0);
          return done(1);
        }
        const d = <u32>load<u8>(INPUT + <usize>j);
        if (d == QUOTE) break;
        if (d == BACKSLASH) {
          const x = at(j + 1);
          if (x == 117) {
            mark = true;
            if (!(isHex(at(j + 2)) && isHex(at(j + 3)) && isHex(at(j + 4)) && isHex(at(j + 5)))) bad = true;
          } else if (x >= 128 && x < 256) return done(0);
          else if (!isSimpleEscape(x)) bad = true;
          j += 2;
          continue;
        }
        if (d == 82) {
          if (at(j + 1) == 111 && at(j + 2) == 111 && at(j + 3) == 116) mark = true;
          j++;
          continue;
        }
        if (d >= 128) return done(0);
        bad = true;
        j++;
      }
      const e = j;
      if (start >= 0) {
        if (mark) mayBeRoot = true;
        if (bad) expect = E_INVALID;
        else if (expect == E_KEY_OR_CLOSE || expect == E_KEY) expect = E_COLON;
        else if (expect == E_VALUE || expect == E_VALUE_OR_CLOSE) expect = afterValue();
        else expect = E_INVALID;
        if (depth == target) recordLevelString(q, e);
      } else if (depth == 0 || (depth == 1 && target == 2 && envState == ENV_IN)) reportScalar(q, e + 1, depth, envelope);
      i = e + 1;
      // Minified JSON: the colon after a key and the comma after a value are taken here, as the main
      // loop would take them, without going round it.
      if (start >= 0 && i < end) {
        const n = <u32>load<u8>(INPUT + <usize>i);
        if (n == COLON && expect == E_COLON) {
          expect = E_VALUE;
          i++;
        } else if (n == 44 && expect == E_COMMA_OR_CLOSE) {
          expect = topIsObject() ? E_KEY : E_VALUE;
          i++;
        }
      }
      continue;
    }
    if (c == OPEN_BRACE) {
      if (depth == 0) {
        topLevel++;
        if (lastTopEnd >= 0 && !lineSeparated) {
          for (let k = lastTopEnd; k < i; k++) {
            if (load<u8>(INPUT + <usize>k) == 10) {
              lineSeparated = true;
              break;
            }
          }
        }
        envelope = envelopeAt(i);
        target = envelope != 0 ? 2 : 1;
        envState = ENV_BEFORE;
        envNest = 0;
      }
      depth++;
      if (depth == target) {
        start = i;
        keys = 0;
        timeFrom = timeTo = recipientFrom = recipientTo = idFrom = idTo = nameFrom = nameTo = -1;
        mayBeRoot = false;
        pending = 0;
        top = 1;
        setTop(true);
        expect = E_KEY_OR_CLOSE;
      } else if (start >= 0 && expect != E_INVALID) {
        if (expect == E_VALUE || expect == E_VALUE_OR_CLOSE) {
          top++;
          setTop(true);
          expect = E_KEY_OR_CLOSE;
        } else expect = E_INVALID;
      }
    } else if (c == CLOSE_BRACE) {
      if (depth > 0) {
        if (start >= 0 && expect != E_INVALID) {
          if ((expect == E_KEY_OR_CLOSE || expect == E_COMMA_OR_CLOSE) && top > 0 && topIsObject()) {
            top--;
            expect = afterValue();
          } else expect = E_INVALID;
        }
        if (depth == target && start >= 0) {
          objects++;
          set(F_START, start);
          set(F_END, i + 1);
          set(F_DEPTH, target);
          set(F_ENVELOPE, envelope);
          set(F_KEYS, keys);
          set(F_TIME_FROM, timeFrom);
          set(F_TIME_TO, timeTo);
          set(F_RECIPIENT_FROM, recipientFrom);
          set(F_RECIPIENT_TO, recipientTo);
          set(F_ID_FROM, idFrom);
          set(F_ID_TO, idTo);
          set(F_NAME_FROM, nameFrom);
          set(F_NAME_TO, nameTo);
          set(F_VALID, expect == E_DONE ? 1 : 0);
          set(F_MAY_BE_ROOT, mayBeRoot ? 1 : 0);
          set(F_SCALAR, 0);
          const ms = expect == E_DONE && !mayBeRoot ? vouch() : NaN;
          if (batching && envelope != 2 && !isNaN(ms)) {
            const at = BATCH + <usize>batched * 24;
            store<f64>(at, ms);
            store<i32>(at + 8, recipientFrom);
            let flags = target == 2 ? B_ENVELOPE : 0;
            if (idFrom >= 0) {
              flags |= B_KEYED;
              eventKey(ms);
              store<u32>(at + 16, keyHi);
              store<u32>(at + 20, keyLo);
            }
            store<i32>(at + 12, flags);
            if (++batched == BATCH_CAP) flushBatch();
          } else {
            flushBatch();
            store<f64>(SLICE + F_FAST_MS, ms);
            onObject();
          }
          start = -1;
        }
        depth--;
        if (depth == 0) lastTopEnd = i + 1;
      }
    } else if (c >= 128) {
      return done(0);
    } else if (start < 0) {
      // Between records: the envelope's array, and scalars where records belong.
      if (depth == 1 && target == 2) {
        if (c == OPEN_BRACKET) {
          if (envState == ENV_BEFORE) {
            envState = ENV_IN;
            envNest = 1;
          } else if (envState == ENV_IN) envNest++;
        } else if (c == CLOSE_BRACKET && envState == ENV_IN && --envNest == 0) envState = ENV_AFTER;
      }
      if (depth == 0 || (depth == 1 && target == 2 && envState == ENV_IN)) {
        const next = scalarEnd(i, c);
        if (next > 0) {
          reportScalar(i, next, depth, envelope);
          i = next;
          continue;
        }
      }
    } else if (expect != E_INVALID) {
      if (c == 32 || c == 10 || c == 13 || c == 9) {
        // white space
      } else if (c == 44) {
        expect = expect == E_COMMA_OR_CLOSE ? (topIsObject() ? E_KEY : E_VALUE) : E_INVALID;
      } else if (c == COLON) {
        expect = expect == E_COLON ? E_VALUE : E_INVALID;
      } else if (c == OPEN_BRACKET) {
        if (expect == E_VALUE || expect == E_VALUE_OR_CLOSE) {
          top++;
          setTop(false);
          expect = E_VALUE_OR_CLOSE;
        } else expect = E_INVALID;
      } else if (c == CLOSE_BRACKET) {
        if ((expect == E_VALUE_OR_CLOSE || expect == E_COMMA_OR_CLOSE) && top > 0 && !topIsObject()) {
          top--;
          expect = afterValue();
        } else expect = E_INVALID;
      } else if (expect == E_VALUE || expect == E_VALUE_OR_CLOSE) {
        const next = scalarEnd(i, c);
        if (next < 0) expect = E_INVALID;
        else {
          expect = afterValue();
          i = next;
          continue;
        }
      } else expect = E_INVALID;
    }
    i++;
  }
  if (depth > 0) set(F_TRUNCATED_AT, start >= 0 ? start : end);
  set(F_OBJECTS, objects);
  set(F_TOP_LEVEL, topLevel);
  set(F_LINE_SEPARATED, lineSeparated ? 1 : 0);
  return done(1);
}

// ---- quotedWords: which detection words a head may quote (src/core/cloudtrail/quoted-words.ts) ----
// Not a twin of scan-bytes.ts: quoted-words.ts holds the TypeScript reference (and fallback) and a
// test compares the two. For each `"`, the bytes after it, every byte `| 0x20`, are compared with
// each word and its closing quote folded the same way: the first eight bytes at once, the rest
// (up to eight more) only when those match. A superset of a case-insensitive match, as detection
// needs (a bit set only means "may occur").
const W_CREDAUDIT_ROW: u64 = 0x6964756164657263; // credaudi
const T_CREDAUDIT_ROW: u64 = 0x22776f727f74; // t_row" (six bytes)
const W_DIGEST_START_TIME: u64 = 0x7473747365676964; // digestst
const T_DIGEST_START_TIME: u64 = 0x22656d6974747261; // artTime"
const W_QUERY_RESULT_ROWS: u64 = 0x7365727972657571; // queryres
const T_QUERY_RESULT_ROWS: u64 = 0x2273776f72746c75; // ultRows"
const W_CLOUD_TRAIL_EVENT: u64 = 0x61727464756f6c63; // cloudtra
const T_CLOUD_TRAIL_EVENT: u64 = 0x22746e6576656c69; // ilEvent"
const W_DETAIL_TYPE: u64 = 0x742d6c6961746564; // detail-t
const T_DETAIL_TYPE: u64 = 0x22657079; // ype" (four bytes)
const W_AWSLOGS: u64 = 0x2273676f6c737761; // awslogs"
const W_LOG_EVENTS: u64 = 0x746e657665676f6c; // logevent
const T_LOG_EVENTS: u64 = 0x2273; // s" (two bytes)
const W_EVENTS: u64 = 0x2273746e657665; // events" (seven bytes)
const SEVEN: u64 = 0x00ffffffffffffff;
/** Bit 31 of quotedWords: a byte from 0x80 was seen. */
const NOT_ASCII: u32 = 0x80000000;

/** The `m` bytes (1 to 8) at `at`, folded, equal `t`. */
@inline function foldedTail(at: usize, t: u64, m: u64): bool {
  const v = load<u64>(at) | FOLD;
  return (m == 8 ? v : v & ((<u64>1 << (m << 3)) - 1)) == t;
}

/** The bits (quoted-words.ts QUOTED_WORDS order) of the words quoted in the `n` bytes at INPUT, and NOT_ASCII. */
export function quotedWords(n: i32): u32 {
  let bits: u32 = 0;
  for (let i = 0; i < n; i += 16) {
    const v = v128.load(INPUT + <usize>i);
    let m = <u32>i8x16.bitmask(i8x16.eq(v, VQUOTE));
    let high = <u32>i8x16.bitmask(v); // each byte's top bit
    if (n - i < 16) {
      const keep = ((<u32>1) << <u32>(n - i)) - 1;
      m &= keep;
      high &= keep;
    }
    if (high != 0) bits |= NOT_ASCII;
    while (m != 0) {
      const q = i + <i32>ctz<u32>(m);
      m &= m - 1;
      const at = INPUT + <usize>q + 1;
      const w = load<u64>(at) | FOLD;
      if (w == W_CREDAUDIT_ROW) {
        if (foldedTail(at + 8, T_CREDAUDIT_ROW, 6)) bits |= 1;
      } else if (w == W_DIGEST_START_TIME) {
        if (foldedTail(at + 8, T_DIGEST_START_TIME, 8)) bits |= 2;
      } else if (w == W_QUERY_RESULT_ROWS) {
        if (foldedTail(at + 8, T_QUERY_RESULT_ROWS, 8)) bits |= 4;
      } else if (w == W_CLOUD_TRAIL_EVENT) {
        if (foldedTail(at + 8, T_CLOUD_TRAIL_EVENT, 8)) bits |= 8;
      } else if (w == W_DETAIL_TYPE) {
        if (foldedTail(at + 8, T_DETAIL_TYPE, 4)) bits |= 16;
      } else if (w == W_AWSLOGS) bits |= 32;
      else if (w == W_LOG_EVENTS) {
        if (foldedTail(at + 8, T_LOG_EVENTS, 2)) bits |= 64;
      } else if ((w & SEVEN) == W_EVENTS) bits |= 128;
    }
  }
  return bits;
}
