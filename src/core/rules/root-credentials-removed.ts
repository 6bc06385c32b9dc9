import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { certActiveCol, certRotatedCol, cite, keyActiveCol, keyRotatedCol, noRootRow, type CertSlot, type KeySlot } from './report-helpers';
import { CENTRALIZED_ROOT_ACCESS, ROOT_SCP_PREVENTION } from './remediation-snippets';
import { cisControls, iso27001, listOf, rootCredentialState, soc2 } from './rule-helpers';

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
      'Select the member account, choose "Take privileged action" → "Delete root user credentials", and confirm.',
      'Repeat for every member account; the management account itself keeps its root user, with MFA.',
    ],
    cli: [
      '# Once per organization, from the management account:',
      ...CENTRALIZED_ROOT_ACCESS,
      '# Per member account:',
      'aws sts assume-root --region us-east-1 --target-principal ACCOUNT_ID --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
      '# export the returned temporary credentials (valid 15 minutes), then delete what exists:',
      'aws iam delete-login-profile',
      'aws iam list-access-keys   # then: aws iam delete-access-key --access-key-id KEY_ID',
      'aws iam list-signing-certificates   # then: aws iam delete-signing-certificate --certificate-id CERTIFICATE_ID',
      'aws iam list-mfa-devices   # then: aws iam deactivate-mfa-device --serial-number SERIAL',
    ],
    prevention: [
      'With root credentials management enabled, new member accounts created in the organization start without root credentials.',
      ROOT_SCP_PREVENTION,
      'If a root-only task needs a password later, use the "Allow password recovery" privileged action for that account, do the task, then delete the credentials again.',
    ],
    verify: [
      'aws iam get-account-summary --query "SummaryMap.[AccountMFAEnabled,AccountAccessKeysPresent,AccountSigningCertificatesPresent]"   # expect 0 keys and 0 certificates',
      'Generate and load a new credential report: <root_account> has password_enabled false, both keys and certificates inactive with last_rotated N/A.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
  ],
  controls: [...cisControls({ '7.0': '2.1.1' }), iso27001('A.5.15'), soc2('CC6.2')],
  evaluate(ctx): FindingDraft[] {
    const report = ctx.account.report;
    const root = report?.root;
    if (!report || !root) return noRootRow(ctx);
    const evidence = [cite(report, root, 'password_enabled')];
    for (const k of [1, 2] as KeySlot[]) evidence.push(cite(report, root, keyActiveCol(k)), cite(report, root, keyRotatedCol(k), ctx.asOf));
    for (const c of [1, 2] as CertSlot[]) evidence.push(cite(report, root, certActiveCol(c)), cite(report, root, certRotatedCol(c), ctx.asOf));
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
  },
});
