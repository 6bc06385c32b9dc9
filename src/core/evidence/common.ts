// Shared pieces of every export format: ordering, and evidence, controls and counts written on one
// line. Pure; no clock, no DOM. (Words for codes are in ../labels; file names in ./registry.)
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { changeOfFinding } from '../changes';
import { SEVERITIES, STATUSES, type AuditResult, type ControlRef, type Evidence, type Finding, type FindingChange } from '../types';

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
  // A timestamp later than as-of has a negative age: said as days after as-of, never with a minus sign.
  if (e.ageDays !== undefined) s += e.ageDays < 0 ? ` (${-e.ageDays} day${e.ageDays === -1 ? '' : 's'} after as-of)` : ` (${e.ageDays} day${e.ageDays === 1 ? '' : 's'})`;
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

/** A finding with how it changed since the baseline (when the result has one and it changed). */
export interface FindingWithChange {
  finding: Finding;
  change?: FindingChange;
}

/**
 * The findings with their changes, changed ones first (in the order of `result.changes.items`: new
 * failures first), then the others in the result's order. Without a baseline: the result's order.
 */
export function findingsChangesFirst(result: Pick<AuditResult, 'findings' | 'changes'>): FindingWithChange[] {
  const byFinding = changeOfFinding(result.changes, result.findings);
  if (byFinding.size === 0) return result.findings.map((finding) => ({ finding }));
  const rank = new Map((result.changes?.items ?? []).map((c, i) => [c, i]));
  const changed: FindingWithChange[] = [];
  const rest: FindingWithChange[] = [];
  for (const finding of result.findings) {
    const change = byFinding.get(finding);
    if (change) changed.push({ finding, change });
    else rest.push({ finding });
  }
  changed.sort((a, b) => (rank.get(a.change as FindingChange) ?? 0) - (rank.get(b.change as FindingChange) ?? 0));
  return [...changed, ...rest];
}

/**
 * A finding's identifier that stays the same across audits: SHA-256 (hex, first 32 digits) of
 * account + rule + window + resource, and the occurrence when one audit has several of that key
 * (duplicate report rows). Same input, same id: a SIEM or Security Hub updates the finding it has.
 */
export function stableFindingUid(f: { accountId: string | null; ruleId: string; window?: number; resource: string }, occurrence = 0): string {
  const key = `${f.accountId ?? 'unknown'}|${f.ruleId}|${f.window ?? ''}|${f.resource}${occurrence > 0 ? `#${occurrence}` : ''}`;
  return bytesToHex(sha256(new TextEncoder().encode(key))).slice(0, 32);
}

/** stableFindingUid of each finding, counting occurrences of equal keys in the result's order. */
export function stableFindingUids(findings: readonly Finding[]): Map<Finding, string> {
  const seen = new Map<string, number>();
  const out = new Map<Finding, string>();
  for (const f of findings) {
    const k = `${f.accountId ?? ''}\u0000${f.ruleId}\u0000${f.window ?? ''}\u0000${f.resource}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    out.set(f, stableFindingUid(f, n));
  }
  return out;
}

/** Removes characters no export should carry (C0 controls except tab and line breaks, DEL, lone surrogates). */
export function stripControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** At most `max` characters (UTF-16 code units), cut with "…" and never inside a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
  return `${text.slice(0, cut)}…`;
}
