import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { noRootRow } from './report-helpers';
import { CENTRALIZED_ROOT_ACCESS, ROOT_SCP_PREVENTION } from './remediation-snippets';
import { cisControls, configRule, hipaa, iso27001, judgeRootMfa, securityHub, soc2 } from './rule-helpers';

export const ROOT_MFA_CONSOLE_STEPS = [
  'On the AWS sign-in page choose "Root user", enter the account email address, then the password.',
  'Open the account menu (top right) and choose "Security credentials".',
  'Under "Multi-factor authentication (MFA)" choose "Assign MFA device".',
  'Pick "Passkey or security key" (phishing-resistant, preferred); an authenticator app or a hardware TOTP token also works. Name the device and follow the prompts.',
  'Register a second device as a backup (root accepts up to 8 MFA devices) and keep both under your break-glass procedure.',
];

export const rootMfaEnabled = defineRule({
  id: 'ROOT-MFA-ENABLED',
  title: 'Root user has no MFA',
  severity: 'critical',
  needs: ['credential-report'],
  scope: 'root',
  rationale:
    'Without MFA, the root password alone opens the whole account, and root can be reset by anyone who controls the account email. A second factor stops phished, guessed or reused passwords from becoming a full account takeover.',
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
      '# Member accounts: remove root credentials centrally instead (run from the management account):',
      ...CENTRALIZED_ROOT_ACCESS,
      'aws sts assume-root --region us-east-1 --target-principal ACCOUNT_ID --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
      '# with the returned temporary credentials (15 minutes):',
      'aws iam delete-login-profile',
    ],
    prevention: [
      'Deploy the AWS Config managed rule root-account-mfa-enabled and Security Hub control IAM.9 in every account.',
      'Enable centralized root access in AWS Organizations and remove root credentials from member accounts, so only the management account keeps a root password (with MFA).',
      ROOT_SCP_PREVENTION,
    ],
    verify: [
      'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # expect 1',
      'Generate and load a new credential report: mfa_active of <root_account> is true.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
    'https://docs.aws.amazon.com/config/latest/developerguide/root-account-mfa-enabled.html',
  ],
  controls: [
    ...cisControls({ '1.2': '1.13', '1.3–4.0': '1.5', '5.0': '1.4', '6.0': '2.4', '7.0': '2.5' }),
    securityHub('IAM.9'),
    configRule('root-account-mfa-enabled'),
    { framework: 'PCI DSS', version: '4.0.1', control: '8.4.2' },
    iso27001('A.8.5'),
    soc2('CC6.1'),
    hipaa('164.312(d)'),
  ],
  evaluate(ctx): FindingDraft[] {
    const report = ctx.account.report;
    const root = report?.root;
    if (!report || !root) return noRootRow(ctx);
    const j = judgeRootMfa(report, root);
    if (j.kind === 'decided') return [j.draft];
    return [{ status: 'PASS', resource: ROOT_RESOURCE, message: 'Root has MFA enabled.', evidence: j.evidence }];
  },
});
