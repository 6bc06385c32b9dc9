import type { BooleanColumn, DateColumn, ReportRow } from '../credential-report/model';
import { ageInDays, withinWindow } from '../time';
import type { Evidence } from '../types';
import { defineRule, type FindingDraft } from './define-rule';
import { CIS_UNUSED_CREDENTIALS, configRule, iso27001, securityHub, securityHubName, soc2 } from './controls';
import { VERIFY_WITH_NEW_REPORT } from './remediation-snippets';
import { cite, judgeEachUser, laterThanAsOf, readLastUsed, unreadable } from './report-readings';
import { listOf } from './wording';

/** The credentials the rule judges: switch, last-use column, and the dates "never used" is measured from. */
const CREDENTIALS: readonly { label: string; enabled: BooleanColumn; used: DateColumn; since: readonly DateColumn[] }[] = [
  { label: 'the password', enabled: 'password_enabled', used: 'password_last_used', since: ['password_last_changed', 'user_creation_time'] },
  { label: 'access key 1', enabled: 'access_key_1_active', used: 'access_key_1_last_used_date', since: ['access_key_1_last_rotated'] },
  { label: 'access key 2', enabled: 'access_key_2_active', used: 'access_key_2_last_used_date', since: ['access_key_2_last_rotated'] },
];

export const userUnusedCredentials = defineRule({
  id: 'USER-UNUSED-CREDENTIALS',
  title: 'IAM user has an unused password or access key',
  severity: 'medium',
  needs: ['credential-report'],
  scope: 'user',
  rationale:
    'A password or key nobody uses still works for whoever finds it, and nobody notices when it is misused. Credentials unused for the limit should be disabled or removed. The default limit is 45 days, as in CIS v1.4 and later and AWS Security Hub CSPM control IAM.22; CIS v1.2 and v1.3 and AWS Security Hub CSPM control IAM.8 use 90 days.',
  remediation: {
    console: [
      'IAM → Users → the user → "Security credentials".',
      'Unused password: "Console sign-in" → "Manage" → "Disable console access".',
      'Unused access key: Actions → Deactivate; after a quiet period with nothing broken, Actions → Delete.',
      'If the user as a whole is unused, delete the user (the console removes its password, keys and MFA devices with it).',
    ],
    cli: [
      'aws iam delete-login-profile --user-name USER_NAME',
      'aws iam update-access-key --user-name USER_NAME --access-key-id KEY_ID --status Inactive',
      'aws iam delete-access-key --user-name USER_NAME --access-key-id KEY_ID',
      'aws iam get-access-key-last-used --access-key-id KEY_ID   # double-check before deleting',
    ],
    prevention: [
      `Deploy the AWS Config managed rule iam-user-unused-credentials-check with maxCredentialUsageAge 45, and ${securityHubName('IAM.22')} (45 days) or ${securityHubName('IAM.8')} (90 days).`,
      'Pair it with an automated remediation (Systems Manager runbook AWSConfigRemediation-RevokeUnusedIAMUserCredentials) after review.',
      'Give people IAM Identity Center access and workloads IAM roles, so long-term user credentials are rare to begin with.',
    ],
    verify: [
      'aws iam list-access-keys --user-name USER_NAME   # the unused key is gone or Inactive',
      'aws iam get-login-profile --user-name USER_NAME   # NoSuchEntity once the unused password is removed',
      ...VERIFY_WITH_NEW_REPORT,
      'Load credential-report.json here: every enabled password and active key was used within the limit.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html',
    'https://docs.aws.amazon.com/config/latest/developerguide/iam-user-unused-credentials-check.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  controls: [
    ...CIS_UNUSED_CREDENTIALS,
    securityHub('IAM.8'),
    securityHub('IAM.22'),
    configRule('iam-user-unused-credentials-check'),
    iso27001('A.5.15'),
    soc2('CC6.2'),
  ],
  evaluate(ctx): FindingDraft[] {
    const limit = ctx.settings.unusedCredentialDays;
    const { asOf } = ctx;
    return judgeEachUser(ctx, (report, u) => {
      const evidence: Evidence[] = [];
      const stale: string[] = [];
      const unknown: string[] = [];
      let considered = 0;
      for (const cred of CREDENTIALS) {
        const on = u.bools[cred.enabled];
        evidence.push(cite(report, u, cred.enabled));
        if (on.kind !== 'value') {
          unknown.push(unreadable(cred.enabled, on));
          continue;
        }
        if (!on.value) continue;
        considered++;
        // Last use, or (never used) the date the credential was set.
        evidence.push(cite(report, u, cred.used, asOf));
        const use = readLastUsed(u.dates[cred.used]);
        let ref: number | undefined;
        let basis = 'last used';
        if (use.kind === 'used') {
          laterThanAsOf(ctx, report, u, cred.used);
          ref = use.ms;
        } else if (use.kind === 'never') {
          for (const c of cred.since) {
            evidence.push(cite(report, u, c, asOf));
            const cell = u.dates[c];
            if (cell.kind === 'value') {
              ref = cell.value;
              basis = `never used; ${c}`;
              break;
            }
          }
          if (ref === undefined) unknown.push(`${cred.label} was never used and ${listOf(cred.since.map((c) => unreadable(c, u.dates[c])))}`);
        } else {
          unknown.push(unreadable(cred.used, u.dates[cred.used]));
        }
        if (ref !== undefined && !withinWindow(ref, asOf, limit)) stale.push(`${cred.label} (${basis} ${ageInDays(ref, asOf)} days before as-of)`);
      }
      return verdict(u, limit, considered, stale, unknown, evidence);
    });
  },
});

function verdict(u: ReportRow, limit: number, considered: number, stale: string[], unknown: string[], evidence: Evidence[]): Omit<FindingDraft, 'resource'> {
  if (stale.length > 0) return { status: 'FAIL', message: `${u.user}: not used within ${limit} days: ${listOf(stale)}.`, evidence };
  if (unknown.length > 0) return { status: 'NEEDS_EVIDENCE', message: `${u.user}: cannot tell whether every credential was used within ${limit} days: ${listOf(unknown)}.`, evidence };
  if (considered === 0) return { status: 'NOT_APPLICABLE', message: `${u.user} has no console password and no active access key.`, evidence };
  return { status: 'PASS', message: `${u.user}: every enabled password and active key was used (or set) within ${limit} days.`, evidence };
}
