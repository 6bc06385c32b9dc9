import { configRule, iso27001, securityHub, securityHubName, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { ASSUME_ROOT_DELETE_KEY, CENTRALIZED_ROOT_ACCESS, CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING, ROOT_AUDIT_SESSION, ROOT_SCP_PREVENTION, VERIFY_WITH_NEW_REPORT } from './remediation-snippets';
import { cite, judgeRootRow, KEY_SLOTS, keyActiveCol, keyRotatedCol, keyUsedCol, unreadable, type KeySlot } from './report-readings';
import { listOf } from './wording';

export const rootAccessKeyExists = defineRule({
  id: 'ROOT-ACCESS-KEY-EXISTS',
  title: 'Root user still has an inactive access key',
  severity: 'low',
  needs: ['credential-report'],
  scope: 'root',
  rationale:
    'A deactivated root key is not gone: anyone who can sign in as root can switch it back on in one click, and its secret may still sit in an old script or backup. Delete root keys rather than only deactivating them.',
  remediation: {
    console: [
      'Sign in to the AWS console as the root user (account email, password, then MFA).',
      'Open the account menu (top right) and choose "Security credentials".',
      'Under "Access keys", find each key whose status is Inactive; choose Actions → Delete and confirm by typing the key ID. A deleted key cannot be restored.',
      'In an Organizations member account with centralized root access, the management (or delegated IAM admin) account can do this instead: IAM → Root access management → select the account → Take privileged action → Delete root user credentials.',
    ],
    cli: [
      '# An inactive key cannot authenticate, and no IAM user or role can manage root keys.',
      '# Use the console as root, or the route below.',
      ...ASSUME_ROOT_DELETE_KEY,
    ],
    prevention: [
      'Turn on centralized root access so member accounts need no root credentials at all:',
      ...CENTRALIZED_ROOT_ACCESS,
      CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING,
      ROOT_SCP_PREVENTION,
      `The AWS Config managed rule iam-root-access-key-check and ${securityHubName('IAM.4')} flag any root key that exists, active or not; deploy them organization-wide.`,
    ],
    verify: [
      'aws iam get-account-summary --query "SummaryMap.AccountAccessKeysPresent"   # expect 0 (it counts inactive keys too)',
      ...ROOT_AUDIT_SESSION,
      'aws iam list-access-keys   # expect an empty AccessKeyMetadata list',
      ...VERIFY_WITH_NEW_REPORT,
      'Load credential-report.json here: access_key_1_last_rotated and access_key_2_last_rotated of <root_account> read N/A.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
  ],
  // Not in the RULES.md mapping table. IAM.4 and iam-root-access-key-check test that no root key
  // exists (active or not), so they are offered as suggestions for the reviewer to confirm.
  controls: [
    ...suggested([securityHub('IAM.4'), configRule('iam-root-access-key-check')]),
    iso27001('A.5.17'),
    soc2('CC6.1'),
  ],
  evaluate: (ctx) =>
    judgeRootRow(ctx, (report, root) => {
      const evidence = KEY_SLOTS.flatMap((k) => [
        cite(report, root, keyActiveCol(k)),
        cite(report, root, keyRotatedCol(k), ctx.asOf),
        cite(report, root, keyUsedCol(k), ctx.asOf),
      ]);
      const leftover: KeySlot[] = [];
      const active: KeySlot[] = [];
      const unknown: string[] = [];
      for (const k of KEY_SLOTS) {
        const a = root.bools[keyActiveCol(k)];
        const r = root.dates[keyRotatedCol(k)];
        if (a.kind !== 'value') unknown.push(unreadable(keyActiveCol(k), a));
        else if (a.value) active.push(k);
        else if (r.kind === 'value') leftover.push(k);
        else if (r.kind !== 'N/A') unknown.push(unreadable(keyRotatedCol(k), r));
      }
      const activeNote = active.length > 0 ? ` Key ${active.join(' and ')} is active: see ROOT-ACCESS-KEY-ACTIVE.` : '';
      if (leftover.length > 0) {
        return [
          {
            status: 'FAIL',
            resource: ROOT_RESOURCE,
            message: `Root key ${leftover.join(' and ')} is deactivated but still exists (last_rotated is a date). Delete ${leftover.length === 2 ? 'them' : 'it'}.${activeNote}`,
            evidence,
          },
        ];
      }
      if (unknown.length > 0) {
        return [
          {
            status: 'NEEDS_EVIDENCE',
            resource: ROOT_RESOURCE,
            message: `Cannot tell whether an inactive root key remains: ${listOf(unknown)}. Load the report as AWS produces it (aws iam get-credential-report).${activeNote}`,
            evidence,
          },
        ];
      }
      return [{ status: 'PASS', resource: ROOT_RESOURCE, message: `No inactive root access key remains.${activeNote}`, evidence }];
    }),
});
