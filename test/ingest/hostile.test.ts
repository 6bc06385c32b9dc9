// Hostile inputs through audit(): each becomes a problem naming the file, never a throw, and the
// other files of the same batch are still evaluated.
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import { toEvidenceJson, toFindingsCsv, toMarkdown, toText } from '../../src/core/evidence';
import { MAX_GUNZIP_BYTES } from '../../src/core/input/decode';
import type { AuditInput, AuditResult } from '../../src/core/types';
import { expectGoodReportEvaluated, findingOf, fixtureBytes, fixtureInput, GOOD, memInput, NOW, problemsOf } from './helpers';

const MB = 1024 * 1024;
const UNKNOWN_FORMAT = 'Unknown format: not a credential report (CSV or JSON), CloudTrail log, or a supported evidence file. It was not used.';

/** Audits the hostile input together with the good report (before and after it). */
async function withGood(...hostile: AuditInput[]): Promise<AuditResult> {
  const r = await audit([...hostile, fixtureInput(GOOD), ...hostile.map((h) => ({ ...h, name: `${h.name}#again` }))], { now: NOW, asOf: NOW });
  expectGoodReportEvaluated(r);
  return r;
}

const summaryOf = (r: AuditResult, name: string) => {
  const s = r.inputs.find((i) => i.name === name);
  return s && [s.kind, s.format, s.records, s.bytes];
};

describe('hostile inputs never throw out of audit()', () => {
  it('a 5 MB single line of text: unknown format, no huge message', async () => {
    const r = await withGood(memInput('one-line.txt', 'A'.repeat(5 * MB)));
    expect(problemsOf(r, 'one-line.txt')).toEqual([['error', null, UNKNOWN_FORMAT]]);
    expect(summaryOf(r, 'one-line.txt')).toEqual(['unknown', 'unknown', 0, 5 * MB]);
  });

  it('a credential report whose only row is one 5 MB line without a final newline: read, messages clipped', async () => {
    const header = new TextDecoder().decode(fixtureBytes(GOOD)).split('\n')[0];
    const name = 'x'.repeat(5 * MB);
    const text = `${header}\n${name},arn:aws:iam::141414141414:user/${name},2024-01-01T00:00:00Z,maybe`;
    const r = await withGood(memInput('huge-row.csv', text));
    expect(summaryOf(r, 'huge-row.csv')).toEqual(['credential-report', 'csv', 1, text.length]);
    expect(r.problems.every((p) => p.message.length < 2000)).toBe(true);
    expect(problemsOf(r, 'huge-row.csv').slice(0, 2)).toEqual([
      ['warning', 2, 'Row has 4 fields, the header has 22; read by position as far as it goes.'],
      ['warning', 2, 'Column password_enabled: "maybe" is not true/false.'],
    ]);
    // The 5 MB name is cited by reference: held once in result.values (issue 11, item 6).
    const f = findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '141414141414');
    expect(r.values?.[f.resourceRef as number]).toBe(name);
    expect(f.resource).toBe(`${'x'.repeat(200)}… (5,242,880 characters; the whole value is values[${f.resourceRef}] of the evidence JSON)`);
  });

  it('a gzip bomb (~280 KB expanding past the 256 MB limit): refused with an error problem', async () => {
    const member = gzipSync(new Uint8Array(16 * MB), { level: 9 });
    const members = Math.floor(MAX_GUNZIP_BYTES / (16 * MB)) + 1;
    const bomb = new Uint8Array(Buffer.concat(Array(members).fill(member)));
    expect(bomb.byteLength).toBeLessThan(MB);
    const r = await audit([memInput('bomb.csv.gz', bomb), fixtureInput(GOOD)], { now: NOW, asOf: NOW });
    expectGoodReportEvaluated(r);
    expect(problemsOf(r, 'bomb.csv.gz')).toEqual([['error', null, `The file decompresses to more than ${MAX_GUNZIP_BYTES / MB} MB; refused (possible gzip bomb).`]]);
    expect(summaryOf(r, 'bomb.csv.gz')).toEqual(['unknown', 'unknown', 0, bomb.byteLength]);
  });

  it('a truncated gzip file: an error problem naming it', async () => {
    const gz = gzipSync(fixtureBytes(GOOD));
    const r = await withGood(memInput('truncated.csv.gz', new Uint8Array(gz.subarray(0, gz.length - 16))));
    expect(problemsOf(r, 'truncated.csv.gz')).toEqual([['error', null, 'The file is not valid gzip (unexpected end of file).']]);
    expect(summaryOf(r, 'truncated.csv.gz')?.[0]).toBe('unknown');
  });

  it('a corrupt gzip file: an error problem naming it', async () => {
    const gz = new Uint8Array(gzipSync(fixtureBytes(GOOD)));
    for (let i = 14; i < 60; i++) gz[i] = (gz[i] as number) ^ 0xa5;
    const r = await withGood(memInput('corrupt.csv.gz', gz));
    const ps = problemsOf(r, 'corrupt.csv.gz');
    expect(ps).toHaveLength(1);
    expect(ps[0]?.[0]).toBe('error');
    expect(ps[0]?.[2]).toMatch(/^The file is not valid gzip \(.+\)\.$/);
  });

  it('a good gzip-compressed report is read', async () => {
    const r = await audit([memInput('report.csv.gz', new Uint8Array(gzipSync(fixtureBytes(GOOD))))], { now: NOW });
    expect(summaryOf(r, 'report.csv.gz')?.slice(0, 3)).toEqual(['credential-report', 'csv', 4]);
    expect(r.problems.filter((p) => p.input === 'report.csv.gz' && p.severity !== 'info').map((p) => p.message)).toEqual([]);
  });

  it('invalid UTF-8 bytes in a report: a warning with the count, the report still evaluated', async () => {
    const text = new TextDecoder().decode(fixtureBytes(GOOD)).replace('ana.lima,', 'ana.lima\u0000MARK,');
    const bytes = new TextEncoder().encode(text);
    const at = bytes.indexOf(0);
    const bad = new Uint8Array([...bytes.subarray(0, at), 0xc3, 0x28, 0xff, ...bytes.subarray(at + 5)]);
    const r = await audit([memInput('latin.csv', bad)], { now: NOW, asOf: NOW });
    expect(problemsOf(r, 'latin.csv')).toEqual([['warning', null, '2 byte sequence(s) are not valid UTF-8; they were replaced with U+FFFD.']]);
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '111122223333', { resource: 'ana.lima\uFFFD(\uFFFD' }).status).toBe('PASS');
    expect(findingOf(r, 'ROOT-ACCESS-KEY-ACTIVE', '111122223333').status).toBe('FAIL');
  });

  it('JSON nested 100,000 levels deep (unclosed and closed): a problem, no stack overflow', async () => {
    const unclosed = '['.repeat(100_000);
    const closed = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const objects = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const r = await withGood(memInput('deep-open.json', unclosed), memInput('deep-closed.json', closed), memInput('deep-objects.json', objects));
    expect(problemsOf(r, 'deep-open.json')).toHaveLength(1);
    expect(problemsOf(r, 'deep-open.json')[0]?.slice(0, 2)).toEqual(['error', null]);
    expect(problemsOf(r, 'deep-open.json')[0]?.[2]).toMatch(/^Not valid JSON and not a known format \(/);
    for (const name of ['deep-closed.json', 'deep-objects.json']) {
      expect(problemsOf(r, name)).toEqual([['error', null, 'Unknown JSON: not a credential report, CloudTrail log, or supported evidence file. It was not used.']]);
    }
  });

  it('an empty file and a whitespace-only file: "The file is empty."', async () => {
    const r = await withGood(memInput('empty.csv', ''), memInput('blank.csv', ' \r\n\t\n'));
    expect(problemsOf(r, 'empty.csv')).toEqual([['error', null, 'The file is empty.']]);
    expect(problemsOf(r, 'blank.csv')).toEqual([['error', null, 'The file is empty.']]);
    expect(summaryOf(r, 'empty.csv')).toEqual(['unknown', 'unknown', 0, 0]);
  });

  it('a binary file: unknown format, with the invalid UTF-8 count', async () => {
    const bin = new Uint8Array(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 131 + 7) % 256;
    const r = await withGood(memInput('image.bin', bin));
    const ps = problemsOf(r, 'image.bin');
    expect(ps.map((p) => p[0])).toEqual(['warning', 'error']);
    expect(ps[0]?.[2]).toMatch(/^\d+ byte sequence\(s\) are not valid UTF-8; they were replaced with U\+FFFD\.$/);
    expect(ps[1]?.[2]).toBe(UNKNOWN_FORMAT);
  });

  it('JSON scalars and unrelated JSON are reported as unknown', async () => {
    const r = await withGood(memInput('scalar.json', '"just a string"'), memInput('object.json', '{"hello":"world"}'), memInput('broken.json', '{"Content": '));
    expect(problemsOf(r, 'scalar.json')).toEqual([['error', null, UNKNOWN_FORMAT]]);
    expect(problemsOf(r, 'object.json')).toEqual([['error', null, 'Unknown JSON: not a credential report, CloudTrail log, or supported evidence file. It was not used.']]);
    expect(problemsOf(r, 'broken.json')[0]?.[2]).toMatch(/^Not valid JSON and not a known format/);
  });

  it('an input whose read() rejects: an error problem, the batch goes on', async () => {
    const failing: AuditInput = { name: 'gone.csv', size: 10, read: async () => Promise.reject(new Error('EACCES: permission denied')) };
    const r = await withGood(failing);
    expect(problemsOf(r, 'gone.csv')).toEqual([['error', null, 'Could not be read: EACCES: permission denied']]);
  });
});

describe('hostile user names are data, not markup or formulas', () => {
  const FILE = 'hostile-names-131313131313.csv';
  const FORMULA = '=HYPERLINK("https://example.invalid/x","open")';
  const HTML = '<img src=x onerror=alert(1)>';

  it('kept unchanged in the result and the evidence JSON', async () => {
    const r = await withGood(fixtureInput(FILE));
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '131313131313', { resource: FORMULA }).status).toBe('FAIL');
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '131313131313', { resource: HTML }).status).toBe('FAIL');
    const doc = JSON.parse(await toEvidenceJson(r)) as AuditResult;
    const resources = doc.findings.filter((f) => f.accountId === '131313131313' && f.ruleId === 'USER-CONSOLE-WITHOUT-MFA').map((f) => f.resource);
    expect(resources.sort()).toEqual([HTML, FORMULA].sort());
  });

  it('guarded in the findings CSV: the formula cell starts with an apostrophe and nothing starts with = + - @', async () => {
    const r = await audit([fixtureInput(FILE)], { now: NOW, asOf: NOW });
    const csv = toFindingsCsv(r);
    const rows = Papa.parse<string[]>(csv.trim(), { newline: '\r\n' }).data;
    const header = rows[0] as string[];
    const resourceCol = header.indexOf('resource');
    const resources = rows.slice(1).map((row) => row[resourceCol]);
    expect(resources).toContain(`'${FORMULA}`);
    expect(resources).not.toContain(FORMULA);
    expect(resources).toContain(HTML);
    for (const row of rows.slice(1)) for (const c of row) expect(c).not.toMatch(/^(?![-+]?\d+(?:\.\d+)?$)[=+\-@\t\r]/);
  });

  it('HTML is escaped in Markdown and printed literally in text', async () => {
    const r = await audit([fixtureInput(FILE)], { now: NOW, asOf: NOW });
    const md = toMarkdown(r);
    expect(md).not.toContain(HTML);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const text = toText(r, { maxCellWidth: 200 });
    expect(text).toContain(HTML);
  });
});
