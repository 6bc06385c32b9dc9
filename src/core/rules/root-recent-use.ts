import type { DateColumn } from '../credential-report/model';
import { describeAge, toIso, withinWindow } from '../time';
import type { Evidence } from '../types';
import { CIS_ROOT_USE, iso27001, nist80053, soc2 } from './controls';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { CIS_ROOT_FILTER_PATTERN, LOOKUP_ROOT_EVENTS, ROOT_SCP_PREVENTION, VERIFY_WITH_NEW_REPORT } from './remediation-snippets';
import { cellText, cite, laterThanAsOf, noRootRow, readLastUsed, unreadable } from './report-readings';
import { listOf } from './wording';

/** Every root credential that leaves a last-used date. Seed 000's TODO: keys count, not only the password. */
const USE_COLUMNS = ['password_last_used', 'access_key_1_last_used_date', 'access_key_2_last_used_date'] as const satisfies readonly DateColumn[];

export const rootRecentUse = defineRule({
  id: 'ROOT-RECENT-USE',
  title: 'Root user was used recently',
  severity: 'high',
  needs: ['credential-report'],
  perWindow: true,
  scope: 'root',
  rationale:
    'Root can do everything, including closing the account and changing its contact and billing details, and IAM policies cannot restrain it. Routine use of root means its credentials are handled often, which is how they leak; only the few tasks that require root should ever use it.',
  remediation: {
    console: [
      'Find out who used root and why: open CloudTrail → Event history in us-east-1, filter "User name" = root, and read each event (console sign-ins are recorded in us-east-1).',
      'If the use was not an approved root-only task, treat it as a possible compromise: sign in as root, change the password, review the MFA devices, delete any access key, and check the account contact, billing and alternate-contact details.',
      'Move routine administration to IAM Identity Center or IAM roles with temporary credentials; do not create an admin IAM user with long-term access keys as a substitute.',
      'If a root access key was the credential used, give that workload an IAM role and delete the key (see ROOT-ACCESS-KEY-ACTIVE).',
    ],
    cli: [
      '# Root events of the last 90 days in Event history for one region (us-east-1 holds the console sign-ins; repeat per region used):',
      `${LOOKUP_ROOT_EVENTS} > root-events.json`,
      '# Re-check the report after acting:',
      ...VERIFY_WITH_NEW_REPORT,
    ],
    prevention: [
      'Turn on centralized root access in AWS Organizations and remove root credentials from member accounts (enabling it removes nothing by itself); do root-only tasks with short aws sts assume-root sessions.',
      ROOT_SCP_PREVENTION,
      `Alert on every root use with the CIS metric filter and alarm (aws logs put-metric-filter with ${CIS_ROOT_FILTER_PATTERN}, then aws cloudwatch put-metric-alarm with an SNS action; see ROOT-USAGE-ALARM) or an EventBridge rule on root sign-in (see CT-ROOT-SIGN-IN).`,
      'Keep the root password and MFA devices in a controlled break-glass procedure with named custodians.',
    ],
    verify: [
      'Load a credential report generated after the window has passed (IAM hands back a report younger than 4 hours instead of making a new one): password_last_used and both access_key_N_last_used_date of <root_account> fall outside the window, or read N/A / no_information.',
      'Load CloudTrail for the same period: CT-ROOT-ACTIVITY shows no root events in the window.',
    ],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html',
  ],
  controls: [
    ...CIS_ROOT_USE,
    nist80053('AC-6(5)'),
    nist80053('AC-2'),
    iso27001('A.5.15'),
    iso27001('A.8.16'),
    soc2('CC6.3'),
    soc2('CC7.2'),
  ],
  evaluate(ctx): FindingDraft[] {
    const report = ctx.account.report;
    const root = report?.root;
    if (!report || !root) return ctx.windows.flatMap((w) => noRootRow(ctx, w));
    const { asOf } = ctx;

    let latest: { column: DateColumn; ms: number; raw: string } | undefined;
    const never: string[] = [];
    const unknown: string[] = [];
    for (const column of USE_COLUMNS) {
      const cell = root.dates[column];
      const reading = readLastUsed(cell);
      if (reading.kind === 'used') {
        laterThanAsOf(ctx, report, root, column);
        if (!latest || reading.ms > latest.ms) latest = { column, ms: reading.ms, raw: cell.kind === 'value' ? cell.raw : '' };
      } else if (reading.kind === 'never') {
        never.push(`${column} ${cellText(cell)}`);
      } else {
        unknown.push(unreadable(column, cell));
      }
    }
    const evidence = (): Evidence[] =>
      USE_COLUMNS.map((column) => {
        const ev = cite(report, root, column, asOf);
        if (latest?.column === column) ev.note = latest.ms > asOf ? 'latest root use; later than as-of' : 'latest root use';
        return ev;
      });
    const lastText = latest ? `${latest.column} ${latest.raw} (${describeAge(latest.ms, asOf)})` : '';

    return ctx.windows.map((w): FindingDraft => {
      if (latest && withinWindow(latest.ms, asOf, w)) {
        return {
          status: 'FAIL',
          window: w,
          resource: ROOT_RESOURCE,
          message: `Root was used within the ${w}-day window before ${toIso(asOf)}: latest use is ${lastText}.`,
          evidence: evidence(),
        };
      }
      if (unknown.length > 0) {
        return {
          status: 'NEEDS_EVIDENCE',
          window: w,
          resource: ROOT_RESOURCE,
          message: `No root use within ${w} days among the readable columns${latest ? ` (latest: ${lastText})` : ''}, but ${listOf(unknown)}. Load the report as AWS produces it, or CloudTrail for the window.`,
          evidence: evidence(),
        };
      }
      return {
        status: 'PASS',
        window: w,
        resource: ROOT_RESOURCE,
        message: latest
          ? `No root use within the ${w}-day window: latest use is ${lastText}.`
          : `The report records no root use at all (${listOf(never)}).`,
        evidence: evidence(),
      };
    });
  },
});
