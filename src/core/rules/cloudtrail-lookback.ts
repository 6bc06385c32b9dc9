// The look-back every CloudTrail rule (CT-*) reads, and the frame it runs in: without CloudTrail for
// the account, one NEEDS_EVIDENCE finding naming what could not be checked; otherwise the account's
// root events split at the window into the look-back and older history, how much of the window the
// loaded logs cover, and, when nothing in the look-back matches, a verdict that claims only what
// that coverage supports.
import type { CloudTrailAccountData, RootEvent } from '../cloudtrail/model';
import { DAY_MS, formatDuration, HOUR_MS, startOfUtcDay, toIso, utcDay, withinWindow } from '../time';
import type { Evidence } from '../types';
import { ROOT_RESOURCE, type FindingDraft, type RuleContext } from './define-rule';
import { byTime, citeEvents, citeHistory, eventIdText, groupBy, MAX_EVENT_EVIDENCE } from './root-events';
import { plural } from './wording';

/**
 * How far the last loaded event may lie before as-of and the logs still count as reaching as-of.
 * CloudTrail delivers most events within about 5 minutes (no guarantee) and Event history can lag
 * ~15 minutes; a working account also has quiet minutes between events. One hour absorbs both,
 * while a longer slack (a day) would let a root session in the unseen part hide behind a PASS.
 * The finding always says how long the unseen part is.
 */
export const COVERAGE_END_TOLERANCE_MS = HOUR_MS;

/** RULES.md: rules other than CT-ROOT-ACTIVITY look back over the longest window (90 days by default). */
const DEFAULT_LOOKBACK_DAYS = 90;

const LOOKUP_ROOT_EVENTS =
  'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=Username,AttributeValue=root --output json > root-events.json';

const accountText = (accountId: string | null): string => `account ${accountId ?? 'unknown'}`;

/** What to load, in words; shared by every "no CloudTrail" finding. */
export function loadCloudTrailHint(): string {
  return (
    "Load the trail's log files from S3 as they are (AWSLogs/ACCOUNT_ID/CloudTrail/REGION/YYYY/MM/DD/*.json.gz, including us-east-1, where root console sign-ins are recorded), " +
    `or the output of ${LOOKUP_ROOT_EVENTS} (Event history keeps 90 days), ` +
    'or an Event history download from the CloudTrail console (JSON; the CSV lacks the MFA flag and failed sign-ins).'
  );
}

/** The single NEEDS_EVIDENCE finding a CT rule gives when no CloudTrail was loaded for the account. */
function noCloudTrail(ctx: RuleContext, what: string, window?: number): FindingDraft {
  const d: FindingDraft = {
    status: 'NEEDS_EVIDENCE',
    resource: ROOT_RESOURCE,
    message: `No CloudTrail was loaded for ${accountText(ctx.account.accountId)}, so ${what} cannot be checked. ${loadCloudTrailHint()}`,
    evidence: [],
  };
  if (window !== undefined) d.window = window;
  return d;
}

// ---- coverage ---------------------------------------------------------------------------------

export interface Span {
  start: number;
  end: number;
}

export const spanText = (s: Span): string => `${toIso(s.start)} to ${toIso(s.end)}`;

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

/**
 * How much of the window [start, asOf] the loaded span covers: nothing loaded, no overlap, part of it
 * (the head before the span, or the tail after it beyond the delivery tolerance, unseen), or all of it.
 */
export type WindowCoverage =
  | { kind: 'no-events' }
  | { kind: 'disjoint'; span: Span }
  | { kind: 'partial' | 'whole'; span: Span; coveredMs: number; headMissing: boolean; tailMissing: boolean };

export function windowCoverage(span: Span | undefined, start: number, asOf: number): WindowCoverage {
  if (!span) return { kind: 'no-events' };
  const coveredMs = Math.max(0, Math.min(span.end, asOf) - Math.max(span.start, start));
  if (coveredMs <= 0) return { kind: 'disjoint', span };
  const headMissing = span.start > start;
  const tailMissing = span.end < asOf - COVERAGE_END_TOLERANCE_MS;
  return { kind: headMissing || tailMissing ? 'partial' : 'whole', span, coveredMs, headMissing, tailMissing };
}

/** UTC days inside [from, to] ∩ span with no event of any identity: possible gaps in the logs. */
export function daysWithoutEvents(ct: CloudTrailAccountData, span: Span, from: number, to: number): string[] {
  const lo = Math.max(span.start, from);
  const hi = Math.min(span.end, to);
  if (hi < lo) return [];
  const seen = new Set(ct.daysWithEvents);
  const out: string[] = [];
  for (let d = startOfUtcDay(lo); d <= hi; d += DAY_MS) {
    const day = utcDay(d);
    if (!seen.has(day)) out.push(day);
  }
  return out;
}

/** A short name for "the CloudTrail inputs" in evidence that is not one event. */
function cloudTrailInputLabel(ct: CloudTrailAccountData): string {
  if (ct.inputs.length === 1) return ct.inputs[0] as string;
  return ct.inputs.length === 0 ? '(CloudTrail)' : `${ct.inputs.length} CloudTrail inputs`;
}

/** Evidence row for the loaded span. */
export function coverageEvidence(ct: CloudTrailAccountData, span: Span | undefined): Evidence {
  return {
    input: cloudTrailInputLabel(ct),
    field: 'coverage',
    value: span ? `${toIso(span.start)} – ${toIso(span.end)}` : '(no events)',
    note: `${ct.totalEvents} events of any identity on ${ct.daysWithEvents.length} UTC days; ${ct.rootEvents.length} root events`,
  };
}

// ---- the look-back ----------------------------------------------------------------------------

/**
 * Raises one warning per input for root events later than as-of. The wording depends only on the
 * account's events, so every CT rule raises the same problem and the audit keeps one copy.
 */
function flagLaterThanAsOf(ctx: RuleContext, ct: CloudTrailAccountData): void {
  const byInput = groupBy(
    ct.rootEvents.filter((e) => e.time > ctx.asOf),
    (e) => e.input,
  ).sort((a, b) => a.key.localeCompare(b.key));
  for (const { key: input, events } of byInput) {
    const first = events.reduce((a, b) => (b.time < a.time ? b : a));
    ctx.problem({
      input,
      severity: 'warning',
      message: `${input}: ${plural(events.length, 'root event')} ${events.length === 1 ? 'is' : 'are'} later than as-of (${toIso(ctx.asOf)}), the first ${first.eventName} at ${toIso(first.time)}${eventIdText(first)}; they count as within every window.`,
    });
  }
}

/** The account's CloudTrail as a CT rule reads it: read once per evaluation, then cut per window. */
interface RootTrail {
  ct: CloudTrailAccountData;
  accountId: string | null;
  asOf: number;
  /** Every root event, oldest first. */
  all: RootEvent[];
  span: Span | undefined;
  label: string;
}

function readRootTrail(ctx: RuleContext, ct: CloudTrailAccountData): RootTrail {
  flagLaterThanAsOf(ctx, ct);
  return { ct, accountId: ctx.account.accountId, asOf: ctx.asOf, all: [...ct.rootEvents].sort(byTime), span: coverageOf(ct), label: cloudTrailInputLabel(ct) };
}

/** Root events inside a look-back of `days` before as-of (later ones included), and older history. */
export interface Lookback {
  ct: CloudTrailAccountData;
  accountId: string | null;
  asOf: number;
  days: number;
  /** asOf - days. */
  start: number;
  /** Inside the look-back, oldest first. */
  events: RootEvent[];
  /** Before the look-back: shown, never failed on. Oldest first. */
  history: RootEvent[];
  /** Earliest to latest event loaded, of any identity; undefined when nothing was loaded. */
  span: Span | undefined;
  /** How much of the look-back that span covers. */
  coverage: WindowCoverage;
  /** Names the CloudTrail inputs in evidence that is not one event. */
  label: string;
}

function lookback(trail: RootTrail, days: number): Lookback {
  const { asOf } = trail;
  const events: RootEvent[] = [];
  const history: RootEvent[] = [];
  for (const e of trail.all) (withinWindow(e.time, asOf, days) ? events : history).push(e);
  const start = asOf - days * DAY_MS;
  return { ct: trail.ct, accountId: trail.accountId, asOf, days, start, events, history, span: trail.span, coverage: windowCoverage(trail.span, start, asOf), label: trail.label };
}

/**
 * The frame of a CT rule that gives one finding (RULES.md: over the longest window): without CloudTrail,
 * the NEEDS_EVIDENCE finding saying `checked` cannot be checked; otherwise what `judge` finds.
 */
export function judgeLookback(ctx: RuleContext, checked: string, judge: (lb: Lookback) => FindingDraft): FindingDraft[] {
  const ct = ctx.account.cloudtrail;
  if (!ct) return [noCloudTrail(ctx, checked)];
  const days = ctx.windows.length > 0 ? Math.max(...ctx.windows) : DEFAULT_LOOKBACK_DAYS;
  return [judge(lookback(readRootTrail(ctx, ct), days))];
}

/** The same frame for a per-window CT rule: one finding per configured window, with or without CloudTrail. */
export function judgeEachWindow(ctx: RuleContext, checked: string, judge: (lb: Lookback) => FindingDraft): FindingDraft[] {
  const ct = ctx.account.cloudtrail;
  if (!ct) return ctx.windows.map((w) => noCloudTrail(ctx, checked, w));
  const trail = readRootTrail(ctx, ct);
  return ctx.windows.map((w) => {
    const d = judge(lookback(trail, w));
    d.window = w;
    return d;
  });
}

/** "the N-day look-back before <as-of>". */
export const lookbackText = (lb: Lookback): string => `the ${lb.days}-day look-back before ${toIso(lb.asOf)}`;

/** The root events in the look-back a rule is about, and its older ones cited as history. */
export interface Matches {
  hits: RootEvent[];
  history: Evidence[];
}

export function matching(lb: Lookback, matches: (e: RootEvent) => boolean): Matches {
  return { hits: lb.events.filter(matches), history: citeHistory(lb.history.filter(matches), lb.asOf, lb.days) };
}

/** A FAIL's evidence after its own rows: the hits (the latest `max`), the coverage, then the history. */
export function hitsEvidence(lb: Lookback, hits: readonly RootEvent[], history: readonly Evidence[], max = MAX_EVENT_EVIDENCE): Evidence[] {
  return [...citeEvents(hits, lb.asOf, lb.label, undefined, max), coverageEvidence(lb.ct, lb.span), ...history];
}

/** " Older matching events (N, before the N-day look-back) are history and do not fail." or "". */
function historyNote(history: readonly RootEvent[], days: number): string {
  if (history.length === 0) return '';
  const last = history[history.length - 1] as RootEvent;
  return ` ${plural(history.length, 'older matching event')} (latest ${toIso(last.time)}) ${history.length === 1 ? 'lies' : 'lie'} before the ${days}-day look-back: history, not a failure.`;
}

/**
 * The finding when nothing in the look-back matches. PASS only claims what the coverage supports;
 * without any loaded event inside the look-back the answer is NEEDS_EVIDENCE.
 */
export function nothingFound(lb: Lookback, what: string, evidence: Evidence[], extra = ''): FindingDraft {
  const ev = [coverageEvidence(lb.ct, lb.span), ...evidence];
  const windowText = `the ${lb.days}-day look-back (${toIso(lb.start)} to ${toIso(lb.asOf)})`;
  const cov = lb.coverage;
  if (cov.kind === 'no-events') {
    return {
      status: 'NEEDS_EVIDENCE',
      resource: ROOT_RESOURCE,
      message: `The CloudTrail loaded for ${accountText(lb.accountId)} holds no events, so ${what} cannot be ruled out. ${loadCloudTrailHint()}`,
      evidence: ev,
    };
  }
  if (cov.kind === 'disjoint') {
    return {
      status: 'NEEDS_EVIDENCE',
      resource: ROOT_RESOURCE,
      message: `The loaded CloudTrail (${spanText(cov.span)}) does not overlap ${windowText}, so ${what} cannot be ruled out.${historyNote(lb.history, lb.days)} ${loadCloudTrailHint()}`,
      evidence: ev,
    };
  }
  const scope =
    cov.kind === 'whole'
      ? `which covers all of ${windowText}`
      : `which covers only ${formatDuration(cov.coveredMs)} of ${windowText} (loaded: ${spanText(cov.span)}); events outside that span were not seen`;
  return {
    status: 'PASS',
    resource: ROOT_RESOURCE,
    message: `No ${what} in the loaded CloudTrail, ${scope}.${extra}${historyNote(lb.history, lb.days)}`,
    evidence: ev,
  };
}
