// CloudTrail readers: one small input per shape -> which reader recognises it, and what it reads.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_SHAPES } from '../cloudtrail/detect';
import { CLOUDTRAIL_READERS } from './cloudtrail-readers';
import { InputText, type ReadContext } from './reader';

const A = '111122223333';
const CTX: ReadContext = { naiveTimeOffsetMinutes: 0, gzip: false };
const record = (o: Record<string, unknown> = {}) => ({
  eventVersion: '1.09',
  eventTime: '2024-05-01T09:30:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'ListUsers',
  recipientAccountId: A,
  userIdentity: { type: 'IAMUser', accountId: A },
  ...o,
});
const rootRecord = record({ eventName: 'GetAccountSummary', userIdentity: { type: 'Root', accountId: A }, eventID: 'r1' });
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');
const cwPayload = JSON.stringify({ messageType: 'DATA_MESSAGE', owner: A, logGroup: 'trail', logStream: 's', logEvents: [{ id: '1', timestamp: 1, message: JSON.stringify(record()) }] });

const SAMPLES: [string, string, string, [format: string, records: number, accountIds: string[], rootEvents: number]][] = [
  ['digest file', JSON.stringify({ awsAccountId: A, digestStartTime: '2024-05-01T00:00:00Z', logFiles: [] }), 'cloudtrail/cloudtrail-digest', ['cloudtrail-digest', 0, [], 0]],
  ['Lake query results', JSON.stringify({ QueryResultRows: [[{ eventtime: '2024-05-01 09:30:00.000' }, { eventname: 'ListUsers' }, { recipientaccountid: A }, { useridentity: '{type=Root, accountid=111122223333}' }]] }), 'cloudtrail/cloudtrail-lake', ['cloudtrail-lake', 1, [A], 1]],
  ['lookup-events page', JSON.stringify({ Events: [{ EventId: '1', EventTime: 1714555800, CloudTrailEvent: JSON.stringify(record()) }], NextToken: 'x' }), 'cloudtrail/lookup-events', ['lookup-events', 1, [A], 0]],
  ['empty lookup-events answer', '{\n  "Events": []\n}\n', 'cloudtrail/lookup-events', ['lookup-events', 0, [], 0]],
  ['EventBridge event', JSON.stringify({ 'detail-type': 'AWS API Call via CloudTrail', account: A, detail: rootRecord }), 'cloudtrail/eventbridge', ['eventbridge', 1, [A], 1]],
  ['Lambda awslogs event', JSON.stringify({ awslogs: { data: b64(gzipSync(cwPayload)) } }), 'cloudtrail/cloudwatch-logs-lambda', ['cloudwatch-logs+base64+gzip', 1, [A], 0]],
  ['CloudWatch Logs payload', cwPayload, 'cloudtrail/cloudwatch-logs', ['cloudwatch-logs', 1, [A], 0]],
  ['S3 log file', JSON.stringify({ Records: [record(), rootRecord] }), 'cloudtrail/s3-json', ['s3-json', 2, [A], 1]],
  ['JSON lines of bare records', `${JSON.stringify(record())}\n${JSON.stringify(rootRecord)}\n`, 'cloudtrail/cloudtrail-json', ['json-lines', 2, [A], 1]],
  ['older console CSV', 'Event ID,Event time,User name,Event name\ne1,"2020-05-13, 04:52:01 PM",root,ConsoleLogin\n', 'cloudtrail/console-csv-legacy', ['console-csv-legacy', 1, [], 1]],
  ['console CSV', `User name,Event time,Event source,Event name,Recipient Account Id\nroot,2024-05-07T07:30:00Z,signin.amazonaws.com,ConsoleLogin,${A}\n`, 'cloudtrail/console-csv', ['console-csv', 1, [A], 1]],
  ['Athena CSV', `eventtime,eventname,useridentity,recipientaccountid\n2024-05-01T09:30:00Z,ListUsers,"{type=IAMUser, accountid=${A}}",${A}\n`, 'cloudtrail/athena-csv', ['athena-csv', 1, [A], 0]],
  ['base64 of a JSON payload', b64(cwPayload), 'cloudtrail/base64', ['cloudwatch-logs+base64', 1, [A], 0]],
];

describe('CloudTrail readers', () => {
  it('one reader per shape of cloudtrail/detect.ts, in its order', () => {
    expect(CLOUDTRAIL_READERS.map((r) => r.id)).toEqual(CLOUDTRAIL_SHAPES.map((s) => `cloudtrail/${s.format}`));
    expect(new Set(SAMPLES.map(([, , id]) => id))).toEqual(new Set(CLOUDTRAIL_READERS.map((r) => r.id)));
  });

  it.each(SAMPLES)('%s: recognised by exactly its reader, and read', async (_name, text, id, [format, records, accountIds, rootEvents]) => {
    const s = new InputText(text, 'in');
    const matching = CLOUDTRAIL_READERS.filter((r) => r.detect(s) !== undefined);
    // Later shapes may also match (the table's order decides); the first match must be this one.
    expect(matching[0]?.id).toBe(id);
    const reader = matching[0]!;
    const r = await reader.read(s, reader.detect(s), CTX);
    const file = r.content?.type === 'cloudtrail' ? r.content.file : undefined;
    expect([r.format, r.records, r.accountIds, file?.rootEvents.length ?? 0]).toEqual([format, records, accountIds, rootEvents]);
    expect(r.kind).toBe(id === 'cloudtrail/cloudtrail-digest' ? 'ignored' : 'cloudtrail');
  });

  it.each([
    ['an S3 event notification ("Records" of aws:s3)', JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventTime: '2024-05-01T00:00:00Z', eventName: 'ObjectCreated:Put' }] })],
    ['a credential report CSV', 'user,arn,password_enabled\n'],
    ['an evidence file', '{"SummaryMap":{"AccountMFAEnabled":1}}'],
    ['plain text', 'hello'],
  ])('%s: no CloudTrail reader', (_name, text) => {
    const s = new InputText(text, 'in');
    expect(CLOUDTRAIL_READERS.filter((r) => r.detect(s) !== undefined).map((r) => r.id)).toEqual([]);
  });

  it('gzip bytes add "+gzip" to the format; the digest file is skipped with a note', async () => {
    const s3 = new InputText(JSON.stringify({ Records: [record()] }), 'in.json.gz');
    const reader = CLOUDTRAIL_READERS.find((r) => r.detect(s3) !== undefined)!;
    expect((await reader.read(s3, true, { ...CTX, gzip: true })).format).toBe('s3-json+gzip');
    const digest = new InputText(SAMPLES[0]![1], 'digest.json');
    const d = await CLOUDTRAIL_READERS[0]!.read(digest, true, CTX);
    expect([d.kind, d.format, d.content, d.problems]).toEqual(['ignored', 'cloudtrail-digest', undefined, [{ input: 'digest.json', severity: 'info', message: 'CloudTrail digest file (integrity hashes, no events): skipped.' }]]);
  });
});
