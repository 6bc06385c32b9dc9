// Shared pieces of every export format: ordering, one-line evidence and control summaries, labels,
// and the file name an export is saved under. Pure; no clock, no DOM.
import { SEVERITIES, STATUSES, type AsOfSource, type AuditResult, type ControlRef, type Evidence, type Finding } from '../types';

export const AS_OF_SOURCE_LABEL: Record<AsOfSource, string> = {
  pinned: 'pinned by the user',
  report: 'credential report generation time',
  'file-date': 'file date; the report carried no generation time',
  now: 'evaluation clock; no report time known',
};

const statusRank = (f: Finding) => STATUSES.indexOf(f.status);
const severityRank = (f: Finding) => SEVERITIES.indexOf(f.severity);
/** Code-unit order: the same on every machine, unlike localeCompare. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** FAIL, EXCEPTED, NEEDS_EVIDENCE, PASS, NOT_APPLICABLE; then severity, account, rule, window, resource. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    statusRank(a) - statusRank(b) ||
    severityRank(a) - severityRank(b) ||
    byText(a.accountId ?? '~', b.accountId ?? '~') ||
    byText(a.ruleId, b.ruleId) ||
    (a.window ?? 0) - (b.window ?? 0) ||
    byText(a.resource, b.resource)
  );
}

export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** `field=value (N days) [input:line]` — one cited cell on one line. */
export function evidenceText(e: Evidence): string {
  let s = `${e.field}=${e.value ?? ''}`;
  if (e.ageDays !== undefined) s += ` (${e.ageDays} day${Math.abs(e.ageDays) === 1 ? '' : 's'})`;
  const where = [e.input, e.line !== undefined ? `line ${e.line}` : undefined, e.eventId ? `event ${e.eventId}` : undefined].filter(Boolean).join(', ');
  if (where) s += ` [${where}]`;
  if (e.note) s += ` — ${e.note}`;
  return s;
}

export function evidenceSummary(evidence: readonly Evidence[]): string {
  return evidence.map(evidenceText).join('; ');
}

/** `CIS AWS Foundations 7.0 2.4` (+ ` (suggested)` for mappings the reviewer should confirm). */
export function controlText(c: ControlRef): string {
  return `${[c.framework, c.version, c.control].filter((x) => x !== '').join(' ')}${c.suggested ? ' (suggested)' : ''}`;
}

export function controlsSummary(controls: readonly ControlRef[]): string {
  return controls.map(controlText).join('; ');
}

export function accountLabel(accountId: string | null): string {
  return accountId ?? 'unknown account';
}

/** "2 FAIL, 1 EXCEPTED, 3 NEEDS_EVIDENCE, 10 PASS, 0 NOT_APPLICABLE". */
export function statusLine(result: AuditResult): string {
  return STATUSES.map((s) => `${result.summary.byStatus[s] ?? 0} ${s}`).join(', ');
}

/** "1 critical, 2 high" of the FAIL findings (zero counts left out), or "none". */
export function failSeverityLine(result: AuditResult): string {
  const parts = SEVERITIES.filter((s) => (result.summary.failBySeverity[s] ?? 0) > 0).map((s) => `${result.summary.failBySeverity[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

export type ExportKind = 'evidence.json' | 'findings.csv' | 'report.md' | 'oscal-ar.json' | 'workpaper.pdf';

/**
 * `credaudit_123456789012_asof-2025-06-01T120000Z.findings.csv`: the account (or how many) and the
 * as-of instant, so exports of different accounts or dates never overwrite each other.
 */
export function exportFileName(result: Pick<AuditResult, 'accounts' | 'asOf'>, kind: ExportKind): string {
  const ids = [...new Set(result.accounts.map((a) => a.accountId ?? 'unknown'))];
  const who = ids.length === 0 ? 'no-account' : ids.length === 1 ? (ids[0] as string) : `${ids.length}-accounts`;
  const when = result.asOf.time.replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
  return `credaudit_${who}_asof-${when}.${kind}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
