// The input reader table: what a file is and how it is read, in ONE order. Detection is by content
// only; the first reader whose `detect` answers reads the file. The order matters where shapes
// overlap, and is:
//
//  1. credential-report-csv        the report CSV (header with user + password_enabled / access_key_1_active / arn)
//  2. cloudtrail-query-result      the result of credaudit's own SQL (Athena, CloudTrail Lake, DuckDB; CSV or
//                                  JSON), by its credaudit_row column: before the CloudTrail shapes, whose
//                                  Lake and Athena CSV readers would take it for plain query rows
//  3. cloudtrail/<format>          every CloudTrail shape, in the order of cloudtrail/detect.ts:
//                                  digest (skipped), Lake, lookup-events, EventBridge, Lambda awslogs,
//                                  CloudWatch Logs, S3 Records, bare records, console CSV (older, newer),
//                                  Athena CSV, base64 payload. CloudTrail goes before any JSON parse:
//                                  a 100 MB log is recognised from its head.
//  Then JSON files up to 64 MB, parsed once (InputText.json):
//  4. credential-report-json       get-credential-report JSON (Content base64 or decoded; placebo wrapper)
//  5. credential-report-error      the API's error answers (ReportNotPresent, ReportExpired, ...)
//  6. generate-credential-report   {"State": "STARTED"}: not the report (skipped, with how to get it)
//  7. list-virtual-mfa-devices     evidence files, by their top-level key: VirtualMFADevices,
//  8. get-account-summary          SummaryMap,
//  9. describe-metric-filters      metricFilters,
// 10. describe-alarms              MetricAlarms,
// 11. organizations-list-accounts  Accounts,
// 12. iam-list-organizations-features  EnabledFeatures,
// 13. previous-audit               credaudit's own evidence JSON (tool.name "credaudit", findings, asOf):
//                                  the baseline of "Changes since <as-of>"
//  Anything else is a problem: "Not valid JSON ...", "Unknown JSON ..." or "Unknown format ...".
//
// The exceptions file has its own reader (exceptions-reader.ts), used only when a file is named
// as the exceptions file (purpose 'exceptions'); it is never detected among audit inputs.
import { clip } from '../text';
import { CLOUDTRAIL_READERS } from './cloudtrail-readers';
import { queryResultReader } from './query-result-reader';
import { accountSummaryReader, alarmsReader, metricFiltersReader, orgAccountsReader, orgFeaturesReader, virtualMfaReader } from './evidence-file-readers';
import { exceptionsReader } from './exceptions-reader';
import { previousAuditReader } from './previous-audit-reader';
import { inputRead, type InputRead, type InputReader, type ReadContext, type InputText } from './reader';
import { generateResponseReader, reportCsvReader, reportErrorReader, reportJsonReader } from './report-readers';

export const READERS: readonly InputReader[] = [
  reportCsvReader,
  queryResultReader,
  ...CLOUDTRAIL_READERS,
  reportJsonReader,
  reportErrorReader,
  generateResponseReader,
  virtualMfaReader,
  accountSummaryReader,
  metricFiltersReader,
  alarmsReader,
  orgAccountsReader,
  orgFeaturesReader,
  previousAuditReader,
  exceptionsReader,
];

/** The first reader (for `purpose`) that recognises the text, with what it found. */
export function detectInput(input: InputText, purpose: InputReader['purpose'] = 'audit'): { reader: InputReader; match: unknown } | undefined {
  for (const reader of READERS) {
    if (reader.purpose !== purpose) continue;
    const match = reader.detect(input);
    if (match !== undefined) return { reader, match };
  }
  return undefined;
}

/** Detects and reads one decoded text. Never throws for bad input: what is not recognised is a problem. */
export async function readInput(input: InputText, ctx: ReadContext, purpose: InputReader['purpose'] = 'audit'): Promise<InputRead> {
  const found = detectInput(input, purpose);
  return found ? found.reader.read(input, found.match, ctx) : unrecognised(input);
}

function unrecognised(input: InputText): InputRead {
  const probe = input.json();
  const message =
    probe === undefined
      ? 'Unknown format: not a credential report (CSV or JSON), CloudTrail log, or a supported evidence file. It was not used.'
      : probe.ok
        ? 'Unknown JSON: not a credential report, CloudTrail log, or supported evidence file. It was not used.'
        : `Not valid JSON and not a known format (${clip(probe.error, 120)}).`;
  return inputRead('unknown', 'unknown', [{ input: input.name, severity: 'error', message }]);
}
