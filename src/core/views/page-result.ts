// What the page receives from the worker for a result: the result without its findings and the
// users' credential ages (tens of thousands of objects for a large report, which would take the
// main thread hundreds of ms to receive), plus the views the page shows, computed here: the
// verdict band, the accounts roll-up, the framework views, per-account counts, the user-age chart's
// buckets and the findings an exception can be recorded for. Findings reach the page in pages
// (./findings-query). Pure.
import { SEVERITIES, STATUSES, type AuditDetails, type AuditResult, type Finding, type Severity, type Status, type UserCredentialAge } from '../types';
import { checkName } from './checks';
import { frameworkViews, type EditionView } from './frameworks';
import { accountKey, accountRollup, accountVerdicts, type AccountVerdict, type RollupTable } from './rollup';

/** The result as the page holds it. */
export type PageResult = Omit<AuditResult, 'findings' | 'details'> & {
  details: Omit<AuditDetails, 'userCredentialAges'>;
  /** How many findings the result has (they are fetched in pages). */
  findingCount: number;
};

export interface AccountCounts {
  byStatus: Record<Status, number>;
  failBySeverity: Record<Severity, number>;
}

/** The user credential-age chart's data, bucketed here so the page draws 7 bars, not 10,000 points. */
export interface AgeBucket {
  label: string;
  /** Upper bound in days (inclusive); null for the last, open bucket. */
  max: number | null;
  password: number;
  key: number;
  never: number;
}

export interface AgeSummary {
  buckets: AgeBucket[];
  total: number;
  /** Credentials not used for more than `staleDays` days. */
  stale: number;
  staleDays: number;
  neverUsed: number;
}

/** A FAIL or EXCEPTED finding an exception can be recorded for (the exceptions form's picker). */
export interface ExceptionCandidate {
  key: string;
  label: string;
  ruleId: string;
  accountId: string;
  resource: string;
  window?: number;
  status: Status;
}

export interface PageViews {
  verdicts: AccountVerdict[];
  rollup: RollupTable;
  frameworks: EditionView[];
  /** Per account key (`accountKey`). */
  accountCounts: Record<string, AccountCounts>;
  ages: AgeSummary;
  /** Rule ids with findings, with their check names, in id order (the rule filter). */
  rules: { id: string; check: string }[];
  candidates: ExceptionCandidate[];
  /** FAIL and EXCEPTED findings in all (candidates lists at most `MAX_CANDIDATES`). */
  candidateTotal: number;
  /** Per entry of `result.exceptions`: FAIL or EXCEPTED findings it targets. */
  exceptionTargets: number[];
}

export const MAX_CANDIDATES = 300;

const AGE_BUCKETS: { label: string; max: number | null }[] = [
  { label: '0–7 d', max: 7 },
  { label: '8–30 d', max: 30 },
  { label: '31–45 d', max: 45 },
  { label: '46–90 d', max: 90 },
  { label: '91–180 d', max: 180 },
  { label: '181–365 d', max: 365 },
  { label: '> 365 d', max: null },
];

export function ageSummary(ages: readonly UserCredentialAge[], staleDays = 45): AgeSummary {
  const buckets: AgeBucket[] = AGE_BUCKETS.map((b) => ({ ...b, password: 0, key: 0, never: 0 }));
  let stale = 0;
  let neverUsed = 0;
  for (const a of ages) {
    const age = Math.max(0, a.ageDays);
    let i = AGE_BUCKETS.findIndex((b) => b.max !== null && age <= b.max);
    if (i < 0) i = AGE_BUCKETS.length - 1;
    const row = buckets[i] as AgeBucket;
    if (a.neverUsed) row.never++;
    else if (a.credential === 'password') row.password++;
    else row.key++;
    if (a.ageDays > staleDays) stale++;
    if (a.neverUsed) neverUsed++;
  }
  return { buckets, total: ages.length, stale, staleDays, neverUsed };
}

const zeroStatus = (): Record<Status, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
const zeroSeverity = (): Record<Severity, number> => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

export const candidateKey = (f: Pick<Finding, 'ruleId' | 'accountId' | 'resource' | 'window'>): string => `${f.ruleId}|${f.accountId}|${f.resource}|${f.window ?? ''}`;

function candidateLabel(f: Finding): string {
  return `${f.status === 'EXCEPTED' ? '[excepted] ' : ''}${f.ruleId}${f.window !== undefined ? ` (${f.window} d)` : ''} · ${f.accountId} · ${f.resource}`;
}

export function pageResult(result: AuditResult): PageResult {
  const { findings, details, ...rest } = result;
  return { ...rest, details: { rootEvents: details.rootEvents, rootEventsPerDay: details.rootEventsPerDay }, findingCount: findings.length };
}

export function pageViews(result: AuditResult): PageViews {
  const accountCounts: Record<string, AccountCounts> = {};
  for (const a of result.accounts) accountCounts[accountKey(a.accountId)] = { byStatus: zeroStatus(), failBySeverity: zeroSeverity() };
  const rules = new Map<string, string>();
  const candidates: ExceptionCandidate[] = [];
  const seen = new Set<string>();
  let candidateTotal = 0;
  for (const f of result.findings) {
    const k = accountKey(f.accountId);
    const c = (accountCounts[k] ??= { byStatus: zeroStatus(), failBySeverity: zeroSeverity() });
    c.byStatus[f.status]++;
    if (f.status === 'FAIL') c.failBySeverity[f.severity]++;
    if (!rules.has(f.ruleId)) rules.set(f.ruleId, checkName(f.ruleId, f.title));
    if ((f.status === 'FAIL' || f.status === 'EXCEPTED') && f.accountId !== null) {
      candidateTotal++;
      // A repeated user row gives two identical findings: one entry covers both.
      const key = candidateKey(f);
      if (candidates.length < MAX_CANDIDATES && !seen.has(key)) {
        seen.add(key);
        const cand: ExceptionCandidate = { key, label: candidateLabel(f), ruleId: f.ruleId, accountId: f.accountId, resource: f.resource, status: f.status };
        if (f.window !== undefined) cand.window = f.window;
        candidates.push(cand);
      }
    }
  }
  const exceptionTargets = result.exceptions.map(
    (e) => result.findings.filter((f) => f.ruleId === e.ruleId && f.accountId === e.accountId && (e.resource === undefined || e.resource === f.resource) && (f.status === 'FAIL' || f.status === 'EXCEPTED')).length,
  );
  return {
    verdicts: accountVerdicts(result),
    rollup: accountRollup(result),
    frameworks: frameworkViews(result.findings),
    accountCounts,
    ages: ageSummary(result.details.userCredentialAges),
    rules: [...rules].map(([id, check]) => ({ id, check })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    candidates,
    candidateTotal,
    exceptionTargets,
  };
}
