// Readings of the credential report for the report rules: which column holds a key's or
// certificate's state, what a cell says (or why it cannot answer), root's credential state, the
// evidence that cites a cell, and the frames every root and per-user rule runs in.
import type { BoolCell, BooleanColumn, CredentialReport, DateCell, DateColumn, ReportRow } from '../credential-report/model';
import { clip } from '../text';
import { ageInDays, toIso } from '../time';
import type { Evidence } from '../types';
import { ROOT_RESOURCE, type FindingDraft, type RuleContext } from './define-rule';

// ---- columns ----------------------------------------------------------------------------------

export type KeySlot = 1 | 2;
export type CertSlot = 1 | 2;
export const KEY_SLOTS: readonly KeySlot[] = [1, 2];
export const CERT_SLOTS: readonly CertSlot[] = [1, 2];
export const keyActiveCol = (k: KeySlot): BooleanColumn => (k === 1 ? 'access_key_1_active' : 'access_key_2_active');
export const keyRotatedCol = (k: KeySlot): DateColumn => (k === 1 ? 'access_key_1_last_rotated' : 'access_key_2_last_rotated');
export const keyUsedCol = (k: KeySlot): DateColumn => (k === 1 ? 'access_key_1_last_used_date' : 'access_key_2_last_used_date');
export const certActiveCol = (c: CertSlot): BooleanColumn => (c === 1 ? 'cert_1_active' : 'cert_2_active');
export const certRotatedCol = (c: CertSlot): DateColumn => (c === 1 ? 'cert_1_last_rotated' : 'cert_2_last_rotated');

// ---- cells ------------------------------------------------------------------------------------

/** A cell as written, with a missing column and an empty cell named (they have no raw text). */
export function cellText(cell: BoolCell | DateCell): string {
  return cell.kind === 'missing' ? '(column missing)' : cell.kind === 'empty' ? '(empty)' : cell.raw;
}

export const isTrue = (c: BoolCell): boolean => c.kind === 'value' && c.value;
/** A boolean cell we cannot read (column missing, blank, garbage, or an unexpected sentinel). */
export const unknownBool = (c: BoolCell): boolean => c.kind !== 'value';
export const dateOf = (c: DateCell): number | undefined => (c.kind === 'value' ? c.value : undefined);

/** In words, why a cell does not answer the question a rule asks. */
export function unreadable(column: BooleanColumn | DateColumn, cell: BoolCell | DateCell): string {
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

// ---- evidence ---------------------------------------------------------------------------------

/** Cites one cell of a row: file, line, column, raw value and (for dates) age in days at asOf. */
export function cite(report: CredentialReport, row: ReportRow, column: BooleanColumn | DateColumn, asOf?: number, note?: string): Evidence {
  const cell = (row.bools as Record<string, BoolCell>)[column] ?? (row.dates as Record<string, DateCell>)[column];
  const ev: Evidence = { input: report.input, line: row.line, field: column, value: cell ? cellText(cell) : '(column missing)' };
  if (cell && cell.kind === 'value' && typeof cell.value === 'number' && asOf !== undefined) ev.ageDays = ageInDays(cell.value, asOf);
  if (note !== undefined) ev.note = note;
  return ev;
}

/** Cites the active and last-rotated cells of both access keys, then of both signing certificates. */
export function citeKeysAndCerts(report: CredentialReport, row: ReportRow, asOf?: number): Evidence[] {
  const evidence: Evidence[] = [];
  for (const k of KEY_SLOTS) evidence.push(cite(report, row, keyActiveCol(k)), cite(report, row, keyRotatedCol(k), asOf));
  for (const c of CERT_SLOTS) evidence.push(cite(report, row, certActiveCol(c)), cite(report, row, certRotatedCol(c), asOf));
  return evidence;
}

// ---- root -------------------------------------------------------------------------------------

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
  for (const k of KEY_SLOTS) slot(`access key ${k}`, keyActiveCol(k), keyRotatedCol(k));
  for (const c of CERT_SLOTS) slot(`signing certificate ${c}`, certActiveCol(c), certRotatedCol(c));
  return { usable, leftovers, unknown, removed: usable.length === 0 && leftovers.length === 0 && unknown.length === 0 };
}

/** The NEEDS_EVIDENCE finding every root rule gives when the report or its root row is absent. */
export function noRootRow(ctx: RuleContext, window?: number): FindingDraft[] {
  const report = ctx.account.report;
  const d: FindingDraft = {
    status: 'NEEDS_EVIDENCE',
    resource: ROOT_RESOURCE,
    message: report
      ? `The credential report ${report.input} has no <root_account> row, so root cannot be judged. Generate the report in the account itself: aws iam generate-credential-report, then aws iam get-credential-report.`
      : 'No credential report for this account. Run aws iam generate-credential-report, then aws iam get-credential-report --output json, and add the file.',
    evidence: [],
  };
  if (window !== undefined) d.window = window;
  return [d];
}

// ---- rule frames ------------------------------------------------------------------------------

/** A root rule's frame: `noRootRow` without a report or its root row, else what `judge` finds. */
export function judgeRootRow(ctx: RuleContext, judge: (report: CredentialReport, root: ReportRow) => FindingDraft[]): FindingDraft[] {
  const report = ctx.account.report;
  const root = report?.root;
  if (!report || !root) return noRootRow(ctx);
  return judge(report, root);
}

/** A user rule's frame: one finding per IAM user (root excluded by the parser); nothing without a report. */
export function judgeEachUser(ctx: RuleContext, judge: (report: CredentialReport, user: ReportRow) => Omit<FindingDraft, 'resource'>): FindingDraft[] {
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
