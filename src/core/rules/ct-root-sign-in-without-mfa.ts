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
  mfaReading,
  noCloudTrail,
  nothingFound,
  plural,
  tally,
} from './cloudtrail-helpers';
import { LOOKUP_ROOT_SIGN_INS, ROOT_SIGN_IN_EVENTBRIDGE } from './ct-root-sign-in';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { ROOT_MFA_CONSOLE_STEPS } from './root-mfa-enabled';
import { cisControls, iso27001, soc2 } from './rule-helpers';

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
      'Remove root credentials from Organizations member accounts with centralized root access, so no root password exists there.',
      'Deploy the AWS Config rule root-account-mfa-enabled and Security Hub control IAM.9.',
      `Alert on every root sign-in: ${ROOT_SIGN_IN_EVENTBRIDGE}`,
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
    ...cisControls({ '1.2': '1.13', '1.3–4.0': '1.5', '5.0': '1.4', '6.0': '2.4', '7.0': '2.5' }).map((c) => ({ ...c, suggested: true })),
    { framework: 'AWS Security Hub', version: 'CSPM control', control: 'IAM.9', suggested: true },
    { framework: 'PCI DSS', version: '4.0.1', control: '8.4.2', suggested: true },
    iso27001('A.8.5'),
    soc2('CC6.1'),
  ],
  evaluate(ctx): FindingDraft[] {
    const ct = ctx.account.cloudtrail;
    if (!ct) return [noCloudTrail(ctx, 'root sign-ins without MFA')];
    const lb = lookback(ctx, ct);
    const { asOf } = ctx;
    const label = cloudTrailInputLabel(ct);
    const signIns = lb.events.filter(isSuccessfulSignIn);
    const bad = signIns.filter((e) => mfaReading(e) === 'no');
    const history = citeHistory(lb.history.filter(withoutMfa), asOf, lb.days);
    if (bad.length > 0) {
      const last = bad[bad.length - 1] as RootEvent;
      return [
        {
          status: 'FAIL',
          resource: ROOT_RESOURCE,
          message:
            `${plural(bad.length, 'successful root sign-in')} without MFA in the ${lb.days}-day look-back before ${toIso(asOf)}; ` +
            `latest ${toIso(last.time)} (${describeAge(last.time, asOf)}) from ${last.sourceIp ?? 'an unrecorded IP'}${last.eventId ? ` (eventID ${last.eventId})` : ''}. Source IPs: ${tally(bad.map((e) => e.sourceIp), 5)}.`,
          evidence: [
            { input: label, field: 'additionalEventData.MFAUsed', value: tally(signIns.map((e) => e.mfaUsed)), note: `over ${plural(signIns.length, 'successful root sign-in')} in the look-back` },
            ...citeEvents(bad, asOf, label),
            coverageEvidence(ct, lb.coverage),
            ...history,
          ],
        },
      ];
    }
    if (ct.onlyConsoleCsv) {
      return [
        {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message:
            `The CloudTrail for this account comes only from the console Event history CSV, which has no MFAUsed field, so it cannot show whether root signed in without MFA` +
            `${signIns.length > 0 ? ` (it shows ${plural(signIns.length, 'root sign-in')} in the ${lb.days}-day look-back)` : ''}. ` +
            `Load the trail's S3 log files or the JSON of ${LOOKUP_ROOT_SIGN_INS}.`,
          evidence: [coverageEvidence(ct, lb.coverage), ...citeEvents(signIns, asOf, label, (e) => `${e.eventName}; MFAUsed not in this format${e.sourceIp ? `; from ${e.sourceIp}` : ''}`)],
        },
      ];
    }
    const unknown = signIns.filter((e) => mfaReading(e) === 'unknown');
    if (unknown.length > 0) {
      const inputs = [...new Set(unknown.map((e) => e.input))].sort();
      return [
        {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message:
            `${plural(unknown.length, 'successful root sign-in')} in the ${lb.days}-day look-back ${unknown.length === 1 ? 'carries' : 'carry'} no readable MFAUsed value (from ${inputs.join(', ')}), so whether MFA was used cannot be told; ` +
            `${signIns.length > unknown.length ? `${plural(signIns.length - unknown.length, 'other sign-in')} used MFA` : 'no other sign-in is in it'}. Load the same events as CloudTrail JSON (S3 log files or lookup-events output).`,
          evidence: [coverageEvidence(ct, lb.coverage), ...citeEvents(unknown, asOf, label)],
        },
      ];
    }
    const extra = signIns.length === 0 ? '' : signIns.length === 1 ? ' The one successful root sign-in in it used MFA.' : ` All ${signIns.length} successful root sign-ins in it used MFA.`;
    return [nothingFound(ctx, lb, 'successful root sign-in without MFA', [...citeEvents(signIns, asOf, label), ...history], extra)];
  },
});
