// Credential-report readers: which small input each one recognises, and what it reads from it.
import { describe, expect, it } from 'vitest';
import { InputText, type InputReader, type ReadContext } from './reader';
import { generateResponseReader, reportCsvReader, reportErrorReader, reportJsonReader } from './report-readers';

const READERS: InputReader[] = [reportCsvReader, reportJsonReader, reportErrorReader, generateResponseReader];
const CTX: ReadContext = { naiveTimeOffsetMinutes: 0, gzip: false };
const CSV = 'user,arn,password_enabled,access_key_1_active\n<root_account>,arn:aws:iam::111122223333:root,not_supported,true\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

const detectedBy = (text: string): string[] => READERS.filter((r) => r.detect(new InputText(text, 'in')) !== undefined).map((r) => r.id);

async function read(text: string, ctx: ReadContext = CTX) {
  const s = new InputText(text, 'in');
  const reader = READERS.find((r) => r.detect(s) !== undefined);
  if (!reader) throw new Error('not detected');
  const r = await reader.read(s, reader.detect(s), ctx);
  return { kind: r.kind, format: r.format, records: r.records, accountIds: r.accountIds, generatedTime: r.generatedTime, problems: r.problems.map((p) => `${p.severity}: ${p.message}`), content: r.content?.type };
}

describe('which report reader recognises what', () => {
  it.each<[string, string, string[]]>([
    ['report CSV', CSV, ['credential-report-csv']],
    ['report CSV with a BOM and blank lines first', `\uFEFF\n\n${CSV}`, ['credential-report-csv']],
    ['get-credential-report JSON, base64 Content', JSON.stringify({ Content: b64(CSV), ReportFormat: 'text/csv', GeneratedTime: '2025-06-01T12:00:00Z' }), ['credential-report-json']],
    ['get-credential-report JSON, decoded Content', JSON.stringify({ Content: CSV, GeneratedTime: 1748779200 }), ['credential-report-json']],
    ['placebo recording', JSON.stringify({ status_code: 200, data: { Content: b64(CSV), GeneratedTime: { __class__: 'datetime', year: 2025, month: 6, day: 1 } } }), ['credential-report-json']],
    ['Content that is not base64 (and not CSV)', JSON.stringify({ Content: 'hello there' }), []],
    ['ReportNotPresent', JSON.stringify({ Error: { Code: 'ReportNotPresent', Message: 'x' } }), ['credential-report-error']],
    ['a recorded ReportExpired', JSON.stringify({ status_code: 410, data: { Error: { Code: 'ReportExpired' } } }), ['credential-report-error']],
    ['an error about something else', JSON.stringify({ Error: { Code: 'AccessDenied' } }), []],
    ['generate-credential-report answer', '{"State":"STARTED","Description":"No report exists. Starting a new report generation task"}', ['generate-credential-report']],
    ['an empty State', '{"State":""}', []],
    ['unrelated JSON', '{"Users":[]}', []],
    ['a CSV of something else', 'name,value\na,1\n', []],
  ])('%s -> %j', (_name, text, ids) => {
    expect(detectedBy(text)).toEqual(ids);
  });
});

describe('what they read', () => {
  it('CSV: the report, its account and rows; the file date is the fallback as-of', async () => {
    const r = await read(CSV, { ...CTX, lastModified: Date.UTC(2025, 5, 1) });
    expect(r).toMatchObject({ kind: 'credential-report', format: 'csv', records: 1, accountIds: ['111122223333'], generatedTime: undefined, content: 'credential-report' });
    const s = new InputText(CSV, 'in');
    const full = await reportCsvReader.read(s, true, { ...CTX, lastModified: Date.UTC(2025, 5, 1) });
    expect(full.content?.type === 'credential-report' && full.content.report.fileTime).toBe(Date.UTC(2025, 5, 1));
  });

  it('JSON with GeneratedTime: the report with its generation time', async () => {
    const r = await read(JSON.stringify({ Content: b64(CSV), GeneratedTime: '2025-06-01T12:00:00Z' }));
    expect(r).toMatchObject({ kind: 'credential-report', format: 'api-json-base64', records: 1, generatedTime: Date.UTC(2025, 5, 1, 12), content: 'credential-report' });
  });

  it('JSON without GeneratedTime: a warning after the parser problems', async () => {
    const r = await read(JSON.stringify({ Content: 'user,arn\nalice,arn:aws:iam::111122223333:user/alice\n' }));
    expect(r.format).toBe('api-json-decoded');
    expect(r.problems.at(-1)).toBe('warning: GeneratedTime is missing or unreadable; as-of falls back to a date-time in the file name, else the file date, else the evaluation clock.');
    expect(r.problems.length).toBeGreaterThan(1);
  });

  it('JSON whose Content decodes to something that is not a report: an error, no content', async () => {
    expect(await read(JSON.stringify({ Content: b64('hello,world\n') }))).toEqual({
      kind: 'credential-report',
      format: 'api-json-base64',
      records: 0,
      accountIds: [],
      generatedTime: undefined,
      problems: ['error: The JSON has a Content field, but it is not a credential report CSV.'],
      content: undefined,
    });
  });

  it('an error answer: the help text as an error problem', async () => {
    const r = await read(JSON.stringify({ Error: { Code: 'ReportInProgress' } }));
    expect([r.kind, r.format, r.content]).toEqual(['credential-report-error', 'api-json-error', undefined]);
    expect(r.problems).toEqual([expect.stringMatching(/^error: AWS answered ReportInProgress/)]);
  });

  it('a generate answer: ignored, with how to download the report', async () => {
    expect(await read('{"State":"COMPLETE"}')).toEqual({
      kind: 'ignored',
      format: 'generate-credential-report',
      records: 0,
      accountIds: [],
      generatedTime: undefined,
      problems: ['info: This is the answer to generate-credential-report (State COMPLETE), not the report. Run "aws iam get-credential-report --output json" to download it.'],
      content: undefined,
    });
  });
});
