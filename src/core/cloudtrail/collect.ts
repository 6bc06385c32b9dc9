// One file's reading state: coverage per account (any identity), root events, AssumeRoot calls,
// skipped records and the problems that explain them. Every envelope reader feeds this.
import { DAY_MS, parseUtcMs, toIso, utcDay } from '../time';
import type { Problem } from '../types';
import { serviceNoiseReason } from './classify';
import { CLOUDTRAIL_EPOCH_MS, EventKeyHasher, KeyList, TimeList } from './coverage';
import type { AssumeRootCall, Coverage, RootEvent } from './model';
import { parseObjectColumn } from './struct-text';

/** Individual problems raised per skip reason before the rest are only counted. */
const MAX_SKIP_PROBLEMS = 10;

const ACCOUNT_RE = /^\d{12}$/;

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `o[key]`, or the same key in lower case (Athena / Lake struct fields are lower-cased). */
export function field(o: unknown, key: string): unknown {
  if (!isObject(o)) return undefined;
  const v = o[key];
  if (v !== undefined) return v;
  const lower = o[key.toLowerCase()];
  if (lower !== undefined) return lower;
  // Map keys in Lake keep their case, but hand-written exports vary: last resort, any case.
  const want = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === want) return o[k];
  return undefined;
}

/** A non-empty string (trimmed), else undefined. Lake / Athena print null fields as `null`. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' || t === 'null' ? undefined : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export const accountOf = (v: unknown): string | undefined => {
  const t = text(v);
  return t !== undefined && ACCOUNT_RE.test(t) ? t : undefined;
};

/** A nested object, or the object held as JSON / struct text in a string column. */
function objectOf(v: unknown): Json | undefined {
  if (isObject(v)) return v;
  if (typeof v === 'string') return parseObjectColumn(v);
  return undefined;
}

/** Why a record's userIdentity cannot say who made it (RULES.md: never silently non-root). */
function identityDoubt(v: unknown): string {
  const what = v === undefined ? 'has no userIdentity' : `has a userIdentity that is ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? 'a string, not an object' : `a ${typeof v}`}`;
  return `the record ${what}, so whether root made it cannot be told (it counts as coverage, not as root activity)`;
}

export class FileCollector {
  /** Records used (any identity). */
  records = 0;
  /** Records not used (unreadable time, not JSON, not a CloudTrail record). */
  skipped = 0;
  /** Sequence number of the last record met (1-based), used in events and problems. */
  seq = 0;
  rootEvents: RootEvent[] = [];
  assumeRootCalls: AssumeRootCall[] = [];
  coverage = new Map<string | null, Coverage>();
  problems: Problem[] = [];
  /** Root-identity events left out as service noise, by reason. */
  serviceNoise = new Map<string, number>();
  /** Envelope kinds met, in order (for the format name). */
  kinds: string[] = [];
  limitedFormat = false;
  /** Every record through JSON.parse, no fast path: the reference the fast paths are tested against. */
  exact = false;
  /** The key of the event about to be covered (set by the caller when `cover` is told it is keyed). */
  readonly key = new EventKeyHasher();
  private skips = new Map<string, { count: number }>();
  /** Records read but doubtful (malformed userIdentity), per reason. */
  private notes = new Map<string, { count: number }>();
  /** Events dated before CloudTrail existed: read, never coverage. */
  private early: { count: number; first: { time: number; where: string } } | undefined;
  private lastAccount: string | null | undefined = undefined;
  private lastCov: Coverage | undefined;
  private lastDay = '';
  /** Per coverage, the UTC day number last added to its days by an event without canonical text. */
  private dayAdded = new Map<Coverage, number>();
  /** The coverage and day last checked against dayAdded (dayAdded holds that day for it). */
  private dayCov: Coverage | undefined;
  private dayNum = NaN;

  constructor(readonly input: string) {}

  kind(k: string): void {
    if (!this.kinds.includes(k)) this.kinds.push(k);
  }

  problem(p: Omit<Problem, 'input'>): void {
    this.problems.push({ input: this.input, ...p });
  }

  /**
   * Counts one event of any identity at `ms` for `account`. `iso` is the raw time, when canonical;
   * `keyed` says that `this.key` holds the event's key (it has an eventID). An event dated before
   * CloudTrail existed is read (its root event still counts) but is no coverage: a problem says so.
   */
  cover(account: string | null, ms: number, iso: string | undefined, keyed: boolean, at?: { record?: number; line?: number }): void {
    this.records++;
    if (ms < CLOUDTRAIL_EPOCH_MS) {
      this.tooEarly(ms, at);
      return;
    }
    let cov = this.lastCov;
    if (cov === undefined || account !== this.lastAccount) {
      cov = this.coverage.get(account);
      if (!cov) {
        cov = { start: ms, end: ms, count: 0, days: new Set(), times: new TimeList(), keys: new KeyList() };
        this.coverage.set(account, cov);
      }
      this.lastAccount = account;
      this.lastCov = cov;
      this.lastDay = '';
    }
    cov.count++;
    cov.times.push(ms);
    if (keyed) cov.keys.push(this.key.hi, this.key.lo);
    if (ms < cov.start) cov.start = ms;
    if (ms > cov.end) cov.end = ms;
    if (iso !== undefined && iso.length >= 20 && iso.charCodeAt(iso.length - 1) === 90) {
      // Canonical UTC text: the day is its first ten characters.
      if (this.lastDay === '' || !iso.startsWith(this.lastDay)) {
        this.lastDay = iso.slice(0, 10);
        cov.days.add(this.lastDay);
      }
    } else {
      // No canonical text (the byte reader passes none): one day string per day met, not per event;
      // the account and day of the event before are checked first (no map look-up for a run of them).
      const day = Math.floor(ms / DAY_MS);
      if (cov !== this.dayCov || day !== this.dayNum) {
        if (this.dayAdded.get(cov) !== day) {
          cov.days.add(utcDay(ms));
          this.dayAdded.set(cov, day);
        }
        this.dayCov = cov;
        this.dayNum = day;
      }
      this.lastDay = '';
    }
  }

  private tooEarly(ms: number, at: { record?: number; line?: number } | undefined): void {
    if (this.early) {
      this.early.count++;
      return;
    }
    const where = at?.line !== undefined ? `line ${at.line}` : `record ${at?.record ?? this.seq}`;
    this.early = { count: 1, first: { time: ms, where } };
  }

  /**
   * A record that was read but leaves a doubt (a malformed userIdentity: whether root made it cannot
   * be told); the first few are named one by one, the rest counted, like skips.
   */
  doubt(reason: string, at: { record?: number; line?: number }): void {
    let t = this.notes.get(reason);
    if (!t) {
      t = { count: 0 };
      this.notes.set(reason, t);
    }
    t.count++;
    if (t.count <= MAX_SKIP_PROBLEMS) {
      const where = at.line !== undefined ? `line ${at.line}` : `record ${at.record ?? '?'}`;
      const p: Omit<Problem, 'input'> = { severity: 'warning', message: `${where}: ${reason}.` };
      if (at.line !== undefined) p.line = at.line;
      if (at.record !== undefined) p.record = at.record;
      this.problem(p);
    }
  }

  /** A record that could not be used, with why; the first few are named one by one. */
  skip(reason: string, at: { record?: number; line?: number }): void {
    this.skipped++;
    let t = this.skips.get(reason);
    if (!t) {
      t = { count: 0 };
      this.skips.set(reason, t);
    }
    t.count++;
    if (t.count <= MAX_SKIP_PROBLEMS) {
      const where = at.line !== undefined ? `line ${at.line}` : `record ${at.record ?? '?'}`;
      const p: Omit<Problem, 'input'> = { severity: 'warning', message: `${where} skipped: ${reason}.` };
      if (at.line !== undefined) p.line = at.line;
      if (at.record !== undefined) p.record = at.record;
      this.problem(p);
    }
  }

  /** Problems that sum up the file (called once, at the end); the coverage lists are trimmed to size. */
  summarize(): void {
    for (const cov of this.coverage.values()) {
      cov.times.trim();
      cov.keys.trim();
    }
    for (const [reason, t] of this.skips) {
      if (t.count > MAX_SKIP_PROBLEMS) this.problem({ severity: 'warning', message: `${t.count - MAX_SKIP_PROBLEMS} more records skipped for the same reason (${reason}); ${t.count} in all.` });
    }
    for (const [reason, t] of this.notes) {
      if (t.count > MAX_SKIP_PROBLEMS) this.problem({ severity: 'warning', message: `${t.count - MAX_SKIP_PROBLEMS} more records with the same doubt (${reason}); ${t.count} in all.` });
    }
    if (this.early) {
      const { count, first } = this.early;
      this.problem({
        severity: 'warning',
        message: `${count === 1 ? '1 event is' : `${count} events are`} dated before November 2013, when CloudTrail began (the first: ${first.where} at ${toIso(first.time)}): ${count === 1 ? 'its time is' : 'their times are'} not real, so ${count === 1 ? 'it does' : 'they do'} not count as coverage.`,
      });
    }
    if (this.serviceNoise.size > 0) {
      let n = 0;
      const parts: string[] = [];
      for (const [why, k] of [...this.serviceNoise].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))) {
        n += k;
        parts.push(`${why} ×${k}`);
      }
      this.problem({
        severity: 'info',
        message: `${n} event${n === 1 ? '' : 's'} with userIdentity.type Root ${n === 1 ? 'was' : 'were'} made by AWS services, not by a person (${parts.join(', ')}); not counted as root activity.`,
      });
    }
  }

  /**
   * Reads one CloudTrail record (an object shaped like the JSON record; keys may be lower-case, as in
   * Athena / Lake rows turned into objects). `envAccount` is the envelope's account when it has one.
   */
  addRecord(rec: Json, envAccount?: string, line?: number): void {
    const seq = ++this.seq;
    const record = line ?? seq;
    const at = line !== undefined ? { line } : { record };
    const rawTime = field(rec, 'eventTime');
    const timeText = typeof rawTime === 'string' ? rawTime.trim() : undefined;
    const ms = timeText !== undefined ? parseUtcMs(timeText) : undefined;
    if (ms === undefined) {
      this.skip(rawTime === undefined ? 'no eventTime' : `eventTime ${JSON.stringify(rawTime)} is not a readable time`, at);
      return;
    }
    const rawIdentity = field(rec, 'userIdentity');
    const ui = objectOf(rawIdentity);
    if (ui === undefined) this.doubt(identityDoubt(rawIdentity), at);
    const recipient = accountOf(field(rec, 'recipientAccountId'));
    const own = accountOf(field(ui, 'accountId'));
    const eventName = text(field(rec, 'eventName')) ?? '';
    const eventSource = text(field(rec, 'eventSource')) ?? '';
    const eventId = text(field(rec, 'eventID'));
    if (eventId !== undefined) this.key.ofStrings(eventId, eventName, ms);
    this.cover(recipient ?? own ?? envAccount ?? null, ms, timeText, eventId !== undefined, at);
    const req = objectOf(field(rec, 'requestParameters'));

    if (eventName === 'AssumeRoot' && eventSource.startsWith('sts.')) {
      const call: AssumeRootCall = { time: ms, accountId: recipient ?? own ?? envAccount ?? null, input: this.input, record };
      const target = text(field(req, 'targetPrincipal'));
      if (target !== undefined) call.targetAccountId = /^\d{12}$/.test(target) ? target : (/:(\d{12}):/.exec(target)?.[1] ?? target);
      const arn = text(field(ui, 'arn'));
      if (arn !== undefined) call.callerArn = arn;
      const policy = field(req, 'taskPolicyArn');
      const policyArn = text(isObject(policy) ? field(policy, 'arn') : policy);
      if (policyArn !== undefined) call.taskPolicyArn = policyArn;
      if (eventId !== undefined) call.eventId = eventId;
      const err = text(field(rec, 'errorCode'));
      if (err !== undefined) call.errorCode = err;
      this.assumeRootCalls.push(call);
    }

    if (text(field(ui, 'type')) !== 'Root') return;
    const eventType = text(field(rec, 'eventType'));
    const invokedBy = text(field(ui, 'invokedBy'));
    const noise = serviceNoiseReason(eventType, invokedBy);
    if (noise !== undefined) {
      this.serviceNoise.set(noise, (this.serviceNoise.get(noise) ?? 0) + 1);
      return;
    }
    const ctx = objectOf(field(ui, 'sessionContext'));
    const assumed = field(ctx, 'assumedRoot');
    const ev: RootEvent = {
      time: ms,
      accountId: own ?? recipient ?? envAccount ?? null,
      identityType: 'Root',
      eventName,
      eventSource,
      assumedRoot: assumed === true || (typeof assumed === 'string' && assumed.trim().toLowerCase() === 'true'),
      input: this.input,
      record,
    };
    const set = (k: keyof RootEvent & string, v: string | undefined): void => {
      if (v !== undefined) (ev as unknown as Record<string, unknown>)[k] = v;
    };
    set('accessKeyId', text(field(ui, 'accessKeyId')));
    set('invokedBy', invokedBy);
    set('eventType', eventType);
    set('region', text(field(rec, 'awsRegion')));
    set('sourceIp', text(field(rec, 'sourceIPAddress')));
    set('userAgent', text(field(rec, 'userAgent')));
    const resp = objectOf(field(rec, 'responseElements'));
    const outcome = eventName ? text(field(resp, eventName)) : undefined;
    if (eventName === 'ConsoleLogin') set('signInResult', outcome);
    set('outcome', outcome);
    set('mfaUsed', text(field(objectOf(field(rec, 'additionalEventData')), 'MFAUsed')));
    set('mfaAuthenticated', text(field(objectOf(field(ctx, 'attributes')), 'mfaAuthenticated')));
    set('errorCode', text(field(rec, 'errorCode')));
    set('errorMessage', text(field(rec, 'errorMessage')));
    const user = field(req, 'userName');
    if (typeof user === 'string') ev.targetUserName = user;
    set('eventId', eventId);
    this.rootEvents.push(ev);
  }
}
