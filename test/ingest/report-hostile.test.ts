// Hostile credential reports through audit() (issue 11): very many users, a million rows, many bad
// rows, a second <root_account> row, UTF-16 and tab-separated files. Each outcome is exact.
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import { MAX_PROBLEMS_PER_REASON, MAX_REPORT_ROWS, parseCredentialReport } from '../../src/core/credential-report/parse';
import { REPORT_COLUMNS } from '../../src/core/credential-report/model';
import { toFindingsCsv, toText } from '../../src/core/evidence';
import type { AuditResult } from '../../src/core/types';
import { reportCsv } from '../helpers/report';
import { GENERATED, syntheticReport } from '../helpers/synthetic-report';
import { expectGoodReportEvaluated, findingOf, fixtureBytes, fixtureInput, GOOD, memInput, NOW, problemsOf } from './helpers';

const summaryOf = (r: AuditResult, name: string) => r.inputs.filter((i) => i.name === name).map((i) => [i.kind, i.records, i.skipped]);

describe('very large reports (item 4)', () => {
  it('26,000 users: audited and rendered, no "Maximum call stack size exceeded"', async () => {
    const big = syntheticReport(26_000).replace(/111122223333/g, '181818181818');
    const r = await audit([memInput('big.csv', big), fixtureInput(GOOD)], { now: GENERATED + 86_400_000 });
    expectGoodReportEvaluated(r);
    expect(summaryOf(r, 'big.csv')).toEqual([['credential-report', 26_001, 0]]);
    expect(r.findings.filter((f) => f.accountId === '181818181818' && f.ruleId === 'USER-CONSOLE-WITHOUT-MFA').length).toBe(26_000);
    expect(r.findings.length).toBeGreaterThan(125_000);
    const text = toText(r, { hidePassing: true });
    expect(text).toContain('USER-CONSOLE-WITHOUT-MFA');
    expect(toFindingsCsv(r).split('\r\n').length).toBe(r.findings.length + 2);
  }, 120_000);

  it('1,000,000 rows: refused with the file and the limit named, the other files audited', async () => {
    const header = REPORT_COLUMNS.join(',');
    const rows = Array.from({ length: 1_000_000 }, (_, i) => `u${i},arn:aws:iam::121212121212:user/u${i}`);
    const text = `${header}\n${rows.join('\n')}\n`;
    const r = await audit([memInput('million.csv', text), fixtureInput(GOOD)], { now: NOW, asOf: NOW });
    expectGoodReportEvaluated(r);
    expect(problemsOf(r, 'million.csv')).toEqual([['error', null, `The report has more than ${MAX_REPORT_ROWS.toLocaleString('en-US')} user rows, the most credaudit reads from one report; it was not evaluated.`]]);
    expect(summaryOf(r, 'million.csv')).toEqual([['credential-report', 0, 0]]);
    expect(r.accounts.map((a) => a.accountId)).toEqual(['111122223333']);
  });

  it(`exactly ${MAX_REPORT_ROWS.toLocaleString('en-US')} users (and blank lines) are read`, async () => {
    const text = syntheticReport(MAX_REPORT_ROWS - 1).replace(/\n/g, '\n\n');
    const r = parseCredentialReport(text, { input: 'at-limit.csv', format: 'csv' });
    expect([r.report?.rows.length, r.problems]).toEqual([MAX_REPORT_ROWS, []]);
    const over = parseCredentialReport(syntheticReport(MAX_REPORT_ROWS), { input: 'over.csv', format: 'csv' });
    expect([over.report, over.problems.map((p) => p.message)]).toEqual([undefined, [`The report has more than ${MAX_REPORT_ROWS.toLocaleString('en-US')} user rows, the most credaudit reads from one report; it was not evaluated.`]]);
  }, 120_000);
});

describe('report problems are capped per reason (item 16)', () => {
  it('6,500 bad rows: ten named per reason, then "…and N more rows like this"', async () => {
    const lines = reportCsv([{ user: '<root_account>', arn: 'arn:aws:iam::151515151515:root' }]).trimEnd().split('\n');
    for (let i = 0; i < 6_500; i++) lines.push(`bad-${i},arn:aws:iam::151515151515:user/bad-${i},2024-01-01T00:00:00Z,maybe`);
    const r = await audit([memInput('bad-rows.csv', `${lines.join('\n')}\n`), fixtureInput(GOOD)], { now: NOW, asOf: NOW });
    expectGoodReportEvaluated(r);
    const ps = problemsOf(r, 'bad-rows.csv');
    const widths = ps.filter((p) => p[2].startsWith('Row has 4 fields'));
    const bools = ps.filter((p) => p[2].startsWith('Column password_enabled: "maybe"'));
    expect([widths.length, bools.length]).toEqual([MAX_PROBLEMS_PER_REASON, MAX_PROBLEMS_PER_REASON]);
    expect(widths[0]).toEqual(['warning', 3, 'Row has 4 fields, the header has 22; read by position as far as it goes.']);
    expect(ps.filter((p) => p[2].startsWith('…'))).toEqual([
      ['warning', null, "…and 6,490 more rows like this (a number of fields other than the header's 22); 6,500 in all."],
      ['warning', null, '…and 6,490 more rows like this (column password_enabled is not true/false); 6,500 in all.'],
    ]);
    expect(ps.length).toBeLessThan(60);
    expect(summaryOf(r, 'bad-rows.csv')).toEqual([['credential-report', 6_501, 0]]);
  });

  it('49,000 rows without a user name: counted, not listed, and the rest of the report read', async () => {
    const lines = reportCsv([{ user: '<root_account>', arn: 'arn:aws:iam::161616161616:root', access_key_1_active: 'true' }]).trimEnd().split('\n');
    const blankUser = `,${'x,'.repeat(20)}x`;
    const text = `${lines.join('\n')}\n${`${blankUser}\n`.repeat(49_000)}`;
    const r = await audit([memInput('no-users.csv', text)], { now: NOW, asOf: NOW });
    expect(summaryOf(r, 'no-users.csv')).toEqual([['credential-report', 1, 49_000]]);
    expect(problemsOf(r, 'no-users.csv').filter((p) => p[2].startsWith('…'))).toEqual([['warning', null, '…and 48,990 more rows like this (no user name: skipped); 49,000 in all.']]);
    expect(findingOf(r, 'ROOT-ACCESS-KEY-ACTIVE', '161616161616').status).toBe('FAIL');
  });
});

describe('a second <root_account> row is evaluated (item 8)', () => {
  it('the first row passes, the second (no MFA, an active key) fails and says which row', async () => {
    const text = reportCsv([
      { user: '<root_account>', arn: 'arn:aws:iam::171717171717:root' },
      { user: 'alice', arn: 'arn:aws:iam::171717171717:user/alice' },
      { user: '<root_account>', arn: 'arn:aws:iam::171717171717:root', mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00Z' },
    ]);
    const r = await audit([memInput('two-roots.csv', text)], { now: NOW, asOf: NOW });
    expect(problemsOf(r, 'two-roots.csv')).toContainEqual(['warning', 4, 'Duplicate row for user "<root_account>" (first on line 2); both are kept and evaluated.']);
    const keys = r.findings.filter((f) => f.ruleId === 'ROOT-ACCESS-KEY-ACTIVE');
    expect(keys.map((f) => [f.status, f.evidence[0]?.line, f.message.startsWith('Another <root_account> row (line 4, two-roots.csv): ')])).toEqual([
      ['PASS', 2, false],
      ['FAIL', 4, true],
    ]);
    const mfa = r.findings.filter((f) => f.ruleId === 'ROOT-MFA-ENABLED').map((f) => f.status);
    expect(mfa).toEqual(['PASS', 'FAIL']);
    expect(r.findings.filter((f) => f.ruleId === 'ROOT-RECENT-USE').length).toBe(4); // two windows × two rows
    expect(r.accounts[0]?.verdictSeverity).toBe('critical');
    expect(r.summary.failBySeverity.critical).toBeGreaterThanOrEqual(2);
  });
});

describe('UTF-16 and tab-separated reports (item 17)', () => {
  const utf16 = (text: string, bigEndian: boolean): Uint8Array => {
    const out = new Uint8Array(2 + text.length * 2);
    out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[2 + i * 2 + (bigEndian ? 1 : 0)] = c & 0xff;
      out[2 + i * 2 + (bigEndian ? 0 : 1)] = c >> 8;
    }
    return out;
  };
  const good = (): string => new TextDecoder().decode(fixtureBytes(GOOD));

  it.each([
    ['little-endian, tab-separated (Excel "Unicode text")', false, '\t', 'UTF-16 little-endian'],
    ['big-endian, comma-separated', true, ',', 'UTF-16 big-endian'],
  ])('%s: decoded and read', async (_name, bigEndian, delimiter, label) => {
    const text = good().replace(/,/g, delimiter).replace(/\n/g, '\r\n').replace('ana.lima', 'ana.lima-ü-😀');
    const r = await audit([memInput('unicode.txt', utf16(text, bigEndian))], { now: NOW, asOf: NOW });
    expect(summaryOf(r, 'unicode.txt')).toEqual([['credential-report', 4, 0]]);
    expect(problemsOf(r, 'unicode.txt')).toEqual([['info', null, `The file is ${label} text (its byte-order mark says so, as in Excel's "Unicode text"); it was decoded as such.`]]);
    expect(findingOf(r, 'ROOT-ACCESS-KEY-ACTIVE', '111122223333').status).toBe('FAIL');
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '111122223333', { resource: 'ana.lima-ü-😀' }).status).toBe('PASS');
  });

  it('a lone surrogate in UTF-16 is counted like invalid UTF-8', async () => {
    const text = good().replace('ana.lima', 'ana\ud800lima');
    const r = await audit([memInput('broken16.csv', utf16(text, false))], { now: NOW, asOf: NOW });
    expect(problemsOf(r, 'broken16.csv')[1]).toEqual(['warning', null, '1 byte sequence(s) are not valid UTF-16 little-endian; they were replaced with U+FFFD.']);
    expect(summaryOf(r, 'broken16.csv')).toEqual([['credential-report', 4, 0]]);
  });
});
