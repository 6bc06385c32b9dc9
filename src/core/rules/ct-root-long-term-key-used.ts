import type { RootEvent } from '../cloudtrail/model';
import { describeAge, toIso } from '../time';
import type { Evidence } from '../types';
import {
  citeEvents,
  citeHistory,
  cloudTrailInputLabel,
  coverageEvidence,
  isLongTermKey,
  lookback,
  noCloudTrail,
  nothingFound,
  plural,
  tally,
} from './cloudtrail-helpers';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { REMOVE_ROOT_KEYS } from './remediation-snippets';
import { cisControls, iso27001, soc2 } from './rule-helpers';

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
      '# Calls made with a given root key (Event history, 90 days, per region):',
      'aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=AKIA_EXAMPLE_KEY_ID --output json',
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
    ...cisControls({ '1.2': '1.12', '1.3–4.0': '1.4', '5.0': '1.3', '6.0': '2.3', '7.0': '2.4' }).map((c) => ({ ...c, suggested: true })),
    ...cisControls({ '1.2': '1.1', '1.3–4.0': '1.7', '5.0': '1.6', '6.0': '2.6', '7.0': '2.7' }).map((c) => ({ ...c, suggested: true })),
    { framework: 'AWS Security Hub', version: 'CSPM control', control: 'IAM.4', suggested: true },
    iso27001('A.5.17'),
    iso27001('A.8.16'),
    soc2('CC6.1'),
    soc2('CC7.2'),
  ],
  evaluate(ctx): FindingDraft[] {
    const ct = ctx.account.cloudtrail;
    if (!ct) return [noCloudTrail(ctx, 'use of a root access key')];
    const lb = lookback(ctx, ct);
    const { asOf } = ctx;
    const label = cloudTrailInputLabel(ct);
    const hits = lb.events.filter(usesLongTermKey);
    const history = citeHistory(lb.history.filter(usesLongTermKey), asOf, lb.days);
    if (hits.length === 0) return [nothingFound(ctx, lb, 'root event signed with a long-term (AKIA) access key', history)];
    const byKey = new Map<string, RootEvent[]>();
    for (const e of hits) {
      const k = (e.accessKeyId as string).trim();
      const list = byKey.get(k);
      if (list) list.push(e);
      else byKey.set(k, [e]);
    }
    const keys = [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const perKey: Evidence[] = keys.map(([key, evs]) => {
      const first = evs[0] as RootEvent;
      const latest = evs[evs.length - 1] as RootEvent;
      return {
        input: label,
        field: 'userIdentity.accessKeyId',
        value: key,
        note: `${plural(evs.length, 'call')}, ${evs.length === 1 ? toIso(first.time) : `${toIso(first.time)} to ${toIso(latest.time)}`}; services ${tally(evs.map((e) => e.eventSource), 5)}; IPs ${tally(evs.map((e) => e.sourceIp), 5)}`,
      };
    });
    const last = hits[hits.length - 1] as RootEvent;
    return [
      {
        status: 'FAIL',
        resource: ROOT_RESOURCE,
        message:
          `${plural(hits.length, 'root call')} in the ${lb.days}-day look-back before ${toIso(asOf)} ${hits.length === 1 ? 'was' : 'were'} signed with ${keys.length === 1 ? 'the long-term access key' : `${keys.length} long-term access keys:`} ${keys.map(([k]) => k).join(', ')}; ` +
          `latest ${last.eventName} at ${toIso(last.time)} (${describeAge(last.time, asOf)}) from ${last.sourceIp ?? 'an unrecorded IP'}${last.eventId ? ` (eventID ${last.eventId})` : ''}. ` +
          `Events: ${tally(hits.map((e) => e.eventName), 5)}. Move the caller to an IAM role, then delete the key.`,
        evidence: [...perKey, ...citeEvents(hits, asOf, label), coverageEvidence(ct, lb.coverage), ...history],
      },
    ];
  },
});
