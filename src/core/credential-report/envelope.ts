// Credential-report envelopes: raw CSV, get-credential-report JSON (base64 or decoded Content),
// placebo/boto3 wrappers, and the API's error answers.
import { parseUtc } from '../time';

export type ReportEnvelope =
  | { kind: 'csv'; format: string; csv: string; generatedTime?: number; generatedTimeText?: string }
  | { kind: 'error'; format: string; code: string; message: string };

const b64Re = /^[A-Za-z0-9+/=\s]+$/;

function decodeBase64(s: string): string | undefined {
  const compact = s.replace(/\s+/g, '');
  if (!b64Re.test(compact) || compact.length % 4 !== 0) return undefined;
  try {
    const bin = atob(compact);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder('utf-8').decode(bytes);
  } catch {
    return undefined;
  }
}

/** GeneratedTime as an ISO string, epoch seconds, or a boto3/placebo `{"__class__":"datetime",...}` object. */
export function readGeneratedTime(v: unknown): number | undefined {
  if (typeof v === 'string') return parseUtc(v)?.ms;
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e11 ? v : v * 1000;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const n = (k: string, d = 0) => (typeof o[k] === 'number' ? (o[k] as number) : d);
    if (typeof o.year === 'number' && typeof o.month === 'number' && typeof o.day === 'number') {
      return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'), Math.floor(n('microsecond') / 1000));
    }
  }
  return undefined;
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
    csv = decodeBase64(content);
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
