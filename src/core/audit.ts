// The single entry point: audit(inputs, options) -> AuditResult. It is ingest (read every file
// once) followed by evaluate (pure, fast, re-run whenever as-of or windows change).
import type { CredentialReport } from './credential-report/model';
import { applyExceptions } from './exceptions';
import { ingest, type Dataset, type IngestOptions } from './ingest';
import type { AccountData, RuleContext, RuleSettings } from './rules/define-rule';
import { RULES, RULES_BY_ID } from './rules/registry';
import { rootCredentialViews, userCredentialAges, verdictFor } from './summary';
import { toIso, utcDay } from './time';
import { TOOL } from './version';
import {
  SEVERITIES,
  STATUSES,
  type AccountSummary,
  type AsOf,
  type AuditInput,
  type AuditOptions,
  type AuditResult,
  type Finding,
  type Problem,
  type Severity,
  type Status,
} from './types';

export const DEFAULT_WINDOWS = [30, 90];
export const DEFAULT_SETTINGS: RuleSettings = { reportMaxAgeDays: 7, unusedCredentialDays: 45, keyRotationDays: 90 };

export async function audit(inputs: AuditInput[], options: AuditOptions, ingestOpts: IngestOptions = {}): Promise<AuditResult> {
  const io: IngestOptions = { ...ingestOpts };
  if (options.naiveTimeOffset !== undefined) io.naiveTimeOffset = options.naiveTimeOffset;
  const ds = await ingest(inputs, io);
  return evaluate(ds, options);
}

/** Cleans a window list: positive whole days, unique, ascending. */
export function normalizeWindows(w: readonly number[] | undefined): number[] {
  const list = (w && w.length > 0 ? w : DEFAULT_WINDOWS).filter((n) => Number.isFinite(n) && n > 0).map((n) => Math.floor(n));
  const uniq = [...new Set(list)].sort((a, b) => a - b);
  return uniq.length > 0 ? uniq : [...DEFAULT_WINDOWS];
}

const reportTime = (r: CredentialReport): number => r.generatedTime ?? r.fileTime ?? -Infinity;

/** Groups everything by account. Two reports for one account: the newest generation time wins. */
export function buildAccounts(ds: Dataset, problems: Problem[]): AccountData[] {
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

function asOfFor(a: AccountData, options: AuditOptions): AsOf {
  if (options.asOf !== undefined) return { time: toIso(options.asOf), source: 'pinned' };
  if (a.report?.generatedTime !== undefined) return { time: toIso(a.report.generatedTime), source: 'report' };
  // A file date later than the evaluation clock (a fresh checkout evaluated with a pinned --now)
  // cannot be the report's time; measuring windows from it would make --now results depend on mtime.
  if (a.report?.fileTime !== undefined && a.report.fileTime <= options.now) return { time: toIso(a.report.fileTime), source: 'file-date' };
  return { time: toIso(options.now), source: 'now' };
}

const zeroBy = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Step 2: pure evaluation of an ingested dataset. Never throws for bad data. */
export function evaluate(ds: Dataset, options: AuditOptions): AuditResult {
  const problems: Problem[] = [...ds.problems, ...ds.mergeProblems];
  const windows = normalizeWindows(options.windows);
  const settings: RuleSettings = {
    reportMaxAgeDays: options.reportMaxAgeDays ?? DEFAULT_SETTINGS.reportMaxAgeDays,
    unusedCredentialDays: options.unusedCredentialDays ?? DEFAULT_SETTINGS.unusedCredentialDays,
    keyRotationDays: options.keyRotationDays ?? DEFAULT_SETTINGS.keyRotationDays,
  };
  const accounts = buildAccounts(ds, problems);
  const findings: Finding[] = [];
  const accountSummaries: AccountSummary[] = [];
  const seenProblems = new Set<string>();
  for (const account of accounts) {
    const asOf = asOfFor(account, options);
    const asOfMs = Date.parse(asOf.time);
    const ctx: RuleContext = {
      account,
      asOf: asOfMs,
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
    accountSummaries.push(summarizeAccount(account, asOf, asOfMs, windows, accountFindings));
  }
  problems.push(...applyExceptions(findings, options.exceptions ?? [], options.now, new Set(RULES_BY_ID.keys())));

  const byStatus = zeroBy<Status>(STATUSES);
  const bySeverity = zeroBy<Severity>(SEVERITIES);
  const failBySeverity = zeroBy<Severity>(SEVERITIES);
  for (const f of findings) {
    byStatus[f.status]++;
    bySeverity[f.severity]++;
    if (f.status === 'FAIL') failBySeverity[f.severity]++;
  }
  const latest = accountSummaries.reduce<AsOf | undefined>((best, a) => (!best || a.asOf.time > best.time ? a.asOf : best), undefined);
  const asOf: AsOf = options.asOf !== undefined ? { time: toIso(options.asOf), source: 'pinned' } : (latest ?? { time: toIso(options.now), source: 'now' });

  return {
    tool: options.tool ?? TOOL,
    asOf,
    evaluatedAt: toIso(options.now),
    windows,
    inputs: ds.inputs,
    accounts: accountSummaries,
    findings,
    problems,
    exceptions: options.exceptions ?? [],
    summary: { byStatus, bySeverity, failBySeverity },
    details: {
      userCredentialAges: accounts.flatMap((a) => (a.report ? userCredentialAges(a.report, Date.parse(asOfFor(a, options).time)) : [])),
      rootEvents: accounts.flatMap((a) =>
        (a.cloudtrail?.rootEvents ?? []).map((e) => {
          const v: AuditResult['details']['rootEvents'][number] = {
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
        }),
      ),
      rootEventsPerDay: accounts.flatMap((a) => {
        const perDay = new Map<string, number>();
        for (const e of a.cloudtrail?.rootEvents ?? []) {
          const d = utcDay(e.time);
          perDay.set(d, (perDay.get(d) ?? 0) + 1);
        }
        return [...perDay].sort(([x], [y]) => x.localeCompare(y)).map(([day, count]) => ({ accountId: a.accountId, day, count }));
      }),
    },
  };
}

function summarizeAccount(a: AccountData, asOf: AsOf, asOfMs: number, windows: number[], findings: Finding[]): AccountSummary {
  const s: AccountSummary = {
    accountId: a.accountId,
    asOf,
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
      const { views, lastUsed } = rootCredentialViews(a.report.root, asOfMs, windows);
      s.root = views;
      if (lastUsed !== undefined) s.rootLastUsed = toIso(lastUsed);
    }
  }
  if (a.cloudtrail) {
    const ct: NonNullable<AccountSummary['cloudtrail']> = { events: a.cloudtrail.totalEvents, rootEvents: a.cloudtrail.rootEvents.length };
    if (a.cloudtrail.coverageStart !== undefined) ct.coverageStart = toIso(a.cloudtrail.coverageStart);
    if (a.cloudtrail.coverageEnd !== undefined) ct.coverageEnd = toIso(a.cloudtrail.coverageEnd);
    s.cloudtrail = ct;
  }
  const v = verdictFor(a, findings, asOfMs);
  s.verdict = v.text;
  s.verdictSeverity = v.severity;
  return s;
}
