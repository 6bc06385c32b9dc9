// Two audits of one account a month apart, for the "changes since" tests: between them bob's old
// access key was deleted (USER-KEY-NOT-ROTATED resolved) and alice turned MFA off
// (USER-CONSOLE-WITHOUT-MFA new). Everything else is the same.
import { audit } from '../../src/core/audit';
import { toEvidenceJson } from '../../src/core/evidence/evidence-json';
import type { AuditInput, AuditResult, ExceptionEntry } from '../../src/core/types';
import { ACCOUNT, reportCsv, root, user, type Row } from '../helpers/report';
import { input, reportEnvelopeJson, TOOL } from './fixture';

export const FIRST_TIME = '2025-05-01T12:00:00Z';
export const SECOND_TIME = '2025-06-01T12:00:00Z';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const before = (iso: string, days: number) => new Date(Date.parse(iso) - days * DAY).toISOString().replace('.000Z', 'Z');

export interface Variant {
  bobKey: boolean;
  aliceMfa: boolean;
  /** dave: a console user without MFA (a FAIL), present or not. */
  dave?: boolean;
}

/** The same users, used two days before the report's time. */
function rows(at: string, changes: Variant): Row[] {
  const used = before(at, 2);
  const bobKey: Row = changes.bobKey
    ? { access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00Z', access_key_1_last_used_date: used, access_key_1_last_used_region: 'us-east-1', access_key_1_last_used_service: 's3' }
    : {};
  return [
    root({}),
    user('alice', { password_last_used: used, mfa_active: changes.aliceMfa ? 'true' : 'false' }),
    user('bob', { password_last_used: used, ...bobKey }),
    user('carol', { password_last_used: used }),
    ...(changes.dave ? [user('dave', { password_last_used: used, mfa_active: 'false' })] : []),
  ];
}

/** A get-credential-report JSON of the fixture account generated at `at`. */
export function reportAt(at: string, variant: Variant): string {
  return reportEnvelopeJson(reportCsv(rows(at, variant)), at);
}

/** An audit of `reportJson` (generated at `at`) evaluated an hour later, with any other inputs. */
export async function auditAt(at: string, reportJson: string, extra: AuditInput[] = [], exceptions: ExceptionEntry[] = []): Promise<AuditResult> {
  return audit([input(`${at.slice(0, 10)}/credential-report.json`, reportJson), ...extra], { now: Date.parse(at) + HOUR, exceptions, tool: TOOL });
}

export const FIRST_REPORT = reportEnvelopeJson(reportCsv(rows(FIRST_TIME, { bobKey: true, aliceMfa: true })), FIRST_TIME);
export const SECOND_REPORT = reportEnvelopeJson(reportCsv(rows(SECOND_TIME, { bobKey: false, aliceMfa: false })), SECOND_TIME);

export async function firstAudit(exceptions: ExceptionEntry[] = []): Promise<AuditResult> {
  return audit([input('first/credential-report.json', FIRST_REPORT)], { now: Date.parse(FIRST_TIME) + HOUR, exceptions, tool: TOOL });
}

export async function secondAudit(baselineJson: string, exceptions: ExceptionEntry[] = [], extra: AuditInput[] = []): Promise<AuditResult> {
  return audit([input('second/credential-report.json', SECOND_REPORT), input('previous.evidence.json', baselineJson), ...extra], { now: Date.parse(SECOND_TIME) + HOUR, exceptions, tool: TOOL });
}

export async function firstEvidenceJson(exceptions: ExceptionEntry[] = []): Promise<string> {
  return toEvidenceJson(await firstAudit(exceptions));
}

export { ACCOUNT };
