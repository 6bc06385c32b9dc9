// Step 2 of an audit: evaluate read data (a Dataset) -> AuditResult. Pure and fast, so it runs again
// whenever as-of, windows or exceptions change; no file is read here. Times stay epoch ms until the
// result is written (account-view.ts turns them into ISO strings there).
import { accountView, rootEventsPerDay, rootEventViews, userCredentialAges, type AccountAsOf } from './account-view';
import type { CredentialReport } from './credential-report/model';
import { chooseBaseline, compareWithBaseline } from './changes';
import { applyExceptions } from './exceptions';
import type { Dataset } from './ingest';
import { DEFAULT_RULE_SETTINGS, DEFAULT_WINDOWS, parseWindows } from './options';
import { ROOT_RESOURCE, type AccountData, type FindingDraft, type RuleContext, type RuleDefinition, type RuleSettings } from './rules/define-rule';
import { reportDiffsOf } from './report-diff';
import { RULES, RULES_BY_ID } from './rules/registry';
import { coverageAtClock } from './cloudtrail/coverage';
import { dateTimeInFileName, toIso } from './time';
import { TOOL } from './version';
import { SEVERITIES, STATUSES, type AccountView, type AuditOptions, type AuditResult, type Finding, type Problem, type Severity, type Status } from './types';
import { pushAll } from './arrays';
import { citeLongValuesByReference } from './evidence/long-values';

const reportTime = (r: CredentialReport): number => r.generatedTime ?? r.fileTime ?? -Infinity;

/** Groups everything by account. Two reports for one account: the newest generation time wins. */
function buildAccounts(ds: Dataset, problems: Problem[]): AccountData[] {
  const byKey = new Map<string, AccountData>();
  const keyOf = (id: string | null) => id ?? 'unknown';
  const get = (id: string | null, key = keyOf(id)): AccountData => {
    let a = byKey.get(key);
    if (!a) {
      a = { accountId: id, olderReports: [] };
      const name = id ? ds.accountNames.get(id) : undefined;
      if (name) a.name = name;
      byKey.set(key, a);
    }
    return a;
  };
  for (const r of ds.reports) {
    // Reports without an account id (derived files) stay separate: they may be different accounts.
    const a = get(r.accountId, r.accountId ?? `unknown:${r.input}`);
    if (!a.report) {
      a.report = r;
      continue;
    }
    const [winner, loser] = reportTime(r) > reportTime(a.report) ? [r, a.report] : [a.report, r];
    a.report = winner;
    a.olderReports.push(loser);
    // Equal (or unknown) times: the first loaded is kept, and the message must not claim it is newer.
    const tie = reportTime(winner) === reportTime(loser);
    problems.push({
      input: loser.input,
      severity: 'warning',
      message: tie
        ? `Another report for account ${r.accountId ?? 'unknown'} (${winner.input}) has the same generation time${reportTime(winner) === -Infinity ? ' (unknown)' : ''}; that one, loaded first, was evaluated and this one was not.`
        : `Another report for account ${r.accountId ?? 'unknown'} (${winner.input}) is newer; this one was not evaluated.`,
    });
  }
  for (const [id, ct] of ds.cloudtrail) get(id).cloudtrail = ct;
  const accounts = [...byKey.values()];
  // Evidence files that name no account apply when the batch holds exactly one account.
  const attach = <T>(items: { accountId: string | null; ev: T }[], set: (a: AccountData, ev: T) => void, what: string) => {
    for (const { accountId, ev } of items) {
      if (accountId !== null) {
        set(get(accountId), ev);
      } else if (accounts.length === 1) {
        set(accounts[0] as AccountData, ev);
      } else {
        const input = (ev as { input?: string }).input ?? what;
        problems.push({ input, severity: 'warning', message: `The ${what} names no account and the batch has ${accounts.length} accounts; it was not used. Load it with one account's files.` });
      }
    }
  };
  attach(ds.virtualMfa, (a, ev) => (a.virtualMfa = ev), 'virtual MFA device list');
  attach(ds.accountSummaries, (a, ev) => (a.accountSummary = ev), 'account summary');
  attach(ds.alarms, (a, ev) => (a.alarms = ev), 'alarm list');
  attach(
    ds.metricFilters.map((ev) => ({ accountId: null, ev })),
    (a, ev) => (a.metricFilters = ev),
    'metric filter list',
  );
  // Organization features are an organization setting, not one account's: every account of the
  // batch gets them (ORG-ROOT-ACCESS-CENTRALIZED says it cannot tell membership).
  const everyAccount = [...byKey.values()];
  for (const ev of ds.organizationFeatures) {
    if (everyAccount.length === 0) problems.push({ input: ev.input, severity: 'warning', message: 'The organization features file names no account and no account was loaded with it; load it with the accounts\' files to judge ORG-ROOT-ACCESS-CENTRALIZED.' });
    for (const a of everyAccount) (a.organizationFeatures ??= []).push(ev);
  }
  // Code-unit order (not localeCompare, which sorts '~' before digits): account ids ascending, unknown last.
  const key = (a: AccountData) => a.accountId ?? '~';
  return [...byKey.values()].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

/** Rules whose resource is the report file (matched across audits without it). */
const REPORT_SCOPED: ReadonlySet<string> = new Set(RULES.filter((r) => r.scope === 'report').map((r) => r.id));

/** Each report row's ARN by user name (left out when one name has two different ARNs). */
function resourceArns(report: CredentialReport | undefined): Map<string, string> {
  const arns = new Map<string, string>();
  const clash = new Set<string>();
  for (const row of report?.rows ?? []) {
    if (!row.arn) continue;
    const had = arns.get(row.user);
    if (had !== undefined && had !== row.arn) clash.add(row.user);
    else arns.set(row.user, row.arn);
  }
  for (const user of clash) arns.delete(user);
  return arns;
}

/**
 * RULES.md "Time", in order: pinned; the report's GeneratedTime; for a report without one (a CSV), a
 * date-time written in its file name, else the file's date; for an account with CloudTrail and no
 * report, the latest loaded event at or before the clock ("end of the loaded CloudTrail": the clock
 * would turn old logs into history and report nothing failing); else the clock. A file date or name
 * later than the evaluation clock cannot be the report's time and is passed over.
 */
function asOfFor(a: AccountData, options: Pick<AuditOptions, 'asOf' | 'now'>): AccountAsOf {
  if (options.asOf !== undefined) return { ms: options.asOf, source: 'pinned' };
  const report = a.report;
  if (report?.generatedTime !== undefined) return { ms: report.generatedTime, source: 'report' };
  if (report) {
    const named = dateTimeInFileName(report.input);
    if (named !== undefined && named <= options.now) return { ms: named, source: 'file-name' };
    if (report.fileTime !== undefined && report.fileTime <= options.now) return { ms: report.fileTime, source: 'file-date' };
    return { ms: options.now, source: 'now' };
  }
  const end = a.cloudtrail ? coverageAtClock(a.cloudtrail.eventTimes, a.cloudtrail.gaps, options.now).span?.end : undefined;
  if (end !== undefined) return { ms: end, source: 'cloudtrail-end' };
  return { ms: options.now, source: 'now' };
}

/** What the as-of choice leaves for the reader to check: a file date, or an as-of before the report was made. */
function asOfProblems(a: AccountData, asOf: AccountAsOf): Problem[] {
  const out: Problem[] = [];
  const report = a.report;
  const account = `account ${a.accountId ?? 'unknown'}`;
  if (report && asOf.source === 'file-date') {
    out.push({
      input: report.input,
      severity: 'warning',
      message: `As-of for ${account} is ${toIso(asOf.ms)}, from the file's date: the report carries no generation time and its name no date-time. Pin it (--as-of, or the as-of field) if the file was copied or edited since it was downloaded.`,
    });
  }
  if (report?.generatedTime !== undefined && asOf.ms < report.generatedTime) {
    out.push({
      input: report.input,
      severity: 'warning',
      message: `As-of for ${account} (${toIso(asOf.ms)}) is earlier than the report's generation time (${toIso(report.generatedTime)}): report dates after as-of are shown as days after as-of and count as within every window.`,
    });
  }
  return out;
}

const zeroBy = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** `AuditResult.summary`: how many findings have each status and severity. */
function countFindings(findings: readonly Finding[]): AuditResult['summary'] {
  const byStatus = zeroBy<Status>(STATUSES);
  const bySeverity = zeroBy<Severity>(SEVERITIES);
  const failBySeverity = zeroBy<Severity>(SEVERITIES);
  for (const f of findings) {
    byStatus[f.status]++;
    bySeverity[f.severity]++;
    if (f.status === 'FAIL') failBySeverity[f.severity]++;
  }
  return { byStatus, bySeverity, failBySeverity };
}

/** The windows to evaluate: the given ones when valid, else the default (and a problem says so). */
function windowsFor(options: AuditOptions, problems: Problem[]): number[] {
  const parsed = parseWindows(options.windows ?? DEFAULT_WINDOWS);
  if ('value' in parsed) return parsed.value;
  problems.push({ input: '(options)', severity: 'error', message: `Windows: ${parsed.problem} The default ${DEFAULT_WINDOWS.join(', ')} days were used.` });
  return [...DEFAULT_WINDOWS];
}

/** Evaluates every rule for every account of a read Dataset. Never throws for bad data. */
export function evaluate(ds: Dataset, options: AuditOptions): AuditResult {
  const problems: Problem[] = [...ds.problems, ...ds.mergeProblems];
  const windows = windowsFor(options, problems);
  const settings: RuleSettings = {
    reportMaxAgeDays: options.reportMaxAgeDays ?? DEFAULT_RULE_SETTINGS.reportMaxAgeDays,
    unusedCredentialDays: options.unusedCredentialDays ?? DEFAULT_RULE_SETTINGS.unusedCredentialDays,
    keyRotationDays: options.keyRotationDays ?? DEFAULT_RULE_SETTINGS.keyRotationDays,
  };
  const accounts = buildAccounts(ds, problems);
  const asOfs = accounts.map((a) => asOfFor(a, options));
  accounts.forEach((a, i) => pushAll(problems, asOfProblems(a, asOfs[i] as AccountAsOf)));
  const findings: Finding[] = [];
  const accountViews: AccountView[] = [];
  const seenProblems = new Set<string>();
  accounts.forEach((account, i) => {
    const asOf = asOfs[i] as AccountAsOf;
    const ctx: RuleContext = {
      account,
      asOf: asOf.ms,
      now: options.now,
      windows,
      settings,
      problem: (p) => {
        const key = `${p.input}|${p.line ?? ''}|${p.message}`;
        if (!seenProblems.has(key)) {
          seenProblems.add(key);
          problems.push(p);
        }
      },
    };
    const accountFindings: Finding[] = [];
    const arns = resourceArns(account.report);
    for (const rule of RULES) {
      let drafts;
      try {
        drafts = rule.evaluate(ctx);
      } catch (e) {
        problems.push({ input: account.report?.input ?? '(evaluation)', severity: 'error', message: `Rule ${rule.id} failed on account ${account.accountId ?? 'unknown'}: ${e instanceof Error ? e.message : String(e)}` });
        continue;
      }
      for (const d of drafts) {
        const f = findingOf(rule, account.accountId, d, d.message);
        const arn = arns.get(d.resource);
        if (arn) f.resourceArn = arn;
        accountFindings.push(f);
      }
    }
    // A second <root_account> row (hand-made or merged files) is evaluated too, not ignored.
    pushAll(accountFindings, extraRootRowFindings(ctx, problems));
    pushAll(findings, accountFindings);
    accountViews.push(accountView(account, asOf, windows, accountFindings, options.now));
  });
  pushAll(problems, applyExceptions(findings, options.exceptions ?? [], options.now, new Set(RULES_BY_ID.keys())));

  // The result's as-of: pinned, else the latest account's (the first of equals), else the clock.
  const latest = asOfs.reduce<AccountAsOf | undefined>((best, a) => (!best || a.ms > best.ms ? a : best), undefined);
  const asOf: AccountAsOf = options.asOf !== undefined ? { ms: options.asOf, source: 'pinned' } : (latest ?? { ms: options.now, source: 'now' });

  // Changes since a previous audit, and between two reports of one account: first in every format.
  const baseline = chooseBaseline(ds.previousAudits, asOf.ms, problems);
  const changes = baseline ? compareWithBaseline(baseline, { findings, accounts: accountViews, now: options.now, reportScoped: REPORT_SCOPED }) : undefined;
  const reportChanges = accounts.flatMap((a) => (a.report ? reportDiffsOf([a.report, ...a.olderReports]) : []));

  // A 10 MB cell is kept once (result.values), not copied into every finding that cites it.
  return citeLongValuesByReference({
    tool: options.tool ?? TOOL,
    asOf: { time: toIso(asOf.ms), source: asOf.source },
    evaluatedAt: toIso(options.now),
    windows,
    ...(changes ? { changes } : {}),
    ...(reportChanges.length > 0 ? { reportChanges } : {}),
    inputs: ds.inputs,
    accounts: accountViews,
    findings,
    problems,
    exceptions: options.exceptions ?? [],
    summary: countFindings(findings),
    details: {
      userCredentialAges: accounts.flatMap((a, i) => (a.report ? userCredentialAges(a.report, (asOfs[i] as AccountAsOf).ms) : [])),
      rootEvents: accounts.flatMap(rootEventViews),
      rootEventsPerDay: accounts.flatMap(rootEventsPerDay),
    },
  });
}

/**
 * Findings of the report's root rules for every `<root_account>` row after the first: the parser
 * keeps duplicate rows and says "both are kept and evaluated", so each extra root row is judged by
 * the same rules as the first (the root card shows the first). Each message names the row's line.
 */
/** A rule's draft as a finding: the rule gives id, title, severity and controls; the draft the rest. */
function findingOf(rule: RuleDefinition, accountId: string | null, d: FindingDraft, message: string): Finding {
  const f: Finding = {
    ruleId: rule.id,
    status: d.status,
    severity: rule.severity,
    accountId,
    resource: d.resource,
    title: rule.title,
    message,
    evidence: d.evidence,
    controls: rule.controls,
    remediationId: rule.id,
  };
  if (d.window !== undefined) f.window = d.window;
  return f;
}

function extraRootRowFindings(ctx: RuleContext, problems: Problem[]): Finding[] {
  const report = ctx.account.report;
  if (!report?.root) return [];
  const out: Finding[] = [];
  for (const row of report.rows) {
    if (!row.isRoot || row === report.root) continue;
    const rowCtx: RuleContext = { ...ctx, account: { ...ctx.account, report: { ...report, root: row } } };
    for (const rule of RULES) {
      if (rule.scope !== 'root' || !rule.needs.includes('credential-report')) continue;
      let drafts;
      try {
        drafts = rule.evaluate(rowCtx);
      } catch (e) {
        problems.push({ input: report.input, line: row.line, severity: 'error', message: `Rule ${rule.id} failed on the <root_account> row of line ${row.line}: ${e instanceof Error ? e.message : String(e)}` });
        continue;
      }
      for (const d of drafts) {
        const f = findingOf(rule, ctx.account.accountId, d, `Another <root_account> row (line ${row.line}, ${report.input}): ${d.message}`);
        if (row.arn && d.resource === ROOT_RESOURCE) f.resourceArn = row.arn;
        out.push(f);
      }
    }
  }
  return out;
}
