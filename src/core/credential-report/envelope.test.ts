// Credential-report envelopes: get-credential-report JSON (base64 or decoded Content), placebo /
// boto3 recordings, the API's error answers and generate-credential-report answers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isGenerateResponse, readGeneratedTime, readReportEnvelope } from './envelope';

const FIX = fileURLToPath(new URL('../../../test/fixtures/reports/', import.meta.url));
const json = (name: string): unknown => JSON.parse(readFileSync(FIX + name, 'utf8'));
const csvText = (name: string): string => readFileSync(FIX + name, 'utf8');

describe('readReportEnvelope: reports', () => {
  it('API JSON with base64 Content decodes to the CSV, GeneratedTime as an ISO string', () => {
    const env = readReportEnvelope(json('api-base64-111122223333.json'));
    expect(env).toEqual({ kind: 'csv', format: 'api-json-base64', csv: csvText('modern-111122223333.csv'), generatedTime: Date.parse('2025-06-01T12:00:00Z') });
  });

  it('base64 split over several lines (as some tools wrap it) still decodes', () => {
    const b64 = Buffer.from('user,arn\n<root_account>,arn:aws:iam::111122223333:root\n').toString('base64');
    const wrapped = b64.replace(/(.{16})/g, '$1\n');
    const env = readReportEnvelope({ Content: wrapped, GeneratedTime: 1748779200 });
    expect(env).toEqual({ kind: 'csv', format: 'api-json-base64', csv: 'user,arn\n<root_account>,arn:aws:iam::111122223333:root\n', generatedTime: 1748779200_000 });
  });

  it('already-decoded Content is used as is; +00:00 GeneratedTime', () => {
    const env = readReportEnvelope(json('api-decoded-222233334444.json'));
    expect(env?.kind).toBe('csv');
    expect(env).toMatchObject({ format: 'api-json-decoded', generatedTime: Date.parse('2025-06-01T06:30:00Z') });
    expect(env?.kind === 'csv' && env.csv.split('\n')[1]?.startsWith('<root_account>,arn:aws:iam::222233334444:root,')).toBe(true);
  });

  it('placebo wrapper {"status_code":200,"data":{...}} with GeneratedTime as a datetime object', () => {
    const env = readReportEnvelope(json('placebo-555566667777.json'));
    expect(env).toMatchObject({ kind: 'csv', format: 'recorded-api-json-decoded', generatedTime: Date.parse('2025-06-01T09:30:00.250Z') });
  });

  it('a quoted header ("user",...) and a BOM in decoded Content are recognised', () => {
    expect(readReportEnvelope({ Content: '"user","arn"\nx,y' })).toMatchObject({ kind: 'csv', format: 'api-json-decoded' });
    expect(readReportEnvelope({ Content: '\uFEFFuser,arn\nx,y' })).toMatchObject({ kind: 'csv', format: 'api-json-decoded' });
  });

  it('no GeneratedTime: the envelope is still a report, without a time', () => {
    const env = readReportEnvelope({ Content: 'user,arn\n' });
    expect(env).toEqual({ kind: 'csv', format: 'api-json-decoded', csv: 'user,arn\n' });
  });

  it.each([
    ['not an object', 'text'],
    ['null', null],
    ['an array', [{ Content: 'user,arn\n' }]],
    ['no Content', { GeneratedTime: '2025-06-01T00:00:00Z' }],
    ['Content not a string', { Content: 42 }],
    ['Content neither CSV nor base64', { Content: 'hello, world!' }],
    ['base64 of bad length', { Content: 'abc' }],
  ])('%s -> undefined', (_label, value) => {
    expect(readReportEnvelope(value)).toBeUndefined();
  });
});

describe('readReportEnvelope: error answers', () => {
  it.each([
    ['error-report-not-present.json', 'ReportNotPresent', 'recorded-api-json-error', /no credential report exists yet\. Run "aws iam generate-credential-report"/],
    ['error-report-expired.json', 'ReportExpired', 'api-json-error', /more than 4 hours old\. Run "aws iam generate-credential-report"/],
    ['error-report-in-progress.json', 'ReportInProgress', 'recorded-api-json-error', /still being generated.*run "aws iam generate-credential-report" first/],
  ])('%s -> %s with a message that says what to run', (file, code, format, message) => {
    const env = readReportEnvelope(json(file));
    expect(env?.kind).toBe('error');
    expect(env).toMatchObject({ code, format });
    expect(env?.kind === 'error' ? env.message : '').toMatch(message);
    expect(env?.kind === 'error' ? env.message : '').toMatch(/^AWS answered /);
  });

  it('another Report* error code gets the generic advice', () => {
    const env = readReportEnvelope({ Error: { Code: 'ReportWhatever' } });
    expect(env).toEqual({
      kind: 'error',
      format: 'api-json-error',
      code: 'ReportWhatever',
      message: 'AWS answered ReportWhatever. Run "aws iam generate-credential-report" and download the report again.',
    });
  });

  it('an unrelated error (AccessDenied) is not claimed as a report error', () => {
    expect(readReportEnvelope({ Error: { Code: 'AccessDenied' } })).toBeUndefined();
  });
});

describe('readGeneratedTime', () => {
  it.each<[string, unknown, string | undefined]>([
    ['ISO Z', '2025-06-01T12:00:00Z', '2025-06-01T12:00:00.000Z'],
    ['ISO +00:00', '2025-06-01T12:00:00+00:00', '2025-06-01T12:00:00.000Z'],
    ['ISO with an offset', '2025-06-01T14:00:00+02:00', '2025-06-01T12:00:00.000Z'],
    ['epoch seconds', 1748779200, '2025-06-01T12:00:00.000Z'],
    ['epoch milliseconds', 1748779200123, '2025-06-01T12:00:00.123Z'],
    ['datetime object', { __class__: 'datetime', year: 2017, month: 2, day: 22, hour: 23, minute: 7, second: 48, microsecond: 0 }, '2017-02-22T23:07:48.000Z'],
    ['datetime object, microseconds', { __class__: 'datetime', year: 2025, month: 1, day: 31, hour: 0, minute: 0, second: 0, microsecond: 999999 }, '2025-01-31T00:00:00.999Z'],
    ['datetime object without time', { year: 2025, month: 12, day: 31 }, '2025-12-31T00:00:00.000Z'],
    ['garbage string', 'yesterday', undefined],
    ['NaN', Number.NaN, undefined],
    ['object without a date', { __class__: 'datetime' }, undefined],
    ['null', null, undefined],
  ])('%s', (_label, value, expected) => {
    const ms = readGeneratedTime(value);
    expect(ms === undefined ? undefined : new Date(ms).toISOString()).toBe(expected);
  });
});

describe('isGenerateResponse', () => {
  it('a generate-credential-report answer gives its State (bare or recorded)', () => {
    expect(isGenerateResponse(json('generate-started.json'))).toBe('STARTED');
    expect(isGenerateResponse({ status_code: 200, data: { State: 'COMPLETE', ResponseMetadata: {} } })).toBe('COMPLETE');
  });

  it('a report or an unrelated object is not one', () => {
    expect(isGenerateResponse(json('api-base64-111122223333.json'))).toBeUndefined();
    expect(isGenerateResponse({ State: 'running', a: 1, b: 2, c: 3, d: 4 })).toBeUndefined();
    expect(isGenerateResponse(null)).toBeUndefined();
    expect(isGenerateResponse('STARTED')).toBeUndefined();
  });
});
