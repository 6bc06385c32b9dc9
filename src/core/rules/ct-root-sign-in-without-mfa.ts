import type { RootEvent } from '../cloudtrail/model';
import { coverageEvidence, hitsEvidence, judgeLookback, lookbackText, matching, nothingFound } from './cloudtrail-lookback';
import { CIS_ROOT_MFA, iso27001, pciDss, securityHub, securityHubName, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { LOOKUP_ROOT_SIGN_INS, ROOT_MFA_CONSOLE_STEPS, ROOT_SIGN_IN_EVENTBRIDGE } from './remediation-snippets';
import { citeEvents, eventIdText, isSuccessfulSignIn, mfaReading, whenAndWhere } from './root-events';
import { plural, tally } from './wording';

const withoutMfa = (e: RootEvent): boolean => isSuccessfulSignIn(e) && mfaReading(e) === 'no';

export const ctRootSignInWithoutMfa = defineRule({
  id: 'CT-ROOT-SIGN-IN-WITHOUT-MFA',
  title: 'Root user signed in without MFA',
  severity: 'critical',
  needs: ['cloudtrail'],
  scope: 'root',
  rationale:
    'A root sign-in without MFA means the password alone opened the account: either root has no MFA device or the sign-in bypassed it. Whoever learns that password gets full, unrestricted control.',
  remediation: {
    console: [
      ...ROOT_MFA_CONSOLE_STEPS,
      'Then treat each sign-in without MFA in the evidence as suspect: confirm who it was; if nobody can, change the root password, check the account and billing contacts, and review recent IAM changes.',
    ],
    cli: [
      '# Root MFA can only be enabled in the console, signed in as root; aws iam enable-mfa-device --user-name root does not work.',
      '# Find the sign-ins without MFA (us-east-1, last 90 days):',
      `${LOOKUP_ROOT_SIGN_INS} > root-sign-ins.json   # in each CloudTrailEvent string, look for "MFAUsed":"No"`,
      'aws iam get-account-summary --query "SummaryMap.AccountMFAEnabled"   # 1 once root has MFA',
    ],
    prevention: [
      'Register at least two MFA devices for root (passkeys or FIDO security keys preferred; root accepts up to 8) and keep them in a break-glass procedure.',
      'Remove root credentials from Organizations member accounts with centralized root access ("Delete root user credentials" per account: enabling the feature removes nothing), so no root password exists there.',
      `Deploy the AWS Config rule root-account-mfa-enabled and ${securityHubName('IAM.9')}.`,
      'Alert on every root sign-in:',
      ...ROOT_SIGN_IN_EVENTBRIDGE,
    ],
    verify: [
      'Load the credential report: ROOT-MFA-ENABLED passes (mfa_active true).',
      'Load CloudTrail JSON (not the console CSV) for the look-back: CT-ROOT-SIGN-IN-WITHOUT-MFA passes.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
  ],
  controls: [
    // CIS root MFA control: the sign-in is the evidence that MFA was not applied; inferred, for review.
    ...suggested([...CIS_ROOT_MFA, securityHub('IAM.9'), pciDss('8.4.2')]),
    iso27001('A.8.5'),
    soc2('CC6.1'),
  ],
  evaluate: (ctx) =>
    judgeLookback(ctx, 'root sign-ins without MFA', (lb) => {
      const { asOf, label } = lb;
      const signIns = lb.events.filter(isSuccessfulSignIn);
      const { hits: bad, older, history } = matching(lb, withoutMfa);
      if (bad.length > 0) {
        const last = bad[bad.length - 1] as RootEvent;
        return {
          status: 'FAIL',
          resource: ROOT_RESOURCE,
          message:
            `${plural(bad.length, 'successful root sign-in')} without MFA in ${lookbackText(lb)}; ` +
            `latest ${whenAndWhere(last, asOf)}${eventIdText(last)}. Source IPs: ${tally(bad.map((e) => e.sourceIp), 5)}.`,
          evidence: [
            { input: label, field: 'additionalEventData.MFAUsed', value: tally(signIns.map((e) => e.mfaUsed)), note: `over ${plural(signIns.length, 'successful root sign-in')} in the look-back` },
            ...hitsEvidence(lb, bad, history),
          ],
        };
      }
      if (lb.ct.onlyConsoleCsv) {
        return {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message:
            `The CloudTrail for this account comes only from the console Event history CSV, which has no MFAUsed field, so it cannot show whether root signed in without MFA` +
            `${signIns.length > 0 ? ` (it shows ${plural(signIns.length, 'root sign-in')} in the ${lb.days}-day look-back)` : ''}. ` +
            `Load the trail's S3 log files or the JSON of ${LOOKUP_ROOT_SIGN_INS}.`,
          evidence: [coverageEvidence(lb.ct, lb.span), ...citeEvents(signIns, asOf, label, (e) => `${e.eventName}; MFAUsed not in this format${e.sourceIp ? `; from ${e.sourceIp}` : ''}`)],
        };
      }
      const unknown = signIns.filter((e) => mfaReading(e) === 'unknown');
      if (unknown.length > 0) {
        const inputs = [...new Set(unknown.map((e) => e.input))].sort();
        return {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message:
            `${plural(unknown.length, 'successful root sign-in')} in the ${lb.days}-day look-back ${unknown.length === 1 ? 'carries' : 'carry'} no readable MFAUsed value (from ${inputs.join(', ')}), so whether MFA was used cannot be told; ` +
            `${signIns.length > unknown.length ? `${plural(signIns.length - unknown.length, 'other sign-in')} used MFA` : 'no other sign-in is in it'}. Load the same events as CloudTrail JSON (S3 log files or lookup-events output).`,
          evidence: [coverageEvidence(lb.ct, lb.span), ...citeEvents(unknown, asOf, label)],
        };
      }
      const extra = signIns.length === 0 ? '' : signIns.length === 1 ? ' The one successful root sign-in in it used MFA.' : ` All ${signIns.length} successful root sign-ins in it used MFA.`;
      return nothingFound(lb, 'successful root sign-in without MFA', older, [...citeEvents(signIns, asOf, label), ...history], extra);
    }),
});
