import type { RootEvent } from '../cloudtrail/model';
import { describeAge, toIso } from '../time';
import type { Evidence } from '../types';
import {
  citeEvents,
  citeHistory,
  cloudTrailInputLabel,
  coverageEvidence,
  isSuccessfulSignIn,
  lookback,
  noCloudTrail,
  nothingFound,
  plural,
  tally,
} from './cloudtrail-helpers';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { ROOT_SCP_PREVENTION } from './remediation-snippets';
import { cisControls, iso27001, soc2 } from './rule-helpers';

/** The EventBridge pattern that alerts on root console sign-ins (shared with the MFA and failed sign-in rules). */
export const ROOT_SIGN_IN_EVENTBRIDGE =
  'aws events put-rule --region us-east-1 --name root-console-sign-in --event-pattern \'{"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}\'   # then aws events put-targets with an SNS topic';

export const LOOKUP_ROOT_SIGN_INS =
  'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin --query "Events[?Username==\'root\']" --output json';

export const ctRootSignIn = defineRule({
  id: 'CT-ROOT-SIGN-IN',
  title: 'Root user signed in to the console',
  severity: 'high',
  needs: ['cloudtrail'],
  scope: 'root',
  rationale:
    'A root console sign-in means someone held the root password and MFA device and got unrestricted control of the account for that session. Each session should match a planned root-only task with a named person; an unexplained one is an incident.',
  remediation: {
    console: [
      'For every session in the evidence, ask the root credential custodian for the task and the ticket; compare the source IP and browser with what they used.',
      'Read what happened in each session: CloudTrail → Event history (us-east-1 and the regions used), filter "User name" = root, around the sign-in time.',
      'If a session is not explained: sign in as root, change the password, check the MFA devices (remove unknown ones), delete any root access key, review IAM users, roles and keys created recently, and check the account, billing and alternate contacts.',
      'Do day-to-day administration through IAM Identity Center or IAM roles, not root.',
    ],
    cli: [
      '# Root console sign-ins of the last 90 days (they are recorded in us-east-1):',
      LOOKUP_ROOT_SIGN_INS,
      '# Everything root did in the same period:',
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=Username,AttributeValue=root --output json',
    ],
    prevention: [
      'Remove root credentials from Organizations member accounts with centralized root access (aws iam enable-organizations-root-credentials-management), so there is no root password to sign in with; use aws sts assume-root for the rare root-only task.',
      ROOT_SCP_PREVENTION,
      `Alert on every root sign-in: ${ROOT_SIGN_IN_EVENTBRIDGE}`,
      'Or use the CIS metric filter { $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" } with aws logs put-metric-filter and aws cloudwatch put-metric-alarm.',
    ],
    verify: [
      'Load CloudTrail (us-east-1 included) for the look-back period: CT-ROOT-SIGN-IN passes.',
      `${LOOKUP_ROOT_SIGN_INS}   # []`,
    ],
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html',
  ],
  controls: [
    // CIS: root sign-in is root use ("eliminate use of the root user"); inferred, for review.
    ...cisControls({ '1.2': '1.1', '1.3–4.0': '1.7', '5.0': '1.6', '6.0': '2.6', '7.0': '2.7' }).map((c) => ({ ...c, suggested: true })),
    { framework: 'NIST SP 800-53', version: 'Rev. 5', control: 'AC-6(5)', suggested: true },
    iso27001('A.8.15'),
    iso27001('A.8.16'),
    soc2('CC7.2'),
  ],
  evaluate(ctx): FindingDraft[] {
    const ct = ctx.account.cloudtrail;
    if (!ct) return [noCloudTrail(ctx, 'root console sign-ins')];
    const lb = lookback(ctx, ct);
    const { asOf } = ctx;
    const hits = lb.events.filter(isSuccessfulSignIn);
    const history = citeHistory(lb.history.filter(isSuccessfulSignIn), asOf, lb.days);
    if (hits.length === 0) return [nothingFound(ctx, lb, 'successful root console sign-in', history)];
    const label = cloudTrailInputLabel(ct);
    const last = hits[hits.length - 1] as RootEvent;
    const evidence: Evidence[] = [
      { input: label, field: 'sessions', value: String(hits.length), note: `successful root ConsoleLogin events within ${lb.days} days of as-of` },
      { input: label, field: 'sourceIPAddress', value: tally(hits.map((e) => e.sourceIp)) },
      { input: label, field: 'additionalEventData.MFAUsed', value: tally(hits.map((e) => e.mfaUsed)) },
      // Every session, not capped: sign-ins are few and each one needs an owner.
      ...citeEvents(hits, asOf, label, undefined, Number.POSITIVE_INFINITY),
      coverageEvidence(ct, lb.coverage),
      ...history,
    ];
    return [
      {
        status: 'FAIL',
        resource: ROOT_RESOURCE,
        message:
          `Root signed in to the console ${plural(hits.length, 'time')} in the ${lb.days}-day look-back before ${toIso(asOf)}; ` +
          `latest ${toIso(last.time)} (${describeAge(last.time, asOf)}) from ${last.sourceIp ?? 'an unrecorded IP'}${last.mfaUsed ? `, MFAUsed ${last.mfaUsed}` : ''}${last.eventId ? ` (eventID ${last.eventId})` : ''}. ` +
          `Source IPs: ${tally(hits.map((e) => e.sourceIp), 5)}. Every session is listed in the evidence; each needs an owner and a reason.`,
        evidence,
      },
    ];
  },
});
