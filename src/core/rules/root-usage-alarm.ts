import type { AlarmEvidence } from '../evidence-files/model';
import { isRootUsagePattern } from '../evidence-files/root-usage-pattern';
import type { Evidence } from '../types';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { PLACEHOLDER } from '../remediation';
import { CIS_ROOT_USAGE_ALARM, hipaa, iso27001, securityHub, securityHubName, soc2 } from './controls';
import { CIS_ROOT_FILTER_PATTERN } from './remediation-snippets';

const DESCRIBE_FILTERS = 'aws logs describe-metric-filters --output json > metric-filters.json';
const DESCRIBE_ALARMS = 'aws cloudwatch describe-alarms --output json > alarms.json';
const TOPIC_ARN = `arn:aws:sns:REGION:${PLACEHOLDER.accountId}:root-usage-alerts`;
/** Keeps a finding readable when an account has hundreds of filters or alarms. */
const MAX_EVIDENCE = 20;

type Alarm = AlarmEvidence['alarms'][number];

const alarmText = (a: Alarm): string =>
  `ActionsEnabled=${a.actionsEnabled}; AlarmActions=${a.actions.length > 0 ? a.actions.join(', ') : '(none)'}`;

export const rootUsageAlarm = defineRule({
  id: 'ROOT-USAGE-ALARM',
  title: 'No alarm on root user activity',
  severity: 'high',
  needs: ['evidence-files'],
  scope: 'root',
  rationale:
    'Root use should be rare, so each use deserves a human look within minutes. A CloudWatch metric filter on the CloudTrail log group plus an alarm with a notification action turns root activity into an alert instead of a line nobody reads. The CIS pattern drops every event that has userIdentity.invokedBy, which includes some console actions of a person signed in as root (invokedBy signin.amazonaws.com or AWS Internal), so it does not alarm on those; CT-ROOT-ACTIVITY still counts them.',
  remediation: {
    console: [
      'Make sure a multi-region CloudTrail trail delivers to a CloudWatch Logs log group (CloudTrail → Trails → CloudWatch Logs).',
      `In CloudWatch → Log groups, open that group, choose Actions → Create metric filter, and enter the pattern ${CIS_ROOT_FILTER_PATTERN}.`,
      'Name the metric (for example RootAccountUsage in namespace CISBenchmark) with value 1.',
      'Select the new metric filter and choose "Create alarm": statistic Sum, period 5 minutes, threshold >= 1, and an SNS topic with subscribed people as the alarm action.',
      'Confirm the SNS subscription (CIS asks for at least one confirmed subscriber), then test the alarm during a planned root task.',
    ],
    cli: [
      `aws logs put-metric-filter --log-group-name CLOUDTRAIL_LOG_GROUP --filter-name RootAccountUsage --metric-transformations metricName=RootAccountUsage,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '${CIS_ROOT_FILTER_PATTERN}'`,
      'aws sns create-topic --name root-usage-alerts',
      `aws sns subscribe --topic-arn ${TOPIC_ARN} --protocol email --notification-endpoint security@example.com   # then confirm from the email`,
      `aws cloudwatch put-metric-alarm --alarm-name RootAccountUsage --metric-name RootAccountUsage --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions ${TOPIC_ARN}`,
    ],
    prevention: [
      'Deploy the filter and alarm from a CloudFormation StackSet or Terraform module (AWS::Logs::MetricFilter + AWS::CloudWatch::Alarm, or aws_cloudwatch_log_metric_filter + aws_cloudwatch_metric_alarm) in the account that receives the organization trail.',
      `${securityHubName('CloudWatch.1')} checks for this filter and alarm; it is part only of the CIS v1.2.0 and v1.4.0 standards in Security Hub.`,
      'A complementary, near real-time alert on root console sign-ins: an EventBridge rule in us-east-1 matching source aws.signin, detail.eventName ConsoleLogin and detail.userIdentity.type Root (see CT-ROOT-SIGN-IN).',
    ],
    verify: [
      DESCRIBE_FILTERS,
      DESCRIBE_ALARMS,
      'Load both files here: ROOT-USAGE-ALARM passes.',
      'aws cloudwatch describe-alarms --alarm-names RootAccountUsage --query "MetricAlarms[0].[ActionsEnabled,AlarmActions]"',
      `aws sns list-subscriptions-by-topic --topic-arn ${TOPIC_ARN} --query "Subscriptions[].SubscriptionArn"   # at least one ARN, not PendingConfirmation`,
    ],
  },
  references: [
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringPolicyExamples.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html',
  ],
  controls: [
    ...CIS_ROOT_USAGE_ALARM,
    securityHub('CloudWatch.1'),
    iso27001('A.8.15'),
    iso27001('A.8.16'),
    soc2('CC7.2'),
    hipaa('164.312(b)'),
  ],
  evaluate(ctx): FindingDraft[] {
    const filters = ctx.account.metricFilters;
    const alarms = ctx.account.alarms;
    if (!filters || !alarms) {
      const missing = [!filters ? 'metric filters' : '', !alarms ? 'alarms' : ''].filter(Boolean).join(' and ');
      return [
        {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message: `No ${missing} for this account. Run ${DESCRIBE_FILTERS} (in the region of the CloudTrail log group) and ${DESCRIBE_ALARMS} (same region), and add both files.`,
          evidence: [],
        },
      ];
    }
    // Index alarms by metric once: name + namespace identify a CloudWatch metric.
    const byMetric = new Map<string, Alarm[]>();
    for (const a of alarms.alarms) {
      if (a.metricName === undefined || a.namespace === undefined) continue;
      const key = `${a.namespace}\u0000${a.metricName}`;
      const list = byMetric.get(key);
      if (list) list.push(a);
      else byMetric.set(key, [a]);
    }
    const evidence: Evidence[] = [];
    const cite = (ev: Evidence) => {
      if (evidence.length < MAX_EVIDENCE) evidence.push(ev);
    };
    let rootFilters = 0;
    let good: { filter: string; alarm: Alarm; complete: boolean } | undefined;
    const gaps: string[] = [];
    for (const f of filters.filters) {
      const m = isRootUsagePattern(f.pattern);
      if (!m.matches) continue;
      rootFilters++;
      cite({
        input: filters.input,
        field: `metricFilters[filterName=${f.name}].filterPattern`,
        value: f.pattern,
        note: `log group ${f.logGroup || '(unknown)'}; metric ${f.metrics.map((x) => `${x.namespace}/${x.name}`).join(', ') || '(none)'}${m.complete ? '' : '; not the full CIS pattern (invokedBy / AwsServiceEvent exclusions missing)'}`,
      });
      let alarmed = false;
      for (const metric of f.metrics) {
        for (const a of byMetric.get(`${metric.namespace}\u0000${metric.name}`) ?? []) {
          alarmed = true;
          cite({ input: alarms.input, field: `MetricAlarms[AlarmName=${a.name}]`, value: alarmText(a), note: `alarm on ${metric.namespace}/${metric.name}` });
          if (a.actionsEnabled && a.actions.length > 0 && (!good || (m.complete && !good.complete))) good = { filter: f.name, alarm: a, complete: m.complete };
          else if (!a.actionsEnabled) gaps.push(`alarm ${a.name} has its actions disabled`);
          else if (a.actions.length === 0) gaps.push(`alarm ${a.name} has no alarm action`);
        }
      }
      if (!alarmed) gaps.push(`filter ${f.name} has no alarm on its metric`);
    }
    if (good) {
      return [
        {
          status: 'PASS',
          resource: ROOT_RESOURCE,
          message: `Metric filter ${good.filter} catches root activity and alarm ${good.alarm.name} notifies ${good.alarm.actions.join(', ')}.${good.complete ? '' : ' The pattern lacks the CIS exclusions for service-invoked calls, so expect some noise.'} Check that the filter's log group receives a multi-region trail.`,
          evidence,
        },
      ];
    }
    const why =
      rootFilters === 0
        ? `none of the ${filters.filters.length} metric filters tests $.userIdentity.type = "Root"`
        : gaps.slice(0, 5).join('; ');
    return [
      {
        status: 'FAIL',
        resource: ROOT_RESOURCE,
        message: `No root-usage metric filter has an alarm with an enabled action: ${why}.`,
        evidence,
      },
    ];
  },
});
