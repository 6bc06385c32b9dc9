// Credential-report envelopes: raw CSV, get-credential-report JSON (base64 or decoded Content),
// placebo/boto3 wrappers, and the API's error answers.
import { decodeBase64, utf8Text } from '../input/decode';
import { fromDateParts, fromEpochSecondsOrMs, isValidTime, parseUtc } from '../time';

export type ReportEnvelope =
  | { kind: 'csv'; format: string; csv: string; generatedTime?: number }
  | { kind: 'error'; format: string; code: string; message: string };

/**
 * GeneratedTime as an ISO string, epoch seconds (or ms), or a boto3/placebo `{"__class__":"datetime",...}`
 * object. Undefined when unreadable, including a time no date can hold (`1e300`, year 300000): the
 * report is still read, and as-of falls back (the reader says so).
 */
export function readGeneratedTime(v: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof v === 'string') ms = parseUtc(v)?.ms;
  else if (typeof v === 'number' && Number.isFinite(v)) ms = fromEpochSecondsOrMs(v);
  else if (v && typeof v === 'object') ms = fromDateParts(v as Record<string, unknown>);
  return ms !== undefined && isValidTime(ms) ? ms : undefined;
}

const ERROR_HELP: Record<string, string> = {
  ReportNotPresent:
    'AWS answered ReportNotPresent: no credential report exists yet. Run "aws iam generate-credential-report", wait until it says COMPLETE, then "aws iam get-credential-report --output json > report.json".',
  ReportExpired:
    'AWS answered ReportExpired: the last report is more than 4 hours old. Run "aws iam generate-credential-report", then "aws iam get-credential-report --output json" again.',
  ReportInProgress:
    'AWS answered ReportInProgress: the report is still being generated. Wait a few seconds and run "aws iam get-credential-report --output json" again; if it stays in progress, run "aws iam generate-credential-report" first and wait until it says COMPLETE.',
};

/**
 * Recognises a credential-report JSON envelope. Returns undefined when the object is not one.
 */
export function readReportEnvelope(obj: unknown): ReportEnvelope | undefined {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  let o = obj as Record<string, unknown>;
  let format = 'api-json';
  if ('status_code' in o && o.data && typeof o.data === 'object') {
    format = 'recorded-api-json';
    o = o.data as Record<string, unknown>;
  }
  const err = (o.Error ?? (o as { error?: unknown }).error) as Record<string, unknown> | undefined;
  if (err && typeof err === 'object' && typeof err.Code === 'string') {
    const code = err.Code;
    const help = ERROR_HELP[code];
    if (help || /Report/.test(code)) {
      return { kind: 'error', format: `${format}-error`, code, message: help ?? `AWS answered ${code}. Run "aws iam generate-credential-report" and download the report again.` };
    }
  }
  if (typeof o.Content !== 'string') return undefined;
  const content = o.Content;
  let csv: string | undefined;
  if (/^\uFEFF?\s*"?user"?,/.test(content)) {
    csv = content;
    format += '-decoded';
  } else {
    const bytes = decodeBase64(content, { padded: true });
    csv = bytes && utf8Text(bytes);
    format += '-base64';
  }
  if (csv === undefined) return undefined;
  const env: ReportEnvelope = { kind: 'csv', format, csv };
  const gt = readGeneratedTime(o.GeneratedTime);
  if (gt !== undefined) env.generatedTime = gt;
  return env;
}

/** A GenerateCredentialReport answer ({"State":"STARTED"|"COMPLETE"}): not a report, nothing to audit. */
export function isGenerateResponse(obj: unknown): string | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  let o = obj as Record<string, unknown>;
  if ('status_code' in o && o.data && typeof o.data === 'object') o = o.data as Record<string, unknown>;
  return typeof o.State === 'string' && ('Description' in o || Object.keys(o).length <= 3) ? o.State : undefined;
}
