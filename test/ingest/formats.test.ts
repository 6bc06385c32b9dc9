// Every credential-report shape through the real audit(): what the input summary says, which
// problems are raised, and what the root rules conclude from it.
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import type { AuditResult, Evidence } from '../../src/core/types';
import { reportCsv, root, user } from '../helpers/report';
import { expectGoodReportEvaluated, findingOf, fixtureBytes, fixtureInput, GOOD, memInput, NOW, problemsOf } from './helpers';

const ROOT_RULES = ['ROOT-ACCESS-KEY-ACTIVE', 'ROOT-ACCESS-KEY-EXISTS', 'ROOT-MFA-ENABLED', 'ROOT-HARDWARE-MFA', 'ROOT-SIGNING-CERT-ACTIVE', 'ROOT-CREDENTIALS-REMOVED'];

const inputSummary = (r: AuditResult, name: string) => {
  const s = r.inputs.find((i) => i.name === name);
  return s && { kind: s.kind, format: s.format, records: s.records, accountIds: s.accountIds, generatedTime: s.generatedTime };
};
const cellOf = (ev: Evidence[], field: string): Evidence | undefined => ev.find((e) => e.field === field);

describe('envelopes through audit()', () => {
  it('raw CSV: as-of is the file date when there is no generation time, and says so', async () => {
    const fileDate = Date.parse('2025-06-01T12:00:00Z');
    const r = await audit([memInput(GOOD, fixtureBytes(GOOD), fileDate)], { now: Date.parse('2025-06-03T00:00:00Z') });
    expect(inputSummary(r, GOOD)).toEqual({ kind: 'credential-report', format: 'csv', records: 4, accountIds: ['111122223333'], generatedTime: undefined });
    expect(r.accounts.map((a) => [a.accountId, a.asOf])).toEqual([['111122223333', { time: '2025-06-01T12:00:00.000Z', source: 'file-date' }]]);
    expect(findingOf(r, 'REPORT-AGE', '111122223333').status).toBe('NEEDS_EVIDENCE');
    expectGoodReportEvaluated(r);
  });

  it('base64 JSON and raw CSV give the same findings (statuses, evidence cells and ages)', async () => {
    const csv = await audit([fixtureInput(GOOD, 'r')], { now: NOW, asOf: NOW });
    const b64 = await audit([fixtureInput('api-base64-111122223333.json', 'r')], { now: NOW });
    expect(inputSummary(b64, 'r')).toEqual({ kind: 'credential-report', format: 'api-json-base64', records: 4, accountIds: ['111122223333'], generatedTime: '2025-06-01T12:00:00.000Z' });
    expect(b64.accounts[0]?.asOf).toEqual({ time: '2025-06-01T12:00:00.000Z', source: 'report' });
    const strip = (x: AuditResult) => x.findings.filter((f) => f.ruleId !== 'REPORT-AGE').map((f) => [f.ruleId, f.window, f.resource, f.status, f.evidence]);
    expect(strip(b64)).toEqual(strip(csv));
  });

  it('decoded Content JSON', async () => {
    const name = 'api-decoded-222233334444.json';
    const r = await audit([fixtureInput(name)], { now: NOW });
    expect(inputSummary(r, name)).toEqual({ kind: 'credential-report', format: 'api-json-decoded', records: 2, accountIds: ['222233334444'], generatedTime: '2025-06-01T06:30:00.000Z' });
    expect(findingOf(r, 'ROOT-MFA-ENABLED', '222233334444').status).toBe('PASS');
    expect(findingOf(r, 'ROOT-ACCESS-KEY-ACTIVE', '222233334444').status).toBe('PASS');
    expect(problemsOf(r, name)).toEqual([]);
  });

  it('placebo wrapper with a datetime-object GeneratedTime: root MFA off and an active signing certificate', async () => {
    const name = 'placebo-555566667777.json';
    const r = await audit([fixtureInput(name)], { now: NOW });
    expect(inputSummary(r, name)).toEqual({ kind: 'credential-report', format: 'recorded-api-json-decoded', records: 2, accountIds: ['555566667777'], generatedTime: '2025-06-01T09:30:00.250Z' });
    const cert = findingOf(r, 'ROOT-SIGNING-CERT-ACTIVE', '555566667777');
    expect(cert.status).toBe('FAIL');
    expect(cert.evidence.slice(0, 2)).toEqual([
      { input: name, line: 2, field: 'cert_1_active', value: 'true' },
      // 2019-02-02T02:02:02Z to 2025-06-01T09:30:00.25Z
      { input: name, line: 2, field: 'cert_1_last_rotated', value: '2019-02-02T02:02:02+00:00', ageDays: 2311 },
    ]);
    expect(findingOf(r, 'ROOT-MFA-ENABLED', '555566667777').status).toBe('FAIL');
  });

  it.each([
    ['error-report-not-present.json', /ReportNotPresent.*aws iam generate-credential-report/],
    ['error-report-expired.json', /ReportExpired.*aws iam generate-credential-report/],
    ['error-report-in-progress.json', /ReportInProgress.*aws iam generate-credential-report/],
  ])('%s: an error problem telling what to run; no account, no crash', async (name, message) => {
    const r = await audit([fixtureInput(name), fixtureInput(GOOD)], { now: NOW, asOf: NOW });
    const ps = problemsOf(r, name);
    expect(ps).toHaveLength(1);
    expect(ps[0]?.[0]).toBe('error');
    expect(ps[0]?.[2]).toMatch(message);
    expect(inputSummary(r, name)?.kind).toBe('credential-report-error');
    expect(r.accounts.map((a) => a.accountId)).toEqual(['111122223333']);
    expectGoodReportEvaluated(r);
  });

  it('a generate-credential-report answer: an info problem, ignored', async () => {
    const r = await audit([fixtureInput('generate-started.json')], { now: NOW });
    expect(problemsOf(r, 'generate-started.json')).toEqual([
      ['info', null, 'This is the answer to generate-credential-report (State STARTED), not the report. Run "aws iam get-credential-report --output json" to download it.'],
    ]);
    expect(inputSummary(r, 'generate-started.json')?.kind).toBe('ignored');
    expect(r.accounts).toEqual([]);
    expect(r.findings).toEqual([]);
  });

  it('JSON whose Content is not a credential report, and JSON without GeneratedTime', async () => {
    const notReport = memInput('other.json', JSON.stringify({ Content: 'user,email\nx,x@example.com\n' }));
    const noTime = memInput('notime.json', JSON.stringify({ Content: new TextDecoder().decode(fixtureBytes(GOOD)) }));
    const r = await audit([notReport, noTime], { now: NOW });
    expect(problemsOf(r, 'other.json')).toEqual([['error', null, 'The JSON has a Content field, but it is not a credential report CSV.']]);
    expect(problemsOf(r, 'notime.json')).toEqual([['warning', null, 'GeneratedTime is missing or unreadable; as-of falls back to a date-time in the file name, else the file date, else the evaluation clock.']]);
    expect(r.accounts.map((a) => [a.accountId, a.asOf.source])).toEqual([['111122223333', 'now']]);
  });
});

describe('several reports for one account', () => {
  it('the newer file date wins for raw CSVs; the older is named in a problem', async () => {
    const bytes = fixtureBytes(GOOD);
    const r = await audit([memInput('new.csv', bytes, Date.parse('2025-05-31T00:00:00Z')), memInput('old.csv', bytes, Date.parse('2025-05-01T00:00:00Z'))], { now: NOW });
    expect(r.accounts.map((a) => [a.reportInput, a.asOf])).toEqual([['new.csv', { time: '2025-05-31T00:00:00.000Z', source: 'file-date' }]]);
    expect(problemsOf(r, 'old.csv')).toEqual([['warning', null, 'Another report for account 111122223333 (new.csv) is newer; this one was not evaluated.']]);
  });

  it('equal or unknown times: the first loaded is kept, and the message does not call it newer', async () => {
    const bytes = fixtureBytes(GOOD);
    const r = await audit([memInput('first.csv', bytes), memInput('second.csv', bytes)], { now: NOW });
    expect(r.accounts.map((a) => a.reportInput)).toEqual(['first.csv']);
    expect(problemsOf(r, 'second.csv')).toEqual([
      ['warning', null, 'Another report for account 111122223333 (first.csv) has the same generation time (unknown); that one, loaded first, was evaluated and this one was not.'],
    ]);
    const same = await audit([fixtureInput('api-base64-111122223333.json', 'a.json'), fixtureInput('api-base64-111122223333.json', 'b.json')], { now: NOW });
    expect(problemsOf(same, 'b.json')).toEqual([
      ['warning', null, 'Another report for account 111122223333 (a.json) has the same generation time; that one, loaded first, was evaluated and this one was not.'],
    ]);
  });
});

describe('2025 and legacy formats reach the same verdicts', () => {
  it('same root findings and the same ages; legacy password_enabled not_supported still counts as a password', async () => {
    const modern = await audit([fixtureInput('modern-111122223333.csv', 'r.csv')], { now: NOW, asOf: NOW });
    const legacy = await audit([fixtureInput('legacy-111122223333.csv', 'r.csv')], { now: NOW, asOf: NOW });
    const verdicts = (x: AuditResult) => x.findings.map((f) => [f.ruleId, f.window ?? null, f.resource, f.status]);
    expect(verdicts(legacy)).toEqual(verdicts(modern));
    const recent = (x: AuditResult) => findingOf(x, 'ROOT-RECENT-USE', '111122223333', { window: 30 }).evidence.map((e) => [e.field, e.ageDays ?? null, e.note ?? null]);
    expect(recent(modern)).toEqual([
      ['password_last_used', 12, 'latest root use'],
      ['access_key_1_last_used_date', 42, null],
      ['access_key_2_last_used_date', null, null],
    ]);
    expect(recent(legacy)).toEqual(recent(modern));
    expect(findingOf(legacy, 'ROOT-MFA-ENABLED', '111122223333').status).toBe('PASS');
  });
});

describe('report content through the rules', () => {
  it('a missing column: warning naming it, the rules that need it are NEEDS_EVIDENCE, the rest still decided', async () => {
    const r = await audit([memInput('cut.csv', reportCsv([root(), user('a')], { omit: ['mfa_active', 'access_key_1_active'] }))], { now: NOW, asOf: NOW });
    expect(problemsOf(r, 'cut.csv')).toEqual([
      ['warning', 1, 'Columns missing from the report: mfa_active, access_key_1_active. Checks that need them report NEEDS_EVIDENCE.'],
    ]);
    const mfa = findingOf(r, 'ROOT-MFA-ENABLED', '123456789012');
    expect([mfa.status, mfa.message]).toEqual(['NEEDS_EVIDENCE', 'Cannot tell whether root has MFA: the column mfa_active is missing from the report.']);
    expect(cellOf(mfa.evidence, 'mfa_active')).toEqual({ input: 'cut.csv', line: 2, field: 'mfa_active', value: '(column missing)' });
    expect(findingOf(r, 'ROOT-ACCESS-KEY-ACTIVE', '123456789012').status).toBe('NEEDS_EVIDENCE');
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '123456789012').status).toBe('NEEDS_EVIDENCE');
    expect(findingOf(r, 'ROOT-SIGNING-CERT-ACTIVE', '123456789012').status).toBe('PASS');
    expect(findingOf(r, 'ROOT-RECENT-USE', '123456789012', { window: 30 }).status).toBe('PASS');
  });

  it('no root row: a problem, and every root rule NEEDS_EVIDENCE (never a silent PASS); users still evaluated', async () => {
    const name = 'no-root-121212121212.csv';
    const r = await audit([fixtureInput(name)], { now: NOW, asOf: NOW });
    expect(problemsOf(r, name)).toContainEqual([
      'warning',
      null,
      'The report has no <root_account> row: every root check needs evidence. Download the report from the account itself (it always includes root).',
    ]);
    for (const id of ROOT_RULES) expect([id, findingOf(r, id, '121212121212').status]).toEqual([id, 'NEEDS_EVIDENCE']);
    for (const w of [30, 90]) expect(findingOf(r, 'ROOT-RECENT-USE', '121212121212', { window: w }).status).toBe('NEEDS_EVIDENCE');
    expect(r.findings.filter((f) => f.resource === '<root_account>' && f.status === 'PASS')).toEqual([]);
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '121212121212', { resource: 'hana' }).status).toBe('FAIL');
    expect(r.accounts[0]?.hasRootRow).toBe(false);
  });

  it('GovCloud and China partitions: account ids read, partition kept, root judged', async () => {
    const r = await audit([fixtureInput('govcloud-777788889999.csv'), fixtureInput('china-888899990000.csv')], { now: NOW, asOf: NOW });
    expect(r.accounts.map((a) => [a.accountId, a.partition, a.hasRootRow])).toEqual([
      ['777788889999', 'aws-us-gov', true],
      ['888899990000', 'aws-cn', true],
    ]);
    expect(findingOf(r, 'ROOT-MFA-ENABLED', '777788889999').status).toBe('PASS');
    const cn = findingOf(r, 'ROOT-MFA-ENABLED', '888899990000');
    expect(cn.status).toBe('FAIL');
    expect(cellOf(cn.evidence, 'mfa_active')).toEqual({ input: 'china-888899990000.csv', line: 2, field: 'mfa_active', value: 'false' });
  });

  it('duplicate users: a problem, both rows evaluated', async () => {
    const text = reportCsv([root(), user('dup'), user('dup', { mfa_active: 'false' })]);
    const r = await audit([memInput('dup.csv', text)], { now: NOW, asOf: NOW });
    expect(problemsOf(r, 'dup.csv')).toEqual([['warning', 4, 'Duplicate row for user "dup" (first on line 3); both are kept and evaluated.']]);
    const both = r.findings.filter((f) => f.ruleId === 'USER-CONSOLE-WITHOUT-MFA' && f.resource === 'dup');
    expect(both.map((f) => [f.status, cellOf(f.evidence, 'mfa_active')?.line])).toEqual([
      ['PASS', 3],
      ['FAIL', 4],
    ]);
  });

  it('spreadsheet-rewritten dates: read as UTC, a warning; the ages are right', async () => {
    const name = 'spreadsheet-111122223333.csv';
    const r = await audit([fixtureInput(name)], { now: NOW, asOf: NOW });
    expect(problemsOf(r, name)).toEqual([
      ['info', 1, 'Extra columns kept but not used: comment.'],
      ['warning', 2, '9 timestamp(s) carry no time zone (rewritten by a spreadsheet?); they were read as UTC.'],
    ]);
    const recent = findingOf(r, 'ROOT-RECENT-USE', '111122223333', { window: 30 });
    expect(recent.status).toBe('FAIL');
    expect(cellOf(recent.evidence, 'password_last_used')).toEqual({
      input: name,
      line: 2,
      field: 'password_last_used',
      value: '2025-05-20 09:15:00',
      ageDays: 12,
      note: 'latest root use',
    });
    // lee is on line 5 because kim's quoted comment spans two lines.
    const lee = findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '111122223333', { resource: 'lee' });
    expect(cellOf(lee.evidence, 'mfa_active')).toMatchObject({ line: 5, value: 'TRUE' });
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '111122223333', { resource: 'kim' }).status).toBe('FAIL');
  });

  it('invalid values: a problem naming file, line and column; that rule NEEDS_EVIDENCE, the rest evaluated', async () => {
    const text = reportCsv([root({ mfa_active: 'enabled', password_last_used: '2025-13-45T00:00:00Z' }), user('ok')]);
    const r = await audit([memInput('bad-values.csv', text)], { now: NOW, asOf: NOW });
    expect(problemsOf(r, 'bad-values.csv')).toEqual([
      ['warning', 2, 'Column mfa_active: "enabled" is not true/false.'],
      ['warning', 2, 'Column password_last_used: "2025-13-45T00:00:00Z" is not a date or a known sentinel.'],
    ]);
    expect(findingOf(r, 'ROOT-MFA-ENABLED', '123456789012').status).toBe('NEEDS_EVIDENCE');
    const recent = findingOf(r, 'ROOT-RECENT-USE', '123456789012', { window: 90 });
    expect(recent.status).toBe('NEEDS_EVIDENCE');
    expect(cellOf(recent.evidence, 'password_last_used')).toEqual({ input: 'bad-values.csv', line: 2, field: 'password_last_used', value: '2025-13-45T00:00:00Z' });
    expect(findingOf(r, 'ROOT-ACCESS-KEY-ACTIVE', '123456789012').status).toBe('PASS');
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '123456789012', { resource: 'ok' }).status).toBe('PASS');
  });

  it('a script-derived file: account unknown, root rules NEEDS_EVIDENCE, users evaluated', async () => {
    const r = await audit([fixtureInput('derived-no-arn.csv')], { now: NOW, asOf: NOW });
    expect(r.accounts.map((a) => [a.accountId, a.hasRootRow, a.userCount])).toEqual([[null, false, 2]]);
    expect(findingOf(r, 'ROOT-ACCESS-KEY-ACTIVE', null).status).toBe('NEEDS_EVIDENCE');
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', null, { resource: 'ivan' }).status).toBe('FAIL');
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', null, { resource: 'jules' }).status).toBe('PASS');
  });

  it('a timestamp later than as-of: a problem naming file and line, counted within every window', async () => {
    const text = reportCsv([root({ password_last_used: '2099-01-01T00:00:00Z' })]);
    const r = await audit([memInput('future.csv', text)], { now: NOW, asOf: NOW, windows: [1, 30] });
    expect(problemsOf(r, 'future.csv')).toContainEqual([
      'warning',
      2,
      'future.csv line 2: password_last_used of <root_account> (2099-01-01T00:00:00Z) is a timestamp later than as-of (2025-06-01T12:00:00.000Z); it counts as within every window.',
    ]);
    expect([1, 30].map((w) => findingOf(r, 'ROOT-RECENT-USE', '123456789012', { window: w }).status)).toEqual(['FAIL', 'FAIL']);
    expect(cellOf(findingOf(r, 'ROOT-RECENT-USE', '123456789012', { window: 1 }).evidence, 'password_last_used')?.ageDays).toBe(-26877); // 26876.5 days after as-of, floored
  });
});
