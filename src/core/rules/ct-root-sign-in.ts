import type { RootEvent } from '../cloudtrail/model';
import type { Evidence } from '../types';
import { hitsEvidence, judgeLookback, lookbackText, matching, nothingFound } from './cloudtrail-lookback';
import { CIS_ROOT_USE, iso27001, nist80053, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING, CIS_ROOT_FILTER_PATTERN, LOOKUP_ROOT_EVENTS, LOOKUP_ROOT_SIGN_INS, ROOT_SCP_PREVENTION, ROOT_SIGN_IN_EVENTBRIDGE } from './remediation-snippets';
import { eventIdText, isSuccessfulSignIn, resultNotRecorded, whenAndWhere } from './root-events';
import { plural, tally } from './wording';

/** "Root signed in to the console N times", or "N root console sign-ins recorded" where the format shows no result. */
function signInsText(total: number, noResult: number): string {
  if (noResult === 0) return `Root signed in to the console ${plural(total, 'time')}`;
  const recorded = `${plural(noResult, 'root console sign-in')} recorded without a sign-in result (the console CSV has none, so whether ${noResult === 1 ? 'it' : 'they'} succeeded is not shown)`;
  return noResult === total ? recorded : `Root signed in to the console ${plural(total - noResult, 'time')}, and ${recorded},`;
}

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
      LOOKUP_ROOT_EVENTS,
    ],
    prevention: [
      'Enable centralized root access (aws iam enable-organizations-root-credentials-management), then delete the root credentials of each Organizations member account, so no root password is left there to sign in with; use aws sts assume-root for the rare root-only task.',
      CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING,
      ROOT_SCP_PREVENTION,
      'Alert on every root sign-in:',
      ...ROOT_SIGN_IN_EVENTBRIDGE,
      `Or use the CIS metric filter ${CIS_ROOT_FILTER_PATTERN} with aws logs put-metric-filter and aws cloudwatch put-metric-alarm (see ROOT-USAGE-ALARM).`,
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
    ...suggested([...CIS_ROOT_USE, nist80053('AC-6(5)')]),
    iso27001('A.8.15'),
    iso27001('A.8.16'),
    soc2('CC7.2'),
  ],
  evaluate: (ctx) =>
    judgeLookback(ctx, 'root console sign-ins', (lb) => {
      const { hits, older, history } = matching(lb, isSuccessfulSignIn);
      if (hits.length === 0) return nothingFound(lb, 'successful root console sign-in', older, history);
      const last = hits[hits.length - 1] as RootEvent;
      // A console CSV has no result column: its sign-ins are recorded, never claimed successful.
      const noResult = hits.filter(resultNotRecorded).length;
      const evidence: Evidence[] = [
        {
          input: lb.label,
          field: 'sessions',
          value: String(hits.length),
          note:
            noResult === 0
              ? `successful root ConsoleLogin events within ${lb.days} days of as-of`
              : `root ConsoleLogin events within ${lb.days} days of as-of, ${noResult} of them recorded without a sign-in result`,
        },
        { input: lb.label, field: 'sourceIPAddress', value: tally(hits.map((e) => e.sourceIp)) },
        { input: lb.label, field: 'additionalEventData.MFAUsed', value: tally(hits.map((e) => e.mfaUsed)) },
        // Every session, not capped: sign-ins are few and each one needs an owner.
        ...hitsEvidence(lb, hits, history, Number.POSITIVE_INFINITY),
      ];
      return {
        status: 'FAIL',
        resource: ROOT_RESOURCE,
        message:
          `${signInsText(hits.length, noResult)} in ${lookbackText(lb)}; ` +
          `latest ${whenAndWhere(last, lb.asOf)}${last.mfaUsed ? `, MFAUsed ${last.mfaUsed}` : ''}${eventIdText(last)}. ` +
          `Source IPs: ${tally(hits.map((e) => e.sourceIp), 5)}. Every session is listed in the evidence; each needs an owner and a reason.`,
        evidence,
      };
    }),
});
