import type { RootEvent } from '../cloudtrail/model';
import { PLACEHOLDER } from '../remediation';
import { coverageEvidence, hitsEvidence, judgeLookback, lookbackText, matching, nothingFound } from './cloudtrail-lookback';
import { CIS_NO_ROOT_ACCESS_KEY, iso27001, securityHub, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { REMOVE_ROOT_KEYS } from './remediation-snippets';
import { citeEvents, eventIdText, isErrored, whenAndWhere } from './root-events';
import { plural, tally } from './wording';

/** Names a request (or a console CSV's Resources) can give root by, besides none at all (the caller's own key). */
const ROOT_NAMES = new Set(['root', '<root_account>', 'aws root user']);

/** A user name or ARN that means root: `root`, `<root_account>`, `AWS ROOT USER` (any case), or an ARN ending `:root`. */
const namesRoot = (name: string): boolean => ROOT_NAMES.has(name.toLowerCase()) || /^arn:[^:]+:iam::\d{12}:root$/.test(name);

/**
 * `CreateAccessKey` whose target is root (RULES.md): no `requestParameters.userName` in JSON, or a name
 * that means root. A format that cannot show the target (console CSV without a user in Resources) is
 * never read as root: that is `targetNotShown`.
 */
export function createsRootKey(e: RootEvent): boolean {
  if (e.eventName !== 'CreateAccessKey') return false;
  const target = e.targetUserName?.trim();
  if (target === undefined || target === '') return e.targetNotShown !== true;
  return namesRoot(target);
}

/** `CreateAccessKey` by root for an IAM user named in the request (or the CSV's Resources). */
const createsUserKey = (e: RootEvent): boolean => e.eventName === 'CreateAccessKey' && e.targetUserName !== undefined && e.targetUserName.trim() !== '' && !namesRoot(e.targetUserName.trim());

/** `CreateAccessKey` by root in a format that does not show for whom. */
const targetUnknown = (e: RootEvent): boolean => e.eventName === 'CreateAccessKey' && !createsRootKey(e) && !createsUserKey(e);

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
      const { hits, older, history } = matching(lb, createsRootKey);
      const forUsers = lb.events.filter(createsUserKey);
      const usersText =
        forUsers.length > 0
          ? ` Root also created ${plural(forUsers.length, 'access key')} for IAM users (${tally(forUsers.map((e) => e.targetUserName), 5)}); that is root activity (CT-ROOT-ACTIVITY), not a root key.`
          : '';
      const unknown = lb.events.filter(targetUnknown);
      if (hits.length === 0 && unknown.length > 0) {
        const last = unknown[unknown.length - 1] as RootEvent;
        return {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message:
            `Root created ${plural(unknown.length, 'access key')} in ${lookbackText(lb)} (latest ${whenAndWhere(last, lb.asOf)}${eventIdText(last)}); this export does not show for whom: ` +
            `${[...new Set(unknown.map((e) => e.input))].sort().join(', ')} carries no request parameters and names no IAM user in Resources. ` +
            `Load the same events as CloudTrail JSON (the trail's S3 files or lookup-events output), where requestParameters.userName tells a user's key from root's own.${usersText}`,
          evidence: [...citeEvents(unknown, lb.asOf, lb.label, (e) => `CreateAccessKey by root; for whom is not in this export${e.sourceIp ? `; from ${e.sourceIp}` : ''}`), coverageEvidence(lb.ct, lb.span), ...citeEvents(forUsers, lb.asOf, lb.label)],
        };
      }
      if (hits.length === 0) return nothingFound(lb, 'CreateAccessKey by root for root', older, [...citeEvents(forUsers, lb.asOf, lb.label), ...history], usersText);
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
