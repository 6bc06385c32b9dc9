import type { RootEvent } from '../cloudtrail/model';
import type { DateColumn } from '../credential-report/model';
import { formatDuration, HOUR_MS, toIso } from '../time';
import type { Evidence } from '../types';
import { clockedCoverage, coverageEvidence, loadCloudTrailHint, spanText } from './cloudtrail-lookback';
import { iso27001, nist80053, soc2, suggested } from './controls';
import { defineRule, ROOT_RESOURCE, type FindingDraft } from './define-rule';
import { LOOKUP_ROOT_EVENTS, VERIFY_WITH_NEW_REPORT } from './remediation-snippets';
import { cellText, cite, readLastUsed, unreadable, type UseReading } from './report-readings';
import { byTime, citeEvent, eventIdText, isLongTermKey, isSuccessfulSignIn } from './root-events';
import { listOf } from './wording';

/**
 * RULES.md's ±1 h: how far a CloudTrail event and a report date may differ and still be the same use.
 * The report records the first password use in each 5-minute span and a key's first use in each
 * 15-minute span (not the latest use), and its last-used data may trail the event by some minutes;
 * one hour covers all of that. The same margin applies before the report's generation time: a use
 * in the last hour may not be in it yet.
 */
export const SAME_USE_MS = HOUR_MS;

/**
 * password_last_used must lie this far inside the loaded span before the missing sign-in counts:
 * the sign-ins behind a recorded date (the first of its span, and later ones in it) can sit some
 * minutes from it.
 */
export const COVERAGE_INSET_MS = 15 * 60_000;

const KEY_COLUMNS = ['access_key_1_last_used_date', 'access_key_2_last_used_date'] as const satisfies readonly DateColumn[];

const reportUseText = (column: DateColumn, r: UseReading, raw: string): string => (r.kind === 'used' ? `${column} ${raw}` : `${column} ${raw} (no use recorded)`);

/** Plain (non task-session) root sign-ins: the ones that update password_last_used. */
const passwordSignIn = (e: RootEvent): boolean => isSuccessfulSignIn(e) && !e.assumedRoot;

export const xsrcRootLastUse = defineRule({
  id: 'XSRC-ROOT-LAST-USE',
  title: 'Credential report and CloudTrail disagree on root last use',
  severity: 'medium',
  needs: ['credential-report', 'cloudtrail'],
  scope: 'root',
  rationale:
    'The credential report and CloudTrail are two independent records of root use. When CloudTrail shows a use the report does not know, the report is stale or was taken from elsewhere; when the report shows a sign-in CloudTrail does not have, logs are missing (often us-east-1, where root sign-ins land) or another trail holds them. Either way a root check that relies on one of them can be wrong.',
  remediation: {
    console: [
      'Get a fresh credential report in the same account (IAM → Credential report → Download; IAM hands back the existing one while it is under 4 hours old) and compare again.',
      'Check that the CloudTrail you loaded includes us-east-1 (root console sign-ins are recorded there) and the days around the report\'s password_last_used.',
      'Look for a second trail or an organization trail that receives this account\'s events (CloudTrail → Trails, and in the management account), and for gaps in log delivery (S3 bucket policy, KMS key, a stopped trail).',
      'If a root access key was deleted recently, its last-used dates leave the report with it: that explains a key use that only CloudTrail shows.',
    ],
    cli: [
      ...VERIFY_WITH_NEW_REPORT,
      'aws cloudtrail describe-trails --include-shadow-trails --output json',
      'aws cloudtrail get-trail-status --name TRAIL_NAME   # IsLogging true, LatestDeliveryError empty',
      `${LOOKUP_ROOT_EVENTS} > root-events.json`,
    ],
    prevention: [
      'Keep one multi-region organization trail with log file validation, delivered to a central, locked S3 bucket; alert on delivery errors and on StopLogging / DeleteTrail.',
      'Collect the credential report and CloudTrail for an audit at the same time, from the same account, so they describe the same period.',
    ],
    verify: ['Load the new report and CloudTrail covering its password_last_used: XSRC-ROOT-LAST-USE passes.'],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html',
  ],
  controls: [
    ...suggested([nist80053('AU-6')]),
    iso27001('A.8.15'),
    soc2('CC7.2'),
  ],
  evaluate(ctx): FindingDraft[] {
    const report = ctx.account.report;
    const root = report?.root;
    const ct = ctx.account.cloudtrail;
    if (!report || !root || !ct) {
      const missing: string[] = [];
      if (!report) missing.push('no credential report was loaded (aws iam generate-credential-report, then aws iam get-credential-report --output json)');
      else if (!root) missing.push(`the credential report ${report.input} has no <root_account> row`);
      if (!ct) missing.push(`no CloudTrail was loaded (${loadCloudTrailHint()})`);
      return [{ status: 'NEEDS_EVIDENCE', resource: ROOT_RESOURCE, message: `Cannot compare root's last use between the credential report and CloudTrail: ${listOf(missing)}.`, evidence: [] }];
    }
    const cutoff = report.generatedTime ?? ctx.asOf;
    const cutoffText = report.generatedTime !== undefined ? `the report was generated (${toIso(cutoff)})` : `as-of (${toIso(cutoff)}; the report carries no generation time)`;
    const clocked = clockedCoverage(ct, ctx.now);
    const cov = clocked.span;
    const reportEvidence: Evidence[] = [
      { input: report.input, field: 'GeneratedTime', value: report.generatedTime !== undefined ? toIso(report.generatedTime) : '(unknown)', note: report.generatedTime !== undefined ? 'report side ends here' : `unknown; as-of ${toIso(ctx.asOf)} used instead` },
      cite(report, root, 'password_last_used', ctx.asOf),
      ...KEY_COLUMNS.map((c) => cite(report, root, c, ctx.asOf)),
      coverageEvidence(ct, cov),
    ];
    if (!cov) {
      const when = ct.eventTimes.length > 0 ? ` at or before the evaluation clock (${toIso(ctx.now)})` : '';
      return [{ status: 'NEEDS_EVIDENCE', resource: ROOT_RESOURCE, message: `The CloudTrail loaded for this account holds no events${when}, so there is nothing to compare the report with. ${loadCloudTrailHint()}`, evidence: reportEvidence }];
    }
    if (cov.start >= cutoff) {
      return [
        {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message: `The loaded CloudTrail (${spanText(cov)}) starts after ${cutoffText}, so the two describe different periods and cannot be compared. Load CloudTrail from before the report, or a report generated after ${toIso(cov.start)}.`,
          evidence: reportEvidence,
        },
      ];
    }

    const events = [...ct.rootEvents].sort(byTime);
    const comparable = (e: RootEvent) => e.time <= cutoff - SAME_USE_MS;
    const signIns = events.filter((e) => passwordSignIn(e) && comparable(e));
    const keyUses = events.filter((e) => isLongTermKey(e.accessKeyId) && comparable(e));
    const pwCell = root.dates.password_last_used;
    const pw = readLastUsed(pwCell);
    const keyReadings = KEY_COLUMNS.map((c) => ({ column: c, reading: readLastUsed(root.dates[c]), raw: cellText(root.dates[c]) }));
    // Where CloudTrail can speak about a moment: inside the loaded span, away from its edges and from holes.
    const whereInCoverage = (ms: number): string | undefined => {
      if (ms < cov.start || ms > cov.end) return `lies outside the loaded CloudTrail (${spanText(cov)})`;
      if (ms < cov.start + COVERAGE_INSET_MS || ms > cov.end - COVERAGE_INSET_MS) return `lies within ${formatDuration(COVERAGE_INSET_MS)} of the edge of the loaded CloudTrail (${spanText(cov)})`;
      const hole = clocked.holes.find((h) => ms > h.start - COVERAGE_INSET_MS && ms < h.end + COVERAGE_INSET_MS);
      return hole ? `lies in a stretch with no loaded event at all (${spanText(hole)})` : undefined;
    };

    const disagreements: string[] = [];
    const agreements: string[] = [];
    /** Comparisons CloudTrail can neither confirm nor contradict (RULES.md: NEEDS_EVIDENCE). */
    const undecided: string[] = [];
    const unknowns: string[] = [];
    const evidence: Evidence[] = [...reportEvidence];

    // 1. CloudTrail root use after the report's date for that credential, before the report was made.
    const lastSignIn = signIns[signIns.length - 1];
    if (pw.kind === 'unknown') {
      unknowns.push(unreadable('password_last_used', pwCell));
    } else {
      const pwText = reportUseText('password_last_used', pw, cellText(pwCell));
      if (lastSignIn && (pw.kind !== 'used' || lastSignIn.time > pw.ms + SAME_USE_MS)) {
        disagreements.push(`CloudTrail shows a root console sign-in at ${toIso(lastSignIn.time)}${eventIdText(lastSignIn)}, before ${cutoffText}, but the report has ${pwText}`);
        evidence.push(citeEvent(lastSignIn, ctx.asOf, `latest root sign-in before the report; later than its password_last_used: ${lastSignIn.sourceIp ? `from ${lastSignIn.sourceIp}` : 'source IP not recorded'}`));
      } else if (pw.kind === 'never') {
        agreements.push(`CloudTrail has no root sign-in before ${cutoffText}, and the report has ${pwText}`);
      }
    }

    // 2. The report's password use: inside the coverage CloudTrail must show the sign-in; outside it, CloudTrail cannot tell.
    if (pw.kind === 'used') {
      const outside = whereInCoverage(pw.ms);
      if (outside === undefined) {
        const near = events.filter((e) => passwordSignIn(e) && Math.abs(e.time - pw.ms) <= SAME_USE_MS);
        if (near.length === 0) {
          disagreements.push(
            `the report has password_last_used ${cellText(pwCell)}, inside the loaded CloudTrail (${spanText(cov)}), but CloudTrail has no successful root sign-in within ${formatDuration(SAME_USE_MS)} of it (is us-east-1 loaded? does another trail receive this account's sign-ins?)`,
          );
        } else {
          const n = near[near.length - 1] as RootEvent;
          agreements.push(`the report's password_last_used ${cellText(pwCell)} matches the root sign-in at ${toIso(n.time)}${eventIdText(n)}`);
          evidence.push(citeEvent(n, ctx.asOf, 'root sign-in matching password_last_used'));
        }
      } else {
        undecided.push(`the report's password_last_used ${cellText(pwCell)} ${outside}, so CloudTrail can neither confirm nor contradict it`);
      }
    }

    // 3. Long-term keys: a later AKIA call contradicts the report; its latest key use must be seen in CloudTrail to agree.
    const lastKeyUse = keyUses[keyUses.length - 1];
    const unreadableKeys = keyReadings.filter((k) => k.reading.kind === 'unknown');
    if (unreadableKeys.length > 0) {
      for (const k of unreadableKeys) unknowns.push(unreadable(k.column, root.dates[k.column]));
    } else {
      const used = keyReadings.flatMap((k) => (k.reading.kind === 'used' ? [{ ...k, ms: k.reading.ms }] : []));
      const latestKey = used.reduce<(typeof used)[number] | undefined>((a, b) => (!a || b.ms > a.ms ? b : a), undefined);
      const keyText = latestKey ? `${latestKey.column} ${latestKey.raw}` : 'no access key use recorded';
      if (lastKeyUse && (!latestKey || lastKeyUse.time > latestKey.ms + SAME_USE_MS)) {
        disagreements.push(
          `CloudTrail shows root calls with the long-term key ${lastKeyUse.accessKeyId} up to ${toIso(lastKeyUse.time)}${eventIdText(lastKeyUse)}, but the report has ${keyText}${latestKey ? '' : ' (if that key was deleted before the report, its dates left the report with it)'}`,
        );
        evidence.push(citeEvent(lastKeyUse, ctx.asOf, `latest root call with a long-term key before the report; later than the report's key dates`));
      } else if (latestKey) {
        const outside = whereInCoverage(latestKey.ms);
        const near = keyUses.filter((e) => Math.abs(e.time - latestKey.ms) <= SAME_USE_MS);
        if (outside === undefined && near.length > 0) {
          const n = near[near.length - 1] as RootEvent;
          agreements.push(`the latest root access-key call in CloudTrail (${toIso(n.time)}) fits ${keyText}`);
        } else {
          undecided.push(
            outside !== undefined
              ? `the report's ${keyText} ${outside}, so CloudTrail can neither confirm nor contradict it`
              : `the report's ${keyText} has no root call with a long-term key within ${formatDuration(SAME_USE_MS)} of it in the loaded CloudTrail (a region or data events not loaded would explain it)`,
          );
        }
      }
    }

    if (disagreements.length > 0) {
      return [
        {
          status: 'FAIL',
          resource: ROOT_RESOURCE,
          message: `The credential report and CloudTrail disagree on root's last use: ${disagreements.join('; and ')}. A stale report, missing logs or a second trail would explain it; find out which before trusting either for root checks.`,
          evidence,
        },
      ];
    }
    if (undecided.length > 0 || unknowns.length > 0 || agreements.length === 0) {
      const parts = [...undecided, ...unknowns];
      const agreed = agreements.length > 0 ? ` What agrees: ${agreements.join('; ')}.` : '';
      const todo = undecided.length > 0 ? ' Load CloudTrail that covers those dates (the trail\'s S3 files, us-east-1 included).' : ' Load the report as AWS produces it (aws iam get-credential-report --output json).';
      return [
        {
          status: 'NEEDS_EVIDENCE',
          resource: ROOT_RESOURCE,
          message: `CloudTrail (${spanText(cov)}) cannot confirm root's last use in the report: ${parts.length > 0 ? listOf(parts) : 'neither side records a use to compare'}.${agreed}${todo}`,
          evidence,
        },
      ];
    }
    return [
      {
        status: 'PASS',
        resource: ROOT_RESOURCE,
        message: `The credential report and CloudTrail (${spanText(cov)}) agree: ${agreements.join('; ')}.`,
        evidence,
      },
    ];
  },
});
