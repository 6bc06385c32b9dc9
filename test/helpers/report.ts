// Test helpers: build a credential report from partial rows with the real parser, and a rule context.
import { REPORT_COLUMNS, ROOT_USER, type CredentialReport } from '../../src/core/credential-report/model';
import { parseCredentialReport, type ParseReportOptions } from '../../src/core/credential-report/parse';
import type { AccountData, RuleContext, RuleSettings } from '../../src/core/rules/define-rule';
import { DAY_MS } from '../../src/core/time';
import type { Evidence, Problem } from '../../src/core/types';

export const ACCOUNT = '123456789012';
export const INPUT = 'credential-report.csv';
/** The default as-of instant of every table test. */
export const AS_OF = '2025-06-01T12:00:00Z';
export const AS_OF_MS = Date.parse(AS_OF);

export type Row = Partial<Record<string, string>>;

/** Report timestamp text, `Z` form, without milliseconds unless they matter. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Timestamp text `days` days (plus `extraMs`) before `from` (default AS_OF). */
export function daysBefore(days: number, extraMs = 0, from = AS_OF_MS): string {
  return iso(from - days * DAY_MS - extraMs);
}

const NEVER_KEY = { active: 'false', rotated: 'N/A', used: 'N/A', region: 'N/A', service: 'N/A' };

/** A clean IAM user: console password with MFA, used recently, no keys, no certificates. */
export function userDefaults(user: string): Record<string, string> {
  return {
    user,
    arn: `arn:aws:iam::${ACCOUNT}:user/${user}`,
    user_creation_time: '2024-01-10T09:00:00Z',
    password_enabled: 'true',
    password_last_used: daysBefore(2),
    password_last_changed: '2024-01-10T09:05:00Z',
    password_next_rotation: 'N/A',
    mfa_active: 'true',
    ...keyCells(1, NEVER_KEY),
    ...keyCells(2, NEVER_KEY),
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
  };
}

/** A clean 2025-format root row: password with MFA, never used, no keys, no certificates. */
export function rootDefaults(): Record<string, string> {
  return {
    ...userDefaults(ROOT_USER),
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    user_creation_time: '2020-03-01T08:00:00Z',
    password_last_used: 'no_information',
    password_last_changed: '2020-03-01T08:00:00Z',
    password_next_rotation: 'not_supported',
  };
}

function keyCells(k: 1 | 2, v: typeof NEVER_KEY): Record<string, string> {
  return {
    [`access_key_${k}_active`]: v.active,
    [`access_key_${k}_last_rotated`]: v.rotated,
    [`access_key_${k}_last_used_date`]: v.used,
    [`access_key_${k}_last_used_region`]: v.region,
    [`access_key_${k}_last_used_service`]: v.service,
  };
}

/** Root row with overrides. */
export const root = (cells: Row = {}): Row => ({ user: ROOT_USER, ...cells });
/** User row with overrides. */
export const user = (name: string, cells: Row = {}): Row => ({ user: name, ...cells });

export interface BuildOptions {
  input?: string;
  /** Columns to drop from the header (and every row). */
  omit?: string[];
  /** Extra columns appended to the header. */
  extra?: string[];
  generatedTime?: number;
  fileTime?: number;
  format?: string;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Serializes rows as a credential-report CSV (defaults fill every cell not given). */
export function reportCsv(rows: Row[], opts: BuildOptions = {}): string {
  const omit = new Set(opts.omit ?? []);
  const header = [...REPORT_COLUMNS.filter((c) => !omit.has(c)), ...(opts.extra ?? [])];
  const lines = [header.join(',')];
  for (const r of rows) {
    const name = r.user ?? 'user';
    const base = name === ROOT_USER ? rootDefaults() : userDefaults(name);
    const full: Record<string, string> = { ...base };
    for (const [k, v] of Object.entries(r)) if (v !== undefined) full[k] = v;
    lines.push(header.map((h) => csvCell(full[h] ?? '')).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Builds a CredentialReport with the real parser. Throws if the parser rejects the text. */
export function buildReport(rows: Row[], opts: BuildOptions = {}): CredentialReport {
  const parseOpts: ParseReportOptions = { input: opts.input ?? INPUT, format: opts.format ?? 'csv' };
  if (opts.generatedTime !== undefined) parseOpts.generatedTime = opts.generatedTime;
  if (opts.fileTime !== undefined) parseOpts.fileTime = opts.fileTime;
  const { report, problems } = parseCredentialReport(reportCsv(rows, opts), parseOpts);
  if (!report) throw new Error(`test report did not parse: ${problems.map((p) => p.message).join('; ')}`);
  return report;
}

export type TestContext = RuleContext & { problems: Problem[] };

export interface CtxOptions {
  report?: CredentialReport;
  account?: Partial<AccountData>;
  asOf?: number | string;
  now?: number | string;
  windows?: number[];
  settings?: Partial<RuleSettings>;
}

const ms = (t: number | string): number => (typeof t === 'number' ? t : Date.parse(t));

/** A rule context with default settings (7 / 45 / 90 days) and windows 30 and 90; problems are collected. */
export function ctx(opts: CtxOptions = {}): TestContext {
  const problems: Problem[] = [];
  const account: AccountData = { accountId: opts.report?.accountId ?? ACCOUNT, olderReports: [], ...opts.account };
  if (opts.report) account.report = opts.report;
  const asOf = ms(opts.asOf ?? AS_OF_MS);
  return {
    account,
    asOf,
    now: ms(opts.now ?? asOf),
    windows: opts.windows ?? [30, 90],
    settings: { reportMaxAgeDays: 7, unusedCredentialDays: 45, keyRotationDays: 90, ...opts.settings },
    problem: (p) => problems.push(p),
    problems,
  };
}

/** Shortcut: a context over a report built from rows. */
export function ctxFor(rows: Row[], opts: CtxOptions & BuildOptions = {}): TestContext {
  return ctx({ ...opts, report: buildReport(rows, opts) });
}

/** The evidence cell for `field` in a finding (throws when absent, so a test fails loudly). */
export function cell(f: { evidence: Evidence[] }, field: string): Evidence {
  const e = f.evidence.find((x) => x.field === field);
  if (!e) throw new Error(`no evidence for ${field}; have ${f.evidence.map((x) => x.field).join(', ')}`);
  return e;
}

/** Removed root credentials, 2025 format: password off, no MFA, no keys, no certificates. */
export const REMOVED_ROOT: Row = { password_enabled: 'false', mfa_active: 'false', password_last_changed: 'N/A' };

/** A legacy (pre-2025) root row: password columns not_supported, timestamps with +00:00. */
export const LEGACY_ROOT: Row = {
  user_creation_time: '2016-05-01T10:00:00+00:00',
  password_enabled: 'not_supported',
  password_last_used: '2019-02-03T04:05:06+00:00',
  password_last_changed: 'not_supported',
  password_next_rotation: 'not_supported',
};
