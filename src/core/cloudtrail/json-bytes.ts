// JSON CloudTrail read from the inflated bytes (S3 log files, bare records, arrays, JSON lines):
// the same result as readJsonText on the decoded text, without decoding the records that cannot
// be root activity. scan-bytes.ts finds each record and its coverage fields; a record is counted
// from its bytes only when the scan vouches for it (valid JSON, no `Root`, no `\u` escape, the
// fields plain ASCII, no look-alike key in another letter case). Every other record is decoded and
// read exactly as the text reader reads it (JSON.parse, then the same record code).
import { parseUtcMs } from '../time';
import type { FileCollector } from './collect';
import { finishJsonRead, readLookupItemText, readRecordLike, skipScalar, unwrap } from './json';
import { KEY_ENVELOPE, KEY_EVENT_ID, KEY_EVENT_NAME, KEY_EVENT_TIME, KEY_OTHER_CASE, KEY_USER_IDENTITY_OBJECT } from './scan';
import type { ByteSlice } from './scan-bytes';
import { scanObjectBytesFast } from './scan-bytes-wasm';

const ascii = new TextDecoder('utf-8');

/** The text of ASCII bytes [from, to) (what the text reader would have sliced). */
const textOf = (b: Uint8Array, from: number, to: number): string => ascii.decode(b.subarray(from, to));

/** A raw string value read as is by text(): not empty, no escape, no white space to trim, not `null`. */
function plainValue(b: Uint8Array, from: number, to: number): boolean {
  if (to <= from || (b[from] as number) <= 32 || (b[to - 1] as number) <= 32) return false;
  for (let i = from; i < to; i++) {
    const ch = b[i] as number;
    if (ch === 92 || ch > 126) return false;
  }
  return !(to - from === 4 && b[from] === 110 && b[from + 1] === 117 && b[from + 2] === 108 && b[from + 3] === 108);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digitAt = (b: Uint8Array, i: number): number => {
  const d = (b[i] as number) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};

/** Two ASCII digits at i as a number, or -1. */
function twoDigitsAt(b: Uint8Array, i: number): number {
  const x = digitAt(b, i);
  const y = digitAt(b, i + 1);
  return x >= 0 && y >= 0 ? x * 10 + y : -1;
}

/** parseCanonicalUtc over `YYYY-MM-DDTHH:MM:SSZ` bytes (20 of them); undefined for anything else. */
function canonicalUtc(b: Uint8Array, from: number, to: number): number | undefined {
  if (to - from !== 20 || b[to - 1] !== 90) return undefined;
  if (b[from + 4] !== 45 || b[from + 7] !== 45 || b[from + 10] !== 84 || b[from + 13] !== 58 || b[from + 16] !== 58) return undefined;
  const y1 = twoDigitsAt(b, from);
  const y2 = twoDigitsAt(b, from + 2);
  const mo = twoDigitsAt(b, from + 5);
  const day = twoDigitsAt(b, from + 8);
  const h = twoDigitsAt(b, from + 11);
  const mi = twoDigitsAt(b, from + 14);
  const s = twoDigitsAt(b, from + 17);
  // Years below 100 are left to the text function, as parseCanonicalUtc leaves them to parseUtc.
  if (y1 < 1 || y2 < 0 || mo < 1 || mo > 12 || day < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined;
  const year = y1 * 100 + y2;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (mo === 2 && !leap ? 28 : (DAYS_IN_MONTH[mo - 1] as number))) return undefined;
  return Date.UTC(year, mo - 1, day, h, mi, s);
}

/** The event time as the full read takes it (parseUtcMs of the trimmed text), or undefined. */
function timeOf(b: Uint8Array, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) if (b[i] === 92) return undefined;
  const fast = canonicalUtc(b, from, to);
  if (fast !== undefined) return fast;
  const t = textOf(b, from, to).trim();
  return parseUtcMs(t);
}

/** Twelve ASCII digits exactly (accountOf of a value with nothing to trim). */
function isAccountId(b: Uint8Array, from: number, to: number): boolean {
  if (to - from !== 12) return false;
  for (let i = from; i < to; i++) if (digitAt(b, i) < 0) return false;
  return true;
}

/**
 * The checks for counting a record from its bytes that need nothing but the bytes: valid JSON, no
 * `Root` or `\\u` escape, no look-alike key in another letter case, no envelope key, userIdentity an
 * object, eventTime, eventName and recipientAccountId strings (eventID a string when present), the
 * account twelve digits, the name and id plain text. Its event time when they pass, else undefined.
 */
export function vouchedTime(b: Uint8Array, s: ByteSlice): number | undefined {
  if (!s.valid || s.mayBeRoot) return undefined;
  const k = s.keys;
  if ((k & (KEY_OTHER_CASE | KEY_ENVELOPE)) !== 0 || (k & KEY_EVENT_TIME) === 0 || (k & KEY_EVENT_NAME) === 0 || (k & KEY_USER_IDENTITY_OBJECT) === 0) return undefined;
  if (s.timeFrom < 0 || s.nameFrom < 0 || s.recipientFrom < 0) return undefined;
  // An eventID that is not a string (a number, null) is read by text() in full: leave it to the full read.
  if ((k & KEY_EVENT_ID) !== 0 && s.idFrom < 0) return undefined;
  if (!isAccountId(b, s.recipientFrom, s.recipientTo) || !plainValue(b, s.nameFrom, s.nameTo)) return undefined;
  if (s.idFrom >= 0 && !plainValue(b, s.idFrom, s.idTo)) return undefined;
  return timeOf(b, s.timeFrom, s.timeTo);
}

/** Reads JSON bytes into the collector; the format name, or undefined when a byte is not ASCII (read the text instead). */
export function readJsonBytes(b: Uint8Array, c: FileCollector, hint: string): string | undefined {
  let recordsEnvelope = false;
  // Consecutive records mostly share an account: its string is made once per run of them.
  let accountFrom = -1;
  let account = '';

  /** Counts a record read from its bytes: its account is the 12 digits at `recipientFrom`; c.key holds its key when `keyed`. */
  const countRecord = (recipientFrom: number, ms: number, keyed: boolean): void => {
    let same = accountFrom >= 0;
    for (let i = 0; same && i < 12; i++) same = b[accountFrom + i] === b[recipientFrom + i];
    if (!same) account = textOf(b, recipientFrom, recipientFrom + 12);
    accountFrom = recipientFrom;
    c.seq++;
    // No `at`: the collector names this record by c.seq, which is what it would be given.
    c.cover(account, ms, undefined, keyed);
  };

  /** Counts a record that cannot be root from its bytes; false when it must be read in full. */
  const coverFromBytes = (s: ByteSlice): boolean => {
    if (c.exact) return false;
    // The WebAssembly scanner makes the byte-only checks as it goes (fastMs); else they are made here.
    const ms = Number.isNaN(s.fastMs) ? vouchedTime(b, s) : s.fastMs;
    if (ms === undefined) return false;
    const keyed = s.idFrom >= 0;
    if (keyed) c.key.ofByteRanges(b, s.idFrom, s.idTo, s.nameFrom, s.nameTo, ms);
    countRecord(s.recipientFrom, ms, keyed);
    return true;
  };

  const onObject = (s: ByteSlice): void => {
    if (s.scalar) {
      skipScalar(c, s.envelope);
      return;
    }
    if (s.envelope === 'Events') {
      readLookupItemText(textOf(b, s.start, s.end), c);
      return;
    }
    if (s.depth === 2) {
      recordsEnvelope = true;
      c.kind('s3-json');
    }
    if (coverFromBytes(s)) {
      if (s.depth === 1) c.kind('record');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(textOf(b, s.start, s.end));
    } catch (e) {
      c.skip(`not valid JSON (${e instanceof Error ? e.message.slice(0, 80) : 'parse error'})`, { record: ++c.seq });
      return;
    }
    if (s.depth === 2) readRecordLike(value, c, undefined);
    else unwrap(value, c, undefined);
  };
  // A record the WebAssembly scanner vouched for: what coverFromBytes does after its checks.
  let bare = false;
  const onVouched = (ms: number, recipientFrom: number, inEnvelope: boolean, keyed: boolean, keyHi: number, keyLo: number): void => {
    // c.kind keeps the first of each kind: called once per kind, not per record.
    if (inEnvelope) {
      if (!recordsEnvelope) {
        recordsEnvelope = true;
        c.kind('s3-json');
      }
    } else if (!bare) {
      bare = true;
      c.kind('record');
    }
    if (keyed) {
      c.key.hi = keyHi;
      c.key.lo = keyLo;
    }
    countRecord(recipientFrom, ms, keyed);
  };
  const out = scanObjectBytesFast(b, onObject, c.exact ? undefined : onVouched);
  if (out === undefined) return undefined;
  return finishJsonRead(c, out, recordsEnvelope, hint);
}
