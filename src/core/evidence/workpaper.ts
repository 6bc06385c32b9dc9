// What the printed workpaper shows beyond the raw findings: one verdict per control (rule) and
// account, the state of every exception entry, the remediation of each failing rule, and the
// evidence JSON's manifest with the command that recomputes it. Built where the engine runs (the
// worker), so the page neither evaluates nor hashes. Pure.
import { expiryMs } from '../exceptions';
import { fillRemediation, sharedRemediationFacts } from '../remediation';
import { RULES, RULES_BY_ID } from '../rules/registry';
import { parseUtc } from '../time';
import { STATUSES, type AuditResult, type ControlRef, type ExceptionEntry, type Finding, type Remediation, type Severity, type Status } from '../types';
import { manifestCommand, manifestSha256 } from './evidence-json';
import { exportFileName, exportFormat } from './registry';

export interface ControlVerdict {
  ruleId: string;
  title: string;
  severity: Severity;
  accountId: string | null;
  /** The worst status among the rule's findings for the account (FAIL > EXCEPTED > NEEDS_EVIDENCE > PASS > NOT_APPLICABLE). */
  status: Status;
  counts: Record<Status, number>;
  /** Findings behind the verdict. */
  total: number;
  controls: ControlRef[];
  /** Resources that FAIL, then those EXCEPTED, for the reader; at most `maxResources`. */
  failing: string[];
  /** Per-window rules: the windows that FAIL. */
  failingWindows: number[];
}

const rank = (s: Status) => STATUSES.indexOf(s);

/** Rules in catalogue order, accounts in result order. */
export function controlVerdicts(result: AuditResult, maxResources = 5): ControlVerdict[] {
  const order = new Map(RULES.map((r, i) => [r.id, i]));
  const groups = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = `${f.accountId ?? ''}\u0000${f.ruleId}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const accountOrder = new Map(result.accounts.map((a, i) => [a.accountId, i]));
  const out: ControlVerdict[] = [];
  for (const fs of groups.values()) {
    const first = fs[0] as Finding;
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    for (const f of fs) counts[f.status]++;
    const status = fs.reduce<Status>((worst, f) => (rank(f.status) < rank(worst) ? f.status : worst), 'NOT_APPLICABLE');
    // FAIL first, then EXCEPTED, each in the report's order.
    const bad = [...fs.filter((f) => f.status === 'FAIL'), ...fs.filter((f) => f.status === 'EXCEPTED')];
    out.push({
      ruleId: first.ruleId,
      title: first.title,
      severity: first.severity,
      accountId: first.accountId,
      status,
      counts,
      total: fs.length,
      controls: first.controls,
      failing: [...new Set(bad.map((f) => f.resource))].slice(0, maxResources),
      failingWindows: [...new Set(bad.flatMap((f) => (f.window !== undefined ? [f.window] : [])))].sort((a, b) => a - b),
    });
  }
  return out.sort(
    (a, b) =>
      (accountOrder.get(a.accountId) ?? 1e9) - (accountOrder.get(b.accountId) ?? 1e9) ||
      (order.get(a.ruleId) ?? 1e9) - (order.get(b.ruleId) ?? 1e9) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

export type ExceptionState = 'applied' | 'expired' | 'unmatched' | 'unknown-rule';

export interface ExceptionStatus {
  entry: ExceptionEntry;
  state: ExceptionState;
  /** EXCEPTED findings this entry covers. */
  matched: number;
  /** Days until expiry from `now` (negative when expired). */
  daysLeft?: number;
}

const sameEntry = (a: ExceptionEntry, b: ExceptionEntry) =>
  a.ruleId === b.ruleId && a.accountId === b.accountId && a.resource === b.resource && a.owner === b.owner && a.expires === b.expires && a.justification === b.justification;

/** What became of each exception entry in this result, as of the clock `now` (epoch ms). */
export function exceptionStatuses(result: AuditResult, now: number): ExceptionStatus[] {
  return result.exceptions.map((entry) => {
    const matched = result.findings.filter((f) => f.exception && sameEntry(f.exception, entry)).length;
    const end = expiryMs(entry.expires);
    const s: ExceptionStatus = {
      entry,
      matched,
      state: !RULES_BY_ID.has(entry.ruleId) ? 'unknown-rule' : end === undefined || end < now ? 'expired' : matched > 0 ? 'applied' : 'unmatched',
    };
    if (end !== undefined) s.daysLeft = Math.floor((end - now) / 86_400_000);
    return s;
  });
}

export interface RemediationItem {
  ruleId: string;
  title: string;
  severity: Severity;
  /** Accounts where the rule FAILs (EXCEPTED not included: accepted for now). */
  accounts: (string | null)[];
  rationale: string;
  remediation: Remediation;
}

/** One entry per failing rule, most severe first, with the rule's remediation steps. */
export function remediationPlan(result: AuditResult): RemediationItem[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings) {
    if (f.status !== 'FAIL') continue;
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  const sevOrder: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  const items: RemediationItem[] = [];
  for (const rule of RULES) {
    const failing = byRule.get(rule.id);
    if (!failing) continue;
    const accounts = [...new Set(failing.map((f) => f.accountId))];
    // Commands name the account (and user, root key) when every failing finding shares it.
    const remediation = fillRemediation(rule.remediation, sharedRemediationFacts(failing));
    items.push({ ruleId: rule.id, title: rule.title, severity: rule.severity, accounts, rationale: rule.rationale, remediation });
  }
  return items.sort((a, b) => sevOrder.indexOf(a.severity) - sevOrder.indexOf(b.severity));
}

/** Everything the workpaper shows that is computed from the result (the rest it reads from the result). */
export interface WorkpaperData {
  verdicts: ControlVerdict[];
  exceptions: ExceptionStatus[];
  remediation: RemediationItem[];
  /** `manifestSha256` of the evidence JSON export of the same result. */
  manifestSha256: string;
  /** Shell command that recomputes `manifestSha256` from the downloaded evidence JSON. */
  manifestCommand: string;
}

/** The workpaper of `result`; exceptions are judged at its evaluation clock, as its findings were. */
export async function workpaperData(result: AuditResult): Promise<WorkpaperData> {
  const evidenceJson = exportFormat('json')?.extension ?? 'evidence.json';
  return {
    verdicts: controlVerdicts(result),
    exceptions: exceptionStatuses(result, parseUtc(result.evaluatedAt)?.ms ?? Number.NaN),
    remediation: remediationPlan(result),
    manifestSha256: await manifestSha256(result),
    manifestCommand: manifestCommand(exportFileName(result, evidenceJson)),
  };
}
