import type { RootEvent } from '../cloudtrail/model';
import { PLACEHOLDER } from '../remediation';
import type { Evidence } from '../types';
import { hitsEvidence, judgeLookback, lookbackText, matching, nothingFound } from './cloudtrail-lookback';
import { CIS_NO_ROOT_ACCESS_KEY, CIS_ROOT_USE, iso27001, securityHub, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { REMOVE_ROOT_KEYS } from './remediation-snippets';
import { eventIdText, firstToLast, groupBy, isLongTermKey, whenAndWhere } from './root-events';
import { plural, tally } from './wording';

const usesLongTermKey = (e: RootEvent): boolean => isLongTermKey(e.accessKeyId);

export const ctRootLongTermKeyUsed = defineRule({
  id: 'CT-ROOT-LONG-TERM-KEY-USED',
  title: 'Root long-term access key was used',
  severity: 'critical',
  needs: ['cloudtrail'],
  scope: 'root',
  rationale:
    'Calls signed with an AKIA key as root mean a permanent root access key exists and something (a script, a workload, or an attacker) uses it. Such a key has no MFA, no session limit and no policy boundary; deleting it without finding its users first breaks them, keeping it risks the account.',
  remediation: {
    console: [
      'From the evidence, note each key ID with the services, regions, source IPs and agents that used it; that tells you which workload or person holds it.',
      'Give that workload an IAM role (or the person IAM Identity Center access) with only the permissions it needs, and switch it over.',
      ...REMOVE_ROOT_KEYS.console.slice(0, 4),
    ],
    cli: [
      '# Calls made with a given root key (Event history, 90 days, one region per call: repeat for each region in the evidence):',
      `aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=${PLACEHOLDER.rootKeyId} --output json`,
      ...REMOVE_ROOT_KEYS.cli,
    ],
    prevention: REMOVE_ROOT_KEYS.prevention,
    verify: [...REMOVE_ROOT_KEYS.verify, 'Load CloudTrail after the switch-over: no root event carries an AKIA access key.'],
  },
  references: [
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
  ],
  controls: [
    // Both CIS root controls apply: a root key exists, and root is used. Inferred, for review.
    ...suggested([...CIS_NO_ROOT_ACCESS_KEY, ...CIS_ROOT_USE, securityHub('IAM.4')]),
    iso27001('A.5.17'),
    iso27001('A.8.16'),
    soc2('CC6.1'),
    soc2('CC7.2'),
  ],
  evaluate: (ctx) =>
    judgeLookback(ctx, 'use of a root access key', (lb) => {
      const { hits, older, history } = matching(lb, usesLongTermKey);
      if (hits.length === 0) return nothingFound(lb, 'root event signed with a long-term (AKIA) access key', older, history);
      const keys = groupBy(hits, (e) => (e.accessKeyId as string).trim()).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const perKey: Evidence[] = keys.map(({ key, events }) => ({
        input: lb.label,
        field: 'userIdentity.accessKeyId',
        value: key,
        note: `${plural(events.length, 'call')}, ${firstToLast(events)}; services ${tally(events.map((e) => e.eventSource), 5)}; IPs ${tally(events.map((e) => e.sourceIp), 5)}`,
      }));
      const last = hits[hits.length - 1] as RootEvent;
      return {
        status: 'FAIL',
        resource: ROOT_RESOURCE,
        message:
          `${plural(hits.length, 'root call')} in ${lookbackText(lb)} ${hits.length === 1 ? 'was' : 'were'} signed with ${keys.length === 1 ? 'the long-term access key' : `${keys.length} long-term access keys:`} ${keys.map((k) => k.key).join(', ')}; ` +
          `latest ${last.eventName} at ${whenAndWhere(last, lb.asOf)}${eventIdText(last)}. ` +
          `Events: ${tally(hits.map((e) => e.eventName), 5)}. Move the caller to an IAM role, then delete the key.`,
        evidence: [...perKey, ...hitsEvidence(lb, hits, history)],
      };
    }),
});
