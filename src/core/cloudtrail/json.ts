// JSON shapes of CloudTrail (FORMATS.md §2): S3 log files / console JSON (`{"Records":[...]}`),
// lookup-events pages (`Events[].CloudTrailEvent` as a JSON string), CloudTrail Lake query results
// (`QueryResultRows`), EventBridge envelopes, CloudWatch Logs subscription payloads (`logEvents[]`)
// and filter-log-events output (`events[]`), JSON lines, concatenated objects, a bare record, an
// array of records — and any mix of them, since every top-level value is unwrapped on its own.
import { fromEpochSeconds, isValidTime, parseCanonicalUtc, parseEpochSeconds, parseUtc, parseUtcMs, toIso } from '../time';
import { accountOf, isObject, type FileCollector, type Json } from './collect';
import { KEY_ENVELOPE, KEY_EVENT_ID, KEY_EVENT_NAME, KEY_EVENT_TIME, KEY_OTHER_CASE, KEY_USER_IDENTITY_OBJECT, scanObjects, type ObjectSlice, type ScanOutcome } from './scan';
import { isJsonObjectText } from './json-valid';
import { iamUserInResources } from './csv';
import { flatRowToRecord } from './flat';

/**
 * Markers searched in raw record text before a record may skip JSON.parse. A record is root activity
 * when userIdentity.type reads `Root` or its eventName `AssumeRoot`: both hold `Root`, written plainly
 * or with `\u` escapes (a letter has no other escape; `\t` is a tab). A record whose text holds
 * neither `Root` nor `\u` cannot have such a value, so its time and account are all it gives.
 */
const ROOT_MARK = 'Root';
const ESCAPE_MARK = '\\u';

/** Where the next marker lies at or after a position, found once per text and moved forward only. */
class MarkFinder {
  private at = -1;
  constructor(
    private readonly text: string,
    private readonly mark: string,
  ) {}

  /** True when the mark occurs in [from, to). */
  within(from: number, to: number): boolean {
    if (this.at < from && this.at !== Infinity) {
      this.at = this.text.indexOf(this.mark, from);
      if (this.at < 0) this.at = Infinity;
    }
    return this.at < to;
  }
}

/** A raw string value the fast path can use as is: no escape, no white space to trim, not `null`. */
function plainValue(src: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const ch = src.charCodeAt(i);
    if (ch === 92 || ch > 126 || ((i === from || i === to - 1) && ch <= 32)) return false;
  }
  return !(to - from === 4 && src.startsWith('null', from));
}

/**
 * Counts a record that cannot be root activity for coverage from its raw text, without JSON.parse.
 * False when the record needs a full parse: it may be root, its identity is not an object (a problem
 * to report), or a field the fast path reads is missing or written in a way only a parse reads right.
 */
function coverFast(src: string, s: ObjectSlice, c: FileCollector, roots: MarkFinder, escapes: MarkFinder): boolean {
  if (c.exact) return false;
  if ((s.keys & KEY_EVENT_TIME) === 0 || (s.keys & KEY_EVENT_NAME) === 0 || (s.keys & KEY_USER_IDENTITY_OBJECT) === 0 || (s.keys & (KEY_OTHER_CASE | KEY_ENVELOPE)) !== 0) return false;
  if (s.eventTime === undefined || s.eventNameFrom < 0) return false;
  // An eventID that is not a string (a number, null) is read by text() in full: leave it to the full read.
  if ((s.keys & KEY_EVENT_ID) !== 0 && s.eventIdFrom < 0) return false;
  if (roots.within(s.start, s.end) || escapes.within(s.start, s.end)) return false;
  // Without recipientAccountId the full read takes userIdentity.accountId before the envelope's account.
  const account = s.recipientAccountId !== undefined ? accountOf(s.recipientAccountId) : undefined;
  if (account === undefined) return false;
  if (!plainValue(src, s.eventNameFrom, s.eventNameTo)) return false;
  const keyed = s.eventIdFrom >= 0;
  if (keyed && !plainValue(src, s.eventIdFrom, s.eventIdTo)) return false;
  const canonical = parseCanonicalUtc(s.eventTime);
  const ms = canonical ?? parseUtc(s.eventTime)?.ms;
  if (ms === undefined) return false;
  // Last, as it reads the whole record: a record JSON.parse refuses is skipped by the full read, never counted.
  if (!isJsonObjectText(src, s.start, s.end)) return false;
  if (keyed) c.key.ofRanges(src, s.eventIdFrom, s.eventIdTo, s.eventNameFrom, s.eventNameTo, ms);
  c.seq++;
  c.cover(account, ms, canonical !== undefined ? s.eventTime : undefined, keyed, { record: c.seq });
  return true;
}

const CLOUDTRAIL_DETAIL_TYPE_RE = /via CloudTrail$/i;

/** Reads JSON text of any of the shapes above into the collector; returns the format name. */
export function readJsonText(src: string, c: FileCollector, hint = 'cloudtrail-json'): string {
  const roots = new MarkFinder(src, ROOT_MARK);
  const escapes = new MarkFinder(src, ESCAPE_MARK);
  let recordsEnvelope = false;
  const onObject = (s: ObjectSlice): void => {
    if (s.scalar) {
      skipScalar(c, s.envelope);
      return;
    }
    if (s.envelope === 'Events') {
      // lookup-events: each item holds its record as a JSON string; parse the (small) item only.
      readLookupItemText(src.slice(s.start, s.end), c);
      return;
    }
    if (s.depth === 2) {
      recordsEnvelope = true;
      c.kind('s3-json');
    }
    // Fast path: a record that cannot be root needs only its time, account and key.
    if (coverFast(src, s, c, roots, escapes)) {
      if (s.depth === 1) c.kind('record');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(src.slice(s.start, s.end));
    } catch (e) {
      c.skip(`not valid JSON (${e instanceof Error ? e.message.slice(0, 80) : 'parse error'})`, { record: ++c.seq });
      return;
    }
    if (s.depth === 2) readRecordLike(value, c, undefined);
    else unwrap(value, c, undefined);
  };
  const out = scanObjects(src, onObject);
  return finishJsonRead(c, out, recordsEnvelope, hint);
}

const NOT_AN_OBJECT = 'not a JSON object';
const LOOKUP_ITEM_NOT_AN_OBJECT = 'lookup-events item is not an object';

/** A string, number or literal where a record belongs (the scanners report it): skipped, as unwrap skips it. */
export function skipScalar(c: FileCollector, envelope: 'Records' | 'Events' | undefined): void {
  c.skip(envelope === 'Events' ? LOOKUP_ITEM_NOT_AN_OBJECT : NOT_AN_OBJECT, { record: ++c.seq });
}

/** The problems a whole JSON text raises (truncated, no records) and its format name, from the scan's outcome. */
export function finishJsonRead(c: FileCollector, out: ScanOutcome, recordsEnvelope: boolean, hint: string): string {
  if (out.truncatedAt !== undefined) {
    c.problem({
      severity: 'warning',
      message: `The JSON ends before it is closed (truncated file?); the text from character ${out.truncatedAt} on was not read. ${c.records} record${c.records === 1 ? '' : 's'} before that were read.`,
    });
  }
  if (out.objects === 0 && out.truncatedAt === undefined) {
    c.problem({ severity: 'warning', message: out.topLevel > 0 ? 'The file holds no CloudTrail records (an empty list).' : 'No JSON objects found: no CloudTrail records.' });
  }
  const envelopes = c.kinds.filter((k) => k !== 'record');
  if (envelopes.length === 1 && !c.kinds.includes('record')) return envelopes[0] as string;
  if (envelopes.length === 0) {
    if (recordsEnvelope) return 's3-json';
    if (out.objects === 0) return hint;
    if (out.topLevelArray) return 'record-array';
    if (out.topLevel <= 1) return 'record';
    return out.lineSeparated ? 'json-lines' : 'json-concatenated';
  }
  return c.kinds.join('+');
}

/** An element of a Records array: a record (or, tolerated, another envelope). */
export function readRecordLike(v: unknown, c: FileCollector, envAccount: string | undefined): void {
  if (isObject(v) && !looksLikeEnvelope(v)) {
    if (looksLikeRecord(v)) c.addRecord(v, envAccount);
    else c.skip('not a CloudTrail record (no eventTime, eventName or userIdentity)', { record: ++c.seq });
    return;
  }
  unwrap(v, c, envAccount);
}

const looksLikeRecord = (o: Json): boolean => 'eventTime' in o || 'eventName' in o || 'userIdentity' in o || 'eventtime' in o;

const looksLikeEnvelope = (o: Json): boolean =>
  Array.isArray(o.Records) ||
  Array.isArray(o.Events) ||
  Array.isArray(o.QueryResultRows) ||
  Array.isArray(o.logEvents) ||
  'detail-type' in o ||
  'awslogs' in o ||
  'CloudTrailEvent' in o ||
  (Array.isArray(o.events) && !('eventTime' in o));

/** Any parsed top-level value: an envelope, a record, or an array of either. */
export function unwrap(v: unknown, c: FileCollector, envAccount: string | undefined, nesting = 0): void {
  if (nesting > 8) {
    c.skip('envelopes nested too deep', { record: ++c.seq });
    return;
  }
  if (Array.isArray(v)) {
    for (const el of v) unwrap(el, c, envAccount, nesting + 1);
    return;
  }
  if (!isObject(v)) {
    c.skip(NOT_AN_OBJECT, { record: ++c.seq });
    return;
  }
  if (Array.isArray(v.Records)) {
    c.kind('s3-json');
    for (const r of v.Records) readRecordLike(r, c, envAccount);
    return;
  }
  if (Array.isArray(v.Events)) {
    c.kind('lookup-events');
    for (const item of v.Events) readLookupItem(item, c);
    return;
  }
  if (Array.isArray(v.QueryResultRows)) {
    c.kind('cloudtrail-lake');
    for (const row of v.QueryResultRows) readLakeRow(row, c);
    return;
  }
  if (typeof v['detail-type'] === 'string') {
    c.kind('eventbridge');
    const account = accountOf(v.account) ?? envAccount;
    if (!CLOUDTRAIL_DETAIL_TYPE_RE.test(v['detail-type'] as string) || !isObject(v.detail)) {
      c.skip(`EventBridge event of type "${(v['detail-type'] as string).slice(0, 60)}" carries no CloudTrail record`, { record: ++c.seq });
      return;
    }
    readRecordLike(v.detail, c, account);
    return;
  }
  if (Array.isArray(v.logEvents) || (Array.isArray(v.events) && !('eventTime' in v))) {
    c.kind('cloudwatch-logs');
    const account = accountOf(v.owner) ?? envAccount;
    const list = (Array.isArray(v.logEvents) ? v.logEvents : v.events) as unknown[];
    for (const ev of list) {
      const msg = isObject(ev) ? ev.message : undefined;
      if (typeof msg === 'string') readRecordText(msg, c, account);
      else if (isObject(msg)) readRecordLike(msg, c, account);
      else c.skip('log event without a message', { record: ++c.seq });
    }
    if (v.messageType === 'CONTROL_MESSAGE') c.problem({ severity: 'info', message: 'CloudWatch Logs control message (the subscription check AWS sends): no events.' });
    return;
  }
  if ('CloudTrailEvent' in v) {
    // One lookup-events item on its own (e.g. `--query Events` prints a bare array of them).
    c.kind('lookup-events');
    readLookupItem(v, c);
    return;
  }
  if (isObject(v.awslogs)) {
    c.kind('cloudwatch-logs');
    c.problem({
      severity: 'error',
      message: 'CloudWatch Logs payload compressed as base64 gzip (awslogs.data): it must be decompressed first (the app does this when it reads files; in code call readCloudTrail, not parseCloudTrail).',
    });
    return;
  }
  if (looksLikeRecord(v)) {
    c.kind('record');
    c.addRecord(v, envAccount);
    return;
  }
  c.skip('not a CloudTrail record or envelope', { record: ++c.seq });
}

const isBlank = (t: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (!(t.charCodeAt(i) <= 32)) return false;
  return true;
};

/**
 * A record held as a JSON string (lookup-events CloudTrailEvent, CloudWatch Logs message). When the
 * string is one object that cannot be root, the scanner's fast path reads it without a parse.
 */
function readRecordText(json: string, c: FileCollector, envAccount: string | undefined, fallbackTime?: number): void {
  let only: ObjectSlice | undefined;
  const scan = scanObjects(json, (s) => {
    if (!s.scalar) only = s;
  });
  if (only !== undefined && scan.objects === 1 && scan.topLevel === 1 && scan.truncatedAt === undefined && isBlank(json, 0, only.start) && isBlank(json, only.end, json.length)) {
    if (coverFast(json, only, c, new MarkFinder(json, ROOT_MARK), new MarkFinder(json, ESCAPE_MARK))) return;
  }
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    c.skip('the record text is not valid JSON', { record: ++c.seq });
    return;
  }
  if (isObject(v) && fallbackTime !== undefined && eventTimeOf(v) === undefined) {
    // lookup-events: EventTime stands in when the record's own time is unreadable.
    v = { ...v, eventTime: toIso(fallbackTime) };
  }
  readRecordLike(v, c, envAccount);
}

const eventTimeOf = (o: Json): number | undefined => {
  const t = o.eventTime;
  return typeof t === 'string' ? parseUtcMs(t) : undefined;
};

/**
 * lookup-events `EventTime`: epoch seconds (CLI v1) or ISO with a local offset (CLI v2). Undefined
 * when absent or unreadable, including a number no date can hold (`1e300`).
 */
function lookupTime(v: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) ms = fromEpochSeconds(v);
  else if (typeof v === 'string') {
    const t = v.trim();
    ms = parseEpochSeconds(t) ?? parseUtcMs(t);
  }
  return ms !== undefined && isValidTime(ms) ? ms : undefined;
}

/** One lookup-events item given as JSON text (the text and byte readers both slice it out). */
export function readLookupItemText(text: string, c: FileCollector): void {
  c.kind('lookup-events');
  let item: unknown;
  try {
    item = JSON.parse(text);
  } catch (e) {
    c.skip(`not valid JSON (${e instanceof Error ? e.message.slice(0, 80) : 'parse error'})`, { record: ++c.seq });
    return;
  }
  readLookupItem(item, c);
}

export function readLookupItem(item: unknown, c: FileCollector): void {
  if (!isObject(item)) {
    c.skip(LOOKUP_ITEM_NOT_AN_OBJECT, { record: ++c.seq });
    return;
  }
  const ev = item.CloudTrailEvent;
  const fallback = lookupTime(item.EventTime);
  if (fallback === undefined && item.EventTime !== undefined) {
    // The record's own eventTime may still be readable: then the item is used, else it is skipped.
    c.doubt("its lookup-events EventTime is not a readable time (the record's own eventTime is used when it has one)", { record: c.seq + 1 });
  }
  if (typeof ev === 'string') {
    readRecordText(ev, c, undefined, fallback);
    return;
  }
  if (isObject(ev)) {
    readRecordLike(fallback !== undefined && eventTimeOf(ev) === undefined ? { ...ev, eventTime: toIso(fallback) } : ev, c, undefined);
    return;
  }
  // Without CloudTrailEvent (e.g. a --query that dropped it) only the summary columns remain: like the
  // console CSV, root is the user name "root" and there is no identity type, MFA flag or result.
  c.limitedFormat = true;
  // Like the console CSV, the summary shows whose key CreateAccessKey made only in its Resources.
  const target = Array.isArray(item.Resources) ? iamUserInResources(JSON.stringify(item.Resources)) : undefined;
  const rec: Json = {
    eventTime: fallback !== undefined ? toIso(fallback) : item.EventTime,
    eventName: item.EventName,
    eventSource: item.EventSource,
    eventID: item.EventId,
    userIdentity: item.Username === 'root' ? { type: 'Root', accessKeyId: item.AccessKeyId } : { type: 'Unknown', userName: item.Username },
  };
  if (target !== undefined) rec.requestParameters = { userName: target };
  const rootsBefore = c.rootEvents.length;
  c.addRecord(rec);
  const made = c.rootEvents[rootsBefore];
  if (made && made.eventName === 'CreateAccessKey' && target === undefined) made.targetNotShown = true;
  if (!c.kinds.includes('lookup-events-summary')) {
    c.kind('lookup-events-summary');
    c.problem({
      severity: 'warning',
      message: 'lookup-events items without CloudTrailEvent: root is recognised only by the user name "root", and there is no account id, MFA flag or sign-in result. Run lookup-events without --query to keep the full records.',
    });
  }
}

/** A Lake row: a list of single-key objects, every value a string. */
function readLakeRow(row: unknown, c: FileCollector): void {
  if (!Array.isArray(row)) {
    c.skip('QueryResultRows entry is not a list', { record: ++c.seq });
    return;
  }
  const flat: Record<string, string | undefined> = {};
  for (const cell of row) {
    if (!isObject(cell)) continue;
    for (const [k, v] of Object.entries(cell)) flat[k.toLowerCase()] = v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
  }
  const rec = flatRowToRecord(flat);
  if (rec === undefined) {
    c.skip('Lake row has no eventtime column', { record: ++c.seq });
    return;
  }
  if (typeof rec === 'string') {
    c.skip(rec, { record: ++c.seq });
    return;
  }
  c.addRecord(rec);
}

