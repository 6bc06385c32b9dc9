// The structural scanner of scan.ts, over the inflated BYTES of a file instead of its decoded text.
//
// Why: on an organization trail, decoding every byte to a string and walking it cost more than
// inflating it. Over bytes, one pass finds the records, takes the few fields coverage needs and says
// for each record whether it can be root activity; only those (and any record this pass cannot vouch
// for) are decoded and given to JSON.parse. The pass is a tight loop that jumps through string bodies
// with a 256-entry table, so most bytes cost one load and one compare.
//
// Same targets and boundaries as scanObjects (scan.ts), byte for byte: objects at depth 1, or at
// depth 2 inside a top-level `{"Records":[` / `{"Events":[` envelope; brackets are not counted,
// except the envelope's own array, where (as at the top level) a string, number or literal is
// reported as a scalar slice: JSON.parse of the whole would meet it, and it is counted as skipped.
// Other text outside objects is ignored. On top of that, for each reported object it says:
// - `valid`: JSON.parse would accept the slice (a small JSON grammar runs inside target objects), so
//   a record read without a parse cannot hide a syntax error the full parse would report;
// - `mayBeRoot`: the slice holds `Root` (userIdentity.type `Root`, eventName `AssumeRoot`) or a `\u`
//   escape, which could spell it;
// - the byte ranges of the top-level eventTime, eventName, eventID and recipientAccountId string
//   values (the LAST occurrence of each key, as JSON.parse keeps), and KEY_OTHER_CASE when a top-level
//   key spells one of the fields the reader looks up in any letter case, in another case.
// Only ASCII is read here: at the first byte >= 0x80 the scan gives up (returns undefined) and the
// caller reads the decoded text instead, so character offsets and UTF-8 checks stay the text path's.
import { ENVELOPE_KEYS, KEY_ENVELOPE, KEY_EVENT_ID, KEY_EVENT_NAME, KEY_EVENT_TIME, KEY_OTHER_CASE, KEY_RECIPIENT, KEY_USER_IDENTITY, KEY_USER_IDENTITY_OBJECT, type ScanOutcome } from './scan';

export interface ByteSlice {
  /** Index of `{`. */
  start: number;
  /** Index just past the matching `}`. */
  end: number;
  depth: number;
  envelope: 'Records' | 'Events' | undefined;
  /** KEY_* flags of the object's own keys (for a repeated key, its last occurrence). */
  keys: number;
  /** [from, to) of the raw string values; -1 when the key is absent or its value is not a string. */
  timeFrom: number;
  timeTo: number;
  recipientFrom: number;
  recipientTo: number;
  idFrom: number;
  idTo: number;
  nameFrom: number;
  nameTo: number;
  /** JSON.parse would accept exactly this slice. */
  valid: boolean;
  /** `Root` or a `\u` escape occurs in the slice. */
  mayBeRoot: boolean;
  /**
   * A string, number or literal where a record belongs (inside the envelope's array, or at the top
   * level), reported in order so the reader counts it as skipped; the other fields are empty then.
   */
  scalar: boolean;
  /**
   * The event time when the scanner has already made the byte-only checks for counting the record
   * from its bytes (json-bytes.ts vouchedTime) and they pass; NaN when it has not (this scanner
   * never does; the WebAssembly one does for canonical times).
   */
  fastMs: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Bytes that stop the jump through a string body: control characters, `"`, `\`, `R` (of Root), non-ASCII. */
const STRING_STOP = new Uint8Array(256);
for (let k = 0; k < 32; k++) STRING_STOP[k] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;
STRING_STOP[82] = 1;
for (let k = 128; k < 256; k++) STRING_STOP[k] = 1;

/** The characters JSON allows after a backslash (`u` is checked apart). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const ch of '"\\/bfnrt') SIMPLE_ESCAPE[ch.charCodeAt(0)] = 1;

const HEX = new Uint8Array(256);
for (const ch of '0123456789abcdefABCDEF') HEX[ch.charCodeAt(0)] = 1;

/** scan.ts's white space (between a key and its colon). */
const isSpace = (c: number | undefined): boolean => c === 32 || c === 10 || c === 13 || c === 9;
/** What `\s` matches among ASCII (the envelope test of scan.ts is a regex). */
const isRegexSpace = (c: number | undefined): boolean => c === 32 || (c !== undefined && c >= 9 && c <= 13);
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;

const asciiBytes = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const EVENT_TIME = asciiBytes('eventTime');
const EVENT_NAME = asciiBytes('eventName');
const EVENT_ID = asciiBytes('eventID');
const USER_IDENTITY = asciiBytes('userIdentity');
const RECIPIENT = asciiBytes('recipientAccountId');
const RECORDS = asciiBytes('Records');
const EVENTS = asciiBytes('Events');
const TRUE = asciiBytes('true');
const FALSE = asciiBytes('false');
const NULL = asciiBytes('null');

const ENVELOPE_KEY_BYTES: ReadonlyMap<number, readonly Uint8Array[]> = new Map([...ENVELOPE_KEYS].map(([n, keys]) => [n, keys.map(asciiBytes)]));

/** The `n` bytes at `at` are one of scan.ts's ENVELOPE_KEYS. */
function isEnvelopeKey(b: Uint8Array, at: number, n: number): boolean {
  const words = ENVELOPE_KEY_BYTES.get(n);
  if (words === undefined) return false;
  for (const w of words) if (sameBytes(b, at, w)) return true;
  return false;
}

function sameBytes(b: Uint8Array, at: number, word: Uint8Array): boolean {
  for (let k = 0; k < word.length; k++) if (b[at + k] !== word[k]) return false;
  return true;
}

/** Same letters in any ASCII case (`| 0x20` folds A–Z onto a–z and leaves a–z alone). */
function sameLetters(b: Uint8Array, at: number, word: Uint8Array): boolean {
  for (let k = 0; k < word.length; k++) if (((b[at + k] as number) | 0x20) !== ((word[k] as number) | 0x20)) return false;
  return true;
}

/** A slice with nothing found yet: the one object a scan fills and hands out for every record. */
export function emptySlice(): ByteSlice {
  return {
    start: -1,
    end: -1,
    depth: 1,
    envelope: undefined,
    keys: 0,
    timeFrom: -1,
    timeTo: -1,
    recipientFrom: -1,
    recipientTo: -1,
    idFrom: -1,
    idTo: -1,
    nameFrom: -1,
    nameTo: -1,
    valid: true,
    mayBeRoot: false,
    scalar: false,
    fastMs: NaN,
  };
}

/** Index just past a JSON number starting at `i`, or -1 when the text there is not one. */
function numberEnd(b: Uint8Array, i: number): number {
  let j = i;
  if (b[j] === 45) j++;
  if (b[j] === 48) j++;
  else if (isDigit(b[j])) while (isDigit(b[j])) j++;
  else return -1;
  if (b[j] === 46) {
    j++;
    if (!isDigit(b[j])) return -1;
    while (isDigit(b[j])) j++;
  }
  if (b[j] === 101 || b[j] === 69) {
    j++;
    if (b[j] === 43 || b[j] === 45) j++;
    if (!isDigit(b[j])) return -1;
    while (isDigit(b[j])) j++;
  }
  return j;
}

/** Index just past the number or literal (`true`, `false`, `null`) starting at `i` with byte `c`, or -1. */
function scalarEnd(b: Uint8Array, i: number, c: number): number {
  if (c === 45 || isDigit(c)) return numberEnd(b, i);
  if (c === 116 && sameBytes(b, i, TRUE)) return i + 4;
  if (c === 102 && sameBytes(b, i, FALSE)) return i + 5;
  if (c === 110 && sameBytes(b, i, NULL)) return i + 4;
  return -1;
}

/** `{"Records":[` or `{"Events":[` at `o` (white space as the regex `\s` allows): which one. */
function envelopeAt(b: Uint8Array, o: number): 'Records' | 'Events' | undefined {
  let k = o + 1;
  while (isRegexSpace(b[k])) k++;
  if (b[k] !== QUOTE) return undefined;
  let name: 'Records' | 'Events';
  if (sameBytes(b, k + 1, RECORDS) && b[k + 8] === QUOTE) {
    name = 'Records';
    k += 9;
  } else if (sameBytes(b, k + 1, EVENTS) && b[k + 7] === QUOTE) {
    name = 'Events';
    k += 8;
  } else return undefined;
  while (isRegexSpace(b[k])) k++;
  if (b[k] !== COLON) return undefined;
  k++;
  while (isRegexSpace(b[k])) k++;
  return b[k] === OPEN_BRACKET ? name : undefined;
}

// What the grammar expects next inside a target object (0: nothing to check, the object is invalid).
const E_INVALID = 0;
const E_KEY_OR_CLOSE = 1;
const E_KEY = 2;
const E_COLON = 3;
const E_VALUE = 4;
const E_VALUE_OR_CLOSE = 5;
const E_COMMA_OR_CLOSE = 6;
const E_DONE = 7;
const IN_OBJECT = 1;
const IN_ARRAY = 2;
const ENV_BEFORE = 0;
const ENV_IN = 1;
const ENV_AFTER = 2;

/**
 * Calls `onObject` for every target object, in order, with one slice object reused from call to
 * call (copy what must outlive the call). Undefined when a byte >= 0x80 occurs (not read here).
 */
export function scanObjectBytes(b: Uint8Array, onObject: (s: ByteSlice) => void): ScanOutcome | undefined {
  const len = b.length;
  const out: ScanOutcome = { objects: 0, topLevel: 0, topLevelArray: false, lineSeparated: false };
  let first = 0;
  while (isSpace(b[first])) first++;
  out.topLevelArray = b[first] === OPEN_BRACKET;

  const s = emptySlice();
  let depth = 0;
  let target = 1;
  let envelope: ByteSlice['envelope'];
  /** Start of the target object being read, or -1 between targets. */
  let start = -1;
  /** The next string at target depth is the value of: 1 eventTime, 2 recipientAccountId, 3 eventID, 4 eventName. */
  let pending = 0;
  let lastTopEnd = -1;
  let expect = E_INVALID;
  let stack = new Uint8Array(64);
  let top = 0;
  /** In an envelope: ENV_BEFORE its array, ENV_IN it (`envNest` brackets deep), ENV_AFTER it. */
  let envState = ENV_BEFORE;
  let envNest = 0;
  /** A scalar here is where a record belongs: at the top level, or in the envelope's array. */
  const scalarPlace = (): boolean => depth === 0 || (depth === 1 && target === 2 && envState === ENV_IN);
  const reportScalar = (from: number, to: number): void => {
    s.scalar = true;
    s.start = from;
    s.end = to;
    s.depth = depth + 1;
    s.envelope = depth === 1 ? envelope : undefined;
    s.keys = 0;
    s.timeFrom = s.timeTo = s.recipientFrom = s.recipientTo = s.idFrom = s.idTo = s.nameFrom = s.nameTo = -1;
    s.valid = false;
    s.mayBeRoot = false;
    onObject(s);
    s.scalar = false;
  };

  const push = (kind: number): void => {
    if (++top === stack.length) {
      const next = new Uint8Array(stack.length * 2);
      next.set(stack);
      stack = next;
    }
    stack[top] = kind;
  };
  /** A value (string, number, literal) ended, or a container closed: what may follow. */
  const afterValue = (): number => (top === 0 ? E_DONE : E_COMMA_OR_CLOSE);

  let i = 0;
  while (i < len) {
    const c = b[i] as number;
    if (c === QUOTE) {
      // A string: jump through its body.
      const q = i;
      let j = q + 1;
      let bad = false;
      let mark = false;
      for (;;) {
        // The reader's hottest loop: four bytes a step while none stops the jump, then one at a time.
        // Every load is bounded by `len` (one that may fall past the end makes V8 compile the loop
        // for `undefined` as well); together about a third faster than one unbounded byte a step.
        const last4 = len - 4;
        while (j <= last4 && (STRING_STOP[b[j] as number]! | STRING_STOP[b[j + 1] as number]! | STRING_STOP[b[j + 2] as number]! | STRING_STOP[b[j + 3] as number]!) === 0) j += 4;
        while (j < len && STRING_STOP[b[j] as number] === 0) j++;
        if (j >= len) {
          if (depth > 0) out.truncatedAt = start >= 0 ? start : q;
          return out;
        }
        const d = b[j] as number;
        if (d === QUOTE) break;
        if (d === BACKSLASH) {
          // The escaped character is skipped whatever it is (scan.ts does the same); the grammar checks it.
          const x = b[j + 1] as number;
          if (x === 117) {
            mark = true;
            if (!(HEX[b[j + 2] as number] && HEX[b[j + 3] as number] && HEX[b[j + 4] as number] && HEX[b[j + 5] as number])) bad = true;
          } else if (x >= 128) return undefined;
          else if (SIMPLE_ESCAPE[x] !== 1) bad = true;
          j += 2;
          continue;
        }
        if (d === 82) {
          if (b[j + 1] === 111 && b[j + 2] === 111 && b[j + 3] === 116) mark = true;
          j++;
          continue;
        }
        if ((d as number) >= 128) return undefined;
        // A control character: JSON.parse refuses it unescaped.
        bad = true;
        j++;
      }
      const e = j;
      if (start >= 0) {
        if (mark) s.mayBeRoot = true;
        if (bad) expect = E_INVALID;
        else if (expect === E_KEY_OR_CLOSE || expect === E_KEY) expect = E_COLON;
        else if (expect === E_VALUE || expect === E_VALUE_OR_CLOSE) expect = afterValue();
        else expect = E_INVALID;
        if (depth === target) {
          let k = e + 1;
          while (isSpace(b[k])) k++;
          if (b[k] === COLON) {
            pending = 0;
            let v = k + 1;
            while (isSpace(b[v])) v++;
            const stringValue = b[v] === QUOTE;
            const from = q + 1;
            const n = e - from;
            // A repeated key replaces the earlier value, as in JSON.parse: clear before taking.
            if (n === 9 && sameLetters(b, from, EVENT_TIME)) {
              if (sameBytes(b, from, EVENT_TIME)) {
                s.keys |= KEY_EVENT_TIME;
                s.timeFrom = s.timeTo = -1;
                if (stringValue) pending = 1;
              } else s.keys |= KEY_OTHER_CASE;
            } else if (n === 9 && sameLetters(b, from, EVENT_NAME)) {
              if (sameBytes(b, from, EVENT_NAME)) {
                s.keys |= KEY_EVENT_NAME;
                s.nameFrom = s.nameTo = -1;
                if (stringValue) pending = 4;
              } else s.keys |= KEY_OTHER_CASE;
            } else if (n === 7 && sameLetters(b, from, EVENT_ID)) {
              if (sameBytes(b, from, EVENT_ID)) {
                s.keys |= KEY_EVENT_ID;
                s.idFrom = s.idTo = -1;
                if (stringValue) pending = 3;
              } else s.keys |= KEY_OTHER_CASE;
            } else if (n === 12 && sameLetters(b, from, USER_IDENTITY)) {
              if (sameBytes(b, from, USER_IDENTITY)) {
                s.keys = (s.keys | KEY_USER_IDENTITY) & ~KEY_USER_IDENTITY_OBJECT;
                if (b[v] === OPEN_BRACE) s.keys |= KEY_USER_IDENTITY_OBJECT;
              } else s.keys |= KEY_OTHER_CASE;
            } else if (n === 18 && sameLetters(b, from, RECIPIENT)) {
              if (sameBytes(b, from, RECIPIENT)) {
                s.keys |= KEY_RECIPIENT;
                s.recipientFrom = s.recipientTo = -1;
                if (stringValue) pending = 2;
              } else s.keys |= KEY_OTHER_CASE;
            } else if (isEnvelopeKey(b, from, n)) {
              s.keys |= KEY_ENVELOPE;
            }
          } else if (pending !== 0) {
            if (pending === 1) {
              s.timeFrom = q + 1;
              s.timeTo = e;
            } else if (pending === 2) {
              s.recipientFrom = q + 1;
              s.recipientTo = e;
            } else if (pending === 3) {
              s.idFrom = q + 1;
              s.idTo = e;
            } else {
              s.nameFrom = q + 1;
              s.nameTo = e;
            }
            pending = 0;
          }
        }
      } else if (scalarPlace()) reportScalar(q, e + 1);
      i = e + 1;
      continue;
    }
    if (c === OPEN_BRACE) {
      if (depth === 0) {
        out.topLevel++;
        if (lastTopEnd >= 0 && !out.lineSeparated) {
          for (let k = lastTopEnd; k < i; k++) {
            if (b[k] === 10) {
              out.lineSeparated = true;
              break;
            }
          }
        }
        envelope = envelopeAt(b, i);
        target = envelope ? 2 : 1;
        envState = ENV_BEFORE;
        envNest = 0;
      }
      depth++;
      if (depth === target) {
        start = i;
        s.keys = 0;
        s.timeFrom = s.timeTo = s.recipientFrom = s.recipientTo = s.idFrom = s.idTo = s.nameFrom = s.nameTo = -1;
        s.mayBeRoot = false;
        pending = 0;
        top = 1;
        stack[1] = IN_OBJECT;
        expect = E_KEY_OR_CLOSE;
      } else if (start >= 0 && expect !== E_INVALID) {
        if (expect === E_VALUE || expect === E_VALUE_OR_CLOSE) {
          push(IN_OBJECT);
          expect = E_KEY_OR_CLOSE;
        } else expect = E_INVALID;
      }
    } else if (c === CLOSE_BRACE) {
      if (depth > 0) {
        if (start >= 0 && expect !== E_INVALID) {
          if ((expect === E_KEY_OR_CLOSE || expect === E_COMMA_OR_CLOSE) && stack[top] === IN_OBJECT) {
            top--;
            expect = afterValue();
          } else expect = E_INVALID;
        }
        if (depth === target && start >= 0) {
          out.objects++;
          s.start = start;
          s.end = i + 1;
          s.depth = target;
          s.envelope = envelope;
          s.valid = expect === E_DONE;
          onObject(s);
          start = -1;
        }
        depth--;
        if (depth === 0) lastTopEnd = i + 1;
      }
    } else if (c >= 128) {
      return undefined;
    } else if (start < 0) {
      // Between records: the envelope's array, and scalars where records belong.
      if (depth === 1 && target === 2) {
        if (c === OPEN_BRACKET) {
          if (envState === ENV_BEFORE) {
            envState = ENV_IN;
            envNest = 1;
          } else if (envState === ENV_IN) envNest++;
        } else if (c === CLOSE_BRACKET && envState === ENV_IN && --envNest === 0) envState = ENV_AFTER;
      }
      if (scalarPlace()) {
        const next = scalarEnd(b, i, c);
        if (next > 0) {
          reportScalar(i, next);
          i = next;
          continue;
        }
      }
    } else if (expect !== E_INVALID) {
      // Inside a target object: the rest of the JSON grammar (brackets, commas, colons, numbers, literals).
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        // white space
      } else if (c === 44) {
        expect = expect === E_COMMA_OR_CLOSE ? (stack[top] === IN_OBJECT ? E_KEY : E_VALUE) : E_INVALID;
      } else if (c === COLON) {
        expect = expect === E_COLON ? E_VALUE : E_INVALID;
      } else if (c === OPEN_BRACKET) {
        if (expect === E_VALUE || expect === E_VALUE_OR_CLOSE) {
          push(IN_ARRAY);
          expect = E_VALUE_OR_CLOSE;
        } else expect = E_INVALID;
      } else if (c === CLOSE_BRACKET) {
        if ((expect === E_VALUE_OR_CLOSE || expect === E_COMMA_OR_CLOSE) && stack[top] === IN_ARRAY) {
          top--;
          expect = afterValue();
        } else expect = E_INVALID;
      } else if (expect === E_VALUE || expect === E_VALUE_OR_CLOSE) {
        const next = scalarEnd(b, i, c);
        if (next < 0) expect = E_INVALID;
        else {
          expect = afterValue();
          // The number or literal holds no quote, brace or byte >= 0x80: nothing the boundaries need.
          i = next;
          continue;
        }
      } else expect = E_INVALID;
    }
    i++;
  }
  if (depth > 0) out.truncatedAt = start >= 0 ? start : len;
  return out;
}
