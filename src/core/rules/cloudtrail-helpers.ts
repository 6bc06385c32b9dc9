// Readings shared by the CloudTrail rules (CT-*) and XSRC-ROOT-LAST-USE: what to load when CloudTrail
// is missing, which root events fall inside the look-back, how much of it the logs cover, sign-in
// outcome and MFA flag, and evidence that cites event ids.
import type { CloudTrailAccountData, RootEvent } from '../cloudtrail/model';
import { ageInDays, DAY_MS, formatDuration, HOUR_MS, toIso, utcDay, withinWindow } from '../time';
import type { Evidence } from '../types';
import { ROOT_RESOURCE, type FindingDraft, type RuleContext } from './define-rule';

/**
 * How far the last loaded event may lie before as-of and the logs still count as reaching as-of.
 * CloudTrail delivers most events within about 5 minutes (no guarantee) and Event history can lag
 * ~15 minutes; a working account also has quiet minutes between events. One hour absorbs both,
 * while a longer slack (a day) would let a root session in the unseen part hide behind a PASS.
 * The finding always says how long the unseen part is.
 */
export const COVERAGE_END_TOLERANCE_MS = HOUR_MS;

/** Events cited one by one per finding; the rest are counted (the root events table has them all). */
export const MAX_EVENT_EVIDENCE = 50;

/** Values listed per field in tallies (event names, IPs, agents, regions). */
export const MAX_TALLY = 10;

export const LOOKUP_ROOT_EVENTS =
  'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=Username,AttributeValue=root --output json > root-events.json';

const accountText = (ctx: RuleContext): string => `account ${ctx.account.accountId ?? 'unknown'}`;

/** What to load, in words; shared by every "no CloudTrail" finding. */
export function loadCloudTrailHint(): string {
  return (
    "Load the trail's log files from S3 as they are (AWSLogs/ACCOUNT_ID/CloudTrail/REGION/YYYY/MM/DD/*.json.gz, including us-east-1, where root console sign-ins are recorded), " +
    `or the output of ${LOOKUP_ROOT_EVENTS} (Event history keeps 90 days), ` +
    'or an Event history download from the CloudTrail console (JSON; the CSV lacks the MFA flag and failed sign-ins).'
  );
}

/** The single NEEDS_EVIDENCE finding a CT rule gives when no CloudTrail was loaded for the account. */
export function noCloudTrail(ctx: RuleContext, what: string, window?: number): FindingDraft {
  const d: FindingDraft = {
    status: 'NEEDS_EVIDENCE',
    resource: ROOT_RESOURCE,
    message: `No CloudTrail was loaded for ${accountText(ctx)}, so ${what} cannot be checked. ${loadCloudTrailHint()}`,
    evidence: [],
  };
  if (window !== undefined) d.window = window;
  return d;
}

/** The longest configured window (RULES.md: rules other than CT-ROOT-ACTIVITY look that far back). */
export function longestWindow(windows: readonly number[]): number {
  return windows.length > 0 ? Math.max(...windows) : 90;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Earliest to latest event loaded for the account, of any identity. Root events widen it in case an
 * ingest left the coverage fields unset; undefined when nothing at all was loaded.
 */
export function coverageOf(ct: CloudTrailAccountData): Span | undefined {
  let start = ct.coverageStart;
  let end = ct.coverageEnd;
  for (const e of ct.rootEvents) {
    if (start === undefined || e.time < start) start = e.time;
    if (end === undefined || e.time > end) end = e.time;
  }
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** Length of the part of [from, to] that the coverage spans (0 when they do not meet). */
export function coveredMs(cov: Span | undefined, from: number, to: number): number {
  if (!cov) return 0;
  return Math.max(0, Math.min(cov.end, to) - Math.max(cov.start, from));
}

/** UTC days inside [from, to] ∩ coverage with no event of any identity: possible gaps in the logs. */
export function daysWithoutEvents(ct: CloudTrailAccountData, cov: Span, from: number, to: number): string[] {
  const lo = Math.max(cov.start, from);
  const hi = Math.min(cov.end, to);
  if (hi < lo) return [];
  const seen = new Set(ct.daysWithEvents);
  const out: string[] = [];
  for (let d = Date.parse(`${utcDay(lo)}T00:00:00Z`); d <= hi; d += DAY_MS) {
    const day = utcDay(d);
    if (!seen.has(day)) out.push(day);
  }
  return out;
}

/** A short name for "the CloudTrail inputs" in evidence that is not one event. */
export function cloudTrailInputLabel(ct: CloudTrailAccountData): string {
  if (ct.inputs.length === 1) return ct.inputs[0] as string;
  return ct.inputs.length === 0 ? '(CloudTrail)' : `${ct.inputs.length} CloudTrail inputs`;
}

/** Evidence row for the loaded span. */
export function coverageEvidence(ct: CloudTrailAccountData, cov: Span | undefined): Evidence {
  return {
    input: cloudTrailInputLabel(ct),
    field: 'coverage',
    value: cov ? `${toIso(cov.start)} – ${toIso(cov.end)}` : '(no events)',
    note: `${ct.totalEvents} events of any identity on ${ct.daysWithEvents.length} UTC days; ${ct.rootEvents.length} root events`,
  };
}

export const spanText = (s: Span): string => `${toIso(s.start)} to ${toIso(s.end)}`;

/**
 * Raises one warning per input for root events later than as-of. The wording depends only on the
 * account's events, so every CT rule raises the same problem and the audit keeps one copy.
 */
export function flagLaterThanAsOf(ctx: RuleContext, ct: CloudTrailAccountData): void {
  const byInput = new Map<string, RootEvent[]>();
  for (const e of ct.rootEvents) {
    if (e.time <= ctx.asOf) continue;
    const list = byInput.get(e.input);
    if (list) list.push(e);
    else byInput.set(e.input, [e]);
  }
  for (const [input, events] of [...byInput].sort(([a], [b]) => a.localeCompare(b))) {
    const first = events.reduce((a, b) => (b.time < a.time ? b : a));
    ctx.problem({
      input,
      severity: 'warning',
      message: `${input}: ${events.length} root event${events.length === 1 ? ' is' : 's are'} later than as-of (${toIso(ctx.asOf)}), the first ${first.eventName} at ${toIso(first.time)}${first.eventId ? ` (eventID ${first.eventId})` : ''}; they count as within every window.`,
    });
  }
}

export const byTime = (a: { time: number }, b: { time: number }): number => a.time - b.time;

/** Root events inside the longest window before as-of (later ones included), and older history. */
export interface Lookback {
  ct: CloudTrailAccountData;
  days: number;
  /** asOf - days. */
  start: number;
  /** Inside the look-back, oldest first. */
  events: RootEvent[];
  /** Before the look-back: shown, never failed on. Oldest first. */
  history: RootEvent[];
  coverage: Span | undefined;
}

export function lookback(ctx: RuleContext, ct: CloudTrailAccountData): Lookback {
  flagLaterThanAsOf(ctx, ct);
  const days = longestWindow(ctx.windows);
  const events: RootEvent[] = [];
  const history: RootEvent[] = [];
  for (const e of ct.rootEvents) (withinWindow(e.time, ctx.asOf, days) ? events : history).push(e);
  events.sort(byTime);
  history.sort(byTime);
  return { ct, days, start: ctx.asOf - days * DAY_MS, events, history, coverage: coverageOf(ct) };
}

// ---- sign-in readings -------------------------------------------------------------------------

export const isConsoleLogin = (e: RootEvent): boolean => e.eventName === 'ConsoleLogin';

export type SignInOutcome = 'success' | 'failure' | 'unknown';

/**
 * `responseElements.ConsoleLogin`, case-insensitive. When the format carries no result (console
 * CSV), a sign-in without an error is read as a success: that export omits failed sign-ins.
 */
export function signInOutcome(e: RootEvent): SignInOutcome {
  const r = e.signInResult?.trim().toLowerCase();
  if (r === 'success') return 'success';
  if (r === 'failure') return 'failure';
  const errored = Boolean(e.errorCode || e.errorMessage);
  if (r) return errored ? 'failure' : 'unknown';
  return errored ? 'failure' : 'success';
}

export type MfaReading = 'yes' | 'no' | 'unknown';

/** `additionalEventData.MFAUsed`, case-insensitive (`Yes`, `No`, `NO` occur). */
export function mfaReading(e: RootEvent): MfaReading {
  const m = e.mfaUsed?.trim().toLowerCase();
  return m === 'yes' ? 'yes' : m === 'no' ? 'no' : 'unknown';
}

export const isSuccessfulSignIn = (e: RootEvent): boolean => isConsoleLogin(e) && signInOutcome(e) === 'success';
export const isFailedSignIn = (e: RootEvent): boolean => isConsoleLogin(e) && signInOutcome(e) === 'failure';

/** Long-term (IAM) access key ids start with AKIA; ASIA ones are temporary session keys. */
export const isLongTermKey = (keyId: string | undefined): boolean => keyId !== undefined && keyId.trim().toUpperCase().startsWith('AKIA');

// ---- evidence ---------------------------------------------------------------------------------

/** One line about an event: what, result, MFA, from where, with which key. */
export function describeEvent(e: RootEvent, asOf: number): string {
  const parts: string[] = [e.eventName];
  if (isConsoleLogin(e)) {
    parts.push(e.signInResult ? `${e.signInResult}` : signInOutcome(e) === 'success' ? 'result not recorded (read as success)' : 'result not recorded');
    if (e.mfaUsed !== undefined) parts.push(`MFAUsed ${e.mfaUsed}`);
  }
  if (e.errorCode) parts.push(`error ${e.errorCode}`);
  if (e.errorMessage && !e.errorCode) parts.push(`error "${e.errorMessage}"`);
  if (e.sourceIp) parts.push(`from ${e.sourceIp}`);
  if (e.region) parts.push(`in ${e.region}`);
  if (e.accessKeyId) parts.push(`key ${e.accessKeyId}`);
  if (e.targetUserName !== undefined) parts.push(`userName ${e.targetUserName === '' ? '(empty)' : e.targetUserName}`);
  if (e.userAgent) parts.push(`agent ${e.userAgent}`);
  if (e.assumedRoot) parts.push('privileged root task session (sts:AssumeRoot)');
  if (e.time > asOf) parts.push('later than as-of');
  return parts.join('; ');
}

/** Cites one event: its input, eventID, time and age; the note describes it. */
export function citeEvent(e: RootEvent, asOf: number, note?: string): Evidence {
  const ev: Evidence = { input: e.input, field: 'eventTime', value: toIso(e.time), ageDays: ageInDays(e.time, asOf) };
  if (e.eventId !== undefined) ev.eventId = e.eventId;
  let text = note ?? describeEvent(e, asOf);
  if (e.eventId === undefined && e.record !== undefined) text += `; record ${e.record}`;
  ev.note = text;
  return ev;
}

/** Cites events oldest first; beyond `max` (default MAX_EVENT_EVIDENCE) keeps the most recent and counts the rest. */
export function citeEvents(events: readonly RootEvent[], asOf: number, label: string, note?: (e: RootEvent) => string, max = MAX_EVENT_EVIDENCE): Evidence[] {
  const shown = events.length > max ? events.slice(events.length - max) : events;
  const out = shown.map((e) => citeEvent(e, asOf, note?.(e)));
  if (shown.length < events.length) {
    out.unshift({ input: label, field: 'eventTime', value: `${events.length - shown.length} earlier events not listed`, note: `only the latest ${max} are cited; the root events table lists all` });
  }
  return out;
}

/** Older matching events: cited as history (at most 10, the latest), never failed on. */
export function citeHistory(history: readonly RootEvent[], asOf: number, days: number): Evidence[] {
  return history.slice(-10).map((e) => citeEvent(e, asOf, `history, before the ${days}-day look-back (does not fail): ${describeEvent(e, asOf)}`));
}

/** "a ×3, b ×1", most frequent first, then by value; missing values are left out. */
export function tally(values: readonly (string | undefined)[], max = MAX_TALLY): string {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined && v !== '') counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size === 0) return '(not recorded)';
  const sorted = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const head = sorted.slice(0, max).map(([v, n]) => `${v} ×${n}`);
  if (sorted.length > max) head.push(`and ${sorted.length - max} more`);
  return head.join(', ');
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** " (N later than as-of)" or "". */
export function laterNote(events: readonly RootEvent[], asOf: number): string {
  const n = events.filter((e) => e.time > asOf).length;
  return n > 0 ? ` (${n} later than as-of, counted as within)` : '';
}

/** " Older matching events (N, before the N-day look-back) are history and do not fail." or "". */
export function historyNote(history: readonly RootEvent[], days: number): string {
  if (history.length === 0) return '';
  const last = history[history.length - 1] as RootEvent;
  return ` ${plural(history.length, 'older matching event')} (latest ${toIso(last.time)}) ${history.length === 1 ? 'lies' : 'lie'} before the ${days}-day look-back: history, not a failure.`;
}

/**
 * The finding when nothing in the look-back matches. PASS only claims what the coverage supports;
 * without any loaded event inside the look-back the answer is NEEDS_EVIDENCE.
 */
export function nothingFound(ctx: RuleContext, lb: Lookback, what: string, evidence: Evidence[], extra = ''): FindingDraft {
  const cov = lb.coverage;
  const ev = [coverageEvidence(lb.ct, cov), ...evidence];
  const windowText = `the ${lb.days}-day look-back (${toIso(lb.start)} to ${toIso(ctx.asOf)})`;
  if (!cov) {
    return {
      status: 'NEEDS_EVIDENCE',
      resource: ROOT_RESOURCE,
      message: `The CloudTrail loaded for ${accountText(ctx)} holds no events, so ${what} cannot be ruled out. ${loadCloudTrailHint()}`,
      evidence: ev,
    };
  }
  const covered = coveredMs(cov, lb.start, ctx.asOf);
  if (covered <= 0) {
    return {
      status: 'NEEDS_EVIDENCE',
      resource: ROOT_RESOURCE,
      message: `The loaded CloudTrail (${spanText(cov)}) does not overlap ${windowText}, so ${what} cannot be ruled out.${historyNote(lb.history, lb.days)} ${loadCloudTrailHint()}`,
      evidence: ev,
    };
  }
  const whole = cov.start <= lb.start && cov.end >= ctx.asOf - COVERAGE_END_TOLERANCE_MS;
  const scope = whole
    ? `which covers all of ${windowText}`
    : `which covers only ${formatDuration(covered)} of ${windowText} (loaded: ${spanText(cov)}); events outside that span were not seen`;
  return {
    status: 'PASS',
    resource: ROOT_RESOURCE,
    message: `No ${what} in the loaded CloudTrail, ${scope}.${extra}${historyNote(lb.history, lb.days)}`,
    evidence: ev,
  };
}
