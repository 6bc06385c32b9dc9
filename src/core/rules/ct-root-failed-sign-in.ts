import type { RootEvent } from '../cloudtrail/model';
import { describeAge, toIso } from '../time';
import type { Evidence } from '../types';
import { coverageEvidence, hitsEvidence, judgeLookback, lookbackText, matching, nothingFound } from './cloudtrail-lookback';
import { iso27001, nist80053, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { LOOKUP_ROOT_SIGN_INS, ROOT_SIGN_IN_EVENTBRIDGE } from './remediation-snippets';
import { firstToLast, groupBy, isConsoleLogin, isFailedSignIn } from './root-events';
import { plural, tally } from './wording';

/** Failed sign-ins grouped by source IP, most attempts first, then by IP. */
function failuresByIp(events: readonly RootEvent[]): { key: string; events: RootEvent[] }[] {
  return groupBy(events, (e) => e.sourceIp ?? '(not recorded)').sort(
    (a, b) => b.events.length - a.events.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

export const ctRootFailedSignIn = defineRule({
  id: 'CT-ROOT-FAILED-SIGN-IN',
  title: 'Failed root user sign-in attempts',
  severity: 'high',
  needs: ['cloudtrail'],
  scope: 'root',
  rationale:
    'Failed root sign-ins show that someone knows the root email address and is trying passwords, or that a custodian is fumbling a credential they should have ready. Repeated failures from one address look like guessing or credential stuffing.',
  remediation: {
    console: [
      'Check each source IP in the evidence against the addresses your root custodians use; ask them whether they tried to sign in at those times.',
      'If the attempts are not yours: make sure root has MFA (passkey or security key), set a long, unique root password, and confirm the root email mailbox itself is protected with MFA, since password recovery goes through it.',
      'Check that no attempt was followed by a successful sign-in from the same IP (see CT-ROOT-SIGN-IN).',
    ],
    cli: [
      '# Root sign-in attempts, successful and failed, of the last 90 days (us-east-1):',
      `${LOOKUP_ROOT_SIGN_INS} > root-sign-ins.json   # failures have "ConsoleLogin":"Failure" in responseElements`,
    ],
    prevention: [
      'Remove root credentials from Organizations member accounts with centralized root access: with no root password there is nothing to guess.',
      'Use a dedicated, access-controlled email address (a distribution list you own) for root, not a personal or guessable one.',
      'Alert on root sign-in attempts (the pattern matches successful and failed ones):',
      ...ROOT_SIGN_IN_EVENTBRIDGE,
      'Or a CloudWatch metric filter on the trail log group: { ($.eventName = "ConsoleLogin") && ($.userIdentity.type = "Root") && ($.responseElements.ConsoleLogin = "Failure") }, with aws logs put-metric-filter and aws cloudwatch put-metric-alarm.',
    ],
    verify: [
      'Load CloudTrail JSON (S3 log files or lookup-events output, us-east-1 included) for the look-back: CT-ROOT-FAILED-SIGN-IN passes.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
  ],
  controls: [
    ...suggested([nist80053('AC-7')]),
    iso27001('A.8.5'),
    iso27001('A.8.16'),
    soc2('CC7.2'),
  ],
  evaluate: (ctx) =>
    judgeLookback(ctx, 'failed root sign-ins', (lb) => {
      const { hits: failed, older, history } = matching(lb, isFailedSignIn);
      if (failed.length > 0) {
        const byIp = failuresByIp(failed);
        const last = failed[failed.length - 1] as RootEvent;
        const perIp: Evidence[] = byIp.map((g) => ({
          input: lb.label,
          field: 'sourceIPAddress',
          value: g.key,
          note: `${plural(g.events.length, 'failed sign-in')}, ${firstToLast(g.events)}`,
        }));
        return {
          status: 'FAIL',
          resource: ROOT_RESOURCE,
          message:
            `${plural(failed.length, 'failed root console sign-in')} in ${lookbackText(lb)} from ${plural(byIp.length, 'source IP')}: ` +
            `${byIp.slice(0, 5).map((g) => `${g.key} ×${g.events.length}`).join(', ')}${byIp.length > 5 ? `, and ${byIp.length - 5} more` : ''}. ` +
            `Latest ${toIso(last.time)} (${describeAge(last.time, lb.asOf)}). Errors: ${tally(failed.map((e) => e.errorMessage ?? e.errorCode), 3)}.`,
          evidence: [...perIp, ...hitsEvidence(lb, failed, history)],
        };
      }
      if (lb.ct.onlyConsoleCsv) {
        const signIns = lb.events.filter(isConsoleLogin).length;
        return {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message:
            `The CloudTrail for this account comes only from the console Event history CSV, which carries no sign-in result, and names sign-ins by an unrecognised user HIDDEN_DUE_TO_SECURITY_REASONS rather than root, so it cannot show failed root sign-ins` +
            `${signIns > 0 ? `; it shows ${plural(signIns, 'root sign-in')} in the ${lb.days}-day look-back` : ''}. Load the trail's S3 log files or the JSON of ${LOOKUP_ROOT_SIGN_INS}.`,
          evidence: [coverageEvidence(lb.ct, lb.span)],
        };
      }
      return nothingFound(lb, 'failed root console sign-in', older, history);
    }),
});
