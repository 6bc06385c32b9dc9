// Readings shared by the credential-report rules: what a cell tells us (or why it cannot),
// root's credential state, per-user iteration and the "later than as-of" problem.
import type { BoolCell, BooleanColumn, CredentialReport, DateCell, DateColumn, ReportRow } from '../credential-report/model';
import { clip } from '../credential-report/parse';
import { toIso } from '../time';
import type { ControlRef, Evidence } from '../types';
import { ROOT_RESOURCE, type FindingDraft, type RuleContext } from './define-rule';
import { certActiveCol, certRotatedCol, cite, keyActiveCol, keyRotatedCol, type CertSlot, type KeySlot } from './report-helpers';

export type AnyCell = BoolCell | DateCell;

/** In words, why a cell does not answer the question a rule asks. */
export function unreadable(column: BooleanColumn | DateColumn, cell: AnyCell): string {
  switch (cell.kind) {
    case 'missing':
      return `the column ${column} is missing from the report`;
    case 'empty':
      return `${column} is empty (an empty cell, as in files made by a script, is read as unknown, not as N/A)`;
    case 'invalid':
      return `${column} holds the unreadable value "${clip(cell.raw)}"`;
    default:
      return `${column} is ${cell.raw}, which does not answer this check`;
  }
}

/** What a last-used cell says. `N/A` and `no_information` both mean "no use recorded". */
export type UseReading = { kind: 'used'; ms: number } | { kind: 'never' } | { kind: 'unknown' };

export function readLastUsed(cell: DateCell): UseReading {
  if (cell.kind === 'value') return { kind: 'used', ms: cell.value };
  if (cell.kind === 'N/A' || cell.kind === 'no_information') return { kind: 'never' };
  // not_supported, empty, missing, invalid: the report cannot show use.
  return { kind: 'unknown' };
}

/**
 * Reports a timestamp later than as-of once (the audit de-duplicates identical problems, so
 * every rule uses this one wording). Such a timestamp counts as within every window.
 */
export function laterThanAsOf(ctx: RuleContext, report: CredentialReport, row: ReportRow, column: DateColumn): void {
  const cell = row.dates[column];
  if (cell.kind !== 'value' || cell.value <= ctx.asOf) return;
  ctx.problem({
    input: report.input,
    line: row.line,
    severity: 'warning',
    message: `${report.input} line ${row.line}: ${column} of ${row.user} (${cell.raw}) is a timestamp later than as-of (${toIso(ctx.asOf)}); it counts as within every window.`,
  });
}

/** What root can still sign in or call APIs with, what is left over, and what cannot be read. */
export interface RootCredentialState {
  /** Credentials that work: enabled password, active key or certificate. */
  usable: string[];
  /** Inactive keys or certificates that still exist. */
  leftovers: string[];
  /** Reasons a credential's state cannot be read. */
  unknown: string[];
  /** Password off, no key, no certificate, and every one of those cells readable. */
  removed: boolean;
}

export function rootCredentialState(row: ReportRow): RootCredentialState {
  const usable: string[] = [];
  const leftovers: string[] = [];
  const unknown: string[] = [];
  const pw = row.bools.password_enabled;
  if (pw.kind === 'value') {
    if (pw.value) usable.push('a console password');
  } else if (pw.kind === 'not_supported') {
    usable.push('a console password (legacy report: password_enabled not_supported; root always had one then)');
  } else {
    unknown.push(unreadable('password_enabled', pw));
  }
  const slot = (label: string, active: BooleanColumn, rotated: DateColumn) => {
    const a = row.bools[active];
    const r = row.dates[rotated];
    if (a.kind !== 'value') unknown.push(unreadable(active, a));
    else if (a.value) usable.push(`an active ${label}`);
    else if (r.kind === 'value') leftovers.push(`an inactive ${label} (created or rotated ${r.raw})`);
    else if (r.kind !== 'N/A') unknown.push(unreadable(rotated, r));
  };
  for (const k of [1, 2] as KeySlot[]) slot(`access key ${k}`, keyActiveCol(k), keyRotatedCol(k));
  for (const c of [1, 2] as CertSlot[]) slot(`signing certificate ${c}`, certActiveCol(c), certRotatedCol(c));
  return { usable, leftovers, unknown, removed: usable.length === 0 && leftovers.length === 0 && unknown.length === 0 };
}

/** One finding per IAM user (root excluded by the parser); nothing when there is no report. */
export function perUser(ctx: RuleContext, judge: (report: CredentialReport, user: ReportRow) => Omit<FindingDraft, 'resource'>): FindingDraft[] {
  const report = ctx.account.report;
  if (!report) return [];
  const users = report.users;
  const out: FindingDraft[] = new Array(users.length);
  for (let i = 0; i < users.length; i++) {
    const u = users[i] as ReportRow;
    const d = judge(report, u);
    // A literal of one shape (not a spread) keeps this loop cheap for large reports.
    out[i] = { status: d.status, resource: u.user, message: d.message, evidence: d.evidence };
  }
  return out;
}

/** Joins phrases as "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** CIS AWS Foundations Benchmark numbers by edition, in the order RULES.md lists editions. */
export function cisControls(byVersion: Record<string, string>): ControlRef[] {
  return Object.entries(byVersion).map(([version, control]) => ({ framework: 'CIS AWS Foundations', version, control }));
}

export const securityHub = (control: string): ControlRef => ({ framework: 'AWS Security Hub', version: 'CSPM control', control });
export const configRule = (control: string): ControlRef => ({ framework: 'AWS Config', version: 'managed rule', control });
export const iso27001 = (control: string): ControlRef => ({ framework: 'ISO/IEC 27001', version: '2022', control, suggested: true });
export const soc2 = (control: string): ControlRef => ({ framework: 'SOC 2', version: '2017', control, suggested: true });
export const hipaa = (control: string): ControlRef => ({ framework: 'HIPAA Security Rule', version: '45 CFR Part 164', control, suggested: true });

/**
 * The part of the root MFA checks both MFA rules share: NOT_APPLICABLE when root credentials are
 * removed, FAIL when MFA is off while root has a working credential, NEEDS_EVIDENCE when cells
 * are unreadable. `mfa-on` leaves the rest to the caller.
 */
export type RootMfaJudgement = { kind: 'decided'; draft: FindingDraft } | { kind: 'mfa-on'; evidence: Evidence[] };

export function judgeRootMfa(report: CredentialReport, root: ReportRow): RootMfaJudgement {
  const evidence: Evidence[] = [cite(report, root, 'mfa_active'), cite(report, root, 'password_enabled')];
  for (const k of [1, 2] as KeySlot[]) evidence.push(cite(report, root, keyActiveCol(k)), cite(report, root, keyRotatedCol(k)));
  for (const c of [1, 2] as CertSlot[]) evidence.push(cite(report, root, certActiveCol(c)), cite(report, root, certRotatedCol(c)));
  const decided = (status: FindingDraft['status'], message: string): RootMfaJudgement => ({
    kind: 'decided',
    draft: { status, resource: ROOT_RESOURCE, message, evidence },
  });
  const state = rootCredentialState(root);
  if (state.removed) {
    return decided(
      'NOT_APPLICABLE',
      'Root credentials were removed (password disabled, no access key, no signing certificate), so there is no sign-in for MFA to protect. This is the most secure state.',
    );
  }
  const mfa = root.bools.mfa_active;
  if (mfa.kind !== 'value') return decided('NEEDS_EVIDENCE', `Cannot tell whether root has MFA: ${unreadable('mfa_active', mfa)}.`);
  if (mfa.value) return { kind: 'mfa-on', evidence };
  if (state.usable.length > 0) return decided('FAIL', `Root has no MFA while it has ${listOf(state.usable)}.`);
  if (state.unknown.length > 0) {
    return decided('NEEDS_EVIDENCE', `Root has no MFA, and whether it still has a working credential cannot be told: ${listOf(state.unknown)}.`);
  }
  return decided(
    'NOT_APPLICABLE',
    `Root has no MFA but also no working credential (password disabled, nothing active); what is left is ${listOf(state.leftovers)}, which ROOT-ACCESS-KEY-EXISTS / ROOT-CREDENTIALS-REMOVED report.`,
  );
}
