import type { RootEvent } from '../cloudtrail/model';
import { hitsEvidence, judgeLookback, lookbackText, matching, nothingFound } from './cloudtrail-lookback';
import { CIS_NO_ROOT_ACCESS_KEY, iso27001, securityHub, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { PLACEHOLDER } from '../remediation';
import { REMOVE_ROOT_KEYS } from './remediation-snippets';
import { citeEvents, eventIdText, isErrored, whenAndWhere } from './root-events';
import { plural, tally } from './wording';

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
      '# Alert on CreateAccessKey by root: an EventBridge rule in us-east-1 (IAM events are delivered there), matched on source, event name and identity type:',
      `aws events put-rule --region us-east-1 --name root-create-access-key --event-pattern '{"source":["aws.iam"],"detail":{"eventName":["CreateAccessKey"],"userIdentity":{"type":["Root"]}}}'`,
      `aws events put-targets --region us-east-1 --rule root-create-access-key --targets Id=notify,Arn=arn:aws:sns:us-east-1:${PLACEHOLDER.accountId}:root-alerts`,
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
    ...suggested([...CIS_NO_ROOT_ACCESS_KEY, securityHub('IAM.4')]),
    iso27001('A.5.17'),
    soc2('CC6.1'),
  ],
  evaluate: (ctx) =>
    judgeLookback(ctx, 'root creating an access key for itself', (lb) => {
      const { hits, history } = matching(lb, createsRootKey);
      const forUsers = lb.events.filter(createsUserKey);
      const usersText =
        forUsers.length > 0
          ? ` Root also created ${plural(forUsers.length, 'access key')} for IAM users (${tally(forUsers.map((e) => e.targetUserName), 5)}); that is root activity (CT-ROOT-ACTIVITY), not a root key.`
          : '';
      if (hits.length === 0) return nothingFound(lb, 'CreateAccessKey by root for root', [...citeEvents(forUsers, lb.asOf, lb.label), ...history], usersText);
      const last = hits[hits.length - 1] as RootEvent;
      const failed = hits.filter(isErrored);
      const failedText =
        failed.length === 0
          ? ''
          : failed.length === hits.length
            ? ` ${hits.length === 1 ? 'The call' : 'Every call'} failed (${tally(failed.map((e) => e.errorCode ?? e.errorMessage), 3)}), so no key came of ${hits.length === 1 ? 'it' : 'them'}, but someone acting as root tried.`
            : ` ${failed.length} of them failed (${tally(failed.map((e) => e.errorCode ?? e.errorMessage), 3)}).`;
      return {
        status: 'FAIL',
        resource: ROOT_RESOURCE,
        message:
          `Root called CreateAccessKey for itself ${plural(hits.length, 'time')} in ${lookbackText(lb)}; ` +
          `latest ${whenAndWhere(last, lb.asOf)}${eventIdText(last)}.${failedText} ` +
          `Delete any root access key and find out who created it.${usersText}`,
        evidence: hitsEvidence(lb, hits, history),
      };
    }),
});
