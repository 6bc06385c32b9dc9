import { describe, expect, it } from 'vitest';
import type { AlarmEvidence, MetricFilterEvidence } from '../evidence-files/model';
import { ctx } from '../../../test/helpers/report';
import { rootUsageAlarm } from './root-usage-alarm';

const CIS = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const ROOT_ONLY = '{ $.userIdentity.type = "Root" }';
const OTHER = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:security-alerts';

const filters = (...list: { name: string; pattern: string; metric?: string; ns?: string }[]): MetricFilterEvidence => ({
  input: 'metric-filters.json',
  filters: list.map((f) => ({ name: f.name, logGroup: 'CloudTrail/logs', pattern: f.pattern, metrics: [{ name: f.metric ?? 'RootUsage', namespace: f.ns ?? 'CIS' }] })),
});
const alarm = (o: Partial<AlarmEvidence['alarms'][number]> = {}): AlarmEvidence['alarms'][number] => ({
  name: 'root-usage',
  metricName: 'RootUsage',
  namespace: 'CIS',
  actions: [TOPIC],
  actionsEnabled: true,
  ...o,
});
const alarms = (...list: AlarmEvidence['alarms']): AlarmEvidence => ({ input: 'alarms.json', alarms: list });
const run = (metricFilters?: MetricFilterEvidence, al?: AlarmEvidence) => {
  const account: { metricFilters?: MetricFilterEvidence; alarms?: AlarmEvidence } = {};
  if (metricFilters) account.metricFilters = metricFilters;
  if (al) account.alarms = al;
  return rootUsageAlarm.evaluate(ctx({ account }));
};

describe('ROOT-USAGE-ALARM', () => {
  it.each([
    { name: 'CIS filter + alarm with action', f: filters({ name: 'root', pattern: CIS }), a: alarms(alarm()), status: 'PASS' },
    { name: 'partial pattern still catches root', f: filters({ name: 'root', pattern: ROOT_ONLY }), a: alarms(alarm()), status: 'PASS' },
    { name: 'alarm actions disabled', f: filters({ name: 'root', pattern: CIS }), a: alarms(alarm({ actionsEnabled: false })), status: 'FAIL' },
    { name: 'alarm without actions', f: filters({ name: 'root', pattern: CIS }), a: alarms(alarm({ actions: [] })), status: 'FAIL' },
    { name: 'alarm on same name, other namespace', f: filters({ name: 'root', pattern: CIS }), a: alarms(alarm({ namespace: 'Other' })), status: 'FAIL' },
    { name: 'alarm on other metric', f: filters({ name: 'root', pattern: CIS }), a: alarms(alarm({ metricName: 'Else' })), status: 'FAIL' },
    { name: 'no root filter', f: filters({ name: 'unauth', pattern: OTHER }), a: alarms(alarm()), status: 'FAIL' },
    { name: 'no filters at all', f: filters(), a: alarms(alarm()), status: 'FAIL' },
    { name: 'one good alarm among bad ones', f: filters({ name: 'root', pattern: CIS }), a: alarms(alarm({ name: 'off', actionsEnabled: false }), alarm({ name: 'good' })), status: 'PASS' },
    { name: 'filters only', f: filters({ name: 'root', pattern: CIS }), a: undefined, status: 'NEEDS_EVIDENCE' },
    { name: 'alarms only', f: undefined, a: alarms(alarm()), status: 'NEEDS_EVIDENCE' },
    { name: 'neither', f: undefined, a: undefined, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ f, a, status }) => {
    const out = run(f, a);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('NEEDS_EVIDENCE names both commands', () => {
    const [f] = run(filters({ name: 'root', pattern: CIS }));
    expect(f?.message).toContain('aws logs describe-metric-filters');
    expect(f?.message).toContain('aws cloudwatch describe-alarms');
    expect(f?.message).toContain('No alarms');
  });

  it('PASS cites the filter pattern and the alarm actions', () => {
    const [f] = run(filters({ name: 'root', pattern: CIS }), alarms(alarm()));
    expect(f?.evidence).toEqual([
      { input: 'metric-filters.json', field: 'metricFilters[filterName=root].filterPattern', value: CIS, note: 'log group CloudTrail/logs; metric CIS/RootUsage' },
      { input: 'alarms.json', field: 'MetricAlarms[AlarmName=root-usage]', value: `ActionsEnabled=true; AlarmActions=${TOPIC}`, note: 'alarm on CIS/RootUsage' },
    ]);
    expect(f?.message).toContain(TOPIC);
  });

  it('a partial pattern passes but says it is noisier', () => {
    const [f] = run(filters({ name: 'root', pattern: ROOT_ONLY }), alarms(alarm()));
    expect(f?.message).toContain('noise');
    expect(f?.evidence[0]?.note).toContain('not the full CIS pattern');
  });

  it('FAIL says why', () => {
    expect(run(filters({ name: 'root', pattern: CIS }), alarms(alarm({ actionsEnabled: false })))[0]?.message).toContain('actions disabled');
    expect(run(filters({ name: 'root', pattern: CIS }), alarms())[0]?.message).toContain('no alarm on its metric');
    expect(run(filters({ name: 'x', pattern: OTHER }), alarms())[0]?.message).toContain('none of the 1 metric filters');
  });
});
