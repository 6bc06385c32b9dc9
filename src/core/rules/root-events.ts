// Readings of single root events for the CloudTrail rules (CT-*) and XSRC-ROOT-LAST-USE: sign-in
// outcome, MFA flag, key kind; how an event is described and cited; grouping events for evidence.
import type { RootEvent } from '../cloudtrail/model';
import { ageInDays, describeAge, toIso } from '../time';
import type { Evidence } from '../types';

/** Events cited one by one per finding; the rest are counted (the root events table has them all). */
export const MAX_EVENT_EVIDENCE = 50;

/** Older matching events cited per finding as history; the latest are kept. */
const MAX_HISTORY_EVIDENCE = 10;

export const byTime = (a: { time: number }, b: { time: number }): number => a.time - b.time;

// ---- readings ---------------------------------------------------------------------------------

export const isConsoleLogin = (e: RootEvent): boolean => e.eventName === 'ConsoleLogin';
/** A call that returned an error (it was still attempted as root). */
export const isErrored = (e: RootEvent): boolean => Boolean(e.errorCode || e.errorMessage);

export type SignInOutcome = 'success' | 'failure' | 'unknown';

/**
 * `responseElements.ConsoleLogin`, case-insensitive. When the format carries no result (console
 * CSV), a sign-in without an error counts with the successful ones; messages call it *recorded*,
 * never successful (`resultNotRecorded`).
 */
export function signInOutcome(e: RootEvent): SignInOutcome {
  const r = e.signInResult?.trim().toLowerCase();
  if (r === 'success') return 'success';
  if (r === 'failure') return 'failure';
  const errored = isErrored(e);
  if (r) return errored ? 'failure' : 'unknown';
  return errored ? 'failure' : 'success';
}

export type MfaReading = 'yes' | 'no' | 'unknown';

/** `additionalEventData.MFAUsed`, case-insensitive (`Yes`, `No`, `NO` occur). */
export function mfaReading(e: RootEvent): MfaReading {
  const m = e.mfaUsed?.trim().toLowerCase();
  return m === 'yes' ? 'yes' : m === 'no' ? 'no' : 'unknown';
}

/** A sign-in from a format with no result field (console CSV): it was recorded, whether it succeeded is not shown. */
export const resultNotRecorded = (e: RootEvent): boolean => !e.signInResult?.trim() && !isErrored(e);

export const isSuccessfulSignIn = (e: RootEvent): boolean => isConsoleLogin(e) && signInOutcome(e) === 'success';
export const isFailedSignIn = (e: RootEvent): boolean => isConsoleLogin(e) && signInOutcome(e) === 'failure';

/** Long-term (IAM) access key ids start with AKIA; ASIA ones are temporary session keys. */
export const isLongTermKey = (keyId: string | undefined): boolean => keyId !== undefined && keyId.trim().toUpperCase().startsWith('AKIA');

/** Events grouped by a key, groups in order of first appearance, events in their order. */
export function groupBy(events: readonly RootEvent[], keyOf: (e: RootEvent) => string): { key: string; events: RootEvent[] }[] {
  const groups = new Map<string, RootEvent[]>();
  for (const e of events) {
    const key = keyOf(e);
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return [...groups].map(([key, evs]) => ({ key, events: evs }));
}

// ---- words ------------------------------------------------------------------------------------

/** " (eventID …)" or "". */
export const eventIdText = (e: RootEvent): string => (e.eventId ? ` (eventID ${e.eventId})` : '');

/** "<time> (<age>) from <IP>": when and where an event happened, for "latest …" phrases. */
export const whenAndWhere = (e: RootEvent, asOf: number): string =>
  `${toIso(e.time)} (${describeAge(e.time, asOf)}) from ${e.sourceIp ?? 'an unrecorded IP'}`;

/** The time of one event, or "<first> to <last>" of several (oldest first). */
export function firstToLast(events: readonly RootEvent[]): string {
  const first = events[0] as RootEvent;
  const last = events[events.length - 1] as RootEvent;
  return events.length === 1 ? toIso(first.time) : `${toIso(first.time)} to ${toIso(last.time)}`;
}

/** " (N later than as-of, counted as within)" or "". */
export function laterNote(events: readonly RootEvent[], asOf: number): string {
  const n = events.filter((e) => e.time > asOf).length;
  return n > 0 ? ` (${n} later than as-of, counted as within)` : '';
}

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

/** Older matching events: cited as history (the latest few), never failed on. */
export function citeHistory(history: readonly RootEvent[], asOf: number, days: number): Evidence[] {
  return history
    .slice(-MAX_HISTORY_EVIDENCE)
    .map((e) => citeEvent(e, asOf, `history, before the ${days}-day look-back (does not fail): ${describeEvent(e, asOf)}`));
}
