// A structural scanner for JSON text that finds objects without building them.
//
// Most CloudTrail records are not root, yet a trail is mostly bytes of such records. Building every
// record with JSON.parse costs allocation and time; this scanner only finds where each record
// starts and ends, and picks up two top-level string fields on the way (`eventTime`,
// `recipientAccountId`), which is all coverage needs. The caller runs JSON.parse on the few slices
// that can be root (a cheap `Root"` search on the raw slice decides).
//
// How it stays fast: it jumps between the next `"`, `{` and `}` with String.indexOf (native), so
// the JavaScript loop runs once per string or brace, not once per character. Square brackets are
// not tracked: arrays do not change brace balance, so object depth alone finds the boundaries.
//
// Which objects are reported ("targets"): the objects at depth 1 (top-level values: a bare record,
// the elements of a top-level array, each line of JSON lines, each of several concatenated
// objects), except that when a top-level object begins with a `"Records": [` key, the objects at
// depth 2 inside it (the records of an S3 log file) are reported instead; likewise for `"Events": [`
// (lookup-events output, which the CLI prints as one object however many pages it fetched).

/** Key flags for a target object's own (top-level) keys. */
export const KEY_EVENT_TIME = 1;
export const KEY_EVENT_NAME = 2;
export const KEY_USER_IDENTITY = 4;
export const KEY_RECIPIENT = 8;
/** The userIdentity value is an object (starts with `{`); a null, string or array one is not. */
export const KEY_USER_IDENTITY_OBJECT = 16;
export const KEY_EVENT_ID = 32;
/**
 * A key spells eventTime, eventName, eventID, userIdentity or recipientAccountId in another letter case:
 * the record reader looks fields up in any case (Athena and Lake lower-case them), so only a full read is right.
 */
export const KEY_OTHER_CASE = 64;

/**
 * A key that makes the record reader take the object for an envelope (json.ts looksLikeEnvelope and
 * unwrap): Records, Events, QueryResultRows, logEvents, events, detail-type, awslogs, CloudTrailEvent.
 */
export const KEY_ENVELOPE = 128;

/** The envelope keys by length (exact case: they are read as JavaScript properties). */
export const ENVELOPE_KEYS: ReadonlyMap<number, readonly string[]> = (() => {
  const m = new Map<number, string[]>();
  for (const k of ['Records', 'Events', 'QueryResultRows', 'logEvents', 'events', 'detail-type', 'awslogs', 'CloudTrailEvent']) m.set(k.length, [...(m.get(k.length) ?? []), k]);
  return m;
})();

const FIELDS_READ_IN_ANY_CASE = ['eventtime', 'eventname', 'eventid', 'useridentity', 'recipientaccountid'];

/** The `n` characters at `at` spell a field of FIELDS_READ_IN_ANY_CASE (ASCII letters, any case). */
export function otherCaseOfField(text: string, at: number, n: number): boolean {
  if (n !== 7 && n !== 9 && n !== 12 && n !== 18) return false;
  next: for (const word of FIELDS_READ_IN_ANY_CASE) {
    if (word.length !== n) continue;
    for (let k = 0; k < n; k++) if ((text.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) continue next;
    return true;
  }
  return false;
}

export interface ObjectSlice {
  /** Index of `{`. */
  start: number;
  /** Index just past the matching `}`. */
  end: number;
  /** 1 for a top-level value, 2 for an element inside a `{"Records":[...]}` or `{"Events":[...]}` envelope. */
  depth: number;
  /** The envelope key when depth is 2. */
  envelope: 'Records' | 'Events' | undefined;
  /** Flags of the object's own keys seen (KEY_*). */
  keys: number;
  /** Raw text of the top-level `eventTime` string value, when it is a string. */
  eventTime: string | undefined;
  /** Raw text of the top-level `recipientAccountId` string value, when it is a string. */
  recipientAccountId: string | undefined;
  /** Where the raw text of the top-level `eventID` / `eventName` string values lies ([from, to)); -1 when absent or not a string. */
  eventIdFrom: number;
  eventIdTo: number;
  eventNameFrom: number;
  eventNameTo: number;
  /**
   * A string, number or literal where a record belongs (inside the envelope's array, or at the top
   * level), reported in order so the reader counts it as skipped; the other fields are empty then.
   */
  scalar: boolean;
}

export interface ScanOutcome {
  /** Number of target objects reported. */
  objects: number;
  /** Number of top-level values seen (objects at depth 1). */
  topLevel: number;
  /** True when the text begins with `[` (a top-level array). */
  topLevelArray: boolean;
  /** True when two top-level values are separated by a line break (JSON lines). */
  lineSeparated: boolean;
  /** When the text ends inside an object or a string: the index where the unfinished target began. */
  truncatedAt?: number;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const ENVELOPE_RE = /\{\s*"(Records|Events)"\s*:\s*\[/y;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Index of the quote that closes the string opened at `open`, or -1 when the text ends first. */
function stringEnd(text: string, open: number): number {
  let e = text.indexOf('"', open + 1);
  while (e > 0 && text.charCodeAt(e - 1) === BACKSLASH) {
    let b = e - 1;
    let n = 0;
    while (text.charCodeAt(b) === BACKSLASH) {
      n++;
      b--;
    }
    if (n % 2 === 0) break;
    e = text.indexOf('"', e + 1);
  }
  return e;
}

/**
 * Calls `onObject` for every target object, in order. Never throws on malformed text: it stops at
 * the end and says where an unfinished object began. A string, number or literal where a record
 * belongs (at the top level, or inside the envelope's array) is reported too, as a `scalar` slice,
 * so that it is counted as skipped; other text outside objects (commas, brackets, stray words, an
 * envelope's other keys) is ignored. JSON.parse of a slice will catch a malformed record.
 */
export function scanObjects(text: string, onObject: (s: ObjectSlice) => void): ScanOutcome {
  const len = text.length;
  const out: ScanOutcome = { objects: 0, topLevel: 0, topLevelArray: false, lineSeparated: false };
  let i = 0;
  while (i < len && isSpace(text.charCodeAt(i))) i++;
  out.topLevelArray = text.charCodeAt(i) === 91;

  let depth = 0;
  let target = 1;
  let envelope: ObjectSlice['envelope'];
  let start = -1;
  let keys = 0;
  let eventTime: string | undefined;
  let recipient: string | undefined;
  let idFrom = -1;
  let idTo = -1;
  let nameFrom = -1;
  let nameTo = -1;
  /** The next value string at target depth is: 1 eventTime, 2 recipientAccountId, 3 eventID, 4 eventName. */
  let pending = 0;
  let lastTopEnd = -1;

  /** In an envelope: before its array, in it (`envNest` brackets deep), after it (scan-bytes.ts ENV_*). */
  let envState = ENV_BEFORE;
  let envNest = 0;
  /** Where the text not yet looked at between records begins. */
  let gapFrom = 0;
  const scalarPlace = (): boolean => depth === 0 || (depth === 1 && target === 2 && envState === ENV_IN);
  const reportScalar = (from: number, to: number): void => {
    onObject({ start: from, end: to, depth: depth + 1, envelope: depth === 1 ? envelope : undefined, keys: 0, eventTime: undefined, recipientAccountId: undefined, eventIdFrom: -1, eventIdTo: -1, eventNameFrom: -1, eventNameTo: -1, scalar: true });
  };
  /** Between records, the text before the next quote or brace: the envelope's brackets and the scalars where records belong. */
  const scanGap = (to: number): void => {
    if (depth >= target || start >= 0) return;
    for (let k = gapFrom; k < to; k++) {
      const ch = text.charCodeAt(k);
      if (depth === 1 && target === 2) {
        if (ch === 91) {
          if (envState === ENV_BEFORE) {
            envState = ENV_IN;
            envNest = 1;
          } else if (envState === ENV_IN) envNest++;
        } else if (ch === 93 && envState === ENV_IN && --envNest === 0) envState = ENV_AFTER;
      }
      if (scalarPlace()) {
        const next = textScalarEnd(text, k, ch);
        if (next > 0) {
          reportScalar(k, next);
          k = next - 1;
        }
      }
    }
  };

  let q = text.indexOf('"');
  let o = text.indexOf('{');
  let c = text.indexOf('}');
  if (q < 0) q = len;
  if (o < 0) o = len;
  if (c < 0) c = len;

  for (;;) {
    if (q < o && q < c) {
      scanGap(q);
      const e = stringEnd(text, q);
      if (e < 0) {
        if (depth > 0) out.truncatedAt = start >= 0 ? start : q;
        return out;
      }
      if (depth === target && start >= 0) {
        let k = e + 1;
        while (k < len && isSpace(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) === COLON) {
          pending = 0;
          const n = e - q - 1;
          // The value's first character: only a string value is taken (an array's strings stay at this
          // depth, since brackets are not tracked, and must not be read as the field's value).
          let v = k + 1;
          while (v < len && isSpace(text.charCodeAt(v))) v++;
          const stringValue = text.charCodeAt(v) === QUOTE;
          // A repeated key replaces the earlier value, as in JSON.parse: cleared before it is taken again.
          if (n === 9 && text.startsWith('eventTime', q + 1)) {
            keys |= KEY_EVENT_TIME;
            eventTime = undefined;
            if (stringValue) pending = 1;
          } else if (n === 9 && text.startsWith('eventName', q + 1)) {
            keys |= KEY_EVENT_NAME;
            nameFrom = nameTo = -1;
            if (stringValue) pending = 4;
          } else if (n === 7 && text.startsWith('eventID', q + 1)) {
            keys |= KEY_EVENT_ID;
            idFrom = idTo = -1;
            if (stringValue) pending = 3;
          } else if (n === 12 && text.startsWith('userIdentity', q + 1)) {
            keys = (keys | KEY_USER_IDENTITY) & ~KEY_USER_IDENTITY_OBJECT;
            if (text.charCodeAt(v) === 123) keys |= KEY_USER_IDENTITY_OBJECT;
          } else if (n === 18 && text.startsWith('recipientAccountId', q + 1)) {
            keys |= KEY_RECIPIENT;
            recipient = undefined;
            if (stringValue) pending = 2;
          } else if (otherCaseOfField(text, q + 1, n)) {
            keys |= KEY_OTHER_CASE;
          } else if (ENVELOPE_KEYS.has(n) && ENVELOPE_KEYS.get(n)?.some((k) => text.startsWith(k, q + 1))) {
            keys |= KEY_ENVELOPE;
          }
        } else if (pending !== 0) {
          if (pending === 1) eventTime = text.slice(q + 1, e);
          else if (pending === 2) recipient = text.slice(q + 1, e);
          else if (pending === 3) {
            idFrom = q + 1;
            idTo = e;
          } else {
            nameFrom = q + 1;
            nameTo = e;
          }
          pending = 0;
        }
      } else if (start < 0 && depth < target && scalarPlace()) reportScalar(q, e + 1);
      const pos = e + 1;
      gapFrom = pos;
      q = text.indexOf('"', pos);
      if (q < 0) q = len;
      if (o < pos) {
        o = text.indexOf('{', pos);
        if (o < 0) o = len;
      }
      if (c < pos) {
        c = text.indexOf('}', pos);
        if (c < 0) c = len;
      }
    } else if (o < c) {
      scanGap(o);
      gapFrom = o + 1;
      if (depth === 0) {
        out.topLevel++;
        if (lastTopEnd >= 0 && !out.lineSeparated) {
          const gap = text.slice(lastTopEnd, o);
          if (gap.includes('\n')) out.lineSeparated = true;
        }
        ENVELOPE_RE.lastIndex = o;
        const m = ENVELOPE_RE.exec(text);
        envelope = m ? (m[1] as 'Records' | 'Events') : undefined;
        target = m ? 2 : 1;
        envState = ENV_BEFORE;
        envNest = 0;
      }
      depth++;
      if (depth === target) {
        start = o;
        keys = 0;
        eventTime = undefined;
        recipient = undefined;
        idFrom = idTo = nameFrom = nameTo = -1;
        pending = 0;
      }
      o = text.indexOf('{', o + 1);
      if (o < 0) o = len;
    } else if (c < len) {
      scanGap(c);
      gapFrom = c + 1;
      if (depth > 0) {
        if (depth === target && start >= 0) {
          out.objects++;
          onObject({ start, end: c + 1, depth: target, envelope, keys, eventTime, recipientAccountId: recipient, eventIdFrom: idFrom, eventIdTo: idTo, eventNameFrom: nameFrom, eventNameTo: nameTo, scalar: false });
          start = -1;
        }
        depth--;
        if (depth === 0) lastTopEnd = c + 1;
      }
      c = text.indexOf('}', c + 1);
      if (c < 0) c = len;
    } else {
      scanGap(len);
      break;
    }
  }
  if (depth > 0) out.truncatedAt = start >= 0 ? start : len;
  return out;
}

const ENV_BEFORE = 0;
const ENV_IN = 1;
const ENV_AFTER = 2;

const isDigitCode = (ch: number): boolean => ch >= 48 && ch <= 57;

/** Index just past the JSON number or literal (`true`, `false`, `null`) at `i` (char code `ch`), or -1 (scan-bytes.ts scalarEnd). */
function textScalarEnd(text: string, i: number, ch: number): number {
  if (ch === 116) return text.startsWith('true', i) ? i + 4 : -1;
  if (ch === 102) return text.startsWith('false', i) ? i + 5 : -1;
  if (ch === 110) return text.startsWith('null', i) ? i + 4 : -1;
  if (ch !== 45 && !isDigitCode(ch)) return -1;
  let j = i;
  if (text.charCodeAt(j) === 45) j++;
  if (text.charCodeAt(j) === 48) j++;
  else if (isDigitCode(text.charCodeAt(j))) while (isDigitCode(text.charCodeAt(j))) j++;
  else return -1;
  if (text.charCodeAt(j) === 46) {
    j++;
    if (!isDigitCode(text.charCodeAt(j))) return -1;
    while (isDigitCode(text.charCodeAt(j))) j++;
  }
  const ex = text.charCodeAt(j);
  if (ex === 101 || ex === 69) {
    j++;
    const sign = text.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (!isDigitCode(text.charCodeAt(j))) return -1;
    while (isDigitCode(text.charCodeAt(j))) j++;
  }
  return j;
}
