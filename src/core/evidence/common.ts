// Shared pieces of every export format: ordering, and evidence, controls and counts written on one
// line. Pure; no clock, no DOM. (Words for codes are in ../labels; file names in ./registry.)
import { SEVERITIES, STATUSES, type AuditResult, type ControlRef, type Evidence, type Finding } from '../types';

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

/** Every cited cell of a finding on one line, `; `-separated. */
export function evidenceLine(evidence: readonly Evidence[]): string {
  return evidence.map(evidenceText).join('; ');
}

/** `CIS AWS Foundations 7.0 2.4` (+ ` (suggested)` for mappings the reviewer should confirm). */
export function controlText(c: ControlRef): string {
  return `${[c.framework, c.version, c.control].filter((x) => x !== '').join(' ')}${c.suggested ? ' (suggested)' : ''}`;
}

export function controlsLine(controls: readonly ControlRef[]): string {
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
