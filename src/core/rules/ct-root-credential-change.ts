import type { RootEvent } from '../cloudtrail/model';
import { hitsEvidence, judgeLookback, lookbackText, matching, nothingFound } from './cloudtrail-lookback';
import { iso27001, nist80053, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { eventIdText, isErrored, whenAndWhere } from './root-events';
import { plural, tally } from './wording';

/** Password change / recovery (sign-in events) and MFA device changes (IAM calls) made by root. */
export const ROOT_CREDENTIAL_EVENTS: ReadonlySet<string> = new Set([
  'PasswordUpdated',
  'ChangePassword',
  'PasswordRecoveryRequested',
  'PasswordRecoveryCompleted',
  'EnableMFADevice',
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
  'ResyncMFADevice',
  'CreateVirtualMFADevice',
]);

const changesCredential = (e: RootEvent): boolean => ROOT_CREDENTIAL_EVENTS.has(e.eventName);

export const ctRootCredentialChange = defineRule({
  id: 'CT-ROOT-CREDENTIAL-CHANGE',
  title: 'Root password or MFA device changed',
  severity: 'medium',
  needs: ['cloudtrail'],
  scope: 'root',
  rationale:
    'Changing the root password, recovering it, or adding and removing root MFA devices is exactly what an attacker does to lock the owner out and keep access. Legitimate changes happen a few times a year under a change record; each one should be matched to it.',
  remediation: {
    console: [
      'Match each change in the evidence with a change record and the root credential custodian.',
      'If one is not explained: sign in as root (use "Forgot password" if the password no longer works; the reset goes to the root email address), set a new password, remove MFA devices you do not own and register your own, and check the account email, contacts and billing details.',
      'Protect the root email mailbox with MFA: password recovery depends on it.',
      'Root MFA devices are managed only in the console signed in as root (Security credentials → Multi-factor authentication).',
    ],
    cli: [
      '# Root password and MFA changes of the last 90 days, one event name at a time:',
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=PasswordUpdated --output json',
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=DeactivateMFADevice --query "Events[?Username==\'root\']" --output json',
      '# Current root MFA state (1 = some MFA device is assigned):',
      'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"',
    ],
    prevention: [
      'Remove root credentials from Organizations member accounts with centralized root access; when a root password is really needed, use the "allow password recovery" privileged task for that account, then remove it again.',
      'Alert on root credential changes: an EventBridge rule on events from signin.amazonaws.com and iam.amazonaws.com with userIdentity.type Root and these event names, with an SNS target.',
      'Keep the root password and MFA devices in a documented break-glass procedure with two named custodians.',
    ],
    verify: [
      'Every change listed has a matching change record; after the review, load the same CloudTrail again and record an exception for the approved ones.',
      'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # 1',
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
    judgeLookback(ctx, 'root password and MFA changes', (lb) => {
      const { hits, history } = matching(lb, changesCredential);
      if (hits.length === 0) return nothingFound(lb, 'root password or MFA change', history);
      const last = hits[hits.length - 1] as RootEvent;
      const tasks = hits.filter((e) => e.assumedRoot).length;
      const failed = hits.filter(isErrored).length;
      return {
        status: 'FAIL',
        resource: ROOT_RESOURCE,
        message:
          `${plural(hits.length, 'root credential change')} in ${lookbackText(lb)}: ${tally(hits.map((e) => e.eventName))}; ` +
          `latest ${last.eventName} at ${whenAndWhere(last, lb.asOf)}${eventIdText(last)}.` +
          `${failed > 0 ? ` ${failed} of them returned an error.` : ''}` +
          `${tasks > 0 ? ` ${tasks} of them ran in privileged root task sessions (sts:AssumeRoot).` : ''} Match each one with a change record.`,
        evidence: hitsEvidence(lb, hits, history),
      };
    }),
});
