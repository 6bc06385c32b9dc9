import type { AssumeRootCall, RootEvent } from '../cloudtrail/model';
import { ageInDays, toIso, withinWindow } from '../time';
import type { Evidence } from '../types';
import { coverageEvidence, judgeLookback, lookbackText, nothingFound } from './cloudtrail-lookback';
import { iso27001, nist80053, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE } from './define-rule';
import { CENTRALIZED_ROOT_ACCESS, CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING, ROOT_SCP_PREVENTION } from './remediation-snippets';
import { byTime, citeEvents, firstToLast, groupBy } from './root-events';
import { plural, tally } from './wording';

const NO_KEY = '(no session key recorded)';

/** Task-session events grouped by their temporary (ASIA) key: one key, one sts:AssumeRoot session. */
function taskSessions(events: readonly RootEvent[]): { key: string; events: RootEvent[] }[] {
  return groupBy(events, (e) => e.accessKeyId?.trim() || NO_KEY).sort((a, b) => byTime(a.events[0] as RootEvent, b.events[0] as RootEvent));
}

function citeCall(c: AssumeRootCall, asOf: number): Evidence {
  const ev: Evidence = {
    input: c.input,
    field: 'AssumeRoot',
    value: toIso(c.time),
    ageDays: ageInDays(c.time, asOf),
    note: `by ${c.callerArn ?? 'an unrecorded caller'} for account ${c.targetAccountId ?? 'unrecorded'} with ${c.taskPolicyArn ?? 'an unrecorded task policy'}`,
  };
  if (c.eventId !== undefined) ev.eventId = c.eventId;
  return ev;
}

export const ctRootTaskSession = defineRule({
  id: 'CT-ROOT-TASK-SESSION',
  title: 'Privileged root task sessions (centralized root access)',
  severity: 'info',
  needs: ['cloudtrail'],
  scope: 'root',
  rationale:
    'With centralized root access, the management or delegated admin account runs sts:AssumeRoot to get a 15-minute root session limited by a task policy, instead of anyone holding a root password. These sessions are the intended way to do root-only tasks; they are listed so each can be matched to a request, never counted as a failure.',
  remediation: {
    console: [
      'Review each session: who called sts:AssumeRoot (the caller ARN in the management or delegated admin account), which task policy, and what the session did in the member account.',
      'In IAM → Root access management (management account), check which accounts still have root credentials and remove them.',
    ],
    cli: [
      '# Caller side, in the management or delegated admin account (the region the regional STS endpoint was called in):',
      'aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRoot --output json',
      '# Enabling centralized root access (once, from the management account):',
      ...CENTRALIZED_ROOT_ACCESS,
      `# ${CENTRALIZED_ROOT_ACCESS_REMOVES_NOTHING}`,
    ],
    prevention: [
      'Grant sts:AssumeRoot only to a small break-glass role, and only with the task policies you need (for example arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials); condition it on sts:TaskPolicyArn.',
      ROOT_SCP_PREVENTION,
      'Alert on AssumeRoot calls with an EventBridge rule on eventName AssumeRoot in the management account, so each session is reviewed.',
    ],
    verify: ['Each session in the evidence matches an approved request; nothing else needs to change.'],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html',
    'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html',
  ],
  controls: [
    ...suggested([nist80053('AC-6(5)')]),
    iso27001('A.8.15'),
    soc2('CC6.3'),
    soc2('CC7.2'),
  ],
  evaluate: (ctx) =>
    judgeLookback(ctx, 'privileged root task sessions', (lb) => {
      const { asOf, label } = lb;
      const sessionEvents = lb.events.filter((e) => e.assumedRoot);
      const calls = lb.ct.assumeRootCalls.filter((c) => withinWindow(c.time, asOf, lb.days)).sort(byTime);
      const lookText = lookbackText(lb);
      if (sessionEvents.length === 0 && calls.length === 0) {
        // Nothing to list: NOT_APPLICABLE only when the logs cover the look-back, like every CT rule's absence.
        const older = lb.history.filter((e) => e.assumedRoot);
        return nothingFound(lb, 'privileged root task session (sts:AssumeRoot)', older, [], ' Nothing to list.', 'NOT_APPLICABLE');
      }
      const sessions = taskSessions(sessionEvents);
      const perSession: Evidence[] = sessions.map((s) => ({
        input: label,
        field: 'session',
        value: s.key,
        note: `${plural(s.events.length, 'event')}, ${firstToLast(s.events)}: ${tally(s.events.map((e) => e.eventName), 5)}`,
      }));
      const parts: string[] = [];
      if (sessions.length > 0) parts.push(`${plural(sessions.length, 'privileged root task session')} in this account (${plural(sessionEvents.length, 'event')}: ${tally(sessionEvents.map((e) => e.eventName), 5)})`);
      if (calls.length > 0) parts.push(`${plural(calls.length, 'sts:AssumeRoot call')} made from this account for ${tally(calls.map((c) => c.targetAccountId), 5)}`);
      return {
        status: 'PASS',
        resource: ROOT_RESOURCE,
        message: `${parts.join('; ')} in ${lookText}. Listed for review: this is the sanctioned way to do root-only tasks, not a failure.`,
        evidence: [...perSession, ...citeEvents(sessionEvents, asOf, label), ...calls.map((c) => citeCall(c, asOf)), coverageEvidence(lb.ct, lb.span)],
      };
    }),
});
