import { CIS_CENTRALIZED_ROOT_ACCESS, iso27001, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import {
  ASSUME_ROOT_SESSION_NOTE,
  assumeRoot,
  CENTRALIZED_ROOT_ACCESS,
  CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING,
  ROOT_AUDIT_SESSION,
  ROOT_SCP_PREVENTION,
  VERIFY_WITH_NEW_REPORT,
} from './remediation-snippets';
import { cite, citeKeysAndCerts, judgeRootRow, rootCredentialState } from './report-readings';
import { listOf } from './wording';

const MEMBER_ACCOUNT_ADVICE =
  'If this is an AWS Organizations member account, centralized root access lets the management account delete them; a management or standalone account keeps its root password, protected by MFA.';

export const rootCredentialsRemoved = defineRule({
  id: 'ROOT-CREDENTIALS-REMOVED',
  title: 'Root user credentials are removed',
  severity: 'low',
  needs: ['credential-report'],
  scope: 'root',
  rationale:
    'A root user with no password, access key or signing certificate cannot be signed in to, phished or leaked at all. AWS Organizations member accounts can be run this way, with the rare root-only tasks done through short privileged sessions from the management account.',
  remediation: {
    console: [
      'In the management account, open IAM → Root access management and enable "Root credentials management" and "Privileged root actions in member accounts".',
      'Enabling them removes nothing: select each member account, choose "Take privileged action" → "Delete root user credentials", and confirm.',
      'Repeat for every member account; the management account itself keeps its root user, with MFA.',
    ],
    cli: [
      '# Once per organization, from the management account:',
      ...CENTRALIZED_ROOT_ACCESS,
      '# Per member account (from the management or delegated admin account):',
      assumeRoot('IAMDeleteRootUserCredentials'),
      ASSUME_ROOT_SESSION_NOTE,
      'aws iam delete-login-profile',
      'aws iam list-access-keys',
      'aws iam delete-access-key --access-key-id KEY_ID   # for each key listed',
      'aws iam list-signing-certificates',
      'aws iam delete-signing-certificate --certificate-id CERTIFICATE_ID   # for each certificate listed',
      'aws iam list-mfa-devices',
      'aws iam deactivate-mfa-device --serial-number SERIAL   # for each device listed',
      'aws iam delete-virtual-mfa-device --serial-number SERIAL   # for a virtual device, after deactivating it',
    ],
    prevention: [
      CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING,
      'ORG-ROOT-ACCESS-CENTRALIZED checks the organization setting from aws iam list-organizations-features.',
      ROOT_SCP_PREVENTION,
      'If a root-only task needs a password later, use the "Allow password recovery" privileged action for that account (task policy IAMCreateRootUserPassword), do the task, then delete the credentials again.',
    ],
    verify: [
      'aws iam get-account-summary --query "SummaryMap.[AccountMFAEnabled,AccountAccessKeysPresent,AccountSigningCertificatesPresent]"   # expect 0 keys and 0 certificates',
      ...ROOT_AUDIT_SESSION,
      'aws iam get-login-profile   # expect NoSuchEntity: no root password',
      'aws iam list-access-keys   # expect an empty list',
      ...VERIFY_WITH_NEW_REPORT,
      'Load credential-report.json here: <root_account> has password_enabled false, both keys and certificates inactive with last_rotated N/A.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
  ],
  // RULES.md: related to CIS v7.0 2.1.1, which checks the organization setting (ORG-ROOT-ACCESS-CENTRALIZED
  // maps it directly); for one account's root user it is a suggestion for the reviewer.
  controls: [...suggested(CIS_CENTRALIZED_ROOT_ACCESS), iso27001('A.5.15'), soc2('CC6.2')],
  evaluate: (ctx) =>
    judgeRootRow(ctx, (report, root) => {
      const evidence = [cite(report, root, 'password_enabled'), ...citeKeysAndCerts(report, root, ctx.asOf)];
      const state = rootCredentialState(root);
      if (state.removed) {
        return [{ status: 'PASS', resource: ROOT_RESOURCE, message: 'Root has no password, no access key and no signing certificate.', evidence }];
      }
      const parts: string[] = [];
      const present = [...state.usable, ...state.leftovers];
      if (present.length > 0) parts.push(`Root still has ${listOf(present)}.`);
      if (state.unknown.length > 0) parts.push(`Cannot tell the rest: ${listOf(state.unknown)}.`);
      parts.push(MEMBER_ACCOUNT_ADVICE);
      return [{ status: 'NEEDS_EVIDENCE', resource: ROOT_RESOURCE, message: parts.join(' '), evidence }];
    }),
});
