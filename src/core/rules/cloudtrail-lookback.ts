// The look-back every CloudTrail rule (CT-*) reads, and the frame it runs in: without CloudTrail for
// the account, one NEEDS_EVIDENCE finding naming what could not be checked; otherwise the account's
// root events split at the window into the look-back and older history, how much of the window the
// loaded logs cover, and, when nothing in the look-back matches, the one verdict every CT rule gives
// (RULES.md "Absence needs coverage"): PASS only when the logs start at most 1 day after the
// look-back's start, reach within 1 h of as-of, and leave no stretch of more than 24 h without any
// event inside it; otherwise NEEDS_EVIDENCE naming what to load. Coverage is cut at the evaluation
// clock: later event times are problems, never coverage.
import { coverageAtClock, HOLE_MS, type ClockedCoverage, type Span } from '../cloudtrail/coverage';
import type { CloudTrailAccountData, RootEvent } from '../cloudtrail/model';
import { DAY_MS, formatDuration, HOUR_MS, toIso, withinWindow } from '../time';
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

export type { Span } from '../cloudtrail/coverage';

export const spanText = (s: Span): string => `${toIso(s.start)} to ${toIso(s.end)}`;

/** RULES.md tolerance: the loaded logs may start this long after the look-back's start (a 90-day Event history download taken at as-of). */
export const COVERAGE_START_TOLERANCE_MS = DAY_MS;

/**
 * The account's loaded coverage as the evaluation clock sees it: events later than the clock are no
 * coverage (RULES.md), so the span ends at the latest event at or before it; holes are the stretches
 * of more than 24 h without any event inside that span.
 */
export function clockedCoverage(ct: CloudTrailAccountData, clock: number): ClockedCoverage {
  return coverageAtClock(ct.eventTimes, ct.gaps, clock);
}

/**
 * How much of a look-back [start, asOf] the loaded logs show. A look-back is covered ("whole") when the
 * logs reach within COVERAGE_END_TOLERANCE_MS of as-of, start within COVERAGE_START_TOLERANCE_MS after
 * the look-back's start, and leave no hole of more than 24 h inside it. `missing` lists what to load
 * otherwise; a span of one instant inside the look-back overlaps it (it covers nothing long, but it is there).
 */
export type WindowCoverage =
  | { kind: 'no-events' }
  | { kind: 'disjoint'; span: Span }
  | {
      kind: 'gaps' | 'whole';
      span: Span;
      /** Time inside the look-back the logs show: from the first to the last loaded event in it, holes taken off. */
      coveredMs: number;
      /** Parts of the look-back no loaded event shows, beyond the tolerances, oldest first. */
      missing: MissingPart[];
      /** How long after the look-back's start the logs begin, and how long before as-of they end (0 when they reach past). */
      headMs: number;
      tailMs: number;
    };

export interface MissingPart extends Span {
  why: 'before-logs' | 'hole' | 'after-logs';
}

export function windowCoverage(cov: ClockedCoverage | undefined, start: number, asOf: number): WindowCoverage {
  const span = cov?.span;
  if (!cov || !span) return { kind: 'no-events' };
  if (span.end < start || span.start > asOf) return { kind: 'disjoint', span };
  const missing: MissingPart[] = [];
  const headMs = Math.max(0, span.start - start);
  const tailMs = Math.max(0, asOf - span.end);
  if (headMs > COVERAGE_START_TOLERANCE_MS) missing.push({ start, end: span.start, why: 'before-logs' });
  let holesMs = 0;
  for (const h of cov.holes) {
    const from = Math.max(h.start, start);
    const to = Math.min(h.end, asOf);
    if (to - from > HOLE_MS) {
      missing.push({ start: from, end: to, why: 'hole' });
      holesMs += to - from;
    }
  }
  if (tailMs > COVERAGE_END_TOLERANCE_MS) missing.push({ start: span.end, end: asOf, why: 'after-logs' });
  const coveredMs = Math.max(0, Math.min(span.end, asOf) - Math.max(span.start, start) - holesMs);
  return { kind: missing.length > 0 ? 'gaps' : 'whole', span, coveredMs, missing, headMs, tailMs };
}

/** A short name for "the CloudTrail inputs" in evidence that is not one event. */
function cloudTrailInputLabel(ct: CloudTrailAccountData): string {
  if (ct.inputs.length === 1) return ct.inputs[0] as string;
  return ct.inputs.length === 0 ? '(CloudTrail)' : `${ct.inputs.length} CloudTrail inputs`;
}

/** Evidence row for the loaded span (at or before the evaluation clock). */
export function coverageEvidence(ct: CloudTrailAccountData, span: Span | undefined): Evidence {
  const copies = ct.duplicatesRemoved ? ` (${plural(ct.duplicatesRemoved, 'duplicate copy', 'duplicate copies')} counted once)` : '';
  return {
    input: cloudTrailInputLabel(ct),
    field: 'coverage',
    value: span ? `${toIso(span.start)} – ${toIso(span.end)}` : '(no events)',
    note: `${plural(ct.totalEvents, 'event')} of any identity${copies} on ${plural(ct.daysWithEvents.length, 'UTC day')}; ${plural(ct.rootEvents.length, 'root event')}`,
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
      message: `${input}: ${plural(events.length, 'root event')} ${events.length === 1 ? 'has a timestamp' : 'have timestamps'} later than as-of (${toIso(ctx.asOf)}), the first ${first.eventName} at ${toIso(first.time)}${eventIdText(first)}; they count as within every window.`,
    });
  }
}

/** RULES.md: event times after the evaluation clock are problems and never extend coverage. */
function flagAfterClock(ctx: RuleContext, ct: CloudTrailAccountData, cov: ClockedCoverage): void {
  const late = cov.afterClock;
  if (!late) return;
  const label = cloudTrailInputLabel(ct);
  ctx.problem({
    input: label,
    severity: 'warning',
    message:
      `${label}: ${late.count === 1 ? '1 event record' : `${late.count} event records`} of ${accountText(ct.accountId)} ${late.count === 1 ? 'is' : 'are'} dated after the evaluation clock (${toIso(ctx.now)})` +
      `${late.count === 1 ? `, at ${toIso(late.first)}` : `, from ${toIso(late.first)} to ${toIso(late.last)}`}: such times are not real, so they do not count as coverage.`,
  });
}

/** The account's CloudTrail as a CT rule reads it: read once per evaluation, then cut per window. */
interface RootTrail {
  ct: CloudTrailAccountData;
  accountId: string | null;
  asOf: number;
  /** Every root event, oldest first. */
  all: RootEvent[];
  coverage: ClockedCoverage;
  label: string;
}

function readRootTrail(ctx: RuleContext, ct: CloudTrailAccountData): RootTrail {
  flagLaterThanAsOf(ctx, ct);
  const coverage = clockedCoverage(ct, ctx.now);
  flagAfterClock(ctx, ct, coverage);
  return { ct, accountId: ctx.account.accountId, asOf: ctx.asOf, all: [...ct.rootEvents].sort(byTime), coverage, label: cloudTrailInputLabel(ct) };
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
  /** Earliest to latest event loaded at or before the evaluation clock, of any identity; undefined when there is none. */
  span: Span | undefined;
  /** How much of the look-back the loaded logs show. */
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
  return {
    ct: trail.ct,
    accountId: trail.accountId,
    asOf,
    days,
    start,
    events,
    history,
    span: trail.coverage.span,
    coverage: windowCoverage(trail.coverage, start, asOf),
    label: trail.label,
  };
}

/**
 * The frame of a CT rule that gives one finding (RULES.md: over the longest window): without CloudTrail,
 * the NEEDS_EVIDENCE finding saying `checked` cannot be checked; otherwise what `judge` finds.
 */
export function judgeLookback(ctx: RuleContext, checked: string, judge: (lb: Lookback) => FindingDraft): FindingDraft[] {
  const ct = ctx.account.cloudtrail;
  if (!ct) return [noCloudTrail(ctx, checked)];
  let days = ctx.windows.length > 0 ? 0 : DEFAULT_LOOKBACK_DAYS;
  for (const w of ctx.windows) if (w > days) days = w;
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

/** The root events in the look-back a rule is about, and its older matching ones (history). */
export interface Matches {
  hits: RootEvent[];
  /** Matching events before the look-back, oldest first. */
  older: RootEvent[];
  /** The latest of `older`, cited as history. */
  history: Evidence[];
}

export function matching(lb: Lookback, matches: (e: RootEvent) => boolean): Matches {
  const older = lb.history.filter(matches);
  return { hits: lb.events.filter(matches), older, history: citeHistory(older, lb.asOf, lb.days) };
}

/** A FAIL's evidence after its own rows: the hits (the latest `max`), the coverage, then the history. */
export function hitsEvidence(lb: Lookback, hits: readonly RootEvent[], history: readonly Evidence[], max = MAX_EVENT_EVIDENCE): Evidence[] {
  return [...citeEvents(hits, lb.asOf, lb.label, undefined, max), coverageEvidence(lb.ct, lb.span), ...history];
}

/** " N older matching events (latest …) lie before the N-day look-back: history, not a failure." or "". Only events the rule matches. */
function historyNote(older: readonly RootEvent[], days: number): string {
  if (older.length === 0) return '';
  const last = older[older.length - 1] as RootEvent;
  return ` ${plural(older.length, 'older matching event')} (latest ${toIso(last.time)}) ${older.length === 1 ? 'lies' : 'lie'} before the ${days}-day look-back: history, not a failure.`;
}

/** Stretches listed by name in a message; the evidence row lists them all. */
const MAX_PARTS_NAMED = 3;

const TOLERANCE_TEXT = `the logs may start up to ${formatDuration(COVERAGE_START_TOLERANCE_MS)} after the look-back's start and end up to ${formatDuration(COVERAGE_END_TOLERANCE_MS)} before as-of, with no stretch longer than ${formatDuration(HOLE_MS)} without events`;

/** "A to B, C to D and 2 more". */
function partsText(parts: readonly Span[]): string {
  const named = parts.slice(0, MAX_PARTS_NAMED).map(spanText);
  const more = parts.length - named.length;
  if (more > 0) return `${named.join(', ')} and ${plural(more, 'more stretch', 'more stretches')}`;
  return named.length <= 1 ? named.join('') : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1] as string}`;
}

/** Why each missing part is missing, in words: where the logs start and end, and the holes inside them. */
function missingReasons(cov: Exclude<WindowCoverage, { kind: 'no-events' } | { kind: 'disjoint' }>): string {
  const out: string[] = [];
  const holes = cov.missing.filter((m) => m.why === 'hole');
  if (cov.missing.some((m) => m.why === 'before-logs')) out.push(`the loaded logs start ${toIso(cov.span.start)}, ${formatDuration(cov.headMs)} after the look-back's start`);
  if (holes.length > 0) out.push(`they have no event at all ${holes.length === 1 ? 'from' : 'in'} ${partsText(holes)}`);
  if (cov.missing.some((m) => m.why === 'after-logs')) out.push(`they end ${toIso(cov.span.end)}, ${formatDuration(cov.tailMs)} before as-of`);
  return out.join('; ');
}

/** Evidence row naming every part of the look-back the loaded logs do not show. */
function missingEvidence(lb: Lookback, parts: readonly MissingPart[]): Evidence {
  return { input: lb.label, field: 'coverage.missing', value: parts.map(spanText).join('; '), note: `not shown by the loaded CloudTrail (${TOLERANCE_TEXT})` };
}

/**
 * The one verdict every CT rule gives when nothing in its look-back matches (RULES.md "Absence needs
 * coverage"): `passStatus` (PASS, or NOT_APPLICABLE for a rule that only lists) only when the loaded
 * logs cover the whole look-back within the tolerances; otherwise NEEDS_EVIDENCE saying how much was
 * covered and which stretches to load. `older` are the rule's own matching events before the look-back.
 */
export function nothingFound(lb: Lookback, what: string, older: readonly RootEvent[], evidence: Evidence[], extra = '', passStatus: 'PASS' | 'NOT_APPLICABLE' = 'PASS'): FindingDraft {
  const ev = [coverageEvidence(lb.ct, lb.span), ...evidence];
  const windowText = `the ${lb.days}-day look-back (${toIso(lb.start)} to ${toIso(lb.asOf)})`;
  const history = historyNote(older, lb.days);
  const cov = lb.coverage;
  const needsEvidence = (message: string): FindingDraft => ({ status: 'NEEDS_EVIDENCE', resource: ROOT_RESOURCE, message, evidence: ev });
  switch (cov.kind) {
    case 'no-events':
      return needsEvidence(`The CloudTrail loaded for ${accountText(lb.accountId)} holds no events${lb.ct.eventTimes.length > 0 ? ' at or before the evaluation clock' : ''}, so ${what} cannot be ruled out.${history} ${loadCloudTrailHint()}`);
    case 'disjoint':
      return needsEvidence(
        `No ${what} in the 0 min covered, look-back is ${lb.days} days: the loaded CloudTrail (${spanText(cov.span)}) does not overlap ${windowText}; load logs for ${spanText({ start: lb.start, end: lb.asOf })}.${history} ${LOAD_WHERE}`,
      );
    case 'gaps':
      ev.push(missingEvidence(lb, cov.missing));
      return needsEvidence(
        `No ${what} in the ${formatDuration(cov.coveredMs)} covered, look-back is ${lb.days} days (${spanText({ start: lb.start, end: lb.asOf })}); load logs for ${partsText(cov.missing)}: ${missingReasons(cov)} (allowed: ${TOLERANCE_TEXT}).${extra}${history} ${LOAD_WHERE}`,
      );
    case 'whole': {
      const slack: string[] = [];
      if (cov.headMs > 0) slack.push(`start ${formatDuration(cov.headMs)} after its start`);
      if (cov.tailMs > 0) slack.push(`end ${formatDuration(cov.tailMs)} before as-of`);
      const slackText = slack.length > 0 ? ` The logs ${slack.join(' and ')}, within the tolerance (${TOLERANCE_TEXT}).` : ` (Tolerance: ${TOLERANCE_TEXT}.)`;
      return {
        status: passStatus,
        resource: ROOT_RESOURCE,
        message: `No ${what} in the loaded CloudTrail, which covers all of ${windowText} (loaded: ${spanText(cov.span)}).${slackText}${extra}${history}`,
        evidence: ev,
      };
    }
  }
}

/** Where to get the missing logs, in words. */
const LOAD_WHERE = "Load the trail's S3 log files for those days (Event history keeps only 90 days).";
