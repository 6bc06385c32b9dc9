// Display helpers. Fixed locale so numbers look the same on every machine; times always in UTC.
import type { AsOfSource, InputKind, Status } from '../core/types';

const intFmt = new Intl.NumberFormat('en-US');

export const fmtInt = (n: number): string => intFmt.format(n);

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** "2025-06-02 09:30 UTC" (seconds kept when not zero). */
export function fmtUtc(iso: string | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const s = new Date(ms).toISOString();
  const sec = s.slice(17, 19);
  return `${s.slice(0, 10)} ${s.slice(11, 16)}${sec !== '00' ? `:${sec}` : ''} UTC`;
}

export function fmtDays(days: number | undefined): string {
  if (days === undefined) return '—';
  if (days < 0) return `${fmtInt(-days)} ${-days === 1 ? 'day' : 'days'} after as-of`;
  return `${fmtInt(days)} ${days === 1 ? 'day' : 'days'}`;
}

/** The value a datetime-local input shows for an instant, read as UTC. */
export const toDatetimeLocal = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

/** Parses a datetime-local value as UTC (not the browser's zone). */
export function fromDatetimeLocal(v: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) return undefined;
  const ms = Date.parse(`${v}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

export const AS_OF_SOURCE_TEXT: Record<AsOfSource, string> = {
  report: "the credential report's generation time (GeneratedTime)",
  'file-date': "the report file's last-modified date (a raw CSV carries no generation time)",
  now: 'the evaluation clock (now): no report time is known',
  pinned: 'pinned by you',
};

export const AS_OF_SOURCE_SHORT: Record<AsOfSource, string> = {
  report: 'report',
  'file-date': 'file date',
  now: 'now',
  pinned: 'pinned',
};

export const KIND_TEXT: Record<InputKind, string> = {
  'credential-report': 'Credential report',
  'credential-report-error': 'Credential report error answer',
  cloudtrail: 'CloudTrail',
  'virtual-mfa-devices': 'Virtual MFA device list',
  'account-summary': 'Account summary',
  'metric-filters': 'Metric filters',
  'metric-alarms': 'CloudWatch alarms',
  'organizations-accounts': 'Organizations account list',
  exceptions: 'Exceptions',
  ignored: 'Ignored',
  unknown: 'Not recognised',
};

export const STATUS_TEXT: Record<Status, string> = {
  FAIL: 'FAIL',
  PASS: 'PASS',
  NEEDS_EVIDENCE: 'NEEDS EVIDENCE',
  NOT_APPLICABLE: 'NOT APPLICABLE',
  EXCEPTED: 'EXCEPTED',
};

export const CREDENTIAL_TEXT: Record<string, string> = {
  password: 'Password',
  access_key_1: 'Access key 1',
  access_key_2: 'Access key 2',
  cert_1: 'Signing certificate 1',
  cert_2: 'Signing certificate 2',
  mfa: 'MFA',
};

export const accountLabel = (id: string | null, name?: string): string => (id === null ? 'Account unknown' : name ? `${name} · ${id}` : id);

export const plural = (n: number, one: string, many = `${one}s`): string => `${fmtInt(n)} ${n === 1 ? one : many}`;
