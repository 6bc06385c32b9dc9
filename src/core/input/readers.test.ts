// The input reader table as a whole: one documented order, first match wins, what nothing
// recognises is a problem, and every fixture is detected as it was before the table existed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './decode';
import { InputText, type ReadContext } from './reader';
import { detectInput, readInput, READERS } from './readers';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CTX: ReadContext = { naiveTimeOffsetMinutes: 0, gzip: false };
const detectedId = (text: string, purpose: 'audit' | 'exceptions' = 'audit') => detectInput(new InputText(text, 'in'), purpose)?.reader.id;

describe('READERS', () => {
  it('ids are unique, and the order is the one documented at the top of readers.ts', () => {
    const ids = READERS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const source = readFileSync(new URL('./readers.ts', import.meta.url), 'utf8');
    // "//  N. id   description" lines; `cloudtrail/<format>` stands for every CloudTrail reader.
    const documented = [...source.matchAll(/^\/\/\s+\d+\.\s+(\S+)/gm)].map((m) => m[1]);
    const audit = READERS.filter((r) => r.purpose === 'audit').map((r) => (r.id.startsWith('cloudtrail/') ? 'cloudtrail/<format>' : r.id));
    expect(documented).toEqual(audit.filter((id, i) => audit.indexOf(id) === i));
    expect(READERS.filter((r) => r.purpose === 'exceptions').map((r) => r.id)).toEqual(['exceptions']);
  });

  it.each<[string, string, string | undefined]>([
    // Where shapes overlap, the order decides.
    ['a report CSV is never an Athena CSV', 'user,arn,password_enabled,eventtime,useridentity,eventname\n', 'credential-report-csv'],
    ['CloudTrail before any JSON reader: Records next to an evidence key', '{"Records":[],"VirtualMFADevices":[]}', 'cloudtrail/s3-json'],
    ['S3 event notifications are not CloudTrail, and not evidence', '{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put"}]}', undefined],
    ['a report JSON before the generate answer', '{"Content":"user,arn\\nx,y","State":"COMPLETE"}', 'credential-report-json'],
    ['an error answer before the generate answer', '{"Error":{"Code":"ReportExpired"},"State":"x"}', 'credential-report-error'],
    ['virtual MFA before account summary', '{"SummaryMap":{"AccountMFAEnabled":1},"VirtualMFADevices":[]}', 'list-virtual-mfa-devices'],
    ['metric filters before alarms', '{"MetricAlarms":[],"metricFilters":[]}', 'describe-metric-filters'],
    ['alarms before organization accounts', '{"Accounts":[],"MetricAlarms":[]}', 'describe-alarms'],
    ['an exceptions file among audit inputs: not recognised', '{"exceptions":[]}', undefined],
  ])('%s', (_name, text, id) => {
    expect(detectedId(text)).toBe(id);
  });

  it('the exceptions reader answers only for purpose "exceptions", and then for any text', () => {
    expect(detectedId('{"exceptions":[]}', 'exceptions')).toBe('exceptions');
    expect(detectedId('user,arn,password_enabled\n', 'exceptions')).toBe('exceptions');
  });
});

describe('readInput: what nothing recognises is an error problem, never a throw', () => {
  it.each<[string, string, string]>([
    ['JSON that does not parse', '{"Records": [', 'Not valid JSON and not a known format ('],
    ['JSON of no known kind', '[1, 2, 3]', 'Unknown JSON: not a credential report, CloudTrail log, or supported evidence file. It was not used.'],
    ['a JSON scalar', 'true', 'Unknown format: not a credential report (CSV or JSON), CloudTrail log, or a supported evidence file. It was not used.'],
    ['text', 'hello', 'Unknown format: not a credential report (CSV or JSON), CloudTrail log, or a supported evidence file. It was not used.'],
  ])('%s', async (_name, text, message) => {
    const r = await readInput(new InputText(text, 'x.txt'), CTX);
    expect([r.kind, r.format, r.records, r.content]).toEqual(['unknown', 'unknown', 0, undefined]);
    expect(r.problems).toEqual([{ input: 'x.txt', severity: 'error', message: expect.stringContaining(message) }]);
  });

  it('a JSON parse error is quoted, clipped to 120 characters', async () => {
    const r = await readInput(new InputText(`{"${'k'.repeat(300)}`, 'x.json'), CTX);
    expect(r.problems[0]?.message).toMatch(/^Not valid JSON and not a known format \(.{1,120}(…)?\)\.$/);
  });
});

describe('every fixture and sample is detected as before the reader table (kind and format as in the recorded CLI output)', () => {
  it.each<[string, string | undefined, string, string]>([
    ['src/ui/samples/cloudtrail-111111111111.json', 'cloudtrail/s3-json', 'cloudtrail', 's3-json'],
    ['src/ui/samples/index.ts', undefined, 'unknown', 'unknown'],
    ['src/ui/samples/member-333333333333.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['src/ui/samples/organizations-accounts.json', 'organizations-list-accounts', 'organizations-accounts', 'list-accounts'],
    ['src/ui/samples/production-222222222222.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['src/ui/samples/sandbox-111111111111.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/cloudtrail/athena-results.csv', 'cloudtrail/athena-csv', 'cloudtrail', 'athena-csv'],
    ['test/fixtures/cloudtrail/bare-record.json', 'cloudtrail/cloudtrail-json', 'cloudtrail', 'record'],
    ['test/fixtures/cloudtrail/build.ts', undefined, 'unknown', 'unknown'],
    ['test/fixtures/cloudtrail/cloudwatch-lambda-event.json', 'cloudtrail/cloudwatch-logs-lambda', 'cloudtrail', 'cloudwatch-logs+base64+gzip'],
    ['test/fixtures/cloudtrail/cloudwatch-logs.b64', 'cloudtrail/base64', 'cloudtrail', 'cloudwatch-logs+base64+gzip'],
    ['test/fixtures/cloudtrail/cloudwatch-logs.json', 'cloudtrail/cloudwatch-logs', 'cloudtrail', 'cloudwatch-logs'],
    ['test/fixtures/cloudtrail/console-events-legacy.csv', 'cloudtrail/console-csv-legacy', 'cloudtrail', 'console-csv-legacy'],
    ['test/fixtures/cloudtrail/console-events.csv', 'cloudtrail/console-csv', 'cloudtrail', 'console-csv'],
    ['test/fixtures/cloudtrail/eventbridge-mixed.json', 'cloudtrail/eventbridge', 'cloudtrail', 'eventbridge'],
    ['test/fixtures/cloudtrail/eventbridge-signin.json', 'cloudtrail/eventbridge', 'cloudtrail', 'eventbridge'],
    ['test/fixtures/cloudtrail/lake-results.json', 'cloudtrail/cloudtrail-lake', 'cloudtrail', 'cloudtrail-lake'],
    ['test/fixtures/cloudtrail/lookup-events-lines.json', 'cloudtrail/lookup-events', 'cloudtrail', 'lookup-events'],
    ['test/fixtures/cloudtrail/lookup-events-paged.json', 'cloudtrail/lookup-events', 'cloudtrail', 'lookup-events'],
    ['test/fixtures/cloudtrail/org-trail/AWSLogs/o-exampleorg1/111122223333/CloudTrail-Digest/us-east-1/2024/05/03/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240503T0105Z.json.gz', 'cloudtrail/cloudtrail-digest', 'ignored', 'cloudtrail-digest'],
    ['test/fixtures/cloudtrail/org-trail/AWSLogs/o-exampleorg1/111122223333/CloudTrail/eu-west-1/2024/05/03/111122223333_CloudTrail_eu-west-1_20240503T0005Z_Q2xvdWRUcmFpbDAy.json.gz', 'cloudtrail/s3-json', 'cloudtrail', 's3-json+gzip'],
    ['test/fixtures/cloudtrail/org-trail/AWSLogs/o-exampleorg1/111122223333/CloudTrail/us-east-1/2024/05/03/111122223333_CloudTrail_us-east-1_20240503T0005Z_Q2xvdWRUcmFpbDAx.json.gz', 'cloudtrail/s3-json', 'cloudtrail', 's3-json+gzip'],
    ['test/fixtures/cloudtrail/org-trail/AWSLogs/o-exampleorg1/444455556666/CloudTrail/us-east-1/2024/05/03/444455556666_CloudTrail_us-east-1_20240503T0010Z_Q2xvdWRUcmFpbDAz.json.gz', 'cloudtrail/s3-json', 'cloudtrail', 's3-json+gzip'],
    ['test/fixtures/cloudtrail/org-trail/AWSLogs/o-exampleorg1/999988887777/CloudTrail/us-east-1/2024/05/03/999988887777_CloudTrail_us-east-1_20240503T0010Z_Q2xvdWRUcmFpbDA0.json.gz', 'cloudtrail/s3-json', 'cloudtrail', 's3-json+gzip'],
    ['test/fixtures/cloudtrail/record-array.json', 'cloudtrail/cloudtrail-json', 'cloudtrail', 'record-array'],
    ['test/fixtures/cloudtrail/records-concatenated.json', 'cloudtrail/cloudtrail-json', 'cloudtrail', 'json-concatenated'],
    ['test/fixtures/cloudtrail/records.jsonl', 'cloudtrail/cloudtrail-json', 'cloudtrail', 'json-lines'],
    ['test/fixtures/cloudtrail/s3-gz/111122223333_CloudTrail_eu-west-1_20240502T0000Z_R3ppcHBlZEZpbGUx.json.gz', 'cloudtrail/s3-json', 'cloudtrail', 's3-json+gzip'],
    ['test/fixtures/cloudtrail/s3-notification.json', undefined, 'unknown', 'unknown'],
    ['test/fixtures/cloudtrail/s3/111122223333_CloudTrail_us-east-1_20240501T0930Z_UzNMb2dGaWxlMDAx.json', 'cloudtrail/s3-json', 'cloudtrail', 's3-json'],
    ['test/fixtures/cloudtrail/service-only-root.json', 'cloudtrail/s3-json', 'cloudtrail', 's3-json'],
    ['test/fixtures/cloudtrail/short-coverage.json', 'cloudtrail/s3-json', 'cloudtrail', 's3-json'],
    ['test/fixtures/cloudtrail/truncated.json', 'cloudtrail/s3-json', 'cloudtrail', 's3-json'],
    ['test/fixtures/reports/api-base64-111122223333.json', 'credential-report-json', 'credential-report', 'api-json-base64'],
    ['test/fixtures/reports/api-decoded-222233334444.json', 'credential-report-json', 'credential-report', 'api-json-decoded'],
    ['test/fixtures/reports/batch/.hidden-ignored.csv', undefined, 'unknown', 'unknown'],
    ['test/fixtures/reports/batch/a-333344445555-older.json', 'credential-report-json', 'credential-report', 'api-json-decoded'],
    ['test/fixtures/reports/batch/b-333344445555-newer.json', 'credential-report-json', 'credential-report', 'api-json-decoded'],
    ['test/fixtures/reports/batch/nested/c-222233334444.json', 'credential-report-json', 'credential-report', 'api-json-decoded'],
    ['test/fixtures/reports/china-888899990000.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/reports/derived-no-arn.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/reports/error-report-expired.json', 'credential-report-error', 'credential-report-error', 'api-json-error'],
    ['test/fixtures/reports/error-report-in-progress.json', 'credential-report-error', 'credential-report-error', 'recorded-api-json-error'],
    ['test/fixtures/reports/error-report-not-present.json', 'credential-report-error', 'credential-report-error', 'recorded-api-json-error'],
    ['test/fixtures/reports/exceptions/exceptions.json', undefined, 'unknown', 'unknown'],
    ['test/fixtures/reports/exceptions/exceptions.yaml', undefined, 'unknown', 'unknown'],
    ['test/fixtures/reports/generate-started.json', 'generate-credential-report', 'ignored', 'generate-credential-report'],
    ['test/fixtures/reports/govcloud-777788889999.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/reports/high-only-666677778888.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/reports/hostile-names-131313131313.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/reports/legacy-111122223333.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/reports/medium-only-444455556666.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/reports/modern-111122223333.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/reports/no-root-121212121212.csv', 'credential-report-csv', 'credential-report', 'csv'],
    ['test/fixtures/reports/placebo-555566667777.json', 'credential-report-json', 'credential-report', 'recorded-api-json-decoded'],
    ['test/fixtures/reports/spreadsheet-111122223333.csv', 'credential-report-csv', 'credential-report', 'csv'],
  ])('%s -> %s', async (path, id, kind, format) => {
    const decoded = await decodeBytes(new Uint8Array(readFileSync(ROOT + path)));
    const input = new InputText(decoded.text, path);
    expect(detectInput(input)?.reader.id).toBe(id);
    const r = await readInput(input, { ...CTX, gzip: decoded.gzip });
    expect([r.kind, r.format]).toEqual([kind, format]);
  });
});
