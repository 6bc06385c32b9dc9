// A small, fixed audit for the export tests: one account, root with an active key used 3 days
// before as-of, users whose names start like spreadsheet formulas (IAM allows + = , . @ _ -),
// an approved exception with hostile text, and a second report without an account id.
import { audit } from '../../src/core/audit';
import type { AuditInput, AuditResult, ExceptionEntry } from '../../src/core/types';
import { ACCOUNT, daysBefore, reportCsv, root, user } from '../helpers/report';

export const NOW = '2025-06-02T00:00:00Z';
export const TOOL = { name: 'credaudit', version: '9.9.9-test', build: 'abc1234' };

export const REPORT_CSV = reportCsv([
  root({ access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00Z', access_key_1_last_used_date: daysBefore(3) }),
  user('alice', { mfa_active: 'false' }),
  user('=1+2', { mfa_active: 'false' }),
  user('@sum', {}),
  user('-3', { mfa_active: 'false' }),
  user('+cmd', {}),
]);

export const EXCEPTION: ExceptionEntry = {
  ruleId: 'USER-CONSOLE-WITHOUT-MFA',
  accountId: ACCOUNT,
  resource: 'alice',
  owner: '=HYPERLINK("http://x","y")',
  justification: 'Break-glass | shared <b>desk</b>\nsecond line [link](javascript:x) `code`',
  expires: '2099-12-31',
  ticket: 'SEC-42',
};

export function input(name: string, text: string): AuditInput {
  const bytes = new TextEncoder().encode(text);
  return { name, size: bytes.length, read: async () => bytes };
}

export async function fixtureResult(extra: AuditInput[] = []): Promise<AuditResult> {
  return audit([input('credential-report.csv', REPORT_CSV), ...extra], { now: Date.parse(NOW), exceptions: [EXCEPTION], tool: TOOL });
}

/** The fixture report as `aws iam get-credential-report --output json` prints it (fixed GeneratedTime). */
export const GENERATED_TIME = '2025-06-01T12:00:00Z';
export function reportEnvelopeJson(csv = REPORT_CSV, generatedTime = GENERATED_TIME): string {
  const b64 = btoa(String.fromCharCode(...new TextEncoder().encode(csv)));
  return `${JSON.stringify({ Content: b64, ReportFormat: 'text/csv', GeneratedTime: generatedTime }, null, 2)}\n`;
}
