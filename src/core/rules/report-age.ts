import { ageInDays, DAY_MS, describeAge, toIso } from '../time';
import type { Evidence } from '../types';
import { defineRule, type FindingDraft } from './define-rule';
import { iso27001, soc2 } from './controls';
import { VERIFY_WITH_NEW_REPORT } from './remediation-snippets';

const GET_REPORT = 'aws iam generate-credential-report, then aws iam get-credential-report --output json > credential-report.json';

/** Ages here are measured at the evaluation clock, not at as-of: said so when a time is later than it. */
const CLOCK = 'the evaluation clock';

/** A time's age at the evaluation clock; a time later than the clock gets no (negative) age, and its note says why. */
function clockAgeEvidence(input: string, field: string, ms: number, now: number): Evidence {
  if (ms > now) return { input, field, value: toIso(ms), note: `later than the evaluation clock ${toIso(now)}` };
  return { input, field, value: toIso(ms), ageDays: ageInDays(ms, now), note: field === 'GeneratedTime' ? `age at evaluation time ${toIso(now)}` : 'age at evaluation time' };
}

export const reportAge = defineRule({
  id: 'REPORT-AGE',
  title: 'Credential report is stale',
  severity: 'low',
  needs: ['credential-report'],
  scope: 'report',
  rationale:
    'Every verdict here is only as current as the credential report behind it: a key created or a root sign-in after the report was generated is invisible. AWS regenerates the report at most every four hours, so a report older than a few days should be refreshed before anyone relies on a PASS.',
  remediation: {
    console: [
      'Open IAM → Credential report and choose "Download credentials report" (IAM regenerates it if the current one is older than four hours).',
      'Record the generation time: the console CSV carries none, so note it, or prefer the CLI JSON below, which includes GeneratedTime.',
    ],
    cli: [...VERIFY_WITH_NEW_REPORT, '# credential-report.json holds Content (the CSV, base64) and GeneratedTime.'],
    prevention: [
      'Collect the report on a schedule (for example a daily job with iam:GenerateCredentialReport and iam:GetCredentialReport) and keep the JSON, so every audit starts from a fresh, dated report.',
      'Run this tool in CI against that collection with a --fail-on threshold.',
    ],
    verify: ['Load the new JSON report: REPORT-AGE passes and shows a generation time within the limit.'],
  },
  references: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html',
    'https://docs.aws.amazon.com/cli/latest/reference/iam/get-credential-report.html',
  ],
  // No benchmark control; freshness of audit evidence supports monitoring controls (suggested).
  controls: [iso27001('A.8.16'), soc2('CC7.2')],
  evaluate(ctx): FindingDraft[] {
    const report = ctx.account.report;
    // Without a report there is nothing to age; the root rules already say the report is missing.
    if (!report) return [];
    const max = ctx.settings.reportMaxAgeDays;
    const resource = report.input;
    const gen = report.generatedTime;
    if (gen === undefined) {
      const evidence: Evidence[] = [];
      let fileNote = '';
      if (report.fileTime !== undefined) {
        evidence.push(clockAgeEvidence(report.input, 'file lastModified', report.fileTime, ctx.now));
        fileNote = ` The file itself was last modified ${toIso(report.fileTime)} (${describeAge(report.fileTime, ctx.now, CLOCK)}); the report was generated at or before that, but the file date cannot prove when.`;
      }
      return [
        {
          status: 'NEEDS_EVIDENCE',
          resource,
          message: `The report carries no generation time (a raw CSV has none), so its age cannot be judged against ${max} days.${fileNote} Run ${GET_REPORT}, or pin the as-of time.`,
          evidence,
        },
      ];
    }
    const age = ctx.now - gen;
    const evidence: Evidence[] = [clockAgeEvidence(report.input, 'GeneratedTime', gen, ctx.now)];
    if (age > max * DAY_MS) {
      return [
        {
          status: 'FAIL',
          resource,
          message: `The report was generated ${toIso(gen)}, ${describeAge(gen, ctx.now, CLOCK)}: older than the ${max}-day limit. Run ${GET_REPORT}.`,
          evidence,
        },
      ];
    }
    if (age < 0) {
      ctx.problem({
        input: report.input,
        severity: 'warning',
        message: `${report.input}: GeneratedTime ${toIso(gen)} is later than the evaluation clock ${toIso(ctx.now)}; check the clock or --now.`,
      });
    }
    return [
      {
        status: 'PASS',
        resource,
        message: `The report was generated ${toIso(gen)}, ${describeAge(gen, ctx.now, CLOCK)}: within the ${max}-day limit.`,
        evidence,
      },
    ];
  },
});
