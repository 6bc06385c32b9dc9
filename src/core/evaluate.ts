// Step 2 of an audit: evaluate read data (a Dataset) -> AuditResult. Pure and fast, so it runs again
// whenever as-of, windows or exceptions change; no file is read here. Times stay epoch ms until the
// result is written (account-view.ts turns them into ISO strings there).
import { accountView, rootEventsPerDay, rootEventViews, userCredentialAges, type AccountAsOf } from './account-view';
import type { CredentialReport } from './credential-report/model';
import { applyExceptions } from './exceptions';
import type { Dataset } from './ingest';
import { DEFAULT_RULE_SETTINGS, DEFAULT_WINDOWS, parseWindows } from './options';
import type { AccountData, RuleContext, RuleSettings } from './rules/define-rule';
import { RULES, RULES_BY_ID } from './rules/registry';
import { toIso } from './time';
import { TOOL } from './version';
import { SEVERITIES, STATUSES, type AccountView, type AuditOptions, type AuditResult, type Finding, type Problem, type Severity, type Status } from './types';

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
  // Code-unit order (not localeCompare, which sorts '~' before digits): account ids ascending, unknown last.
  const key = (a: AccountData) => a.accountId ?? '~';
  return [...byKey.values()].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

/** Pinned, else the report's generation time, else its file date (when not after the clock), else the clock. */
function asOfFor(a: AccountData, options: Pick<AuditOptions, 'asOf' | 'now'>): AccountAsOf {
  if (options.asOf !== undefined) return { ms: options.asOf, source: 'pinned' };
  if (a.report?.generatedTime !== undefined) return { ms: a.report.generatedTime, source: 'report' };
  // A file date later than the evaluation clock (a fresh checkout evaluated with a pinned --now)
  // cannot be the report's time; measuring windows from it would make --now results depend on mtime.
  if (a.report?.fileTime !== undefined && a.report.fileTime <= options.now) return { ms: a.report.fileTime, source: 'file-date' };
  return { ms: options.now, source: 'now' };
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
    for (const rule of RULES) {
      let drafts;
      try {
        drafts = rule.evaluate(ctx);
      } catch (e) {
        problems.push({ input: account.report?.input ?? '(evaluation)', severity: 'error', message: `Rule ${rule.id} failed on account ${account.accountId ?? 'unknown'}: ${e instanceof Error ? e.message : String(e)}` });
        continue;
      }
      for (const d of drafts) {
        const f: Finding = {
          ruleId: rule.id,
          status: d.status,
          severity: rule.severity,
          accountId: account.accountId,
          resource: d.resource,
          title: rule.title,
          message: d.message,
          evidence: d.evidence,
          controls: rule.controls,
          remediationId: rule.id,
        };
        if (d.window !== undefined) f.window = d.window;
        accountFindings.push(f);
      }
    }
    findings.push(...accountFindings);
    accountViews.push(accountView(account, asOf, windows, accountFindings));
  });
  problems.push(...applyExceptions(findings, options.exceptions ?? [], options.now, new Set(RULES_BY_ID.keys())));

  // The result's as-of: pinned, else the latest account's (the first of equals), else the clock.
  const latest = asOfs.reduce<AccountAsOf | undefined>((best, a) => (!best || a.ms > best.ms ? a : best), undefined);
  const asOf: AccountAsOf = options.asOf !== undefined ? { ms: options.asOf, source: 'pinned' } : (latest ?? { ms: options.now, source: 'now' });

  return {
    tool: options.tool ?? TOOL,
    asOf: { time: toIso(asOf.ms), source: asOf.source },
    evaluatedAt: toIso(options.now),
    windows,
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
  };
}
