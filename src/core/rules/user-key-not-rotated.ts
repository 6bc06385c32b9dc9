import { ageInDays, DAY_MS } from '../time';
import type { Evidence } from '../types';
import { defineRule, type FindingDraft } from './define-rule';
import { CIS_KEY_ROTATION, configRule, iso27001, securityHub, securityHubName, soc2 } from './controls';
import { VERIFY_WITH_NEW_REPORT } from './remediation-snippets';
import { cite, judgeEachUser, KEY_SLOTS, keyActiveCol, keyRotatedCol, laterThanAsOf, unreadable } from './report-readings';
import { listOf } from './wording';

export const userKeyNotRotated = defineRule({
  id: 'USER-KEY-NOT-ROTATED',
  title: 'IAM user has an active access key older than the rotation limit',
  severity: 'medium',
  needs: ['credential-report'],
  scope: 'user',
  rationale:
    'The longer a key lives, the more places it has been copied to and the longer a leaked copy stays useful. Rotating within 90 days (CIS) bounds that exposure; replacing the key with an IAM role removes it.',
  remediation: {
    console: [
      'Best: give the workload an IAM role (EC2 instance profile, ECS task role, Lambda execution role, IAM Roles Anywhere, or OIDC federation for CI) and delete the key.',
      'To rotate: IAM → Users → the user → "Security credentials" → "Create access key" (a user can hold two), update the application, then deactivate the old key and, once nothing fails, delete it.',
    ],
    cli: [
      'aws iam create-access-key --user-name USER_NAME',
      '# deploy the new key, then:',
      'aws iam update-access-key --user-name USER_NAME --access-key-id OLD_KEY_ID --status Inactive',
      'aws iam get-access-key-last-used --access-key-id OLD_KEY_ID   # confirm it is no longer used',
      'aws iam delete-access-key --user-name USER_NAME --access-key-id OLD_KEY_ID',
    ],
    prevention: [
      `Deploy the AWS Config managed rule access-keys-rotated (maxAccessKeyAge 90) and ${securityHubName('IAM.3')}.`,
      'Store keys that must exist in AWS Secrets Manager with scheduled rotation, and prefer roles with temporary credentials everywhere else.',
    ],
    verify: [
      'aws iam list-access-keys --user-name USER_NAME   # CreateDate of each Active key within 90 days',
      ...VERIFY_WITH_NEW_REPORT,
      'Load credential-report.json here: USER-KEY-NOT-ROTATED passes for the user.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
    'https://docs.aws.amazon.com/config/latest/developerguide/access-keys-rotated.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
  ],
  controls: [
    ...CIS_KEY_ROTATION,
    securityHub('IAM.3'),
    configRule('access-keys-rotated'),
    iso27001('A.5.17'),
    soc2('CC6.1'),
  ],
  evaluate(ctx): FindingDraft[] {
    const limit = ctx.settings.keyRotationDays;
    const limitMs = limit * DAY_MS;
    const { asOf } = ctx;
    return judgeEachUser(ctx, (report, u) => {
      const evidence: Evidence[] = [];
      const old: string[] = [];
      const unknown: string[] = [];
      let active = 0;
      for (const k of KEY_SLOTS) {
        const a = u.bools[keyActiveCol(k)];
        evidence.push(cite(report, u, keyActiveCol(k)), cite(report, u, keyRotatedCol(k), asOf));
        if (a.kind !== 'value') {
          unknown.push(unreadable(keyActiveCol(k), a));
          continue;
        }
        if (!a.value) continue;
        active++;
        const r = u.dates[keyRotatedCol(k)];
        if (r.kind !== 'value') unknown.push(unreadable(keyRotatedCol(k), r));
        else {
          laterThanAsOf(ctx, report, u, keyRotatedCol(k));
          if (asOf - r.value > limitMs) old.push(`access key ${k} (rotated ${r.raw}, ${ageInDays(r.value, asOf)} days before as-of)`);
        }
      }
      if (old.length > 0) return { status: 'FAIL', message: `${u.user}: active key older than ${limit} days: ${listOf(old)}.`, evidence };
      if (unknown.length > 0) return { status: 'NEEDS_EVIDENCE', message: `${u.user}: cannot tell the age of every active key: ${listOf(unknown)}.`, evidence };
      if (active === 0) return { status: 'NOT_APPLICABLE', message: `${u.user} has no active access key.`, evidence };
      return { status: 'PASS', message: `${u.user}: every active key was rotated within ${limit} days.`, evidence };
    });
  },
});
