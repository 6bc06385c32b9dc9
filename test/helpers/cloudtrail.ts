// Test helpers: CloudTrail account data built straight from the model (no parser), and a rule context.
import { gapsBetween } from '../../src/core/cloudtrail/coverage';
import type { AssumeRootCall, CloudTrailAccountData, RootEvent } from '../../src/core/cloudtrail/model';
import { DAY_MS, HOUR_MS, toIso, utcDay } from '../../src/core/time';
import { ACCOUNT, AS_OF_MS, ctx, type CtxOptions, type TestContext } from './report';

export const CT_INPUT = 'cloudtrail.json';

/** Epoch ms `days` days (plus `extraMs`) before `from` (default AS_OF). */
export const at = (days: number, extraMs = 0, from = AS_OF_MS): number => from - days * DAY_MS - extraMs;
export const hours = (n: number): number => n * HOUR_MS;

/** An API call by root with an ASIA console-session key; every field overridable. */
export function rootEvent(time: number, over: Partial<RootEvent> = {}): RootEvent {
  const eventName = over.eventName ?? 'ListBuckets';
  return {
    time,
    accountId: ACCOUNT,
    identityType: 'Root',
    eventType: 'AwsApiCall',
    eventName,
    eventSource: 's3.amazonaws.com',
    region: 'us-east-1',
    sourceIp: '198.51.100.7',
    userAgent: 'console.amazonaws.com',
    accessKeyId: 'ASIAEXAMPLESESSION01',
    assumedRoot: false,
    eventId: `${eventName}@${toIso(time)}`,
    input: CT_INPUT,
    ...over,
  };
}

/** A successful root console sign-in with MFA (override `mfaUsed`, `signInResult`, ...). */
export function signIn(time: number, over: Partial<RootEvent> = {}): RootEvent {
  const { accessKeyId: _drop, ...base } = rootEvent(time, { eventName: 'ConsoleLogin' });
  return {
    ...base,
    eventType: 'AwsConsoleSignIn',
    eventSource: 'signin.amazonaws.com',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    signInResult: 'Success',
    mfaUsed: 'Yes',
    ...over,
  };
}

/** A failed root console sign-in. */
export function failedSignIn(time: number, over: Partial<RootEvent> = {}): RootEvent {
  return signIn(time, { signInResult: 'Failure', mfaUsed: 'No', errorMessage: 'Failed authentication', ...over });
}

/** An event in a privileged root task session (centralized root access). */
export function taskEvent(time: number, over: Partial<RootEvent> = {}): RootEvent {
  return rootEvent(time, { eventName: 'DeleteLoginProfile', eventSource: 'iam.amazonaws.com', userAgent: 'aws-cli/2.22.0', accessKeyId: 'ASIATASKSESSION00001', assumedRoot: true, ...over });
}

/** The caller's sts:AssumeRoot, recorded in the management (or delegated admin) account. */
export function assumeRootCall(time: number, over: Partial<AssumeRootCall> = {}): AssumeRootCall {
  return {
    time,
    accountId: ACCOUNT,
    targetAccountId: '210987654321',
    callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/SecurityAdmin/alice`,
    taskPolicyArn: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
    eventId: `AssumeRoot@${toIso(time)}`,
    input: CT_INPUT,
    ...over,
  };
}

export interface CtOptions {
  events?: RootEvent[];
  calls?: AssumeRootCall[];
  /** Span of events of any identity; default 120 days before AS_OF up to AS_OF. `null`: nothing loaded. */
  coverage?: { start: number; end: number } | null;
  /** Days with events; default every UTC day of the coverage (events are made only on these days). */
  daysWithEvents?: string[];
  /** Stretches with no event of any identity inside the coverage (their ends have events). */
  holes?: { start: number; end: number }[];
  /** More event times of any identity (e.g. strays dated 1970 or 2099). */
  extraTimes?: number[];
  totalEvents?: number;
  onlyConsoleCsv?: boolean;
  formats?: string[];
  inputs?: string[];
}

/**
 * Event times of any identity for a coverage: one every 6 hours from start to end (and the end itself),
 * only on `days` when given, never strictly inside a hole; plus the root events' own times. Times of
 * `extraTimes` are added as they are (strays far outside, for example).
 */
function eventTimesFor(cov: { start: number; end: number } | null, opts: CtOptions): Float64Array {
  const times: number[] = [];
  if (cov) {
    const days = opts.daysWithEvents ? new Set(opts.daysWithEvents) : undefined;
    const inHole = (t: number): boolean => (opts.holes ?? []).some((h) => t > h.start && t < h.end);
    const keep = (t: number): boolean => (!days || days.has(utcDay(t))) && !inHole(t);
    for (let t = cov.start; t < cov.end; t += 6 * HOUR_MS) if (keep(t)) times.push(t);
    for (const h of opts.holes ?? []) times.push(h.start, h.end);
    times.push(cov.end);
  }
  for (const e of opts.events ?? []) times.push(e.time);
  times.push(...(opts.extraTimes ?? []));
  return Float64Array.from(times).sort();
}

export function ctData(opts: CtOptions = {}): CloudTrailAccountData {
  const cov = opts.coverage === undefined ? { start: at(120), end: AS_OF_MS } : opts.coverage;
  const days: string[] = [];
  if (cov && !opts.daysWithEvents) for (let d = Date.parse(`${utcDay(cov.start)}T00:00:00Z`); d <= cov.end; d += DAY_MS) days.push(utcDay(d));
  const eventTimes = eventTimesFor(cov, opts);
  const data: CloudTrailAccountData = {
    accountId: ACCOUNT,
    eventTimes,
    gaps: gapsBetween(eventTimes),
    daysWithEvents: opts.daysWithEvents ?? days,
    totalEvents: opts.totalEvents ?? (cov ? 5000 : 0),
    rootEvents: opts.events ?? [],
    assumeRootCalls: opts.calls ?? [],
    formats: opts.formats ?? [opts.onlyConsoleCsv ? 'console-csv' : 's3-json'],
    onlyConsoleCsv: opts.onlyConsoleCsv ?? false,
    inputs: opts.inputs ?? [CT_INPUT],
  };
  if (cov) {
    data.coverageStart = cov.start;
    data.coverageEnd = cov.end;
  }
  return data;
}

/** A rule context whose account carries the given CloudTrail (or none, when undefined). */
export function ctCtx(data: CloudTrailAccountData | undefined, opts: CtxOptions = {}): TestContext {
  const account = { ...opts.account };
  if (data) account.cloudtrail = data;
  return ctx({ ...opts, account });
}

/** Shortcut: context over CloudTrail built from options. */
export function ctCtxFor(ct: CtOptions, opts: CtxOptions = {}): TestContext {
  return ctCtx(ctData(ct), opts);
}
