import type { RootEvent } from '../cloudtrail/model';
import { DAY_MS, describeAge, formatDuration, toIso, withinWindow } from '../time';
import type { Evidence } from '../types';
import {
  byTime,
  citeEvent,
  citeEvents,
  cloudTrailInputLabel,
  COVERAGE_END_TOLERANCE_MS,
  coverageEvidence,
  coverageOf,
  coveredMs,
  daysWithoutEvents,
  flagLaterThanAsOf,
  isFailedSignIn,
  laterNote,
  loadCloudTrailHint,
  noCloudTrail,
  plural,
  spanText,
  tally,
} from './cloudtrail-helpers';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { ROOT_SCP_PREVENTION } from './remediation-snippets';
import { cisControls, iso27001, soc2 } from './rule-helpers';

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
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=Username,AttributeValue=root --output json > root-events.json',
      '# Longer periods and every region: read the trail in S3, or query it with Athena / CloudTrail Lake:',
      "#   SELECT eventtime, eventname, sourceipaddress, awsregion FROM cloudtrail_logs WHERE useridentity.type = 'Root' AND eventtype <> 'AwsServiceEvent' ORDER BY eventtime",
    ],
    prevention: [
      'Turn on centralized root access in AWS Organizations, remove root credentials from member accounts, and do root-only tasks with short aws sts assume-root sessions.',
      ROOT_SCP_PREVENTION,
      'Alert on root use: aws logs put-metric-filter with the CIS pattern { $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" } on the trail\'s log group, then aws cloudwatch put-metric-alarm with an SNS action (see ROOT-USAGE-ALARM).',
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
    ...cisControls({ '1.2': '1.1', '1.3–4.0': '1.7', '5.0': '1.6', '6.0': '2.6', '7.0': '2.7' }),
    { framework: 'NIST SP 800-53', version: 'Rev. 5', control: 'AC-6(5)' },
    { framework: 'NIST SP 800-53', version: 'Rev. 5', control: 'AC-2' },
    iso27001('A.8.15'),
    iso27001('A.8.16'),
    soc2('CC7.2'),
  ],
  evaluate(ctx): FindingDraft[] {
    const ct = ctx.account.cloudtrail;
    // One finding per window even without input, like every per-window rule.
    if (!ct) return ctx.windows.map((w) => noCloudTrail(ctx, 'root activity', w));
    flagLaterThanAsOf(ctx, ct);
    const { asOf } = ctx;
    const label = cloudTrailInputLabel(ct);
    const cov = coverageOf(ct);
    const all = [...ct.rootEvents].sort(byTime);
    const latest = all[all.length - 1];

    return ctx.windows.map((w): FindingDraft => {
      const start = asOf - w * DAY_MS;
      const windowText = `the ${w}-day window (${toIso(start)} to ${toIso(asOf)})`;
      const inWindow = all.filter((e) => withinWindow(e.time, asOf, w));
      if (inWindow.length > 0) {
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
          window: w,
          resource: ROOT_RESOURCE,
          message:
            `${plural(inWindow.length, 'root event')} within ${windowText}${laterNote(inWindow, asOf)}: ` +
            `first ${first.eventName} at ${toIso(first.time)}, last ${last.eventName} at ${toIso(last.time)} (${describeAge(last.time, asOf)}). ` +
            `Events: ${tally(inWindow.map((e) => e.eventName), 5)}. Source IPs: ${tally(inWindow.map((e) => e.sourceIp), 5)}.${taskText}${failedText}`,
          evidence: failEvidence(inWindow, asOf, label, w),
        };
      }
      const evidence: Evidence[] = [coverageEvidence(ct, cov)];
      const latestText = latest ? ` The latest root event loaded is ${latest.eventName} at ${toIso(latest.time)} (${describeAge(latest.time, asOf)}), outside this window.` : '';
      if (latest) evidence.push(citeEvent(latest, asOf, `latest root event loaded, outside the ${w}-day window`));
      if (!cov) {
        return {
          status: 'NEEDS_EVIDENCE',
          window: w,
          resource: ROOT_RESOURCE,
          message: `The CloudTrail loaded for account ${ctx.account.accountId ?? 'unknown'} holds no events, so nothing shows whether root was used in ${windowText}. ${loadCloudTrailHint()}`,
          evidence,
        };
      }
      const covered = coveredMs(cov, start, asOf);
      if (covered <= 0) {
        return {
          status: 'NEEDS_EVIDENCE',
          window: w,
          resource: ROOT_RESOURCE,
          message: `The loaded CloudTrail (${spanText(cov)}) does not overlap ${windowText}, so it cannot show whether root was used then.${latestText} Load logs for the window: the trail's S3 files (Event history keeps only 90 days).`,
          evidence,
        };
      }
      const headMissing = cov.start > start;
      const tailMissing = cov.end < asOf - COVERAGE_END_TOLERANCE_MS;
      if (headMissing || tailMissing) {
        const missing: string[] = [];
        if (headMissing) missing.push(`${toIso(start)} to ${toIso(Math.min(cov.start, asOf))}`);
        if (tailMissing) missing.push(`${toIso(Math.max(cov.end, start))} to ${toIso(asOf)}`);
        return {
          status: 'NEEDS_EVIDENCE',
          window: w,
          resource: ROOT_RESOURCE,
          message:
            `No root events in the ${formatDuration(covered)} covered, window is ${w} days: the loaded CloudTrail spans ${spanText(cov)}, the window runs ${toIso(start)} to ${toIso(asOf)}. ` +
            `Load logs for ${missing.join(' and ')} to decide (the trail's S3 files; Event history keeps only 90 days).${latestText}`,
          evidence,
        };
      }
      const quiet = daysWithoutEvents(ct, cov, start, asOf);
      let quietText = '';
      if (quiet.length > 0) {
        const named = quiet.slice(0, MAX_QUIET_DAYS_NAMED).join(', ') + (quiet.length > MAX_QUIET_DAYS_NAMED ? `, and ${quiet.length - MAX_QUIET_DAYS_NAMED} more` : '');
        quietText = ` ${plural(quiet.length, 'UTC day')} inside it ${quiet.length === 1 ? 'has' : 'have'} no event of any identity (${named}); if logs are missing there, root use on those days would not show.`;
        evidence.push({ input: label, field: 'daysWithoutEvents', value: String(quiet.length), note: quiet.join(', ') });
      }
      const tail = cov.end < asOf ? ` The last ${formatDuration(asOf - cov.end)} before as-of hold no loaded event (within the ${formatDuration(COVERAGE_END_TOLERANCE_MS)} allowed for delivery delay).` : '';
      return {
        status: 'PASS',
        window: w,
        resource: ROOT_RESOURCE,
        message: `No root events within ${windowText}; the loaded CloudTrail covers it (${spanText(cov)}).${tail}${quietText}${latestText}`,
        evidence,
      };
    });
  },
});
