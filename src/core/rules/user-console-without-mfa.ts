import { defineRule, type FindingDraft } from './define-rule';
import { CIS_USER_CONSOLE_MFA, configRule, hipaa, iso27001, securityHub, securityHubName, soc2 } from './controls';
import { VERIFY_WITH_NEW_REPORT } from './remediation-snippets';
import { cite, judgeEachUser, unreadable } from './report-readings';

export const userConsoleWithoutMfa = defineRule({
  id: 'USER-CONSOLE-WITHOUT-MFA',
  title: 'IAM user can sign in to the console without MFA',
  severity: 'high',
  needs: ['credential-report'],
  scope: 'user',
  rationale:
    'A console password alone falls to phishing, reuse and guessing. MFA on every IAM user with a password means a stolen password is not enough to sign in.',
  remediation: {
    console: [
      'Prefer removing the need: move people to IAM Identity Center (MFA enforced centrally) and delete IAM user passwords.',
      'Otherwise: IAM → Users → the user → "Security credentials" → "Assign MFA device"; a passkey or security key is preferred. The user can also do it for themselves when policy allows.',
      'If the user no longer needs the console: "Security credentials" → "Console sign-in" → "Manage" → "Disable console access".',
    ],
    cli: [
      '# Remove console access for a user who does not need it:',
      'aws iam delete-login-profile --user-name USER_NAME',
      '# Or assign a virtual MFA device (passkeys and security keys are registered in the console):',
      'aws iam create-virtual-mfa-device --virtual-mfa-device-name USER_NAME --outfile qr.png --bootstrap-method QRCodePNG',
      'aws iam enable-mfa-device --user-name USER_NAME --serial-number arn:aws:iam::ACCOUNT_ID:mfa/USER_NAME --authentication-code1 CODE1 --authentication-code2 CODE2',
    ],
    prevention: [
      `Deploy the AWS Config managed rule mfa-enabled-for-iam-console-access and ${securityHubName('IAM.5')}.`,
      'Attach a policy that denies everything except MFA self-management while aws:MultiFactorAuthPresent is false, so a new user must set up MFA first.',
      'Use IAM Identity Center for people, and an SCP or permission boundary that stops new IAM users and login profiles from being created outside the identity team.',
    ],
    verify: [
      'aws iam list-mfa-devices --user-name USER_NAME   # at least one device (or: aws iam get-login-profile --user-name USER_NAME answers NoSuchEntity)',
      ...VERIFY_WITH_NEW_REPORT,
      'Load credential-report.json here: each user with password_enabled true has mfa_active true.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html',
    'https://docs.aws.amazon.com/config/latest/developerguide/mfa-enabled-for-iam-console-access.html',
  ],
  controls: [
    ...CIS_USER_CONSOLE_MFA,
    securityHub('IAM.5'),
    configRule('mfa-enabled-for-iam-console-access'),
    iso27001('A.8.5'),
    soc2('CC6.1'),
    hipaa('164.312(d)'),
  ],
  evaluate(ctx): FindingDraft[] {
    return judgeEachUser(ctx, (report, u) => {
      const pw = u.bools.password_enabled;
      const mfa = u.bools.mfa_active;
      const evidence = [cite(report, u, 'password_enabled'), cite(report, u, 'mfa_active')];
      if (pw.kind !== 'value') return { status: 'NEEDS_EVIDENCE', message: `Cannot tell whether ${u.user} has a console password: ${unreadable('password_enabled', pw)}.`, evidence };
      if (!pw.value) return { status: 'NOT_APPLICABLE', message: `${u.user} has no console password.`, evidence };
      if (mfa.kind !== 'value') return { status: 'NEEDS_EVIDENCE', message: `${u.user} has a console password; whether MFA is on cannot be told: ${unreadable('mfa_active', mfa)}.`, evidence };
      return mfa.value
        ? { status: 'PASS', message: `${u.user} has a console password and MFA.`, evidence }
        : { status: 'FAIL', message: `${u.user} has a console password and no MFA.`, evidence };
    });
  },
});
