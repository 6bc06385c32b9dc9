import type { RootEvent } from '../cloudtrail/model';
import { describeAge, toIso } from '../time';
import type { Evidence } from '../types';
import {
  citeEvents,
  citeHistory,
  cloudTrailInputLabel,
  coverageEvidence,
  isConsoleLogin,
  isFailedSignIn,
  lookback,
  noCloudTrail,
  nothingFound,
  plural,
  tally,
} from './cloudtrail-helpers';
import { LOOKUP_ROOT_SIGN_INS, ROOT_SIGN_IN_EVENTBRIDGE } from './ct-root-sign-in';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { iso27001, soc2 } from './rule-helpers';

/** Failed sign-ins grouped by source IP, most attempts first, then by IP. */
export function failuresByIp(events: readonly RootEvent[]): { ip: string; events: RootEvent[] }[] {
  const groups = new Map<string, RootEvent[]>();
  for (const e of events) {
    const ip = e.sourceIp ?? '(not recorded)';
    const list = groups.get(ip);
    if (list) list.push(e);
    else groups.set(ip, [e]);
  }
  return [...groups]
    .map(([ip, evs]) => ({ ip, events: evs }))
    .sort((a, b) => b.events.length - a.events.length || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
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
      `Alert on root sign-in attempts: ${ROOT_SIGN_IN_EVENTBRIDGE}`,
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
    { framework: 'NIST SP 800-53', version: 'Rev. 5', control: 'AC-7', suggested: true },
    iso27001('A.8.5'),
    iso27001('A.8.16'),
    soc2('CC7.2'),
  ],
  evaluate(ctx): FindingDraft[] {
    const ct = ctx.account.cloudtrail;
    if (!ct) return [noCloudTrail(ctx, 'failed root sign-ins')];
    const lb = lookback(ctx, ct);
    const { asOf } = ctx;
    const label = cloudTrailInputLabel(ct);
    const failed = lb.events.filter(isFailedSignIn);
    const history = citeHistory(lb.history.filter(isFailedSignIn), asOf, lb.days);
    if (failed.length > 0) {
      const groups = failuresByIp(failed);
      const last = failed[failed.length - 1] as RootEvent;
      const perIp: Evidence[] = groups.map((g) => {
        const first = g.events[0] as RootEvent;
        const latest = g.events[g.events.length - 1] as RootEvent;
        return {
          input: label,
          field: 'sourceIPAddress',
          value: g.ip,
          note: `${plural(g.events.length, 'failed sign-in')}, ${g.events.length === 1 ? toIso(first.time) : `${toIso(first.time)} to ${toIso(latest.time)}`}`,
        };
      });
      return [
        {
          status: 'FAIL',
          resource: ROOT_RESOURCE,
          message:
            `${plural(failed.length, 'failed root console sign-in')} in the ${lb.days}-day look-back before ${toIso(asOf)} from ${plural(groups.length, 'source IP')}: ` +
            `${groups.slice(0, 5).map((g) => `${g.ip} ×${g.events.length}`).join(', ')}${groups.length > 5 ? `, and ${groups.length - 5} more` : ''}. ` +
            `Latest ${toIso(last.time)} (${describeAge(last.time, asOf)}). Errors: ${tally(failed.map((e) => e.errorMessage ?? e.errorCode), 3)}.`,
          evidence: [...perIp, ...citeEvents(failed, asOf, label), coverageEvidence(ct, lb.coverage), ...history],
        },
      ];
    }
    if (ct.onlyConsoleCsv) {
      const signIns = lb.events.filter(isConsoleLogin).length;
      return [
        {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message:
            `The CloudTrail for this account comes only from the console Event history CSV, which leaves out failed sign-ins (they carry no user, or show as HIDDEN_DUE_TO_SECURITY_REASONS), so it cannot show failed root sign-ins` +
            `${signIns > 0 ? `; it shows ${plural(signIns, 'root sign-in')} in the ${lb.days}-day look-back` : ''}. Load the trail's S3 log files or the JSON of ${LOOKUP_ROOT_SIGN_INS}.`,
          evidence: [coverageEvidence(ct, lb.coverage)],
        },
      ];
    }
    return [nothingFound(ctx, lb, 'failed root console sign-in', history)];
  },
});
