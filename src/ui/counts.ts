// Per-account counts for the dashboard, computed once per result.
import { SEVERITIES, STATUSES, type AuditResult, type Severity, type Status } from '../core/types';

export interface AccountCounts {
  byStatus: Record<Status, number>;
  failBySeverity: Record<Severity, number>;
}

export const accountKey = (id: string | null): string => id ?? 'unknown';

export function countsByAccount(result: AuditResult): Map<string, AccountCounts> {
  const out = new Map<string, AccountCounts>();
  const blank = (): AccountCounts => ({
    byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
    failBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
  });
  for (const a of result.accounts) out.set(accountKey(a.accountId), blank());
  for (const f of result.findings) {
    const k = accountKey(f.accountId);
    let c = out.get(k);
    if (!c) out.set(k, (c = blank()));
    c.byStatus[f.status]++;
    if (f.status === 'FAIL') c.failBySeverity[f.severity]++;
  }
  return out;
}
