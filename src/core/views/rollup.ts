// The accounts roll-up and the verdict band: one row per account with the key root controls as
// status chips, and per account the worst outcome in one sentence. The page shows them first and
// every summary export leads with the same table. Pure; one pass over the findings.
import { SEVERITIES, STATUSES, type AsOf, type AuditResult, type Finding, type Severity, type Status } from '../types';
import { checkName } from './checks';

/** A column of the roll-up: one rule (and, for per-window rules, one window). */
export interface RollupColumn {
  key: string;
  ruleId: string;
  window?: number;
  /** Column heading, short. */
  label: string;
  /** What the column checks, as its expected state. */
  check: string;
}

export interface RollupCell {
  /** Worst status of the column's findings for the account; null when the rule made none. */
  status: Status | null;
  /** How many findings stand behind it. */
  findings: number;
}

export interface RollupRow {
  accountId: string | null;
  name?: string;
  asOf: AsOf;
  /** Cells in the order of `RollupTable.columns`. */
  cells: RollupCell[];
  failBySeverity: Record<Severity, number>;
  byStatus: Record<Status, number>;
}

export interface RollupTable {
  columns: RollupColumn[];
  rows: RollupRow[];
}

/** The key root controls, in column order (RULES.md's root rules a reader looks for first). */
export function rollupColumns(windows: readonly number[]): RollupColumn[] {
  const one = (ruleId: string, label: string, check: string): RollupColumn => ({ key: ruleId, ruleId, label, check });
  return [
    one('ROOT-ACCESS-KEY-ACTIVE', 'Root keys', checkName('ROOT-ACCESS-KEY-ACTIVE', '')),
    one('ROOT-MFA-ENABLED', 'Root MFA', checkName('ROOT-MFA-ENABLED', '')),
    ...windows.map((w) => ({ key: `ROOT-RECENT-USE|${w}`, ruleId: 'ROOT-RECENT-USE', window: w, label: `Used ≤ ${w} d`, check: `Root user not used within ${w} days` })),
    one('CT-ROOT-SIGN-IN', 'CloudTrail sign-ins', checkName('CT-ROOT-SIGN-IN', '')),
    one('ROOT-CREDENTIALS-REMOVED', 'Credentials removed', checkName('ROOT-CREDENTIALS-REMOVED', '')),
  ];
}

const rank = (s: Status): number => STATUSES.indexOf(s);
const zeroStatus = (): Record<Status, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
const zeroSeverity = (): Record<Severity, number> => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
export const accountKey = (id: string | null): string => id ?? 'unknown';

/** One row per account of the result (result order), plus rows for findings of an account the result does not list. */
export function accountRollup(result: Pick<AuditResult, 'accounts' | 'findings' | 'windows' | 'asOf'>): RollupTable {
  const columns = rollupColumns(result.windows);
  const colIndex = new Map(columns.map((c, i) => [c.key, i]));
  const rows = new Map<string, RollupRow>();
  const rowFor = (id: string | null): RollupRow => {
    let r = rows.get(accountKey(id));
    if (!r) {
      r = { accountId: id, asOf: result.asOf, cells: columns.map(() => ({ status: null, findings: 0 })), failBySeverity: zeroSeverity(), byStatus: zeroStatus() };
      rows.set(accountKey(id), r);
    }
    return r;
  };
  for (const a of result.accounts) {
    const r = rowFor(a.accountId);
    r.asOf = a.asOf;
    if (a.name) r.name = a.name;
  }
  for (const f of result.findings) {
    const r = rowFor(f.accountId);
    r.byStatus[f.status]++;
    if (f.status === 'FAIL') r.failBySeverity[f.severity]++;
    const i = colIndex.get(f.window !== undefined ? `${f.ruleId}|${f.window}` : f.ruleId) ?? colIndex.get(f.ruleId);
    if (i === undefined) continue;
    const cell = r.cells[i] as RollupCell;
    cell.findings++;
    if (cell.status === null || rank(f.status) < rank(cell.status)) cell.status = f.status;
  }
  return { columns, rows: [...rows.values()] };
}

export type VerdictKind = 'fail' | 'needs-evidence' | 'excepted' | 'pass' | 'empty';

/** An account's verdict at a glance: the worst outcome first, in words that are true for its findings. */
export interface AccountVerdict {
  accountId: string | null;
  name?: string;
  asOf: AsOf;
  kind: VerdictKind;
  /** The severity the band is coloured by: the worst failing one, else the worst critical/high check lacking evidence. */
  severity: Severity | 'pass' | null;
  headline: string;
  /** The worst failing check (expected state), when something fails. */
  worstCheck?: string;
  fails: number;
  failBySeverity: Record<Severity, number>;
  /** NEEDS_EVIDENCE findings of critical or high checks. */
  needsEvidenceHigh: number;
  needsEvidence: number;
  excepted: number;
}

const sevRank = (s: Severity): number => SEVERITIES.indexOf(s);
const n = (count: number, one: string, many = `${one}s`): string => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

function headlineOf(v: Omit<AccountVerdict, 'headline' | 'kind' | 'severity'>, worstFail: Finding | undefined, worstNeeds: Finding | undefined): Pick<AccountVerdict, 'headline' | 'kind' | 'severity'> {
  const evidenceNote = v.needsEvidenceHigh > 0 ? `${n(v.needsEvidenceHigh, 'critical or high check')} ${v.needsEvidenceHigh === 1 ? 'needs' : 'need'} evidence` : '';
  if (worstFail) {
    const more = v.fails - 1;
    const lead = `Fails: ${worstFail.title} (${worstFail.severity})`;
    const rest = more > 0 ? ` and ${n(more, 'more failing finding')}` : '';
    return { kind: 'fail', severity: worstFail.severity, headline: `${lead}${rest}${evidenceNote ? `; ${evidenceNote}` : ''}` };
  }
  if (worstNeeds) return { kind: 'needs-evidence', severity: worstNeeds.severity, headline: `Nothing fails, but ${evidenceNote}` };
  if (v.excepted > 0) {
    const needs = v.needsEvidence > 0 ? `; ${n(v.needsEvidence, 'lower-severity check')} ${v.needsEvidence === 1 ? 'needs' : 'need'} evidence` : '';
    return { kind: 'excepted', severity: 'pass', headline: `Nothing fails; ${n(v.excepted, 'finding')} excepted${needs}` };
  }
  if (v.needsEvidence > 0) return { kind: 'pass', severity: 'pass', headline: `Nothing fails; ${n(v.needsEvidence, 'lower-severity check')} ${v.needsEvidence === 1 ? 'needs' : 'need'} evidence` };
  return { kind: 'pass', severity: 'pass', headline: 'Nothing fails' };
}

/** Per account (result order): the worst outcome — FAIL by severity, then NEEDS_EVIDENCE of critical/high checks. */
export function accountVerdicts(result: Pick<AuditResult, 'accounts' | 'findings' | 'asOf'>): AccountVerdict[] {
  interface Acc {
    v: Omit<AccountVerdict, 'headline' | 'kind' | 'severity'>;
    worstFail?: Finding;
    worstNeeds?: Finding;
    total: number;
  }
  const by = new Map<string, Acc>();
  const accFor = (id: string | null): Acc => {
    let a = by.get(accountKey(id));
    if (!a) {
      a = { v: { accountId: id, asOf: result.asOf, fails: 0, failBySeverity: zeroSeverity(), needsEvidenceHigh: 0, needsEvidence: 0, excepted: 0 }, total: 0 };
      by.set(accountKey(id), a);
    }
    return a;
  };
  for (const a of result.accounts) {
    const acc = accFor(a.accountId);
    acc.v.asOf = a.asOf;
    if (a.name) acc.v.name = a.name;
  }
  for (const f of result.findings) {
    const a = accFor(f.accountId);
    a.total++;
    if (f.status === 'FAIL') {
      a.v.fails++;
      a.v.failBySeverity[f.severity]++;
      if (!a.worstFail || sevRank(f.severity) < sevRank(a.worstFail.severity)) a.worstFail = f;
    } else if (f.status === 'NEEDS_EVIDENCE') {
      a.v.needsEvidence++;
      if (f.severity === 'critical' || f.severity === 'high') {
        a.v.needsEvidenceHigh++;
        if (!a.worstNeeds || sevRank(f.severity) < sevRank(a.worstNeeds.severity)) a.worstNeeds = f;
      }
    } else if (f.status === 'EXCEPTED') a.v.excepted++;
  }
  return [...by.values()].map((a) => {
    if (a.total === 0) return { ...a.v, kind: 'empty' as const, severity: null, headline: 'No findings for this account' };
    const verdict: AccountVerdict = { ...a.v, ...headlineOf(a.v, a.worstFail, a.worstNeeds) };
    if (a.worstFail) verdict.worstCheck = checkName(a.worstFail.ruleId, a.worstFail.title);
    return verdict;
  });
}
