import { defineRule, type FindingDraft } from './define-rule';
import { CIS_ONE_ACTIVE_KEY, iso27001, soc2 } from './controls';
import { VERIFY_WITH_NEW_REPORT } from './remediation-snippets';
import { cite, judgeEachUser, unreadable } from './report-readings';

export const userMultipleActiveKeys = defineRule({
  id: 'USER-MULTIPLE-ACTIVE-KEYS',
  title: 'IAM user has two active access keys',
  severity: 'low',
  needs: ['credential-report'],
  scope: 'user',
  rationale:
    'A second key is meant to exist only for the short overlap of a rotation. Two keys left active double what can leak and usually mean the old one was never retired.',
  remediation: {
    console: [
      'IAM → Users → the user → "Security credentials" → "Access keys": compare "Last used" of both keys.',
      'Deactivate the key that is not in use (normally the older one), wait to confirm nothing breaks, then delete it.',
    ],
    cli: [
      'aws iam list-access-keys --user-name USER_NAME',
      'aws iam get-access-key-last-used --access-key-id KEY_ID',
      'aws iam update-access-key --user-name USER_NAME --access-key-id OLD_KEY_ID --status Inactive',
      'aws iam delete-access-key --user-name USER_NAME --access-key-id OLD_KEY_ID',
    ],
    prevention: [
      'Make key rotation a scripted procedure that deletes the old key at the end, and alert when any user has two active keys for more than a day (credential report in a scheduled job, or a custom AWS Config rule).',
      'Prefer IAM roles with temporary credentials, so workloads need no user keys at all.',
    ],
    verify: [
      'aws iam list-access-keys --user-name USER_NAME   # at most one key with Status Active',
      ...VERIFY_WITH_NEW_REPORT,
      'Load credential-report.json here: no user has access_key_1_active and access_key_2_active both true.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
  ],
  controls: [...CIS_ONE_ACTIVE_KEY, iso27001('A.5.17'), soc2('CC6.1')],
  evaluate(ctx): FindingDraft[] {
    return judgeEachUser(ctx, (report, u) => {
      const a1 = u.bools.access_key_1_active;
      const a2 = u.bools.access_key_2_active;
      const on1 = a1.kind === 'value' && a1.value;
      const on2 = a2.kind === 'value' && a2.value;
      const evidence = [cite(report, u, 'access_key_1_active'), cite(report, u, 'access_key_2_active')];
      // For active keys, last use helps decide which one to retire.
      if (on1) evidence.push(cite(report, u, 'access_key_1_last_used_date', ctx.asOf));
      if (on2) evidence.push(cite(report, u, 'access_key_2_last_used_date', ctx.asOf));
      const on = (on1 ? 1 : 0) + (on2 ? 1 : 0);
      if (on === 2) return { status: 'FAIL', message: `${u.user} has two active access keys.`, evidence };
      const unknown = [a1.kind !== 'value' ? unreadable('access_key_1_active', a1) : '', a2.kind !== 'value' ? unreadable('access_key_2_active', a2) : ''].filter(Boolean);
      if (unknown.length > 0) return { status: 'NEEDS_EVIDENCE', message: `${u.user}: cannot tell how many keys are active: ${unknown.join(' and ')}.`, evidence };
      if (on === 0) return { status: 'NOT_APPLICABLE', message: `${u.user} has no active access key.`, evidence };
      return { status: 'PASS', message: `${u.user} has one active access key.`, evidence };
    });
  },
});
