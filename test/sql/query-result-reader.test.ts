// The query result as an input kind (src/core/input/query-result-reader.ts): recognised in every
// shape the engines write, before the plain Lake / Athena readers; event rows -> root events and
// AssumeRoot calls; coverage rows -> coverage with their counts; bad rows skipped with a reason.
import { describe, expect, it } from 'vitest';
import { InputText, type ReadContext } from '../../src/core/input/reader';
import { detectInput, readInput } from '../../src/core/input/readers';
import { QUERY_RESULT_FORMAT } from '../../src/core/input/query-result-reader';
import { RESULT_COLUMNS } from '../../src/core/sql/result-columns';
import type { CloudTrailFileResult } from '../../src/core/cloudtrail/model';

const A = '111122223333';
const B = '444455556666';
const CTX: ReadContext = { naiveTimeOffsetMinutes: 0, gzip: false };
const COLUMNS = RESULT_COLUMNS.map((c) => c.name);

type Row = Partial<Record<(typeof COLUMNS)[number], string>>;

const signIn: Row = {
  credaudit_row: 'event',
  eventid: 'e-1',
  eventtime: '2024-05-03T00:01:00Z',
  eventname: 'ConsoleLogin',
  eventsource: 'signin.amazonaws.com',
  eventtype: 'AwsConsoleSignIn',
  awsregion: 'us-east-1',
  sourceipaddress: '203.0.113.10',
  useragent: 'Mozilla/5.0 (X11, Linux)',
  recipientaccountid: A,
  useridentity_type: 'Root',
  useridentity_accountid: A,
  mfaused: 'No',
  consolelogin: 'Success',
};
const taskSession: Row = {
  credaudit_row: 'event',
  eventid: 'e-2',
  eventtime: '2024-05-03T00:06:00Z',
  eventname: 'DeleteLoginProfile',
  eventsource: 'iam.amazonaws.com',
  recipientaccountid: B,
  useridentity_type: 'Root',
  useridentity_accountid: B,
  useridentity_accesskeyid: 'ASIAEXAMPLETASK00001',
  mfaauthenticated: 'false',
  assumedroot: 'true',
};
const service: Row = { ...signIn, eventid: 'e-3', eventname: 'RunInstances', eventsource: 'ec2.amazonaws.com', useridentity_invokedby: 'autoscaling.amazonaws.com', mfaused: '', consolelogin: '' };
const assumeRoot: Row = {
  credaudit_row: 'event',
  eventid: 'e-4',
  eventtime: '2024-05-03T00:05:29Z',
  eventname: 'AssumeRoot',
  eventsource: 'sts.amazonaws.com',
  recipientaccountid: A,
  useridentity_type: 'AssumedRole',
  useridentity_accountid: A,
  useridentity_arn: `arn:aws:sts::${A}:assumed-role/Operator/admin`,
  targetprincipal: B,
  taskpolicyarn: 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
};
const coverage = (account: string, region: string, first: string, last: string, count: number): Row => ({
  credaudit_row: 'coverage',
  recipientaccountid: account,
  awsregion: region,
  first_event: first,
  last_event: last,
  event_count: String(count),
});
const ROWS: Row[] = [
  coverage(A, 'us-east-1', '2024-05-01T00:00:10.000Z', '2024-05-01T23:59:00.000Z', 400),
  coverage(A, 'eu-west-1', '2024-05-03T00:03:00.000Z', '2024-05-03T00:03:00.000Z', 1),
  coverage(A, 'us-east-1', '2024-05-03T00:00:10.000Z', '2024-05-03T00:07:00.000Z', 120),
  coverage(B, 'us-east-1', '2024-05-03T00:04:00.000Z', '2024-05-03T00:07:00.000Z', 3),
  signIn,
  taskSession,
  service,
  assumeRoot,
];

const csvCell = (v: string | undefined): string => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const toCsv = (rows: Row[], quoteAll = false): string =>
  [COLUMNS.map((c) => (quoteAll ? `"${c}"` : c)).join(','), ...rows.map((r) => COLUMNS.map((c) => (quoteAll ? `"${(r[c] ?? '').replace(/"/g, '""')}"` : csvCell(r[c]))).join(','))].join('\n') + '\n';
const toLake = (rows: Row[]): string => JSON.stringify({ QueryStatus: 'FINISHED', QueryResultRows: rows.map((r) => COLUMNS.map((c) => ({ [c]: r[c] ?? null }))) });
const toAthenaJson = (rows: Row[]): string =>
  JSON.stringify({ ResultSet: { Rows: [{ Data: COLUMNS.map((c) => ({ VarCharValue: c })) }, ...rows.map((r) => ({ Data: COLUMNS.map((c) => (r[c] === undefined ? {} : { VarCharValue: r[c] })) }))] } });
const toJsonLines = (rows: Row[]): string => rows.map((r) => JSON.stringify(Object.fromEntries(COLUMNS.map((c) => [c, c === 'event_count' && r[c] ? Number(r[c]) : r[c] ?? null])))).join('\n') + '\n';
const toJsonArray = (rows: Row[]): string => JSON.stringify(rows.map((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c] ?? null]))));

async function read(text: string): Promise<{ file: CloudTrailFileResult; records: number; skipped: number; problems: string[]; accountIds: string[]; format: string }> {
  const r = await readInput(new InputText(text, 'result'), CTX);
  if (r.content?.type !== 'cloudtrail') throw new Error(`not read as CloudTrail: ${r.format} ${JSON.stringify(r.problems)}`);
  return { file: r.content.file, records: r.records, skipped: r.skipped, problems: r.problems.map((p) => `${p.severity}: ${p.message}`), accountIds: r.accountIds, format: r.format };
}

describe('query result: every shape the engines write', () => {
  it.each<[string, string]>([
    ['CSV (DuckDB COPY, Lake console download)', toCsv(ROWS)],
    ['CSV with every field quoted (Athena)', toCsv(ROWS, true)],
    ['Lake get-query-results JSON', toLake(ROWS)],
    ['Athena get-query-results JSON', toAthenaJson(ROWS)],
    ['JSON lines (DuckDB FORMAT json)', toJsonLines(ROWS)],
    ['a JSON array of objects', toJsonArray(ROWS)],
  ])('%s: recognised before the Lake / Athena readers, and read the same', async (_name, text) => {
    expect(detectInput(new InputText(text, 'result'))?.reader.id).toBe(QUERY_RESULT_FORMAT);
    const r = await read(text);
    expect(r.format).toBe(QUERY_RESULT_FORMAT);
    expect(r.accountIds).toEqual([A, B]);
    // 400 + 1 + 120 events for A, 3 for B: the counts of the coverage rows, not the rows themselves.
    expect(r.records).toBe(524);
    expect(r.skipped).toBe(0);
    const covA = r.file.coverage.get(A);
    expect([covA?.start, covA?.end, covA?.count, [...(covA?.days ?? [])].sort()]).toEqual([Date.parse('2024-05-01T00:00:10Z'), Date.parse('2024-05-03T00:07:00Z'), 521, ['2024-05-01', '2024-05-03']]);
    expect(r.file.coverage.get(B)?.count).toBe(3);
    // Root events: the sign-in (no MFA, success) and the task session's call; the service-invoked one is noise.
    expect(r.file.rootEvents.map((e) => [e.eventId, e.accountId, e.eventName, e.signInResult ?? null, e.mfaUsed ?? null, e.assumedRoot, e.accessKeyId ?? null, e.mfaAuthenticated ?? null])).toEqual([
      ['e-1', A, 'ConsoleLogin', 'Success', 'No', false, null, null],
      ['e-2', B, 'DeleteLoginProfile', null, null, true, 'ASIAEXAMPLETASK00001', 'false'],
    ]);
    expect(r.file.rootEvents[0]?.userAgent).toBe('Mozilla/5.0 (X11, Linux)');
    expect(r.file.assumeRootCalls.map((c) => [c.eventId, c.accountId, c.targetAccountId, c.callerArn, c.taskPolicyArn])).toEqual([
      ['e-4', A, B, `arn:aws:sts::${A}:assumed-role/Operator/admin`, 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials'],
    ]);
    expect(r.problems).toContain('info: credaudit query result: 4 root or AssumeRoot event rows, and 524 events of any identity in 4 coverage rows (per account, region and UTC day) for 2 accounts.');
    expect(r.problems.some((p) => p.includes('made by AWS services') && p.includes('invokedBy autoscaling.amazonaws.com ×1'))).toBe(true);
  });

  it("Lake's taskPolicyArn (a map value holding the object as JSON) gives the policy ARN", async () => {
    const lake = { ...assumeRoot, taskpolicyarn: '{"arn":"arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}' };
    const r = await read(toLake([coverage(A, 'us-east-1', '2024-05-03 00:05:29.000', '2024-05-03 00:05:29.000', 1), lake]));
    expect(r.file.assumeRootCalls[0]?.taskPolicyArn).toBe('arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials');
    expect(r.file.coverage.get(A)?.start).toBe(Date.parse('2024-05-03T00:05:29Z'));
  });
});

describe('query result: what cannot be used is said', () => {
  it('bad coverage rows and unknown row kinds are skipped with their line', async () => {
    const r = await read(
      toCsv([
        coverage(A, 'us-east-1', '2024-05-03T00:00:10Z', '2024-05-03T00:07:00Z', 5),
        coverage(A, 'us-east-1', 'soon', '2024-05-03T00:07:00Z', 5),
        coverage(A, 'us-east-1', '2024-05-03T00:07:00Z', '2024-05-03T00:00:10Z', 5),
        coverage(A, 'us-east-1', '2024-05-03T00:00:10Z', '2024-05-03T00:07:00Z', 0),
        { credaudit_row: 'summary' },
      ]),
    );
    expect([r.records, r.skipped]).toEqual([5, 4]);
    const why = 'a coverage row needs first_event, last_event (readable times, first not after last) and a positive event_count';
    expect(r.problems).toEqual(
      expect.arrayContaining([`warning: line 3 skipped: ${why}.`, `warning: line 4 skipped: ${why}.`, `warning: line 5 skipped: ${why}.`, 'warning: line 6 skipped: credaudit_row is "summary", not "event" or "coverage".']),
    );
  });

  it('without coverage rows: a warning that no CloudTrail check can pass on it', async () => {
    const r = await read(toCsv([signIn]));
    expect(r.file.coverage.size).toBe(0);
    expect(r.file.rootEvents).toHaveLength(1);
    expect(r.problems).toContain(
      'warning: credaudit query result without coverage rows (1 event row): the result was cut or filtered, so it cannot show which days the logs cover, and no CloudTrail check can pass on it.',
    );
  });

  it('JSON that is neither one value nor one object a line: an error, not a throw', async () => {
    const r = await readInput(new InputText('{"credaudit_row": "event", ', 'broken.json'), CTX);
    expect(r.content).toBeUndefined();
    expect(r.problems).toEqual([{ input: 'broken.json', severity: 'error', message: 'A credaudit query result in JSON that does not parse (neither one JSON value nor one object a line): not read.' }]);
  });

  it('a plain Athena CSV or Lake result (no credaudit_row) still goes to the CloudTrail readers', () => {
    expect(detectInput(new InputText('eventtime,eventname,useridentity\n2024-05-01T00:00:00Z,X,{type=Root}\n', 'a.csv'))?.reader.id).toBe('cloudtrail/athena-csv');
    expect(detectInput(new InputText('{"QueryResultRows":[[{"eventtime":"2024-05-01 00:00:00.000"}]]}', 'l.json'))?.reader.id).toBe('cloudtrail/cloudtrail-lake');
  });
});
