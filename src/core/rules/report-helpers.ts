// Shared reading of credential-report cells for the report rules: evidence citations and
// the "is root's credential X present/active" questions several rules ask.
import type { BoolCell, BooleanColumn, CredentialReport, DateCell, DateColumn, ReportRow } from '../credential-report/model';
import { ageInDays } from '../time';
import type { Evidence } from '../types';
import type { FindingDraft, RuleContext } from './define-rule';
import { ROOT_RESOURCE } from './define-rule';

export function cellText(cell: BoolCell | DateCell): string {
  return cell.kind === 'missing' ? '(column missing)' : cell.kind === 'empty' ? '(empty)' : cell.raw;
}

/** Cites one cell of a row: file, line, column, raw value and (for dates) age in days at asOf. */
export function cite(report: CredentialReport, row: ReportRow, column: BooleanColumn | DateColumn, asOf?: number, note?: string): Evidence {
  const cell = (row.bools as Record<string, BoolCell>)[column] ?? (row.dates as Record<string, DateCell>)[column];
  const ev: Evidence = { input: report.input, line: row.line, field: column, value: cell ? cellText(cell) : '(column missing)' };
  if (cell && cell.kind === 'value' && typeof cell.value === 'number' && asOf !== undefined) ev.ageDays = ageInDays(cell.value, asOf);
  if (note !== undefined) ev.note = note;
  return ev;
}

export const isTrue = (c: BoolCell): boolean => c.kind === 'value' && c.value;
export const isFalse = (c: BoolCell): boolean => c.kind === 'value' && !c.value;
/** A boolean cell we cannot read (column missing, blank, garbage, or an unexpected sentinel). */
export const unknownBool = (c: BoolCell): boolean => c.kind !== 'value';
export const dateOf = (c: DateCell): number | undefined => (c.kind === 'value' ? c.value : undefined);

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

export type KeySlot = 1 | 2;
export type CertSlot = 1 | 2;
export const keyActiveCol = (k: KeySlot): BooleanColumn => (k === 1 ? 'access_key_1_active' : 'access_key_2_active');
export const keyRotatedCol = (k: KeySlot): DateColumn => (k === 1 ? 'access_key_1_last_rotated' : 'access_key_2_last_rotated');
export const keyUsedCol = (k: KeySlot): DateColumn => (k === 1 ? 'access_key_1_last_used_date' : 'access_key_2_last_used_date');
export const certActiveCol = (c: CertSlot): BooleanColumn => (c === 1 ? 'cert_1_active' : 'cert_2_active');
export const certRotatedCol = (c: CertSlot): DateColumn => (c === 1 ? 'cert_1_last_rotated' : 'cert_2_last_rotated');

/** A key exists if it is active, or inactive with a last_rotated date (it was created and not deleted). */
export function keyExists(row: ReportRow, k: KeySlot): boolean {
  return isTrue(row.bools[keyActiveCol(k)]) || row.dates[keyRotatedCol(k)].kind === 'value';
}

export function certExists(row: ReportRow, c: CertSlot): boolean {
  return isTrue(row.bools[certActiveCol(c)]) || row.dates[certRotatedCol(c)].kind === 'value';
}

/**
 * Root credentials removed (centralized root access, or deleted by hand): password disabled,
 * no access key and no signing certificate left.
 */
export function rootCredentialsRemoved(row: ReportRow): boolean {
  return (
    isFalse(row.bools.password_enabled) &&
    !keyExists(row, 1) &&
    !keyExists(row, 2) &&
    !certExists(row, 1) &&
    !certExists(row, 2)
  );
}

/** Root has something usable to sign in or call APIs with. Legacy `not_supported` password counts: root always had one. */
export function rootHasUsableCredential(row: ReportRow): boolean {
  const pw = row.bools.password_enabled;
  return (
    isTrue(pw) ||
    pw.kind === 'not_supported' ||
    isTrue(row.bools.access_key_1_active) ||
    isTrue(row.bools.access_key_2_active) ||
    isTrue(row.bools.cert_1_active) ||
    isTrue(row.bools.cert_2_active)
  );
}
