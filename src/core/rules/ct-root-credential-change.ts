import type { RootEvent } from '../cloudtrail/model';
import { hitsEvidence, judgeLookback, lookbackText, matching, nothingFound } from './cloudtrail-lookback';
import { iso27001, nist80053, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { eventIdText, isErrored, whenAndWhere } from './root-events';
import { plural, tally } from './wording';

/**
 * Changes to root's own credentials (RULES.md): password, recovery and account email (sign-in
 * events); login profile (an AssumeRoot session re-creating a member account's root password is a
 * known persistence path); MFA devices, signing certificates and access keys (IAM calls).
 * `ChangePassword` is left out: it changes an IAM user's own password and does not apply to root.
 */
export const ROOT_CREDENTIAL_EVENTS: ReadonlySet<string> = new Set([
  'PasswordUpdated',
  'PasswordRecoveryRequested',
  'PasswordRecoveryCompleted',
  'EmailUpdated',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'DeleteLoginProfile',
  'CreateVirtualMFADevice',
  'EnableMFADevice',
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
  'ResyncMFADevice',
  'UploadSigningCertificate',
  'UpdateSigningCertificate',
  'DeleteSigningCertificate',
  'UpdateAccessKey',
  'DeleteAccessKey',
]);

/** `requestParameters.userName` values that mean root itself (compared lower-case). */
const ROOT_USER_NAMES: ReadonlySet<string> = new Set(['root', '<root_account>', 'aws root user']);

/**
 * Whose credential the call changed: root's own when the request names no user (the caller's own
 * credential) or names root; an IAM user's when it names one.
 */
const namesIamUser = (e: RootEvent): boolean => {
  const target = e.targetUserName?.trim();
  return target !== undefined && target !== '' && !ROOT_USER_NAMES.has(target.toLowerCase());
};

const changesCredential = (e: RootEvent): boolean => ROOT_CREDENTIAL_EVENTS.has(e.eventName) && !namesIamUser(e);
const changesUserCredential = (e: RootEvent): boolean => ROOT_CREDENTIAL_EVENTS.has(e.eventName) && namesIamUser(e);

export const ctRootCredentialChange = defineRule({
  id: 'CT-ROOT-CREDENTIAL-CHANGE',
  title: 'Root user credential changed',
  severity: 'medium',
  needs: ['cloudtrail'],
  scope: 'root',
  rationale:
    'Changing the root password or account email, recovering the password, re-creating a root password (CreateLoginProfile in a privileged root task session), or adding and removing root MFA devices, signing certificates and access keys is exactly what an attacker does to lock the owner out and keep access. Legitimate changes happen a few times a year under a change record; each one should be matched to it.',
  remediation: {
    console: [
      'Match each change in the evidence with a change record and the root credential custodian; calls that returned an error are attempts, and are listed too.',
      'If one is not explained: sign in as root (use "Forgot password" if the password no longer works; the reset goes to the root email address), set a new password, remove MFA devices you do not own and register your own, delete any root access key or signing certificate, and check the account email, contacts and billing details.',
      'Protect the root email mailbox with MFA: password recovery depends on it.',
      'Root MFA devices are managed only in the console signed in as root (Security credentials → Multi-factor authentication), or removed from a member account in a privileged root task session.',
    ],
    cli: [
      '# Changes of the last 90 days in Event history, one event name per call (each CloudTrailEvent shows userIdentity.type and requestParameters.userName):',
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=PasswordUpdated --output json',
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=CreateLoginProfile --output json',
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=DeactivateMFADevice --output json',
      '# Current root credentials (1 = some MFA device is assigned; keys and certificates present):',
      'aws iam get-account-summary --query "SummaryMap.[AccountMFAEnabled,AccountAccessKeysPresent,AccountSigningCertificatesPresent]"',
    ],
    prevention: [
      'Remove root credentials from Organizations member accounts with centralized root access ("Delete root user credentials" per account: enabling the feature removes nothing); when a root password is really needed, use the "Allow password recovery" privileged action (task policy IAMCreateRootUserPassword) for that account, then delete it again.',
      'Alert on root credential changes: an EventBridge rule in us-east-1 matching source aws.signin and aws.iam, detail.userIdentity.type Root and detail.eventName in the names this rule watches, with an SNS target.',
      'Keep the root password and MFA devices in a documented break-glass procedure with two named custodians.',
    ],
    verify: [
      'Every change listed has a matching change record; after the review, load the same CloudTrail again and record an exception for the approved ones.',
      'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # 1, unless the root credentials were removed',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
  ],
  controls: [
    ...suggested([nist80053('IA-5')]),
    iso27001('A.5.17'),
    iso27001('A.8.15'),
    soc2('CC6.2'),
    soc2('CC7.2'),
  ],
  evaluate: (ctx) =>
    judgeLookback(ctx, 'root credential changes', (lb) => {
      const { hits, older, history } = matching(lb, changesCredential);
      const forUsers = lb.events.filter(changesUserCredential);
      const usersText =
        forUsers.length > 0
          ? ` Root also changed ${plural(forUsers.length, 'credential')} of IAM users (${tally(forUsers.map((e) => e.targetUserName), 5)}); those are not root's own.`
          : '';
      if (hits.length === 0) return nothingFound(lb, 'root credential change', older, history, usersText);
      const last = hits[hits.length - 1] as RootEvent;
      const tasks = hits.filter((e) => e.assumedRoot).length;
      const failed = hits.filter(isErrored);
      return {
        status: 'FAIL',
        resource: ROOT_RESOURCE,
        message:
          `${plural(hits.length, 'root credential change')} in ${lookbackText(lb)}: ${tally(hits.map((e) => e.eventName))}; ` +
          `latest ${last.eventName} at ${whenAndWhere(last, lb.asOf)}${eventIdText(last)}.` +
          `${failed.length > 0 ? ` ${failed.length} of them returned an error (${tally(failed.map((e) => e.errorCode ?? e.errorMessage), 3)}).` : ''}` +
          `${tasks > 0 ? ` ${tasks} of them ran in privileged root task sessions (sts:AssumeRoot).` : ''} Match each one with a change record.${usersText}`,
        evidence: hitsEvidence(lb, hits, history),
      };
    }),
});
