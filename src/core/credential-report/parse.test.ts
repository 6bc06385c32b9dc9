// The credential-report CSV parser against every trap in FORMATS.md §1. Fixtures are synthetic
// (test/fixtures/reports); small cases are written inline.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATE_COLUMNS, REPORT_COLUMNS, type CredentialReport, type ReportRow } from './model';
import { looksLikeCredentialReport, parseCredentialReport, type ParseReportResult } from './parse';
import { reportCsv, root, user } from '../../../test/helpers/report';

const FIX = fileURLToPath(new URL('../../../test/fixtures/reports/', import.meta.url));
const fixture = (name: string): string => readFileSync(FIX + name, 'utf8');
const HEADER = REPORT_COLUMNS.join(',');

function parse(text: string, input = 'report.csv'): ParseReportResult & { report: CredentialReport } {
  const r = parseCredentialReport(text, { input, format: 'csv' });
  if (!r.report) throw new Error(`no report: ${r.problems.map((p) => p.message).join('; ')}`);
  return r as ParseReportResult & { report: CredentialReport };
}

const rowOf = (r: CredentialReport, name: string): ReportRow => {
  const row = r.rows.find((x) => x.user === name);
  if (!row) throw new Error(`no row ${name}`);
  return row;
};
/** Raw text of a cell by column name (extra columns included). */
const rawOf = (r: CredentialReport, row: ReportRow | undefined, column: string): string | undefined => row?.cells[r.columns.indexOf(column)];
const lines = (r: CredentialReport): [string, number][] => r.rows.map((x) => [x.user, x.line]);
const iso = (ms: number): string => new Date(ms).toISOString();
/** Every date cell of a row as [column, kind, ISO instant or raw sentinel]. */
const dateFacts = (row: ReportRow) =>
  DATE_COLUMNS.map((c) => {
    const cell = row.dates[c];
    return [c, cell.kind, cell.kind === 'value' ? iso(cell.value) : 'raw' in cell ? cell.raw : ''];
  });

describe('looksLikeCredentialReport', () => {
  it.each([
    [`${HEADER}\n`, true],
    [`\uFEFF${HEADER}\r\n`, true],
    [`\n\r\n  \n${HEADER}\n`, true],
    ['"user","arn","password_enabled"\n', true],
    ['row_num,user,password_enabled\n', true],
    ['user,email\n', false],
    ['{"Records":[]}', false],
    ['', false],
    ['{"Records":[{"userIdentity":{"type":"Root"}}]}', false],
    ['["a","user","arn",0]', true],
    ['x;\u00a0"USER" ;arn', true],
    ['x,"user;arn', false],
  ])('%j -> %s', (text, expected) => {
    expect(looksLikeCredentialReport(text)).toBe(expected);
  });

  // The sniff skips the split when no cell can read as `user`: it must answer as the split alone did.
  it('answers as the full header split on lines made of header-like pieces', () => {
    const firstLine = (text: string): string => {
      const head = text.slice(text.charCodeAt(0) === 0xfeff ? 1 : 0, 8192).replace(/^\s+/, '');
      const nl = head.search(/[\r\n]/);
      return nl === -1 ? head : head.slice(0, nl);
    };
    const bySplit = (text: string): boolean => {
      const line = firstLine(text);
      return [',', '\t', ';'].some((d) => {
        const cols = line.split(d).map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
        return /user/i.test(line) && cols.includes('user') && cols.some((c) => c === 'password_enabled' || c === 'access_key_1_active' || c === 'arn');
      });
    };
    // Weighted towards cells, delimiters and white space, so that many lines are headers.
    const piece = fc.oneof(
      { arbitrary: fc.constantFrom('user', 'USER', 'User', 'arn', 'password_enabled', 'access_key_1_active'), weight: 3 },
      { arbitrary: fc.constantFrom(',', '\t', ';'), weight: 3 },
      { arbitrary: fc.constantFrom('"', ' ', '\u00a0', '\u000b'), weight: 2 },
      { arbitrary: fc.constantFrom('users', 'userIdentity', '\ufeff', '\n', '\r', '\u2028', '{', ':', '[', 'x', 'ſ', 'İ'), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        expect(looksLikeCredentialReport(text)).toBe(bySplit(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('raw CSV, 2025 format (Z, root password_enabled a real boolean)', () => {
  const { report, problems, skipped } = parse(fixture('modern-111122223333.csv'), 'modern.csv');

  it('reads every row with its physical line, the account, partition and format generation', () => {
    expect(lines(report)).toEqual([
      ['<root_account>', 2],
      ['ana.lima', 3],
      ['build-bot', 4],
      ['old-admin', 5],
    ]);
    expect(report.accountId).toBe('111122223333');
    expect(report.partition).toBe('aws');
    expect(report.formatGeneration).toBe('2025');
    expect(report.root?.user).toBe('<root_account>');
    expect(report.users.map((u) => u.user)).toEqual(['ana.lima', 'build-bot', 'old-admin']);
    expect(report.missingColumns).toEqual([]);
    expect(report.extraColumns).toEqual([]);
    expect(problems).toEqual([]);
    expect(skipped).toBe(0);
  });

  it('root: password true with a real password_last_changed, key 1 active and used', () => {
    const r = report.root as ReportRow;
    expect(r.arn).toBe('arn:aws:iam::111122223333:root');
    expect(r.bools.password_enabled).toEqual({ kind: 'value', value: true, raw: 'true' });
    expect(r.dates.password_last_changed).toEqual({ kind: 'value', value: Date.parse('2023-02-10T10:00:00Z'), raw: '2023-02-10T10:00:00Z' });
    expect(r.bools.access_key_1_active).toEqual({ kind: 'value', value: true, raw: 'true' });
    expect(r.dates.access_key_1_last_used_date).toEqual({ kind: 'value', value: Date.parse('2025-04-20T10:15:00Z'), raw: '2025-04-20T10:15:00Z' });
    expect(rawOf(report, r, 'access_key_1_last_used_service')).toBe('s3');
  });

  it('keeps the three sentinels distinct (never "no date")', () => {
    const r = report.root as ReportRow;
    expect(r.dates.password_next_rotation).toEqual({ kind: 'not_supported', raw: 'not_supported' });
    expect(r.dates.access_key_2_last_rotated).toEqual({ kind: 'N/A', raw: 'N/A' });
    expect(rowOf(report, 'old-admin').dates.password_last_used).toEqual({ kind: 'no_information', raw: 'no_information' });
  });

  it('an inactive key can still carry last_rotated and last_used_date, with region N/A and a service', () => {
    const r = rowOf(report, 'old-admin');
    expect(r.bools.access_key_1_active).toMatchObject({ kind: 'value', value: false });
    expect(r.dates.access_key_1_last_rotated.kind).toBe('value');
    expect(r.dates.access_key_1_last_used_date.kind).toBe('value');
    expect([rawOf(report, r, 'access_key_1_last_used_region'), rawOf(report, r, 'access_key_1_last_used_service')]).toEqual(['N/A', 's3']);
  });
});

describe('2025 and legacy formats parse to the same instants', () => {
  const modern = parse(fixture('modern-111122223333.csv')).report;
  const legacy = parse(fixture('legacy-111122223333.csv')).report;

  it('legacy is recognised by +00:00 and root not_supported', () => {
    expect(legacy.formatGeneration).toBe('legacy');
    expect(legacy.root?.bools.password_enabled).toEqual({ kind: 'not_supported', raw: 'not_supported' });
    expect(legacy.root?.dates.password_last_changed).toEqual({ kind: 'not_supported', raw: 'not_supported' });
  });

  it('every timestamp of every user is the same instant in both files', () => {
    for (const name of ['ana.lima', 'build-bot', 'old-admin']) {
      expect(dateFacts(rowOf(legacy, name))).toEqual(dateFacts(rowOf(modern, name)));
    }
    const rootUse = (r: CredentialReport) => [r.root?.dates.password_last_used, r.root?.dates.access_key_1_last_used_date].map((c) => (c?.kind === 'value' ? c.value : NaN));
    expect(rootUse(legacy)).toEqual(rootUse(modern));
    expect(rootUse(modern).map(iso)).toEqual(['2025-05-20T09:15:00.000Z', '2025-04-20T10:15:00.000Z']);
  });

  it('raw text is kept as written', () => {
    expect(legacy.root?.dates.password_last_used).toMatchObject({ raw: '2025-05-20T09:15:00+00:00' });
    expect(modern.root?.dates.password_last_used).toMatchObject({ raw: '2025-05-20T09:15:00Z' });
  });
});

describe('spreadsheet round trips', () => {
  it('uppercase TRUE/FALSE and capitalised True/False are booleans', () => {
    const text = reportCsv([root({ mfa_active: 'TRUE', access_key_1_active: 'FALSE' }), user('u1', { password_enabled: 'True', mfa_active: 'False' })]);
    const { report, problems } = parse(text);
    expect(report.root?.bools.mfa_active).toEqual({ kind: 'value', value: true, raw: 'TRUE' });
    expect(report.root?.bools.access_key_1_active).toEqual({ kind: 'value', value: false, raw: 'FALSE' });
    expect(rowOf(report, 'u1').bools.password_enabled).toMatchObject({ kind: 'value', value: true });
    expect(rowOf(report, 'u1').bools.mfa_active).toMatchObject({ kind: 'value', value: false });
    expect(problems).toEqual([]);
  });

  it('BOM, CRLF, reordered columns, quoted cells with commas and an embedded line break, zone-less dates, no final newline', () => {
    const text = fixture('spreadsheet-111122223333.csv');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith('\n')).toBe(false);
    const { report, problems } = parse(text, 'sheet.csv');
    // kim's comment spans lines 3-4, so lee is on line 5.
    expect(lines(report)).toEqual([
      ['<root_account>', 2],
      ['kim', 3],
      ['lee', 5],
    ]);
    expect(report.columns[0]).toBe('arn');
    expect(report.accountId).toBe('111122223333');
    expect(report.missingColumns).toEqual([]);
    expect(report.extraColumns).toEqual(['comment']);
    expect(rawOf(report, rowOf(report, 'kim'), 'comment')).toBe('first line\r\nsecond line "quoted"');
    expect(rawOf(report, report.root, 'comment')).toBe('checked by ops, May');
    expect(report.root?.bools.mfa_active).toMatchObject({ kind: 'value', value: true, raw: 'TRUE' });
    expect(rowOf(report, 'kim').bools.mfa_active).toMatchObject({ kind: 'value', value: false, raw: 'FALSE' });
    // Zone-less dates are read as UTC, whatever the machine's zone.
    expect(report.root?.dates.password_last_used).toEqual({ kind: 'value', value: Date.parse('2025-05-20T09:15:00Z'), raw: '2025-05-20 09:15:00' });
    expect(rowOf(report, 'lee').dates.password_last_used).toMatchObject({ value: Date.parse('2025-05-31T18:00:00Z') });
    expect(problems).toEqual([
      { input: 'sheet.csv', line: 1, severity: 'info', message: 'Extra columns kept but not used: comment.' },
      { input: 'sheet.csv', line: 2, severity: 'warning', message: '9 timestamp(s) carry no time zone (rewritten by a spreadsheet?); they were read as UTC.' },
    ]);
  });

  it('CRLF and LF give the same rows and lines', () => {
    const lf = reportCsv([root(), user('a'), user('b')]);
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(lines(parse(crlf).report)).toEqual(lines(parse(lf).report));
    expect(lines(parse(crlf).report)).toEqual([
      ['<root_account>', 2],
      ['a', 3],
      ['b', 4],
    ]);
  });

  it('a quoted user name with a comma and a line break: later rows keep their true line numbers', () => {
    const text = [HEADER, reportCsv([root()]).split('\n')[1], reportCsv([user('x')]).split('\n')[1]?.replace(/^x,/, '"two\nline, name",'), reportCsv([user('after')]).split('\n')[1]].join('\n');
    const { report } = parse(text);
    expect(lines(report)).toEqual([
      ['<root_account>', 2],
      ['two\nline, name', 3],
      ['after', 5],
    ]);
  });

  it('blank and whitespace-only lines are skipped but still counted', () => {
    const [h, r1, r2, r3] = reportCsv([root(), user('a'), user('b')]).split('\n');
    const { report, problems } = parse([h, '', r1, '   ', '', r2, ',,,', r3, '', ''].join('\n'));
    expect(lines(report)).toEqual([
      ['<root_account>', 3],
      ['a', 6],
      ['b', 8],
    ]);
    expect(problems).toEqual([]);
  });
});

describe('columns', () => {
  it('columns are found by name, in any order', () => {
    const cols = [...REPORT_COLUMNS].reverse();
    const csv = reportCsv([root({ mfa_active: 'false' }), user('z')]);
    const [h, ...rows] = csv.trimEnd().split('\n');
    const idx = (h as string).split(',');
    const reorder = (line: string) => {
      const cells = line.split(',');
      return cols.map((c) => cells[idx.indexOf(c)]).join(',');
    };
    const { report, problems } = parse([cols.join(','), ...rows.map(reorder)].join('\n'));
    expect(report.root?.bools.mfa_active).toMatchObject({ kind: 'value', value: false });
    expect(report.accountId).toBe('123456789012');
    expect(problems).toEqual([]);
  });

  it('unknown extra columns are kept and noted (info), never an error', () => {
    const { report, problems } = parse(reportCsv([root({ cost_center: 'cc-17' } as never)], { extra: ['cost_center', 'owner_team'] }));
    expect(report.extraColumns).toEqual(['cost_center', 'owner_team']);
    expect(rawOf(report, report.root, 'cost_center')).toBe('cc-17');
    expect(problems).toEqual([{ input: 'report.csv', line: 1, severity: 'info', message: 'Extra columns kept but not used: cost_center, owner_team.' }]);
  });

  it('a missing column is a warning naming it; its cells are "missing"', () => {
    const { report, problems } = parse(reportCsv([root(), user('a')], { omit: ['mfa_active', 'cert_2_last_rotated'] }));
    expect(report.missingColumns).toEqual(['mfa_active', 'cert_2_last_rotated']);
    expect(report.root?.bools.mfa_active).toEqual({ kind: 'missing' });
    expect(report.root?.dates.cert_2_last_rotated).toEqual({ kind: 'missing' });
    expect(problems).toEqual([
      {
        input: 'report.csv',
        line: 1,
        severity: 'warning',
        message: 'Columns missing from the report: mfa_active, cert_2_last_rotated. Checks that need them report NEEDS_EVIDENCE.',
      },
    ]);
  });

  it('without a user column the file is not a credential report', () => {
    const r = parseCredentialReport('name,arn,password_enabled\nx,arn:aws:iam::123456789012:user/x,true\n', { input: 'x.csv', format: 'csv' });
    expect(r.report).toBeUndefined();
    expect(r.problems).toEqual([{ input: 'x.csv', line: 1, severity: 'error', message: 'Not a credential report: there is no "user" column in the header.' }]);
    expect(r.skipped).toBe(2);
  });

  it('empty text is an error, not a crash', () => {
    for (const t of ['', '\uFEFF', '\n\n', '  \r\n']) {
      const r = parseCredentialReport(t, { input: 'e.csv', format: 'csv' });
      expect(r.report).toBeUndefined();
      expect(r.problems).toEqual([{ input: 'e.csv', severity: 'error', message: 'The credential report is empty.' }]);
    }
  });

  it('a header-only report has no rows and says root is missing', () => {
    const { report, problems } = parse(HEADER);
    expect(report.rows).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([
      'The report has no <root_account> row: every root check needs evidence. Download the report from the account itself (it always includes root).',
    ]);
  });
});

describe('accounts and partitions', () => {
  it.each([
    ['govcloud-777788889999.csv', '777788889999', 'aws-us-gov'],
    ['china-888899990000.csv', '888899990000', 'aws-cn'],
    ['modern-111122223333.csv', '111122223333', 'aws'],
  ])('%s -> account %s, partition %s', (file, account, partition) => {
    const { report, problems } = parse(fixture(file));
    expect([report.accountId, report.partition, report.root?.arn?.startsWith(`arn:${partition}:iam::${account}:root`)]).toEqual([account, partition, true]);
    expect(problems).toEqual([]);
  });

  it('any partition word is accepted (ISO partitions)', () => {
    const { report } = parse(reportCsv([root({ arn: 'arn:aws-iso-b:iam::123456789012:root' })]));
    expect([report.accountId, report.partition]).toEqual(['123456789012', 'aws-iso-b']);
  });

  it('ARNs naming two accounts: a warning, the root row decides', () => {
    const { report, problems } = parse(reportCsv([user('x', { arn: 'arn:aws:iam::999999999999:user/x' }), root()]));
    expect(report.accountId).toBe('123456789012');
    expect(problems).toEqual([
      { input: 'report.csv', severity: 'warning', message: 'ARNs name 2 accounts (999999999999, 123456789012); the first is used for the whole file.' },
    ]);
  });

  it('an ARN that is not an IAM ARN is a warning on its line; the row is still read', () => {
    const { report, problems } = parse(reportCsv([root(), user('x', { arn: 'not-an-arn' })]));
    expect(rowOf(report, 'x').arn).toBeUndefined();
    expect(problems).toEqual([{ input: 'report.csv', line: 3, severity: 'warning', message: 'Column arn: "not-an-arn" is not an IAM user or root ARN.' }]);
  });

  it('a script-derived file with no arn column: account unknown, empty cells kept as "empty", extra columns noted', () => {
    const { report, problems } = parse(fixture('derived-no-arn.csv'), 'derived.csv');
    expect(report.accountId).toBeNull();
    expect(report.root).toBeUndefined();
    expect(lines(report)).toEqual([
      ['ivan', 2],
      ['jules', 3],
    ]);
    expect(rowOf(report, 'ivan').dates.access_key_1_last_rotated).toEqual({ kind: 'empty', raw: '' });
    expect(rowOf(report, 'jules').bools.mfa_active).toMatchObject({ kind: 'value', value: true, raw: 'True' });
    expect(report.missingColumns).toEqual([
      'arn',
      'user_creation_time',
      'access_key_1_last_used_region',
      'access_key_2_last_used_region',
      'cert_1_last_rotated',
      'cert_2_last_rotated',
    ]);
    expect(problems).toEqual([
      {
        input: 'derived.csv',
        line: 1,
        severity: 'warning',
        message:
          'Columns missing from the report: arn, user_creation_time, access_key_1_last_used_region, access_key_2_last_used_region, cert_1_last_rotated, cert_2_last_rotated. Checks that need them report NEEDS_EVIDENCE.',
      },
      { input: 'derived.csv', line: 1, severity: 'info', message: 'Extra columns kept but not used: idx, team, notes.' },
      {
        input: 'derived.csv',
        severity: 'warning',
        message: 'The report has no <root_account> row: every root check needs evidence. Download the report from the account itself (it always includes root).',
      },
      { input: 'derived.csv', severity: 'warning', message: 'No ARN column or ARN values: the account is unknown. Results are grouped under "account unknown".' },
    ]);
  });
});

describe('rows', () => {
  it('duplicate users: a warning naming both lines, both rows kept', () => {
    const { report, problems } = parse(reportCsv([root(), user('dup'), user('other'), user('dup', { mfa_active: 'false' })]));
    expect(lines(report)).toEqual([
      ['<root_account>', 2],
      ['dup', 3],
      ['other', 4],
      ['dup', 5],
    ]);
    expect(report.users.filter((u) => u.user === 'dup').map((u) => u.bools.mfa_active)).toEqual([
      { kind: 'value', value: true, raw: 'true' },
      { kind: 'value', value: false, raw: 'false' },
    ]);
    expect(problems).toEqual([{ input: 'report.csv', line: 5, severity: 'warning', message: 'Duplicate row for user "dup" (first on line 3); both are kept and evaluated.' }]);
  });

  it('no root row: a warning, report.root undefined, users still read', () => {
    const { report, problems } = parse(fixture('no-root-121212121212.csv'), 'noroot.csv');
    expect(report.root).toBeUndefined();
    expect(report.users.map((u) => u.user)).toEqual(['hana']);
    expect(report.accountId).toBe('121212121212');
    expect(problems).toEqual([
      {
        input: 'noroot.csv',
        severity: 'warning',
        message: 'The report has no <root_account> row: every root check needs evidence. Download the report from the account itself (it always includes root).',
      },
    ]);
  });

  it('invalid date and boolean values: a warning naming file, line and column; the rest of the row and file is read', () => {
    const { report, problems } = parse(
      reportCsv([root(), user('bad', { password_last_used: 'last tuesday', mfa_active: 'yes', access_key_1_last_rotated: '2024-02-30T00:00:00Z' }), user('good')]),
      'bad.csv',
    );
    const bad = rowOf(report, 'bad');
    expect(bad.dates.password_last_used).toEqual({ kind: 'invalid', raw: 'last tuesday' });
    expect(bad.bools.mfa_active).toEqual({ kind: 'invalid', raw: 'yes' });
    expect(bad.dates.access_key_1_last_rotated).toEqual({ kind: 'invalid', raw: '2024-02-30T00:00:00Z' });
    expect(bad.bools.password_enabled).toMatchObject({ kind: 'value', value: true });
    expect(rowOf(report, 'good').line).toBe(4);
    expect(problems).toEqual([
      { input: 'bad.csv', line: 3, severity: 'warning', message: 'Column mfa_active: "yes" is not true/false.' },
      { input: 'bad.csv', line: 3, severity: 'warning', message: 'Column password_last_used: "last tuesday" is not a date or a known sentinel.' },
      { input: 'bad.csv', line: 3, severity: 'warning', message: 'Column access_key_1_last_rotated: "2024-02-30T00:00:00Z" is not a date or a known sentinel.' },
    ]);
  });

  it('a date-only value is not a timestamp (invalid)', () => {
    const { report, problems } = parse(reportCsv([root({ password_last_used: '2025-05-01' })]));
    expect(report.root?.dates.password_last_used).toEqual({ kind: 'invalid', raw: '2025-05-01' });
    expect(problems.map((p) => p.line)).toEqual([2]);
  });

  it('a huge invalid cell is clipped in the message', () => {
    const long = 'z'.repeat(10_000);
    const { problems } = parse(reportCsv([root({ mfa_active: long })]));
    expect(problems[0]?.message).toBe(`Column mfa_active: "${'z'.repeat(80)}…" is not true/false.`);
  });

  it('a row without a user name is skipped and counted', () => {
    const { report, problems, skipped } = parse(reportCsv([root(), user('', {}), user('a')]).replace(/\n,arn/, '\n ,arn'));
    expect(skipped).toBe(1);
    expect(lines(report)).toEqual([
      ['<root_account>', 2],
      ['a', 4],
    ]);
    expect(problems).toEqual([{ input: 'report.csv', line: 3, severity: 'warning', message: 'Row without a user name skipped.' }]);
  });

  it('a short row is read by position and flagged on its line', () => {
    const { report, problems } = parse(`${HEADER}\nshorty,arn:aws:iam::123456789012:user/shorty,2024-01-01T00:00:00Z\n`);
    const r = rowOf(report, 'shorty');
    expect(r.bools.mfa_active).toEqual({ kind: 'missing' });
    expect(problems[0]).toEqual({ input: 'report.csv', line: 2, severity: 'warning', message: 'Row has 3 fields, the header has 22; read by position as far as it goes.' });
  });

  it('an unterminated quote is a CSV problem with the line where the record starts, not a crash', () => {
    const [h, r1, r2] = reportCsv([root(), user('a')]).split('\n');
    const r = parseCredentialReport([h, r1, `"broken,${r2}`].join('\n'), { input: 'q.csv', format: 'csv' });
    expect(r.report?.root?.line).toBe(2);
    expect(r.problems).toContainEqual({ input: 'q.csv', line: 3, severity: 'warning', message: 'CSV: Quoted field unterminated (record 3).' });
  });
});
