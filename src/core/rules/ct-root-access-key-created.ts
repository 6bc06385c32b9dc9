import type { RootEvent } from '../cloudtrail/model';
import { describeAge, toIso } from '../time';
import {
  citeEvents,
  citeHistory,
  cloudTrailInputLabel,
  coverageEvidence,
  lookback,
  noCloudTrail,
  nothingFound,
  plural,
  tally,
} from './cloudtrail-helpers';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { REMOVE_ROOT_KEYS } from './remediation-snippets';
import { cisControls, iso27001, soc2 } from './rule-helpers';

/** Names a request can give root by: none at all (the caller's own key), or root itself. */
const ROOT_NAMES = new Set(['root', '<root_account>']);

/** `CreateAccessKey` whose target is root: no `requestParameters.userName`, or a name that means root. */
export function createsRootKey(e: RootEvent): boolean {
  if (e.eventName !== 'CreateAccessKey') return false;
  const target = e.targetUserName?.trim();
  return target === undefined || target === '' || ROOT_NAMES.has(target.toLowerCase());
}

const createsUserKey = (e: RootEvent): boolean => e.eventName === 'CreateAccessKey' && !createsRootKey(e);

export const ctRootAccessKeyCreated = defineRule({
  id: 'CT-ROOT-ACCESS-KEY-CREATED',
  title: 'Root user created an access key for itself',
  severity: 'critical',
  needs: ['cloudtrail'],
  scope: 'root',
  rationale:
    'A root access key is a permanent, unrestricted credential that no IAM policy can limit. Creating one is a classic persistence step after a root compromise, and a legitimate reason for it hardly exists.',
  remediation: {
    console: [
      'Find out who created the key (source IP, agent and time are in the evidence) and why; if nobody can explain it, handle it as a root compromise: change the root password, check the MFA devices and the account contacts.',
      ...REMOVE_ROOT_KEYS.console,
    ],
    cli: [
      '# Root CreateAccessKey calls of the last 90 days:',
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=CreateAccessKey --query "Events[?Username==\'root\']" --output json',
      ...REMOVE_ROOT_KEYS.cli,
    ],
    prevention: [
      ...REMOVE_ROOT_KEYS.prevention,
      'Alert on the event: an EventBridge rule in us-east-1 on {"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventName":["CreateAccessKey"],"userIdentity":{"type":["Root"]}}} with an SNS target.',
    ],
    verify: [...REMOVE_ROOT_KEYS.verify, 'Load CloudTrail for the look-back again: no CreateAccessKey by root after the clean-up.'],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html',
  ],
  controls: [
    // CIS "no root access key": a creation event is direct evidence against it; inferred, for review.
    ...cisControls({ '1.2': '1.12', '1.3–4.0': '1.4', '5.0': '1.3', '6.0': '2.3', '7.0': '2.4' }).map((c) => ({ ...c, suggested: true })),
    { framework: 'AWS Security Hub', version: 'CSPM control', control: 'IAM.4', suggested: true },
    iso27001('A.5.17'),
    soc2('CC6.1'),
  ],
  evaluate(ctx): FindingDraft[] {
    const ct = ctx.account.cloudtrail;
    if (!ct) return [noCloudTrail(ctx, 'root creating an access key for itself')];
    const lb = lookback(ctx, ct);
    const { asOf } = ctx;
    const label = cloudTrailInputLabel(ct);
    const hits = lb.events.filter(createsRootKey);
    const forUsers = lb.events.filter(createsUserKey);
    const usersText =
      forUsers.length > 0
        ? ` Root also created ${plural(forUsers.length, 'access key')} for IAM users (${tally(forUsers.map((e) => e.targetUserName), 5)}); that is root activity (CT-ROOT-ACTIVITY), not a root key.`
        : '';
    const history = citeHistory(lb.history.filter(createsRootKey), asOf, lb.days);
    if (hits.length === 0) return [nothingFound(ctx, lb, 'CreateAccessKey by root for root', [...citeEvents(forUsers, asOf, label), ...history], usersText)];
    const last = hits[hits.length - 1] as RootEvent;
    const failed = hits.filter((e) => e.errorCode || e.errorMessage);
    const failedText =
      failed.length === 0
        ? ''
        : failed.length === hits.length
          ? ` ${hits.length === 1 ? 'The call' : 'Every call'} failed (${tally(failed.map((e) => e.errorCode ?? e.errorMessage), 3)}), so no key came of ${hits.length === 1 ? 'it' : 'them'}, but someone acting as root tried.`
          : ` ${failed.length} of them failed (${tally(failed.map((e) => e.errorCode ?? e.errorMessage), 3)}).`;
    return [
      {
        status: 'FAIL',
        resource: ROOT_RESOURCE,
        message:
          `Root called CreateAccessKey for itself ${plural(hits.length, 'time')} in the ${lb.days}-day look-back before ${toIso(asOf)}; ` +
          `latest ${toIso(last.time)} (${describeAge(last.time, asOf)}) from ${last.sourceIp ?? 'an unrecorded IP'}${last.eventId ? ` (eventID ${last.eventId})` : ''}.${failedText} ` +
          `Delete any root access key and find out who created it.${usersText}`,
        evidence: [...citeEvents(hits, asOf, label), coverageEvidence(ct, lb.coverage), ...history],
      },
    ];
  },
});
