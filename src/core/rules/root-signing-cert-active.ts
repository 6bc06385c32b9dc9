import { iso27001, soc2 } from './controls';
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
import { CERT_SLOTS, certActiveCol, certRotatedCol, cite, isTrue, judgeRootRow, unreadable } from './report-readings';
import { listOf } from './wording';

export const rootSigningCertActive = defineRule({
  id: 'ROOT-SIGNING-CERT-ACTIVE',
  title: 'Root user has an active signing certificate',
  severity: 'high',
  needs: ['credential-report'],
  scope: 'root',
  rationale:
    'An X.509 signing certificate is a long-term root credential that some older AWS APIs accept for signing requests. It is rarely needed, easy to forget, and carries root\'s unlimited rights, so root should have none.',
  remediation: {
    console: [
      'Sign in to the AWS console as the root user (account email, password, then MFA).',
      'Open the account menu (top right) and choose "Security credentials".',
      'Under "X.509 certificates", make each active certificate inactive, confirm nothing breaks, then delete it.',
      'In an Organizations member account with centralized root access, the management (or delegated IAM admin) account can instead use IAM → Root access management → Take privileged action → Delete root user credentials.',
    ],
    cli: [
      '# Only root itself, or a centralized root access task session, can manage root certificates.',
      '# From the management (or delegated admin) account, for a member account:',
      assumeRoot('IAMDeleteRootUserCredentials'),
      ASSUME_ROOT_SESSION_NOTE,
      'aws iam list-signing-certificates',
      'aws iam delete-signing-certificate --certificate-id CERTIFICATE_ID',
    ],
    prevention: [
      'Turn on centralized root access and remove root credentials from member accounts:',
      ...CENTRALIZED_ROOT_ACCESS,
      CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING,
      ROOT_SCP_PREVENTION,
      'Check AccountSigningCertificatesPresent from aws iam get-account-summary in your account baseline pipeline.',
    ],
    verify: [
      'aws iam get-account-summary --query "SummaryMap.AccountSigningCertificatesPresent"   # expect 0',
      ...ROOT_AUDIT_SESSION,
      'aws iam list-signing-certificates   # expect an empty Certificates list',
      ...VERIFY_WITH_NEW_REPORT,
      'Load credential-report.json here: cert_1_active and cert_2_active of <root_account> are false.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
  ],
  // No CIS / Security Hub / Config control exists for root signing certificates (RULES.md lists none).
  controls: [iso27001('A.5.17'), soc2('CC6.1')],
  evaluate: (ctx) =>
    judgeRootRow(ctx, (report, root) => {
      const evidence = CERT_SLOTS.flatMap((c) => [cite(report, root, certActiveCol(c)), cite(report, root, certRotatedCol(c), ctx.asOf)]);
      const active = CERT_SLOTS.filter((c) => isTrue(root.bools[certActiveCol(c)]));
      if (active.length > 0) {
        return [
          {
            status: 'FAIL',
            resource: ROOT_RESOURCE,
            message: `Root has ${active.length === 2 ? 'two active signing certificates' : `an active signing certificate (certificate ${active[0]})`}. Delete ${active.length === 2 ? 'them' : 'it'}.`,
            evidence,
          },
        ];
      }
      const unknown = CERT_SLOTS.flatMap((c) => {
        const cell = root.bools[certActiveCol(c)];
        return cell.kind === 'value' ? [] : [unreadable(certActiveCol(c), cell)];
      });
      if (unknown.length > 0) {
        return [{ status: 'NEEDS_EVIDENCE', resource: ROOT_RESOURCE, message: `Cannot tell whether root has an active signing certificate: ${listOf(unknown)}.`, evidence }];
      }
      return [{ status: 'PASS', resource: ROOT_RESOURCE, message: 'Root has no active signing certificate.', evidence }];
    }),
});
