import type { RootEvent } from '../cloudtrail/model';
import { describeAge, toIso } from '../time';
import type { Evidence } from '../types';
import { judgeEachWindow, nothingFound, type Lookback } from './cloudtrail-lookback';
import { CIS_ROOT_USE, iso27001, nist80053, soc2 } from './controls';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { CIS_ROOT_FILTER_PATTERN, LOOKUP_ROOT_EVENTS, ROOT_SCP_PREVENTION } from './remediation-snippets';
import { citeEvent, citeEvents, isFailedSignIn, laterNote } from './root-events';
import { plural, tally } from './wording';

/** Quiet days listed by name in the message; the evidence row counts them all. */
const MAX_QUIET_DAYS_NAMED = 5;

function failEvidence(events: RootEvent[], asOf: number, label: string, window: number): Evidence[] {
  const first = events[0] as RootEvent;
  const last = events[events.length - 1] as RootEvent;
  return [
    { input: label, field: 'rootEvents.count', value: String(events.length), note: `root events within ${window} days of as-of` },
    { ...citeEvent(first, asOf), field: 'rootEvents.first' },
    { ...citeEvent(last, asOf), field: 'rootEvents.last' },
    { input: label, field: 'eventName', value: tally(events.map((e) => e.eventName)) },
    { input: label, field: 'sourceIPAddress', value: tally(events.map((e) => e.sourceIp)) },
    { input: label, field: 'userAgent', value: tally(events.map((e) => e.userAgent)) },
    { input: label, field: 'awsRegion', value: tally(events.map((e) => e.region)) },
    ...citeEvents(events, asOf, label),
  ];
}

export const ctRootActivity = defineRule({
  id: 'CT-ROOT-ACTIVITY',
  title: 'Root user activity in CloudTrail',
  severity: 'high',
  needs: ['cloudtrail'],
  perWindow: true,
  scope: 'root',
  rationale:
    'CloudTrail records what root actually did, not only when a credential was last touched. Root bypasses every IAM policy, so any root event outside an approved root-only task is either a process failure or a compromise, and each one should be explained.',
  remediation: {
    console: [
      'Open CloudTrail → Event history in us-east-1 (root console sign-ins are recorded there) and filter "User name" = root; repeat in the other regions listed in the evidence.',
      'For each event, find the person and the reason. If it was not an approved root-only task, treat it as a possible compromise: sign in as root, change the password, review the MFA devices, delete any root access key, and check the account, billing and alternate contacts.',
      'Move routine administration to IAM Identity Center or IAM roles with temporary credentials; do not replace root with an admin IAM user that holds long-term access keys.',
      'Events marked "privileged root task session" came from sts:AssumeRoot (centralized root access); check them against the approved task in the management account.',
    ],
    cli: [
      '# Root events of the last 90 days (Event history; sign-ins are in us-east-1, API calls in the region called):',
      `${LOOKUP_ROOT_EVENTS} > root-events.json`,
      '# Longer periods and every region: read the trail in S3, or query it with Athena / CloudTrail Lake:',
      "#   SELECT eventtime, eventname, sourceipaddress, awsregion FROM cloudtrail_logs WHERE useridentity.type = 'Root' AND eventtype <> 'AwsServiceEvent' ORDER BY eventtime",
    ],
    prevention: [
      'Turn on centralized root access in AWS Organizations, then delete the root credentials of each member account (enabling it removes nothing by itself), and do root-only tasks with short aws sts assume-root sessions.',
      ROOT_SCP_PREVENTION,
      `Alert on root use: aws logs put-metric-filter with the CIS pattern ${CIS_ROOT_FILTER_PATTERN} on the trail's log group, then aws cloudwatch put-metric-alarm with an SNS action (see ROOT-USAGE-ALARM).`,
      'Keep a multi-region (organization) trail with log file validation, delivered to a locked-down S3 bucket, so this check always has the whole window to read.',
    ],
    verify: [
      'Load CloudTrail that spans the whole window up to as-of (the trail\'s S3 files for those days): CT-ROOT-ACTIVITY passes for every window.',
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=Username,AttributeValue=root --start-time START --query "Events[].[EventTime,EventName]"   # empty',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html',
  ],
  controls: [
    ...CIS_ROOT_USE,
    // Suggested (nist80053 always is): RULES.md knows no official crosswalk to NIST SP 800-53.
    nist80053('AC-6(5)'),
    nist80053('AC-2'),
    iso27001('A.8.15'),
    iso27001('A.8.16'),
    soc2('CC7.2'),
  ],
  // One finding per window even without input, like every per-window rule.
  evaluate: (ctx) =>
    judgeEachWindow(ctx, 'root activity', (lb) => (lb.events.length > 0 ? rootWasActive(lb) : noRootActivity(lb))),
});

const windowText = (lb: Lookback): string => `the ${lb.days}-day window (${toIso(lb.start)} to ${toIso(lb.asOf)})`;

/** FAIL: root events inside the window, summarised, with task sessions and failed sign-ins told apart. */
function rootWasActive(lb: Lookback): FindingDraft {
  const { asOf, events: inWindow } = lb;
  const first = inWindow[0] as RootEvent;
  const last = inWindow[inWindow.length - 1] as RootEvent;
  const tasks = inWindow.filter((e) => e.assumedRoot).length;
  const taskText =
    tasks === 0 ? '' : tasks === inWindow.length ? ' All of them were in privileged root task sessions (sts:AssumeRoot); see CT-ROOT-TASK-SESSION.' : ` ${tasks} of them ${tasks === 1 ? 'was' : 'were'} in privileged root task sessions (sts:AssumeRoot).`;
  // Failed sign-ins are root events too (the CIS filter counts them), but they are attempts, not use.
  const failed = inWindow.filter(isFailedSignIn).length;
  const failedText =
    failed === 0 ? '' : failed === inWindow.length ? ' All of them were failed sign-in attempts; see CT-ROOT-FAILED-SIGN-IN.' : ` ${failed} of them ${failed === 1 ? 'was a failed sign-in attempt' : 'were failed sign-in attempts'} (CT-ROOT-FAILED-SIGN-IN).`;
  return {
    status: 'FAIL',
    resource: ROOT_RESOURCE,
    message:
      `${plural(inWindow.length, 'root event')} within ${windowText(lb)}${laterNote(inWindow, asOf)}: ` +
      `first ${first.eventName} at ${toIso(first.time)}, last ${last.eventName} at ${toIso(last.time)} (${describeAge(last.time, asOf)}). ` +
      `Events: ${tally(inWindow.map((e) => e.eventName), 5)}. Source IPs: ${tally(inWindow.map((e) => e.sourceIp), 5)}.${taskText}${failedText}`,
    evidence: failEvidence(inWindow, asOf, lb.label, lb.days),
  };
}

/**
 * No root event inside the window: PASS only when the loaded logs cover all of it within the
 * tolerances (the same judgement as every CT rule), otherwise NEEDS_EVIDENCE saying what to load.
 */
function noRootActivity(lb: Lookback): FindingDraft {
  // Every root event is older than the window here, so the latest loaded is the last of the history.
  const latest = lb.history[lb.history.length - 1];
  const evidence: Evidence[] = latest ? [citeEvent(latest, lb.asOf, `latest root event loaded, outside the ${lb.days}-day window`)] : [];
  return nothingFound(lb, 'root event', lb.history, evidence);
}
