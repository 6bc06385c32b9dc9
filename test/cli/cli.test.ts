// The CLI in-process: run(argv, realNow, io) with a pinned --now. Real third-party reports from
// ../shared/real-world (read in place, never copied) and the synthetic fixtures in
// test/fixtures/reports. Asserts exit codes, output formats and the facts each report must yield.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_GUNZIP_BYTES } from '../../src/core/input/decode';
import { exitCodeFor, parseCliArgs } from '../../src/cli/main';
import type { AuditResult } from '../../src/core/types';
import { cli, cliJson, ev, FIX, NOW, only, REAL_NOW, rootStatuses } from './helpers';

const RW = resolve('../shared/real-world');
const RW_REL = '../shared/real-world';
const rwPresent = existsSync(RW);
if (!rwPresent) console.warn(`[credaudit] ${RW} is absent: the real-world credential-report CLI tests are skipped (they need the shared read-only samples next to the project).`);

const CUSTODIAN = `${RW_REL}/cloud-custodian--cloud-custodian`;
const CLOUDMAPPER = `${RW_REL}/duo-labs--cloudmapper/iam-get-credential-report.json`;
const ACCOUNT_REPORT = `${CUSTODIAN}/test_account_credential_report__iam.GetCredentialReport_1.json`;
const UNUSED_KEYS_2 = `${CUSTODIAN}/test_iam_user_unused_keys__iam.GetCredentialReport_2.json`;
const NOT_PRESENT_410 = `${CUSTODIAN}/test_iam_user_unused_keys__iam.GetCredentialReport_1.json`;
const IN_PROGRESS_404 = `${CUSTODIAN}/test_iam_user_unused_keys_report_in_progress__iam.GetCredentialReport_1.json`;
const MULTI_DELETE = `${CUSTODIAN}/test_iam_user_credential_multi_delete_noop__iam.GetCredentialReport_1.json`;
const REVERSE_FILTER = `${CUSTODIAN}/test_iam_user_credential_reverse_filter_delete__iam.GetCredentialReport_1.json`;
const GENERATE_STARTED = `${CUSTODIAN}/test_iam_user_unused_keys__iam.GenerateCredentialReport_1.json`;
const DYNAMIC_STALL = `${RW_REL}/dynamic-stall--aws-iam-credential-report/iam-report-2024-04-14UTC1715.csv`;

/** Every credential-report-related file in real-world/ (by name: reports, errors, generate answers, the derived CSV). */
function realWorldReportFiles(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(RW, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(RW, dir.name))) {
      if (/CredentialReport|credential-report|^iam-report-.*\.csv$/.test(f)) out.push(`${RW_REL}/${dir.name}/${f}`);
    }
  }
  return out.sort();
}

const ROOT_RULE_IDS = ['ROOT-ACCESS-KEY-ACTIVE', 'ROOT-ACCESS-KEY-EXISTS', 'ROOT-MFA-ENABLED', 'ROOT-HARDWARE-MFA', 'ROOT-RECENT-USE/30', 'ROOT-RECENT-USE/90', 'ROOT-SIGNING-CERT-ACTIVE', 'ROOT-CREDENTIALS-REMOVED', 'ROOT-USAGE-ALARM', 'ORG-ROOT-ACCESS-CENTRALIZED'];

describe.skipIf(!rwPresent)('real-world credential reports through the CLI', () => {
  it('every credential-report file: exit 0-2 and one parseable JSON result', async () => {
    const files = realWorldReportFiles();
    expect(files.length).toBe(10);
    for (const file of files) {
      const r = await cliJson(file);
      expect([file, r.code <= 2 && r.code >= 0]).toEqual([file, true]);
      expect(r.result.tool.name).toBe('credaudit');
      expect(r.result.evaluatedAt).toBe('2025-06-01T12:00:00.000Z');
      expect(r.result.inputs.map((i) => i.name)).toEqual([file]);
      expect(r.result.inputs[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('cloudmapper: root MFA on, key 1 active and used 161 days before GeneratedTime -> ROOT-ACCESS-KEY-ACTIVE FAIL', async () => {
    const { code, result } = await cliJson(CLOUDMAPPER);
    expect(code).toBe(1);
    expect(result.inputs[0]).toMatchObject({ kind: 'credential-report', format: 'api-json-decoded', records: 3, accountIds: ['123456789012'], generatedTime: '2019-05-07T15:40:22.000Z' });
    expect(result.accounts.map((a) => [a.accountId, a.asOf, a.hasRootRow, a.userCount])).toEqual([
      ['123456789012', { time: '2019-05-07T15:40:22.000Z', source: 'report' }, true, 2],
    ]);
    const mfa = only(result, 'ROOT-MFA-ENABLED', '123456789012');
    expect(mfa.status).toBe('PASS');
    expect(ev(mfa, 'mfa_active')).toEqual({ input: CLOUDMAPPER, line: 2, field: 'mfa_active', value: 'true' });
    const key = only(result, 'ROOT-ACCESS-KEY-ACTIVE', '123456789012');
    expect([key.status, key.severity]).toEqual(['FAIL', 'critical']);
    expect(ev(key, 'access_key_1_active')).toEqual({ input: CLOUDMAPPER, line: 2, field: 'access_key_1_active', value: 'true' });
    // 2018-11-27T00:02:00Z -> 2019-05-07T15:40:22Z is 161 days 15 h 38 min: 161 whole days.
    const days = Math.floor((Date.parse('2019-05-07T15:40:22Z') - Date.parse('2018-11-27T00:02:00Z')) / 86_400_000);
    expect(days).toBe(161);
    expect(ev(key, 'access_key_1_last_used_date')).toEqual({ input: CLOUDMAPPER, line: 2, field: 'access_key_1_last_used_date', value: '2018-11-27T00:02:00+00:00', ageDays: days });
    // The password (2019-03-03T16:58:16Z, 64 days 22 h) is the latest root use: outside 30 days, inside 90.
    expect([30, 90].map((w) => only(result, 'ROOT-RECENT-USE', '123456789012', { window: w }).status)).toEqual(['PASS', 'FAIL']);
    expect(ev(only(result, 'ROOT-RECENT-USE', '123456789012', { window: 90 }), 'password_last_used')).toMatchObject({ ageDays: 64, note: 'latest root use' });
  });

  it('custodian unused_keys_2: active root key, active root signing certificate, MFA off', async () => {
    const { code, result } = await cliJson(UNUSED_KEYS_2);
    expect(code).toBe(1);
    const acct = '619193117841';
    expect(result.accounts[0]?.asOf).toEqual({ time: '2016-11-25T14:30:42.000Z', source: 'report' });
    const key = only(result, 'ROOT-ACCESS-KEY-ACTIVE', acct);
    expect(key.status).toBe('FAIL');
    expect(ev(key, 'access_key_1_active')).toEqual({ input: UNUSED_KEYS_2, line: 2, field: 'access_key_1_active', value: 'true' });
    const cert = only(result, 'ROOT-SIGNING-CERT-ACTIVE', acct);
    expect([cert.status, cert.severity]).toEqual(['FAIL', 'high']);
    expect(ev(cert, 'cert_1_active')).toEqual({ input: UNUSED_KEYS_2, line: 2, field: 'cert_1_active', value: 'true' });
    const mfa = only(result, 'ROOT-MFA-ENABLED', acct);
    expect(mfa.status).toBe('FAIL');
    expect(ev(mfa, 'mfa_active')).toEqual({ input: UNUSED_KEYS_2, line: 2, field: 'mfa_active', value: 'false' });
    // Key 2 is inactive but still exists (it has a last_rotated date).
    const exists = only(result, 'ROOT-ACCESS-KEY-EXISTS', acct);
    expect(exists.status).toBe('FAIL');
    expect(ev(exists, 'access_key_2_active').value).toBe('false');
  });

  it('custodian account report: root MFA on and no keys; 21 rows; duplicate "christopher" flagged and both kept', async () => {
    const { code, result } = await cliJson(ACCOUNT_REPORT);
    expect(code).toBeLessThanOrEqual(2);
    expect(result.inputs[0]).toMatchObject({ kind: 'credential-report', format: 'recorded-api-json-decoded', records: 21, accountIds: ['644160558196'], generatedTime: '2017-02-22T23:07:48.000Z' });
    expect(result.accounts[0]?.userCount).toBe(20);
    expect(only(result, 'ROOT-MFA-ENABLED', '644160558196').status).toBe('PASS');
    expect(only(result, 'ROOT-ACCESS-KEY-ACTIVE', '644160558196').status).toBe('PASS');
    expect(only(result, 'ROOT-ACCESS-KEY-EXISTS', '644160558196').status).toBe('PASS');
    expect(result.problems.filter((p) => p.input === ACCOUNT_REPORT)).toEqual([
      { input: ACCOUNT_REPORT, line: 10, severity: 'warning', message: 'Duplicate row for user "christopher" (first on line 9); both are kept and evaluated.' },
    ]);
    const dup = result.findings.filter((f) => f.ruleId === 'USER-CONSOLE-WITHOUT-MFA' && f.resource === 'christopher');
    expect(dup.map((f) => ev(f, 'mfa_active').line)).toEqual([9, 10]);
  });

  it('multi_delete_noop: root MFA off, password_last_used no_information, the 2099 date flagged', async () => {
    const { code, result } = await cliJson(MULTI_DELETE);
    expect(code).toBe(1);
    const acct = '644160558196';
    const mfa = only(result, 'ROOT-MFA-ENABLED', acct);
    expect(mfa.status).toBe('FAIL');
    expect(ev(mfa, 'mfa_active')).toEqual({ input: MULTI_DELETE, line: 2, field: 'mfa_active', value: 'false' });
    const recent = only(result, 'ROOT-RECENT-USE', acct, { window: 30 });
    expect(recent.status).toBe('PASS');
    expect(ev(recent, 'password_last_used')).toEqual({ input: MULTI_DELETE, line: 2, field: 'password_last_used', value: 'no_information' });
    expect(result.problems).toContainEqual({
      input: MULTI_DELETE,
      line: 3,
      severity: 'warning',
      message: `${MULTI_DELETE} line 3: access_key_2_last_rotated of test1 (2099-02-03T09:50:21+00:00) is a timestamp later than as-of (2021-02-04T15:24:53.000Z); it counts as within every window.`,
    });
  });

  it('reverse_filter_delete: no root row -> every root rule NEEDS_EVIDENCE and a problem; uppercase booleans read', async () => {
    const { code, result } = await cliJson(REVERSE_FILTER);
    expect(code).toBeLessThanOrEqual(2);
    expect(rootStatuses(result, '123456789012')).toEqual(ROOT_RULE_IDS.map((id) => [id, 'NEEDS_EVIDENCE']));
    expect(result.accounts[0]?.hasRootRow).toBe(false);
    expect(result.problems).toContainEqual({
      input: REVERSE_FILTER,
      severity: 'warning',
      message: 'The report has no <root_account> row: every root check needs evidence. Download the report from the account itself (it always includes root).',
    });
    const multi = only(result, 'USER-MULTIPLE-ACTIVE-KEYS', '123456789012');
    expect(multi.status).toBe('FAIL');
    expect(ev(multi, 'access_key_1_active').value).toBe('TRUE');
  });

  it.each([
    [NOT_PRESENT_410, 'ReportNotPresent'],
    [IN_PROGRESS_404, 'ReportInProgress'],
  ])('%s: exit 2 and a clear message to run generate-credential-report', async (file, code) => {
    const r = await cliJson(file);
    expect(r.code).toBe(2);
    expect(r.err).toBe('credaudit: no usable input (no credential report row and no CloudTrail record was read); see problems.\n');
    expect(r.result.inputs[0]).toMatchObject({ kind: 'credential-report-error', format: 'recorded-api-json-error' });
    expect(r.result.problems).toHaveLength(1);
    expect(r.result.problems[0]).toMatchObject({ input: file, severity: 'error' });
    expect(r.result.problems[0]?.message).toMatch(new RegExp(`^AWS answered ${code}: .*aws iam generate-credential-report`));
    expect(r.result.findings).toEqual([]);
  });

  it('a GenerateCredentialReport answer alone: exit 2, an info problem', async () => {
    const r = await cliJson(GENERATE_STARTED);
    expect(r.code).toBe(2);
    expect(r.result.problems).toEqual([
      { input: GENERATE_STARTED, severity: 'info', message: 'This is the answer to generate-credential-report (State STARTED), not the report. Run "aws iam get-credential-report --output json" to download it.' },
    ]);
  });

  it('dynamic-stall derived CSV: account unknown, no root row, users evaluated', async () => {
    const { code, result } = await cliJson(DYNAMIC_STALL);
    expect(code).toBeLessThanOrEqual(2);
    expect(result.inputs[0]).toMatchObject({ kind: 'credential-report', format: 'csv', records: 11, accountIds: [] });
    expect(result.accounts.map((a) => [a.accountId, a.hasRootRow, a.userCount])).toEqual([[null, false, 11]]);
    expect(rootStatuses(result, null)).toEqual(ROOT_RULE_IDS.map((id) => [id, 'NEEDS_EVIDENCE']));
    const consoleMfa = result.findings.filter((f) => f.ruleId === 'USER-CONSOLE-WITHOUT-MFA');
    expect(consoleMfa).toHaveLength(11);
    expect(consoleMfa.filter((f) => f.status === 'FAIL')).toHaveLength(10);
    expect(consoleMfa.every((f) => f.accountId === null)).toBe(true);
    const msgs = result.problems.filter((p) => p.input === DYNAMIC_STALL).map((p) => p.message);
    expect(msgs).toContain('No ARN column or ARN values: the account is unknown. Results are grouped under "account unknown".');
    expect(msgs.some((m) => m.startsWith('Columns missing from the report: arn, user_creation_time,'))).toBe(true);
  });

  it('the custodian folder (reports, error answers, CloudTrail events) plus the others in one run: each account judged on its own', async () => {
    const { code, result } = await cliJson(CUSTODIAN, CLOUDMAPPER, DYNAMIC_STALL);
    expect(code).toBe(1);
    // 659775036450 comes from a CloudTrail event file in the same folder; the unknown account sorts last.
    expect(result.accounts.map((a) => a.accountId)).toEqual(['123456789012', '619193117841', '644160558196', '659775036450', null]);
    expect(result.inputs.filter((i) => i.kind === 'credential-report-error').map((i) => i.name)).toEqual([NOT_PRESENT_410, IN_PROGRESS_404]);
    // Two custodian reports share account 644160558196: the newer GeneratedTime (2021) wins.
    const acct = result.accounts.find((a) => a.accountId === '644160558196');
    expect(acct?.reportInput).toBe(MULTI_DELETE);
    expect(result.problems).toContainEqual({
      input: ACCOUNT_REPORT,
      severity: 'warning',
      message: `Another report for account 644160558196 (${MULTI_DELETE}) is newer; this one was not evaluated.`,
    });
    // cloudmapper and reverse_filter both say 123456789012; cloudmapper (2019) is older than reverse_filter (2020).
    expect(result.accounts.find((a) => a.accountId === '123456789012')?.reportInput).toBe(REVERSE_FILTER);
  });
});

describe('output formats', () => {
  const FILE = `${FIX}/api-base64-111122223333.json`;

  it('--format json prints exactly one JSON document (the AuditResult with its manifest)', async () => {
    const r = await cli('--format', 'json', '--now', NOW, FILE);
    expect(r.outs).toHaveLength(1);
    expect(r.out.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(r.out) as AuditResult & { manifestSha256: string };
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['tool', 'asOf', 'evaluatedAt', 'windows', 'inputs', 'accounts', 'findings', 'problems', 'summary', 'manifestSha256']));
    expect(doc.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.windows).toEqual([30, 90]);
    expect(r.err).toBe('');
  });

  it('text (the default) is a readable table with a summary', async () => {
    const r = await cli('--now', NOW, FILE);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^credaudit \S+ \(build \S+\)\n/);
    expect(r.out).toContain('As of 2025-06-01T12:00:00.000Z (credential report generation time)');
    expect(r.out).toMatch(/STATUS\s+SEVERITY\s+RULE\s+ACCOUNT\s+RESOURCE\s+MESSAGE/);
    expect(r.out).toMatch(/\nSummary: \d+ FAIL, /);
    expect(() => JSON.parse(r.out)).toThrow();
  });

  it('csv: RFC 4180 findings table, one row per finding', async () => {
    const json = await cliJson(FILE);
    const r = await cli('--format', 'csv', '--now', NOW, FILE);
    expect(r.out.startsWith('ruleId,window,status,underlyingStatus,severity,accountId,resource,title,message,evidence,')).toBe(true);
    expect(r.out.endsWith('\r\n')).toBe(true);
    const rows = Papa.parse<string[]>(r.out.trimEnd(), { newline: '\r\n' }).data;
    expect(rows.length - 1).toBe(json.result.findings.length);
    const key = rows.find((row) => row[0] === 'ROOT-ACCESS-KEY-ACTIVE');
    expect(key?.slice(0, 7)).toEqual(['ROOT-ACCESS-KEY-ACTIVE', '', 'FAIL', '', 'critical', '111122223333', '<root_account>']);
  });

  it('md: a Markdown report', async () => {
    const r = await cli('--format', 'md', '--now', NOW, FILE);
    expect(r.out.startsWith('# credaudit: AWS root credential audit — 111122223333\n')).toBe(true);
    expect(r.out).toContain('| File | Kind | Records | Bytes | Accounts | SHA-256 |');
  });

  it('oscal: an OSCAL assessment-results JSON document', async () => {
    const r = await cli('--format', 'oscal', '--now', NOW, FILE);
    expect(r.outs).toHaveLength(1);
    const doc = JSON.parse(r.out) as { 'assessment-results'?: { uuid?: string; results?: unknown[] } };
    expect(doc['assessment-results']?.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Array.isArray(doc['assessment-results']?.results)).toBe(true);
  });

  it('the same inputs and flags give byte-identical JSON (no clock, no machine zone)', async () => {
    const a = await cli('--format', 'json', '--now', NOW, FILE);
    const b = await cli('--format', 'json', '--now', NOW, FILE);
    expect(a.out).toBe(b.out);
  });
});

describe('exit codes and --fail-on', () => {
  const HIGH = `${FIX}/high-only-666677778888.csv`; // only a high FAIL (ROOT-RECENT-USE)
  const MEDIUM = `${FIX}/medium-only-444455556666.csv`; // only a medium FAIL (USER-KEY-NOT-ROTATED)
  const CRITICAL = `${FIX}/modern-111122223333.csv`; // a critical FAIL (ROOT-ACCESS-KEY-ACTIVE)
  const pinned = ['--as-of', NOW];

  it('the fixtures fail exactly where they should', async () => {
    const fails = async (f: string) => (await cliJson(...pinned, f)).result.findings.filter((x) => x.status === 'FAIL').map((x) => `${x.severity} ${x.ruleId}${x.window ? `/${x.window}` : ''}`);
    expect(await fails(HIGH)).toEqual(['high ROOT-RECENT-USE/30', 'high ROOT-RECENT-USE/90']);
    expect(await fails(MEDIUM)).toEqual(['medium USER-KEY-NOT-ROTATED']);
    expect(await fails(CRITICAL)).toContain('critical ROOT-ACCESS-KEY-ACTIVE');
  });

  it.each<[string, string, number]>([
    ['high', HIGH, 1],
    ['critical', HIGH, 0],
    ['never', HIGH, 0],
    ['medium', HIGH, 1],
    ['high', MEDIUM, 0],
    ['medium', MEDIUM, 1],
    ['low', MEDIUM, 1],
    ['critical', MEDIUM, 0],
    ['critical', CRITICAL, 1],
    ['never', CRITICAL, 0],
  ])('--fail-on %s with %s -> %i', async (failOn, file, code) => {
    const r = await cli('--format', 'json', '--now', NOW, ...pinned, '--fail-on', failOn, file);
    expect(r.code).toBe(code);
  });

  it('default --fail-on is high', async () => {
    expect((await cli('--now', NOW, ...pinned, HIGH)).code).toBe(1);
    expect((await cli('--now', NOW, ...pinned, MEDIUM)).code).toBe(0);
  });

  it('no usable input is 2 even with --fail-on never; a usable report next to garbage is not', async () => {
    const gone = await cliJson('--fail-on', 'never', `${FIX}/does-not-exist.csv`);
    expect(gone.code).toBe(2);
    expect(gone.result.problems).toEqual([{ input: `${FIX}/does-not-exist.csv`, severity: 'error', message: 'No such file or directory.' }]);
    const mixed = await cliJson('--fail-on', 'never', `${FIX}/does-not-exist.csv`, `${FIX}/generate-started.json`, HIGH);
    expect(mixed.code).toBe(0);
  });

  it('exitCodeFor: FAIL at or above the threshold; EXCEPTED does not count', () => {
    const base = { inputs: [{ kind: 'credential-report', records: 1 }], findings: [{ status: 'FAIL', severity: 'high' }, { status: 'EXCEPTED', severity: 'critical' }] } as unknown as AuditResult;
    expect(exitCodeFor(base, 'critical')).toBe(0);
    expect(exitCodeFor(base, 'high')).toBe(1);
    expect(exitCodeFor({ ...base, inputs: [] }, 'never')).toBe(2);
  });

  it.each<[string, string[], RegExp]>([
    ['no file', ['--now', NOW], /give at least one FILE or DIR/],
    ['bad --format', ['--format', 'xml', 'x.csv'], /--format must be one of json, text, csv, md, oscal/],
    ['bad --fail-on', ['--fail-on', 'sometimes', 'x.csv'], /--fail-on must be one of critical, high, medium, low, never/],
    ['bad --windows', ['--windows', '30,abc', 'x.csv'], /--windows takes positive whole days/],
    ['zero window', ['--windows', '0', 'x.csv'], /--windows takes positive whole days/],
    ['bad --now', ['--now', 'yesterday', 'x.csv'], /--now: "yesterday" is not an ISO 8601 date or date-time/],
    ['bad --as-of', ['--as-of', '2025-02-30', 'x.csv'], /--as-of: "2025-02-30" is not an ISO 8601/],
    ['unknown flag', ['--colour', 'x.csv'], /Unknown option '--colour'/],
    ['bad --time-offset', ['--time-offset', 'CET', 'x.csv'], /--time-offset takes UTC or ±HH:MM/],
    ['--time-offset beyond ±14:00', ['--time-offset', '+15:00', 'x.csv'], /--time-offset takes UTC or ±HH:MM\. "\+15:00" is not UTC/],
    ['--windows longer than a century', ['--windows', '30,40000', 'x.csv'], /--windows takes positive whole days, e\.g\. 30,90\. Not a whole number of days from 1 to 36500: 40000\./],
    ['empty --windows', ['--windows', '', 'x.csv'], /--windows takes positive whole days.*at least one window/],
  ])('usage error (%s) -> exit 2 with the message and the usage text on stderr', async (_label, argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^credaudit: /);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('Usage: credaudit');
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Exit codes: 0 no FAIL at or above --fail-on, 1 there is one, 2 no usable input or a usage error.');
  });

  it('--windows and --time-offset are parsed once, to values (core options.ts)', () => {
    const o = parseCliArgs(['--windows', '90, 30,30', '--time-offset=-0800', 'x.csv'], REAL_NOW);
    expect(o !== 'help' && [o.windows, o.naiveTimeOffsetMinutes]).toEqual([[30, 90], -480]);
  });

  it('--now defaults to the real clock given to run()', () => {
    const o = parseCliArgs(['x.csv'], REAL_NOW);
    expect(o !== 'help' && o.now).toBe(REAL_NOW);
  });
});

describe('directories, several reports and accounts', () => {
  const BATCH = `${FIX}/batch`;
  const OLDER = `${BATCH}/a-333344445555-older.json`;
  const NEWER = `${BATCH}/b-333344445555-newer.json`;
  const OTHER = `${BATCH}/nested/c-222233334444.json`;

  it('a directory is walked (sorted, nested, dot files skipped)', async () => {
    const { result } = await cliJson(BATCH);
    expect(result.inputs.map((i) => [i.name, i.kind])).toEqual([
      [OLDER, 'credential-report'],
      [NEWER, 'credential-report'],
      [OTHER, 'credential-report'],
    ]);
  });

  it('two reports for one account: the newest GeneratedTime wins, with a problem naming the other', async () => {
    const { result } = await cliJson(BATCH);
    const acct = result.accounts.find((a) => a.accountId === '333344445555');
    expect([acct?.reportInput, acct?.reportGeneratedTime, acct?.asOf]).toEqual([NEWER, '2025-06-01T00:00:00.000Z', { time: '2025-06-01T00:00:00.000Z', source: 'report' }]);
    expect(result.problems).toContainEqual({ input: OLDER, severity: 'warning', message: `Another report for account 333344445555 (${NEWER}) is newer; this one was not evaluated.` });
    // The older report had an active root key; the newer one has it inactive.
    const key = only(result, 'ROOT-ACCESS-KEY-ACTIVE', '333344445555');
    expect(key.status).toBe('PASS');
    expect(ev(key, 'access_key_1_active')).toEqual({ input: NEWER, line: 2, field: 'access_key_1_active', value: 'false' });
    expect(result.findings.some((f) => f.evidence.some((e) => e.input === OLDER))).toBe(false);
  });

  it('the order of the files does not change which report wins', async () => {
    const { result } = await cliJson(NEWER, OLDER);
    expect(result.accounts.map((a) => a.reportInput)).toEqual([NEWER]);
    expect(result.problems).toContainEqual({ input: OLDER, severity: 'warning', message: `Another report for account 333344445555 (${NEWER}) is newer; this one was not evaluated.` });
  });

  it('two accounts are judged separately, each at its own as-of', async () => {
    const { result } = await cliJson(BATCH);
    expect(result.accounts.map((a) => [a.accountId, a.asOf.time, a.reportInput])).toEqual([
      ['222233334444', '2025-06-01T06:30:00.000Z', OTHER],
      ['333344445555', '2025-06-01T00:00:00.000Z', NEWER],
    ]);
    expect(new Set(result.findings.map((f) => f.accountId))).toEqual(new Set(['222233334444', '333344445555']));
    const perAccount = (id: string) => result.findings.filter((f) => f.accountId === id && f.ruleId === 'ROOT-MFA-ENABLED');
    expect(perAccount('222233334444').map((f) => ev(f, 'mfa_active').input)).toEqual([OTHER]);
    expect(perAccount('333344445555').map((f) => ev(f, 'mfa_active').input)).toEqual([NEWER]);
    // The batch as-of is the latest account as-of.
    expect(result.asOf).toEqual({ time: '2025-06-01T06:30:00.000Z', source: 'report' });
  });
});

describe('--as-of and --windows', () => {
  const FILE = `${FIX}/modern-111122223333.csv`;

  it('--windows 1,30,45,90: one ROOT-RECENT-USE finding per window', async () => {
    const { result } = await cliJson('--as-of', '2025-06-01T12:00:00Z', '--windows', '1,30,45,90', FILE);
    expect(result.windows).toEqual([1, 30, 45, 90]);
    expect(result.asOf).toEqual({ time: '2025-06-01T12:00:00.000Z', source: 'pinned' });
    const recent = result.findings.filter((f) => f.ruleId === 'ROOT-RECENT-USE');
    // Latest root use: the password, 2025-05-20T09:15Z, 12 days before as-of.
    expect(recent.map((f) => [f.window, f.status])).toEqual([
      [1, 'PASS'],
      [30, 'FAIL'],
      [45, 'FAIL'],
      [90, 'FAIL'],
    ]);
    for (const f of recent) expect(ev(f, 'password_last_used')).toEqual({ input: FILE, line: 2, field: 'password_last_used', value: '2025-05-20T09:15:00Z', ageDays: 12, note: 'latest root use' });
  });

  it('--as-of moves every window: 55 days later only the 90-day window fails', async () => {
    const { result } = await cliJson('--as-of', '2025-07-14T12:00:00Z', '--windows', '90,45,30,1,30', FILE);
    expect(result.windows).toEqual([1, 30, 45, 90]);
    const recent = result.findings.filter((f) => f.ruleId === 'ROOT-RECENT-USE');
    expect(recent.map((f) => [f.window, f.status])).toEqual([
      [1, 'PASS'],
      [30, 'PASS'],
      [45, 'PASS'],
      [90, 'FAIL'],
    ]);
    expect(ev(recent[3] as (typeof recent)[number], 'password_last_used').ageDays).toBe(55);
    expect(ev(recent[3] as (typeof recent)[number], 'access_key_1_last_used_date').ageDays).toBe(85);
  });

  it('a date-only --as-of is midnight UTC', async () => {
    const { result } = await cliJson('--as-of', '2025-06-02', FILE);
    expect(result.asOf).toEqual({ time: '2025-06-02T00:00:00.000Z', source: 'pinned' });
  });

  it('without --as-of a raw CSV is measured from its file date, or from --now when the file is newer than --now', async () => {
    const { result } = await cliJson(FILE);
    expect(result.accounts[0]?.asOf.source).toMatch(/^(file-date|now)$/);
    const asOfMs = Date.parse(result.accounts[0]?.asOf.time ?? '');
    expect(asOfMs).toBeLessThanOrEqual(Date.parse(NOW));
  });
});

describe('--exceptions', () => {
  const FILE = `${FIX}/modern-111122223333.csv`;
  const EXC_JSON = `${FIX}/exceptions/exceptions.json`;
  const EXC_YAML = `${FIX}/exceptions/exceptions.yaml`;

  it.each([
    [EXC_JSON, { input: EXC_JSON, record: 3, severity: 'error', message: 'Exception #3 lacks accountId; ignored.' }],
    [EXC_YAML, { input: EXC_YAML, record: 3, severity: 'error', message: 'Exception #3: expires "next year" is not a date (YYYY-MM-DD); ignored.' }],
  ])('%s: live -> EXCEPTED with the entry attached; expired and malformed reported and ignored', async (file, malformed) => {
    const { code, result } = await cliJson('--as-of', NOW, '--exceptions', file, FILE);
    const key = only(result, 'ROOT-ACCESS-KEY-ACTIVE', '111122223333');
    expect([key.status, key.underlyingStatus]).toEqual(['EXCEPTED', 'FAIL']);
    expect(key.exception).toMatchObject({
      ruleId: 'ROOT-ACCESS-KEY-ACTIVE',
      accountId: '111122223333',
      owner: 'ops-lead@example.com',
      expires: '2025-12-31',
      ticket: 'SEC-101',
    });
    expect(ev(key, 'access_key_1_active')).toEqual({ input: FILE, line: 2, field: 'access_key_1_active', value: 'true' });
    // The expired acceptance for ROOT-RECENT-USE is ignored: those stay FAIL.
    expect(result.findings.filter((f) => f.ruleId === 'ROOT-RECENT-USE').map((f) => [f.window, f.status, f.exception])).toEqual([
      [30, 'FAIL', undefined],
      [90, 'FAIL', undefined],
    ]);
    expect(result.problems).toContainEqual({
      input: 'exceptions',
      severity: 'warning',
      message: 'Exception for ROOT-RECENT-USE in 111122223333 owned by ops-lead@example.com expired on 2025-01-31; ignored.',
    });
    expect(result.problems).toContainEqual(malformed);
    expect(result.exceptions.map((e) => e.ruleId)).toEqual(['ROOT-ACCESS-KEY-ACTIVE', 'ROOT-RECENT-USE']);
    expect(result.summary.byStatus.EXCEPTED).toBe(1);
    // ROOT-RECENT-USE (high) still fails.
    expect(code).toBe(1);
  });

  it('an excepted critical no longer fails --fail-on critical', async () => {
    expect((await cli('--now', NOW, '--as-of', NOW, '--fail-on', 'critical', FILE)).code).toBe(1);
    expect((await cli('--now', NOW, '--as-of', NOW, '--fail-on', 'critical', '--exceptions', EXC_JSON, FILE)).code).toBe(0);
  });

  it('an exception that has expired by --now is ignored', async () => {
    const { result } = await cliJson('--now', '2026-01-01T00:00:00Z', '--as-of', NOW, '--exceptions', EXC_JSON, FILE);
    expect(only(result, 'ROOT-ACCESS-KEY-ACTIVE', '111122223333').status).toBe('FAIL');
    expect(result.problems).toContainEqual({
      input: 'exceptions',
      severity: 'warning',
      message: 'Exception for ROOT-ACCESS-KEY-ACTIVE in 111122223333 owned by ops-lead@example.com expired on 2025-12-31; ignored.',
    });
  });

  it('an unreadable exceptions file is a usage error (exit 2)', async () => {
    const r = await cli('--now', NOW, '--exceptions', `${FIX}/exceptions/nope.yaml`, FILE);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`credaudit: cannot read --exceptions file ${FIX}/exceptions/nope.yaml (ENOENT)\n`);
  });

  it('an exceptions file that is not JSON or YAML: a problem, the audit still runs', async () => {
    const { code, result } = await cliJson('--as-of', NOW, '--exceptions', FILE, FILE);
    expect(code).toBe(1);
    expect(result.problems[0]).toMatchObject({ input: FILE, severity: 'error' });
    expect(result.summary.byStatus.EXCEPTED).toBe(0);
  });
});

describe('hostile files through the CLI (Node zlib gunzip)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'credaudit-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const GOOD = `${FIX}/high-only-666677778888.csv`;
  const label = (p: string) => relative(process.cwd(), p);

  it('a gzip bomb is refused, a truncated gzip is reported, a gzip report is read; the good file is still judged', async () => {
    const MB = 1024 * 1024;
    const member = gzipSync(Buffer.alloc(16 * MB), { level: 9 });
    const bomb = join(dir, 'bomb.csv.gz');
    writeFileSync(bomb, Buffer.concat(Array(Math.floor(MAX_GUNZIP_BYTES / (16 * MB)) + 1).fill(member)));
    const report = gzipSync(readFileSync(GOOD));
    const truncated = join(dir, 'truncated.csv.gz');
    writeFileSync(truncated, report.subarray(0, report.length - 20));
    const zipped = join(dir, 'report.csv.gz');
    writeFileSync(zipped, gzipSync(readFileSync(`${FIX}/medium-only-444455556666.csv`)));
    const { code, result } = await cliJson('--as-of', NOW, bomb, truncated, zipped, GOOD);
    expect(code).toBe(1);
    expect(result.problems.filter((p) => p.input === label(bomb))).toEqual([
      { input: label(bomb), severity: 'error', message: `The file decompresses to more than ${MAX_GUNZIP_BYTES / MB} MB; refused (possible gzip bomb).` },
    ]);
    const trunc = result.problems.filter((p) => p.input === label(truncated));
    expect(trunc).toHaveLength(1);
    expect(trunc[0]).toMatchObject({ severity: 'error' });
    expect(trunc[0]?.message).toMatch(/^The file is not valid gzip \(.+\)\.$/);
    expect(result.inputs.map((i) => [i.name, i.kind])).toEqual([
      [label(bomb), 'unknown'],
      [label(truncated), 'unknown'],
      [label(zipped), 'credential-report'],
      [GOOD, 'credential-report'],
    ]);
    expect(result.accounts.map((a) => a.accountId)).toEqual(['444455556666', '666677778888']);
    expect(only(result, 'ROOT-RECENT-USE', '666677778888', { window: 30 }).status).toBe('FAIL');
  });

  it('an empty file and a binary file alone: exit 2, each named in a problem', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const bin = join(dir, 'blob.bin');
    writeFileSync(bin, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 97 + 13) % 256)));
    const { code, result, err } = await cliJson(empty, bin);
    expect(code).toBe(2);
    expect(err).toContain('no usable input');
    expect(result.problems.filter((p) => p.input === label(empty))).toEqual([{ input: label(empty), severity: 'error', message: 'The file is empty.' }]);
    expect(result.problems.filter((p) => p.input === label(bin)).map((p) => p.severity)).toEqual(['warning', 'error']);
  });
});
