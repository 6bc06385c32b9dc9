// Remediation text shared by more than one rule, written once (a rule file imports no other rule).
// The facts are RULES.md "Remediation content"; ACCOUNT_ID and ROOT_ACCESS_KEY_ID are filled from
// the finding where it knows them (../remediation.ts).
import { PLACEHOLDER } from '../remediation';
import type { Remediation } from '../types';
import { securityHubName } from './controls';

const { accountId: ACCOUNT_ID, rootKeyId: ROOT_KEY_ID } = PLACEHOLDER;

/** The AWS managed task policies an sts:AssumeRoot session can be limited to. */
export type RootTaskPolicy = 'IAMAuditRootUserCredentials' | 'IAMCreateRootUserPassword' | 'IAMDeleteRootUserCredentials' | 'S3UnlockBucketPolicy' | 'SQSUnlockQueuePolicy';

/**
 * A privileged root task session for a member account. AssumeRoot needs a regional STS endpoint;
 * `--endpoint-url` makes older CLIs and SDKs (which default to the global one) use it.
 */
export const assumeRoot = (policy: RootTaskPolicy): string =>
  `aws sts assume-root --region us-east-1 --endpoint-url https://sts.us-east-1.amazonaws.com --target-principal ${ACCOUNT_ID} --task-policy-arn arn=arn:aws:iam::aws:policy/root-task/${policy}`;

/** Said once after every assume-root command. */
export const ASSUME_ROOT_SESSION_NOTE =
  '# export the returned Credentials (AccessKeyId, SecretAccessKey, SessionToken) as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; the session lasts at most 15 minutes. Then:';

export const ASSUME_ROOT_DELETE_KEY = [
  '# Organizations member account with centralized root access (run from the management or delegated admin account):',
  assumeRoot('IAMDeleteRootUserCredentials'),
  ASSUME_ROOT_SESSION_NOTE,
  'aws iam list-access-keys',
  `aws iam delete-access-key --access-key-id ${ROOT_KEY_ID}`,
];

export const ROOT_SCP_PREVENTION =
  'Attach an SCP to member accounts that denies every action when aws:PrincipalArn is arn:aws:iam::*:root, with a Null condition on aws:AssumedRoot (true) so that privileged root task sessions still work. SCPs do not apply to the management account, so its root user needs MFA and monitoring instead.';

/** Turning on centralized root access for an organization, from the management account. */
export const CENTRALIZED_ROOT_ACCESS = [
  'aws organizations enable-aws-service-access --service-principal iam.amazonaws.com',
  'aws iam enable-organizations-root-credentials-management',
  'aws iam enable-organizations-root-sessions',
];

/** What enabling centralized root access does and does not do (RULES.md). */
export const CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING =
  'Enabling centralized root access removes nothing: existing member accounts keep their root credentials until someone runs "Delete root user credentials" for each of them; only accounts created in the organization afterwards start without a root password. It does not apply to the management account.';

/**
 * Checking a fix on a fresh credential report. IAM hands back the existing report while it is under
 * 4 hours old, and get-credential-report fails with ReportInProgress until generation is COMPLETE.
 */
export const VERIFY_WITH_NEW_REPORT = [
  '# IAM hands back the existing credential report while it is under 4 hours old: a change made since shows only in a report generated after that.',
  '# Repeat until it prints COMPLETE (get-credential-report answers ReportInProgress until then):',
  'aws iam generate-credential-report --query State --output text',
  'aws iam get-credential-report --output json > credential-report.json',
];

/** A read-only look at a member account's root credentials, right away (no report delay). */
export const ROOT_AUDIT_SESSION = [
  '# Member account with centralized root access: check at once in an audit session (from the management or delegated admin account):',
  assumeRoot('IAMAuditRootUserCredentials'),
  ASSUME_ROOT_SESSION_NOTE,
];

export const REMOVE_ROOT_KEYS: Remediation = {
  console: [
    'Sign in to the AWS console as the root user (email address and password, then MFA).',
    'Open the account menu (top right) and choose "Security credentials".',
    'Under "Access keys", note each key ID and check where it is still used (its last-used service and region), so nothing breaks silently.',
    'For each key choose Actions → Delete and confirm as the dialog asks. A deleted key cannot be restored.',
    'Give any workload that used the key an IAM role (or IAM Identity Center access for people) instead.',
  ],
  cli: [
    '# Only root itself can manage root keys; a normal IAM principal cannot.',
    '# Signed in with the root key you are removing (last resort), delete it directly.',
    '# Do not deactivate it first: an inactive key cannot sign the delete call. With two keys, delete the one you are not signed in with first.',
    'aws iam list-access-keys',
    `aws iam delete-access-key --access-key-id ${ROOT_KEY_ID}`,
    ...ASSUME_ROOT_DELETE_KEY,
  ],
  prevention: [
    'Turn on centralized root access for the organization, then remove root credentials from member accounts:',
    ...CENTRALIZED_ROOT_ACCESS,
    CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING,
    ROOT_SCP_PREVENTION,
    'Deploy the AWS Config managed rule iam-root-access-key-check (for example in a conformance pack across the organization) and alert on NON_COMPLIANT.',
    `Enable ${securityHubName('IAM.4')} in every account and region that aggregates findings.`,
  ],
  verify: [
    '# Right away, from any principal allowed iam:GetAccountSummary in the account:',
    'aws iam get-account-summary --query "SummaryMap.AccountAccessKeysPresent"   # expect 0 (inactive keys count too)',
    ...ROOT_AUDIT_SESSION,
    'aws iam list-access-keys   # expect an empty AccessKeyMetadata list',
    ...VERIFY_WITH_NEW_REPORT,
    'Load credential-report.json here: ROOT-ACCESS-KEY-ACTIVE and ROOT-ACCESS-KEY-EXISTS pass (access_key_1_active and access_key_2_active false, last_rotated N/A).',
  ],
};

/** Setting up root MFA in the console (ROOT-MFA-ENABLED; the hardware and CloudTrail MFA rules reuse it). */
export const ROOT_MFA_CONSOLE_STEPS = [
  'On the AWS sign-in page choose "Root user", enter the account email address, then the password.',
  'Open the account menu (top right) and choose "Security credentials".',
  'Under "Multi-factor authentication (MFA)" choose "Assign MFA device".',
  'Pick "Passkey or security key" (phishing-resistant, preferred); an authenticator app or a hardware TOTP token also works. Name the device and follow the prompts.',
  'Register a second device as a backup (root accepts up to 8 MFA devices) and keep both under your break-glass procedure.',
];

/**
 * Root console sign-ins, matched on source + event name + identity type. Not on `detail-type`:
 * AWS documents "AWS Console Signin via CloudTrail" while delivered events are widely matched as
 * "AWS Console Sign In via CloudTrail".
 */
export const ROOT_SIGN_IN_EVENT_PATTERN = '{"source":["aws.signin"],"detail":{"eventName":["ConsoleLogin"],"userIdentity":{"type":["Root"]}}}';

/** The EventBridge rule and target that alert on root console sign-ins (the sign-in, MFA and failed sign-in rules). */
export const ROOT_SIGN_IN_EVENTBRIDGE = [
  '# EventBridge rule in us-east-1, where root console sign-ins are recorded; the SNS topic\'s access policy must allow events.amazonaws.com to publish:',
  `aws events put-rule --region us-east-1 --name root-console-sign-in --event-pattern '${ROOT_SIGN_IN_EVENT_PATTERN}'`,
  `aws events put-targets --region us-east-1 --rule root-console-sign-in --targets Id=notify,Arn=arn:aws:sns:us-east-1:${ACCOUNT_ID}:root-alerts`,
];

/** Root console sign-ins in Event history (90 days). No --max-results: it turns off the CLI's paging. */
export const LOOKUP_ROOT_SIGN_INS =
  'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin --query "Events[?Username==\'root\']" --output json';

/** Every root event in Event history (90 days, this region). No --max-results: it turns off the CLI's paging. */
export const LOOKUP_ROOT_EVENTS = 'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=Username,AttributeValue=root --output json';

/** The CIS metric filter pattern for root activity. */
export const CIS_ROOT_FILTER_PATTERN = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
