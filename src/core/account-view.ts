// What the result says about each account besides its findings (`AuditResult.accounts`, one
// AccountView each): the root credential card, the verdict line, CloudTrail coverage; and the
// details the charts use (users' credential ages, root events). Read-only views of evaluated data;
// instants become ISO strings here, at the result boundary.
import type { CredentialReport, ReportRow } from './credential-report/model';
import type { AccountData } from './rules/define-rule';
import { cellText, dateOf, isTrue, keyActiveCol, keyRotatedCol, keyUsedCol, certActiveCol, certRotatedCol } from './rules/report-readings';
import { coverageAtClock } from './cloudtrail/coverage';
import { ageInDays, toIso, usedAgoText, utcDay, withinWindow } from './time';
import { maxOf } from './arrays';
import {
  SEVERITIES,
  type AccountView,
  type AsOfSource,
  type AuditDetails,
  type Finding,
  type RootCredentialView,
  type RootEventView,
  type Severity,
  type UserCredentialAge,
} from './types';

/** The instant an account's windows are measured back from, and where it came from. */
export interface AccountAsOf {
  ms: number;
  source: AsOfSource;
}

/** The account's entry in `AuditResult.accounts`. */
export function accountView(a: AccountData, asOf: AccountAsOf, windows: number[], findings: Finding[], clock?: number): AccountView {
  const s: AccountView = {
    accountId: a.accountId,
    asOf: { time: toIso(asOf.ms), source: asOf.source },
    hasRootRow: a.report?.root !== undefined,
    userCount: a.report?.users.length ?? 0,
    verdict: '',
    verdictSeverity: 'pass',
  };
  if (a.name) s.name = a.name;
  if (a.report) {
    s.reportInput = a.report.input;
    if (a.report.partition) s.partition = a.report.partition;
    if (a.report.generatedTime !== undefined) s.reportGeneratedTime = toIso(a.report.generatedTime);
    if (a.report.root) {
      const { views, lastUsed } = rootCredentialViews(a.report.root, asOf.ms, windows);
      s.root = views;
      if (lastUsed !== undefined) s.rootLastUsed = toIso(lastUsed);
    }
  }
  if (a.cloudtrail) {
    const ct: NonNullable<AccountView['cloudtrail']> = { events: a.cloudtrail.totalEvents, rootEvents: a.cloudtrail.rootEvents.length };
    // Coverage as the rules read it: events after the evaluation clock are no coverage (RULES.md).
    const span = clock !== undefined ? coverageAtClock(a.cloudtrail.eventTimes, a.cloudtrail.gaps, clock).span : undefined;
    const start = clock !== undefined ? span?.start : a.cloudtrail.coverageStart;
    const end = clock !== undefined ? span?.end : a.cloudtrail.coverageEnd;
    if (start !== undefined) ct.coverageStart = toIso(start);
    if (end !== undefined) ct.coverageEnd = toIso(end);
    s.cloudtrail = ct;
  }
  const v = verdictFor(a, findings, asOf.ms);
  s.verdict = v.text;
  s.verdictSeverity = v.severity;
  return s;
}

/** The latest root use across password and both keys (the seed-000 TODO: keys count too). */
function rootLastUse(row: ReportRow): { ms: number; column: string } | undefined {
  let best: { ms: number; column: string } | undefined;
  for (const column of ['password_last_used', 'access_key_1_last_used_date', 'access_key_2_last_used_date'] as const) {
    const ms = dateOf(row.dates[column]);
    if (ms !== undefined && (!best || ms > best.ms)) best = { ms, column };
  }
  return best;
}

function rootCredentialViews(row: ReportRow, asOf: number, windows: number[]): { views: RootCredentialView[]; lastUsed?: number } {
  const views: RootCredentialView[] = [];
  const used = (ms: number | undefined) => (ms === undefined ? [] : windows.filter((w) => withinWindow(ms, asOf, w)));
  const pwUsed = dateOf(row.dates.password_last_used);
  const pw: RootCredentialView = {
    credential: 'password',
    state: cellText(row.bools.password_enabled) === 'not_supported' ? 'present (legacy report: not_supported)' : isTrue(row.bools.password_enabled) ? 'enabled' : cellText(row.bools.password_enabled),
    withinWindows: used(pwUsed),
  };
  if (pwUsed !== undefined) {
    pw.lastUsed = toIso(pwUsed);
    pw.lastUsedAgeDays = ageInDays(pwUsed, asOf);
  } else pw.state += ` · last used: ${cellText(row.dates.password_last_used)}`;
  views.push(pw);
  for (const k of [1, 2] as const) {
    const u = dateOf(row.dates[keyUsedCol(k)]);
    const rot = dateOf(row.dates[keyRotatedCol(k)]);
    const active = isTrue(row.bools[keyActiveCol(k)]);
    const v: RootCredentialView = {
      credential: k === 1 ? 'access_key_1' : 'access_key_2',
      state: active ? 'active' : rot !== undefined ? 'inactive (still exists)' : 'none',
      withinWindows: used(u),
    };
    if (u !== undefined) {
      v.lastUsed = toIso(u);
      v.lastUsedAgeDays = ageInDays(u, asOf);
    }
    if (rot !== undefined) v.lastRotated = toIso(rot);
    views.push(v);
  }
  for (const c of [1, 2] as const) {
    const rot = dateOf(row.dates[certRotatedCol(c)]);
    const v: RootCredentialView = {
      credential: c === 1 ? 'cert_1' : 'cert_2',
      state: isTrue(row.bools[certActiveCol(c)]) ? 'active' : rot !== undefined ? 'inactive (still exists)' : 'none',
      withinWindows: [],
    };
    if (rot !== undefined) v.lastRotated = toIso(rot);
    views.push(v);
  }
  views.push({ credential: 'mfa', state: isTrue(row.bools.mfa_active) ? 'active' : cellText(row.bools.mfa_active) === 'false' ? 'not active' : cellText(row.bools.mfa_active), withinWindows: [] });
  const last = rootLastUse(row);
  return last ? { views, lastUsed: last.ms } : { views };
}

/** Per IAM user and credential: days since last use, or since creation/rotation when never used. */
export function userCredentialAges(report: CredentialReport, asOf: number): UserCredentialAge[] {
  const out: UserCredentialAge[] = [];
  for (const u of report.users) {
    if (isTrue(u.bools.password_enabled)) {
      const used = dateOf(u.dates.password_last_used);
      const since = used ?? dateOf(u.dates.password_last_changed) ?? dateOf(u.dates.user_creation_time);
      if (since !== undefined) out.push({ accountId: report.accountId, user: u.user, credential: 'password', ageDays: ageInDays(since, asOf), neverUsed: used === undefined });
    }
    for (const k of [1, 2] as const) {
      if (!isTrue(u.bools[keyActiveCol(k)])) continue;
      const used = dateOf(u.dates[keyUsedCol(k)]);
      const since = used ?? dateOf(u.dates[keyRotatedCol(k)]);
      if (since !== undefined) out.push({ accountId: report.accountId, user: u.user, credential: k === 1 ? 'access_key_1' : 'access_key_2', ageDays: ageInDays(since, asOf), neverUsed: used === undefined });
    }
  }
  return out;
}

const sevRank = (s: Severity) => SEVERITIES.indexOf(s);

/** One line a newcomer understands: the worst failing check, with root's last use where it helps. */
function verdictFor(a: AccountData, findings: Finding[], asOf: number): { text: string; severity: Severity | 'pass' } {
  const fails = findings.filter((f) => f.status === 'FAIL').sort((x, y) => sevRank(x.severity) - sevRank(y.severity));
  const top = fails[0];
  const root = a.report?.root;
  const last = root ? rootLastUse(root) : undefined;
  const lastText = last ? usedAgoText(last.ms, asOf) : 'never used';
  if (!top) {
    const needs = findings.filter((f) => f.status === 'NEEDS_EVIDENCE').length;
    if (!a.report) return { text: `No credential report for this account${needs ? ` — ${needs} checks need evidence` : ''}`, severity: 'info' };
    if (!root) return { text: 'No root row in the report — root checks need evidence', severity: 'info' };
    return { text: `No failing checks; root ${lastText}${needs ? ` — ${needs} checks need evidence` : ''}`, severity: 'pass' };
  }
  const more = fails.length - 1;
  let lead = top.title;
  if (top.ruleId === 'ROOT-ACCESS-KEY-ACTIVE') {
    const keyUse = root ? [1, 2].map((k) => dateOf(root.dates[keyUsedCol(k as 1 | 2)])).filter((x): x is number => x !== undefined) : [];
    const latestKey = keyUse.length ? maxOf(keyUse) : undefined;
    lead = `Root access key active and ${latestKey !== undefined ? usedAgoText(latestKey, asOf) : 'never used'}`;
  } else if (top.ruleId === 'ROOT-RECENT-USE') {
    lead = `Root ${lastText}`;
  }
  return { text: `${lead} — ${top.severity}${more > 0 ? ` (+${more} more failing)` : ''}`, severity: top.severity };
}

/** The account's root events as the result lists them (ISO times). */
export function rootEventViews(a: AccountData): RootEventView[] {
  return (a.cloudtrail?.rootEvents ?? []).map((e) => {
    const v: RootEventView = {
      accountId: a.accountId,
      time: toIso(e.time),
      eventName: e.eventName,
      eventSource: e.eventSource,
      assumedRoot: e.assumedRoot,
      input: e.input,
    };
    if (e.sourceIp) v.sourceIp = e.sourceIp;
    if (e.userAgent) v.userAgent = e.userAgent;
    if (e.region) v.region = e.region;
    if (e.mfaUsed) v.mfaUsed = e.mfaUsed;
    if (e.signInResult) v.result = e.signInResult;
    else if (e.errorCode) v.result = e.errorCode;
    if (e.accessKeyId) v.accessKeyId = e.accessKeyId;
    if (e.eventId) v.eventId = e.eventId;
    return v;
  });
}

/** Root events per UTC day, days ascending (the activity chart). */
export function rootEventsPerDay(a: AccountData): AuditDetails['rootEventsPerDay'] {
  const perDay = new Map<string, number>();
  for (const e of a.cloudtrail?.rootEvents ?? []) {
    const d = utcDay(e.time);
    perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  return [...perDay].sort(([x], [y]) => x.localeCompare(y)).map(([day, count]) => ({ accountId: a.accountId, day, count }));
}
