import { CIS_ROOT_MFA, configRule, hipaa, iso27001, pciDss, securityHub, securityHubName, soc2 } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import {
  ASSUME_ROOT_SESSION_NOTE,
  assumeRoot,
  CENTRALIZED_ROOT_ACCESS,
  CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING,
  ROOT_MFA_CONSOLE_STEPS,
  ROOT_SCP_PREVENTION,
  VERIFY_WITH_NEW_REPORT,
} from './remediation-snippets';
import { judgeRootMfaRule } from './root-mfa-judgement';

export const rootMfaEnabled = defineRule({
  id: 'ROOT-MFA-ENABLED',
  title: 'Root user has no MFA',
  severity: 'critical',
  needs: ['credential-report'],
  scope: 'root',
  rationale:
    'Without MFA, the root password alone opens the whole account, and root can be reset by anyone who controls the account email. A second factor stops phished, guessed or reused passwords from becoming a full account takeover. AWS has enforced root MFA for management and standalone accounts since mid-2024 and for member accounts since March 2025; accounts whose root credentials were removed need none.',
  remediation: {
    console: [
      ...ROOT_MFA_CONSOLE_STEPS,
      'In an AWS Organizations member account, consider removing root credentials instead (centralized root access); then no root MFA is needed.',
    ],
    cli: [
      '# Root MFA can only be set up in the console, signed in as root. Root is not an IAM user,',
      '# so "aws iam enable-mfa-device --user-name root" does not work, and no IAM principal can do it for root.',
      '# Check the result from any principal allowed iam:GetAccountSummary:',
      'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # 1 = root has MFA',
      '# Member accounts: remove root credentials centrally instead. Once per organization, from the management account:',
      ...CENTRALIZED_ROOT_ACCESS,
      `# ${CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING}`,
      '# Then per member account:',
      assumeRoot('IAMDeleteRootUserCredentials'),
      ASSUME_ROOT_SESSION_NOTE,
      'aws iam delete-login-profile',
      '# then the root keys, certificates and MFA devices too (see ROOT-CREDENTIALS-REMOVED).',
    ],
    prevention: [
      `Deploy the AWS Config managed rule root-account-mfa-enabled and ${securityHubName('IAM.9')} in every account.`,
      'Enable centralized root access in AWS Organizations and remove root credentials from member accounts, so only the management account keeps a root password (with MFA).',
      CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING,
      ROOT_SCP_PREVENTION,
    ],
    verify: [
      'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # expect 1',
      ...VERIFY_WITH_NEW_REPORT,
      'Load credential-report.json here: mfa_active of <root_account> is true.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
    'https://docs.aws.amazon.com/config/latest/developerguide/root-account-mfa-enabled.html',
  ],
  controls: [
    ...CIS_ROOT_MFA,
    securityHub('IAM.9'),
    configRule('root-account-mfa-enabled'),
    pciDss('8.4.2'),
    iso27001('A.8.5'),
    soc2('CC6.1'),
    hipaa('164.312(d)'),
  ],
  evaluate: (ctx) => judgeRootMfaRule(ctx, (evidence) => [{ status: 'PASS', resource: ROOT_RESOURCE, message: 'Root has MFA enabled.', evidence }]),
});
