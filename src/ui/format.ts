// Display helpers. Fixed locale so numbers look the same on every machine; times always in UTC,
// formatted with date-fns pinned to UTC (`{ in: utc }`) from the same instants the rules used. The
// engine's window arithmetic stays integer milliseconds in core; this only renders.
import { utc } from '@date-fns/utc';
import { format } from 'date-fns';
import type { AsOfSource, InputKind, Status } from '../core/types';

const intFmt = new Intl.NumberFormat('en-US');

export const fmtInt = (n: number): string => intFmt.format(n);

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

const msOf = (iso: string | number | undefined): number | undefined => {
  if (iso === undefined) return undefined;
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
};

/** "2025-06-02 09:30 UTC" (seconds kept when not zero): the one human form of an instant. */
export function fmtUtc(iso: string | number | undefined): string {
  const ms = msOf(iso);
  if (ms === undefined) return iso === undefined ? '—' : String(iso);
  return format(ms, ms % 60_000 === 0 ? "yyyy-MM-dd HH:mm 'UTC'" : "yyyy-MM-dd HH:mm:ss 'UTC'", { in: utc });
}

/** "2025-06-02" (UTC day). */
export function fmtDay(iso: string | number | undefined): string {
  const ms = msOf(iso);
  return ms === undefined ? '—' : format(ms, 'yyyy-MM-dd', { in: utc });
}

/** "2025-06-02 09:30 UTC · 94 days before as-of": an instant and the whole days the rule counted. */
export function fmtWhen(iso: string | undefined, ageDays: number | undefined): string {
  if (!iso) return '—';
  return ageDays === undefined ? fmtUtc(iso) : `${fmtUtc(iso)} · ${fmtAge(ageDays)}`;
}

/** "94 days before as-of", "today (as-of day)", "3 days after as-of" — never a negative age. */
export function fmtAge(days: number): string {
  if (days === 0) return 'under a day before as-of';
  if (days < 0) return `${plural(-days, 'day')} after as-of`;
  return `${plural(days, 'day')} before as-of`;
}

export function fmtDays(days: number | undefined): string {
  if (days === undefined) return '—';
  if (days < 0) return `${fmtInt(-days)} ${-days === 1 ? 'day' : 'days'} after as-of`;
  return `${fmtInt(days)} ${days === 1 ? 'day' : 'days'}`;
}

/** The as-of field's text for an instant: "2025-06-02 09:30:00", 24-hour, UTC, with seconds. */
export const toAsOfText = (ms: number): string => format(ms, 'yyyy-MM-dd HH:mm:ss', { in: utc });

/** Reads the as-of field as UTC: "YYYY-MM-DD HH:MM[:SS]" (a "T" or a trailing "Z"/"UTC" is accepted too). */
export function fromAsOfText(v: string): number | undefined {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?\s*(?:Z|UTC)?\s*$/i.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 31 April over to 1 May: refuse days the month does not have.
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}

export const AS_OF_SOURCE_TEXT: Record<AsOfSource, string> = {
  report: "the credential report's generation time (GeneratedTime)",
  'file-name': "the date-time in the report's file name (a raw CSV carries no generation time)",
  'file-date': "the report file's last-modified date (a raw CSV carries no generation time): pin it if the file was copied",
  'cloudtrail-end': 'the end of the loaded CloudTrail (its latest event): no credential report for this account',
  now: 'the evaluation clock (now): no report time is known',
  pinned: 'pinned by you',
};

export const AS_OF_SOURCE_SHORT: Record<AsOfSource, string> = {
  report: 'report',
  'file-name': 'file name',
  'file-date': 'file date',
  'cloudtrail-end': 'end of CloudTrail',
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
  'organization-features': 'Organization features (centralized root access)',
  exceptions: 'Exceptions',
  'previous-audit': 'Previous audit (baseline)',
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
