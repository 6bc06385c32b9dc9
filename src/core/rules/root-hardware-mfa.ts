import { PLACEHOLDER } from '../remediation';
import { CIS_ROOT_HARDWARE_MFA, configRule, hipaa, iso27001, securityHub, securityHubName, soc2 } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { ROOT_MFA_CONSOLE_STEPS } from './remediation-snippets';
import { judgeRootMfaRule } from './root-mfa-judgement';

const LIST_VIRTUAL_MFA = 'aws iam list-virtual-mfa-devices --output json > virtual-mfa-devices.json';

export const rootHardwareMfa = defineRule({
  id: 'ROOT-HARDWARE-MFA',
  title: 'Root user has a virtual MFA device assigned',
  severity: 'high',
  needs: ['credential-report', 'evidence-files'],
  scope: 'root',
  rationale:
    'CIS asks for hardware MFA on root, but what IAM can show is whether a virtual (authenticator-app) MFA device is assigned to root; this check, like AWS Security Hub CSPM control IAM.6 and the AWS Config rule root-account-hardware-mfa-enabled, fails on such a device. A virtual device keeps its seed on a phone or laptop that is used, backed up and lost like any other; a FIDO security key keeps it in dedicated hardware and resists phishing. A pass does not prove dedicated hardware: a synced passkey is not a virtual MFA device and passes too.',
  remediation: {
    console: [
      ...ROOT_MFA_CONSOLE_STEPS.slice(0, 3),
      'Pick "Passkey or security key" for a FIDO2 security key (or "Hardware TOTP token"), name it and follow the prompts.',
      'Sign out and sign back in as root with the new device to prove it works.',
      'Back under "Multi-factor authentication (MFA)", select the authenticator-app device and choose Remove.',
      'Register a second hardware device as a backup (root accepts up to 8) and store it separately.',
    ],
    cli: [
      '# MFA devices for root can only be added or removed in the console, signed in as root.',
      `# Read-only check: a root virtual device has a serial like arn:aws:iam::${PLACEHOLDER.accountId}:mfa/root-account-mfa-device,`,
      '# or a User.Arn ending in ":root".',
      'aws iam list-virtual-mfa-devices --assignment-status Assigned --output json',
      'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # 1 = root has some MFA',
    ],
    prevention: [
      `Deploy the AWS Config managed rule root-account-hardware-mfa-enabled and ${securityHubName('IAM.6')} (both flag only virtual devices).`,
      'Buy and register two FIDO2 security keys per account that keeps root credentials, as part of the break-glass procedure.',
      'In AWS Organizations member accounts, remove root credentials with centralized root access (then run "Delete root user credentials" per account: enabling it removes nothing), so only the management account needs a root MFA device.',
    ],
    verify: [
      `${LIST_VIRTUAL_MFA}   # no device for root`,
      'Load that file with the credential report here: ROOT-HARDWARE-MFA passes.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-fido-mfa-for-root.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html',
    'https://docs.aws.amazon.com/cli/latest/reference/iam/list-virtual-mfa-devices.html',
    'https://docs.aws.amazon.com/config/latest/developerguide/root-account-hardware-mfa-enabled.html',
  ],
  controls: [
    ...CIS_ROOT_HARDWARE_MFA,
    securityHub('IAM.6'),
    configRule('root-account-hardware-mfa-enabled'),
    iso27001('A.8.5'),
    soc2('CC6.1'),
    hipaa('164.312(d)'),
  ],
  evaluate: (ctx) =>
    judgeRootMfaRule(ctx, (mfaEvidence) => {
      const vm = ctx.account.virtualMfa;
      if (!vm) {
        return [
          {
            status: 'NEEDS_EVIDENCE',
            resource: ROOT_RESOURCE,
            message: `Root has MFA, but the credential report does not say which kind. Run ${LIST_VIRTUAL_MFA} in this account and add the file.`,
            evidence: mfaEvidence,
          },
        ];
      }
      if (vm.rootDevices.length > 0) {
        const devices = vm.rootDevices.map((d) => ({
          input: vm.input,
          field: 'VirtualMFADevices[].SerialNumber',
          value: d.serial,
          note: d.enableDate ? `virtual device assigned to root, enabled ${d.enableDate}` : 'virtual device assigned to root',
        }));
        return [
          {
            status: 'FAIL',
            resource: ROOT_RESOURCE,
            message: `Root has ${vm.rootDevices.length === 1 ? 'a virtual MFA device' : `${vm.rootDevices.length} virtual MFA devices`} assigned; sign-in accepts any registered device, so root is only as strong as that one.`,
            evidence: [...mfaEvidence, ...devices],
          },
        ];
      }
      if (vm.unreadable > 0) {
        // An entry that cannot be read could be root's device: absence is not shown.
        return [
          {
            status: 'NEEDS_EVIDENCE',
            resource: ROOT_RESOURCE,
            message: `Root has MFA and no readable entry of ${vm.input} is a virtual device assigned to root, but ${vm.unreadable} entr${vm.unreadable === 1 ? 'y' : 'ies'} could not be read, so a virtual device for root is not ruled out. Run ${LIST_VIRTUAL_MFA} again and add the file as the AWS CLI writes it.`,
            evidence: [...mfaEvidence, { input: vm.input, field: 'VirtualMFADevices', value: `${vm.deviceCount} readable device(s), none assigned to root; ${vm.unreadable} unreadable` }],
          },
        ];
      }
      return [
        {
          status: 'PASS',
          resource: ROOT_RESOURCE,
          message: 'Root has MFA and no virtual (authenticator-app) MFA device is assigned to it. This does not prove dedicated hardware: a synced passkey passes too.',
          evidence: [
            ...mfaEvidence,
            { input: vm.input, field: 'VirtualMFADevices', value: `${vm.deviceCount} device(s), none assigned to root` },
          ],
        },
      ];
    }),
});
