import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, guardCell, toFindingsCsv } from '../../src/core/evidence/csv';
import { fixtureResult } from './fixture';

const parse = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

describe('guardCell', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['=cmd\nsecond line', "'=cmd\nsecond line"],
    ['-3', '-3'],
    ['+3', '+3'],
    ['-3.5', '-3.5'],
    ['42', '42'],
    ['alice', 'alice'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j -> %j', (input, out) => {
    expect(guardCell(input)).toBe(out);
  });
  it.each([[-3], [42], [0], [null]])('keeps %j as is', (v) => {
    expect(guardCell(v)).toBe(v);
  });
});

describe('toFindingsCsv', () => {
  it('one row per finding with the documented header, CRLF line ends', async () => {
    const r = await fixtureResult();
    const text = toFindingsCsv(r);
    expect(text.startsWith(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/"[^"]*"/g, '').split('\n').every((l) => l === '' || l.endsWith('\r'))).toBe(true);
    const rows = parse(text);
    expect(rows).toHaveLength(r.findings.length + 1);
    expect(rows.slice(1).map((x) => x[0])).toEqual(r.findings.map((f) => f.ruleId));
    expect(toFindingsCsv(r, { bom: true })).toBe(`\uFEFF${text}`);
  });

  it('formula-like text is prefixed with a quote, numbers stay numbers', async () => {
    const r = await fixtureResult();
    const rows = parse(toFindingsCsv(r));
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    const byResource = (res: string, rule: string) => rows.find((x) => x[col('resource')] === res && x[0] === rule);
    expect(byResource("'=1+2", 'USER-CONSOLE-WITHOUT-MFA')?.[col('message')]).toBe("'=1+2 has a console password and no MFA.");
    expect(byResource("'@sum", 'USER-CONSOLE-WITHOUT-MFA')).toBeDefined();
    expect(byResource("'+cmd", 'USER-CONSOLE-WITHOUT-MFA')).toBeDefined();
    // "-3" is a number as text: not a formula, left alone; its message starts with "-3 " and is guarded.
    expect(byResource('-3', 'USER-CONSOLE-WITHOUT-MFA')?.[col('message')]).toBe("'-3 has a console password and no MFA.");
    // The window column is a number and stays one.
    const windows = rows.filter((x) => x[0] === 'ROOT-RECENT-USE').map((x) => x[col('window')]);
    expect(windows).toEqual(['30', '90']);
    // No cell in the file starts like a formula unless it is a plain number.
    for (const row of rows) for (const c of row) expect(/^[=+\-@\t\r]/.test(c) && !/^[-+]?\d+(\.\d+)?$/.test(c)).toBe(false);
  });

  it('exception columns, quoting of commas, quotes and line breaks (RFC 4180)', async () => {
    const r = await fixtureResult();
    const text = toFindingsCsv(r);
    const rows = parse(text);
    const header = rows[0]!;
    const excepted = rows.find((x) => x[header.indexOf('status')] === 'EXCEPTED')!;
    expect(excepted[header.indexOf('underlyingStatus')]).toBe('FAIL');
    expect(excepted[header.indexOf('exceptionOwner')]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(excepted[header.indexOf('exceptionExpires')]).toBe('2099-12-31');
    expect(excepted[header.indexOf('exceptionTicket')]).toBe('SEC-42');
    expect(excepted[header.indexOf('exceptionJustification')]).toBe('Break-glass | shared <b>desk</b>\nsecond line [link](javascript:x) `code`');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(excepted[header.indexOf('controls')]).toContain('CIS AWS Foundations 7.0 2.10');
    expect(excepted[header.indexOf('evidence')]).toBe('password_enabled=true [credential-report.csv, line 3]; mfa_active=false [credential-report.csv, line 3]');
  });
});
