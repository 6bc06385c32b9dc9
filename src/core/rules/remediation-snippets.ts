// Remediation text shared by more than one rule, written once.
import type { Remediation } from '../types';

export const ASSUME_ROOT_DELETE_KEY = [
  '# Organizations member account with centralized root access (run from the management or delegated admin account):',
  'aws sts assume-root --region us-east-1 --target-principal ACCOUNT_ID --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
  '# export the returned AccessKeyId / SecretAccessKey / SessionToken (valid 15 minutes), then:',
  'aws iam list-access-keys',
  'aws iam delete-access-key --access-key-id AKIA_EXAMPLE_KEY_ID',
];

export const ROOT_SCP_PREVENTION =
  'Attach an SCP to member accounts that denies every action when aws:PrincipalArn is arn:aws:iam::*:root, with a Null condition on aws:AssumedRoot (true) so that privileged root task sessions still work.';

export const CENTRALIZED_ROOT_ACCESS = [
  'aws organizations enable-aws-service-access --service-principal iam.amazonaws.com',
  'aws iam enable-organizations-root-credentials-management',
  'aws iam enable-organizations-root-sessions',
];

export const REMOVE_ROOT_KEYS: Remediation = {
  console: [
    'Sign in to the AWS console as the root user (email address and password, then MFA).',
    'Open the account menu (top right) and choose "Security credentials".',
    'Under "Access keys", note each key ID and check where it is still used (its last-used service and region), so nothing breaks silently.',
    'Choose Actions → Deactivate for each key, watch for failures for a short while, then Actions → Delete. A deleted key cannot be restored.',
    'Give any workload that used the key an IAM role (or IAM Identity Center access for people) instead.',
  ],
  cli: [
    '# Only root itself can manage root keys; a normal IAM principal cannot.',
    '# Signed in with the root key you are removing (last resort):',
    'aws iam list-access-keys',
    'aws iam update-access-key --access-key-id AKIA_EXAMPLE_KEY_ID --status Inactive',
    'aws iam delete-access-key --access-key-id AKIA_EXAMPLE_KEY_ID',
    ...ASSUME_ROOT_DELETE_KEY,
  ],
  prevention: [
    'Turn on centralized root access for the organization, then remove root credentials from member accounts:',
    ...CENTRALIZED_ROOT_ACCESS,
    ROOT_SCP_PREVENTION,
    'Deploy the AWS Config managed rule iam-root-access-key-check (for example in a conformance pack across the organization) and alert on NON_COMPLIANT.',
    'Enable Security Hub control IAM.4 in every account and region that aggregates findings.',
  ],
  verify: [
    'aws iam get-account-summary --query "SummaryMap.AccountAccessKeysPresent"   # expect 0',
    'aws iam generate-credential-report && aws iam get-credential-report --query Content --output text | base64 -d | grep "<root_account>"   # access_key_1_active and access_key_2_active are false, last_rotated N/A',
    'Load the new report here and confirm ROOT-ACCESS-KEY-ACTIVE and ROOT-ACCESS-KEY-EXISTS pass.',
  ],
};
