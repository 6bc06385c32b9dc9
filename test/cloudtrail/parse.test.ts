import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCloudTrail, parseCloudTrailBytes, readCloudTrail } from '../../src/core/cloudtrail/read';
import { PROPERTY_RUNS } from '../property/runs';
import { brief, coverageOf, fixtureText, readFixture } from './helpers';

const A = '111122223333';
const B = '444455556666';
const M = '999988887777';
const S3 = 's3/111122223333_CloudTrail_us-east-1_20240501T0930Z_UzNMb2dGaWxlMDAx.json';
const GZ = 's3-gz/111122223333_CloudTrail_eu-west-1_20240502T0000Z_R3ppcHBlZEZpbGUx.json.gz';

describe('S3 log file ({"Records":[...]})', () => {
  it('reads every record, keeps root events only, skips the redacted one', async () => {
    const r = await readFixture(S3);
    expect(r.format).toBe('s3-json');
    expect([r.records, r.skipped, r.limitedFormat]).toEqual([12, 1, false]);
    expect(r.rootEvents.map(brief)).toEqual([
      `2024-05-01T09:05:00.000Z ${A} ConsoleLogin result=Success mfa=Yes`,
      `2024-05-01T09:06:00.000Z ${A} ConsoleLogin result=Failure mfa=No err=Failed authentication`,
      `2024-05-01T09:07:00.000Z ${A} ListBuckets key=AKIAIOSFODNN7EXAMPLE`,
      `2024-05-01T09:08:00.000Z ${A} CreateAccessKey key=ASIAY34FZKBOKMUTVV7A`,
      `2024-05-01T09:09:00.000Z ${A} CreateAccessKey key=ASIAY34FZKBOKMUTVV7A user=deploy-bot`,
      `2024-05-01T09:10:00.000Z ${A} GetAccountSummary key=ASIAY34FZKBOKMUTVV7A`,
      `2024-05-01T09:13:00.000Z ${A} PasswordUpdated`,
    ]);
    expect(coverageOf(r)).toEqual({ [A]: ['2024-05-01T09:00:00.000Z', '2024-05-01T09:25:00.000Z', 12, ['2024-05-01']] });
    expect(r.assumeRootCalls).toEqual([]);
  });

  it('keeps every field the rules read', async () => {
    const r = await readFixture(S3);
    const login = r.rootEvents[1];
    expect(login).toEqual({
      time: Date.parse('2024-05-01T09:06:00Z'),
      accountId: A,
      identityType: 'Root',
      eventType: 'AwsConsoleSignIn',
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      region: 'us-east-1',
      sourceIp: '198.51.100.66',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      signInResult: 'Failure',
      outcome: 'Failure',
      mfaUsed: 'No',
      errorMessage: 'Failed authentication',
      assumedRoot: false,
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      input: S3,
      record: 3,
    });
    const consoleKey = r.rootEvents[3];
    expect([consoleKey?.invokedBy, consoleKey?.mfaAuthenticated, consoleKey?.record]).toEqual(['signin.amazonaws.com', 'true', 5]);
    expect(r.rootEvents[5]?.invokedBy).toBe('AWS Internal');
    const pw = r.rootEvents[6];
    expect([pw?.outcome, pw?.signInResult, pw?.accessKeyId]).toEqual(['Success', undefined, undefined]);
  });

  it('reports the redacted record with its number, and the service-invoked root events', async () => {
    const r = await readFixture(S3);
    expect(r.problems.map((p) => [p.severity, p.record, p.message])).toEqual([
      ['warning', 11, 'record 11 skipped: eventTime "redacted" is not a readable time.'],
      [
        'info',
        undefined,
        '2 events with userIdentity.type Root were made by AWS services, not by a person (eventType AwsServiceEvent ×1, invokedBy config.amazonaws.com ×1); not counted as root activity.',
      ],
    ]);
    expect(r.problems.every((p) => p.input === S3)).toBe(true);
  });

  it('.json.gz: decoded first, coverage spans two UTC days', async () => {
    const r = await readFixture(GZ);
    expect([r.format, r.records, r.rootEvents.map(brief)]).toEqual(['s3-json', 3, [`2024-05-01T23:55:00.000Z ${A} ListUsers key=ASIAY34FZKBOKMUTVV7A`]]);
    expect(coverageOf(r)).toEqual({ [A]: ['2024-05-01T23:50:00.000Z', '2024-05-02T00:01:00.000Z', 3, ['2024-05-01', '2024-05-02']] });
  });

  it('service-only root events: none is root activity, all count for coverage', async () => {
    const r = await readFixture('service-only-root.json');
    expect([r.records, r.rootEvents.length]).toEqual([4, 0]);
    expect(r.problems.map((p) => p.message)).toEqual([
      '3 events with userIdentity.type Root were made by AWS services, not by a person (eventType AwsServiceEvent ×1, invokedBy autoscaling.amazonaws.com ×1, invokedBy config.amazonaws.com ×1); not counted as root activity.',
    ]);
  });

  it('short coverage: earliest, latest, count and UTC days per account (fractional seconds kept)', async () => {
    const r = await readFixture('short-coverage.json');
    expect(coverageOf(r)).toEqual({
      [A]: ['2024-05-10T22:00:00.000Z', '2024-05-11T00:30:00.250Z', 4, ['2024-05-10', '2024-05-11']],
      [B]: ['2024-05-11T01:00:00.000Z', '2024-05-11T01:00:00.000Z', 1, ['2024-05-11']],
    });
  });

  it('a truncated file keeps the records before the cut and says where it stopped', async () => {
    const r = await readFixture('truncated.json');
    expect([r.records, r.rootEvents.length]).toEqual([2, 1]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).toMatch(/^The JSON ends before it is closed \(truncated file\?\); the text from character \d+ on was not read\. 2 records before that were read\.$/);
  });
});

describe('lookup-events', () => {
  it.each(['lookup-events-paged.json', 'lookup-events-lines.json'])('%s: pages concatenated, CloudTrailEvent read from its string', async (file) => {
    const r = await readFixture(file);
    expect([r.format, r.records, r.skipped]).toEqual(['lookup-events', 4, 0]);
    expect(r.rootEvents.map(brief)).toEqual([`2024-05-06T08:00:00.000Z ${A} ConsoleLogin result=Success mfa=No`, `2024-05-06T09:05:00.000Z ${A} RunInstances key=AKIAIOSFODNN7EXAMPLE`]);
    expect(r.rootEvents.map((e) => e.record)).toEqual([1, 3]);
    expect(coverageOf(r)).toEqual({ [A]: ['2024-05-06T08:00:00.000Z', '2024-05-06T09:10:00.000Z', 4, ['2024-05-06']] });
  });

  it('EventTime (epoch seconds or ISO with offset) stands in when the record has no readable time', () => {
    const ev = (t: string | null) => JSON.stringify({ eventVersion: '1.10', userIdentity: { type: 'Root', accountId: A }, eventTime: t, eventName: 'ListUsers', eventSource: 'iam.amazonaws.com', recipientAccountId: A });
    const page = { Events: [{ EventId: 'x1', EventTime: 1714982400, CloudTrailEvent: ev(null) }, { EventId: 'x2', EventTime: '2024-05-06T10:00:00+02:00', CloudTrailEvent: ev('bad') }] };
    const r = parseCloudTrail(JSON.stringify(page), 'p.json', 'lookup-events', { naiveTimeOffsetMinutes: 0 });
    expect(r.rootEvents.map((e) => new Date(e.time).toISOString())).toEqual(['2024-05-06T08:00:00.000Z', '2024-05-06T08:00:00.000Z']);
  });

  it('a bare array of items (lookup-events --query Events)', async () => {
    const pages = JSON.parse((await fixtureText('lookup-events-lines.json')).split('\n')[0] as string) as { Events: unknown[] };
    const text = JSON.stringify(pages.Events);
    const r = parseCloudTrail(text, 'q.json', 'lookup-events', { naiveTimeOffsetMinutes: 0 });
    expect([r.format, r.records, r.rootEvents.map(brief)]).toEqual(['lookup-events', 2, [`2024-05-06T08:00:00.000Z ${A} ConsoleLogin result=Success mfa=No`]]);
  });

  it('items without CloudTrailEvent: root by Username, limited format, said so', () => {
    const page = { Events: [{ EventId: 'y1', EventName: 'ConsoleLogin', EventTime: 1714982400, Username: 'root', EventSource: 'signin.amazonaws.com' }, { EventId: 'y2', EventName: 'GetUser', EventTime: 1714982460, Username: 'bob' }] };
    const r = parseCloudTrail(JSON.stringify(page), 'q.json', 'lookup-events', { naiveTimeOffsetMinutes: 0 });
    expect([r.records, r.limitedFormat, r.rootEvents.map(brief)]).toEqual([2, true, ['2024-05-06T08:00:00.000Z null ConsoleLogin']]);
    expect(r.problems.map((p) => p.severity)).toEqual(['warning']);
  });
});

describe('console CSV', () => {
  it('16 columns: root by user name, hidden user names counted, limited format said', async () => {
    const r = await readFixture('console-events.csv');
    expect([r.format, r.records, r.skipped, r.limitedFormat]).toEqual(['console-csv', 5, 1, true]);
    expect(r.rootEvents.map(brief)).toEqual([`2024-05-07T07:30:00.000Z ${A} ConsoleLogin`, `2024-05-07T07:45:00.000Z ${A} CreateAccessKey key=ASIAY34FZKBOKMUTVV7A`]);
    expect(r.rootEvents.map((e) => [e.record, e.signInResult, e.mfaUsed, e.eventType])).toEqual([
      [2, undefined, undefined, 'AwsConsoleSignIn'],
      [5, undefined, undefined, 'AwsApiCall'],
    ]);
    expect(r.problems.map((p) => [p.severity, p.line, p.message])).toEqual([
      ['warning', 7, 'line 7 skipped: Event time "not-a-time" is not a readable time.'],
      ['warning', undefined, expect.stringMatching(/^Console CSV export: root is recognised only by the user name "root"/)],
      ['info', undefined, expect.stringMatching(/^1 event has the user name HIDDEN_DUE_TO_SECURITY_REASONS: .*Not counted as root\.$/)],
      ['info', undefined, expect.stringMatching(/^1 event with userIdentity\.type Root was made by AWS services, not by a person \(eventType AwsServiceEvent ×1\)/)],
    ]);
    expect(r.problems[1]?.message).toContain('no MFA flag and no sign-in result');
    expect(r.problems[1]?.message).toContain('failed root sign-ins are not listed');
  });

  it.each([
    [0, ['2020-05-13T16:52:01.000Z null ConsoleLogin', '2020-05-14T12:00:30.000Z null DeleteAccessKey key=ASIAY34FZKBOKMUTVV7A'], 'UTC+00:00'],
    [120, ['2020-05-13T14:52:01.000Z null ConsoleLogin', '2020-05-14T10:00:30.000Z null DeleteAccessKey key=ASIAY34FZKBOKMUTVV7A'], 'UTC+02:00'],
    [-330, ['2020-05-13T22:22:01.000Z null ConsoleLogin', '2020-05-14T17:30:30.000Z null DeleteAccessKey key=ASIAY34FZKBOKMUTVV7A'], 'UTC-05:30'],
  ])('older 10 columns read at offset %i min: 12-hour local times, account unknown', async (offset, events, zone) => {
    const r = await readFixture('console-events-legacy.csv', offset);
    expect([r.format, r.records, r.skipped, r.limitedFormat]).toEqual(['console-csv-legacy', 3, 0, true]);
    expect(r.rootEvents.map(brief)).toEqual(events);
    expect([...r.coverage.keys()]).toEqual([null]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.message).toContain(`read as ${zone}`);
    expect(r.problems[0]?.message).toContain('account unknown');
  });

  it('12 AM is midnight, 12 PM is noon', async () => {
    const r = await readFixture('console-events-legacy.csv');
    expect(coverageOf(r).null).toEqual(['2020-05-13T00:10:00.000Z', '2020-05-14T12:00:30.000Z', 3, ['2020-05-13', '2020-05-14']]);
  });
});

describe('CloudTrail Lake and Athena', () => {
  it('Lake QueryResultRows: struct text read, assumedRoot inside sessioncontext, service noise left out', async () => {
    const r = await readFixture('lake-results.json');
    expect([r.format, r.records, r.skipped]).toEqual(['cloudtrail-lake', 4, 0]);
    expect(r.rootEvents.map(brief)).toEqual([`2024-05-04T08:00:00.000Z ${A} ConsoleLogin result=Success mfa=Yes`, `2024-05-04T09:15:30.000Z ${B} DeleteLoginProfile key=ASIAEXAMPLETASK00001 assumedRoot`]);
    expect(r.rootEvents[1]?.mfaAuthenticated).toBe('false');
    expect(r.rootEvents[0]?.invokedBy).toBeUndefined();
    expect(coverageOf(r)).toEqual({
      [A]: ['2024-05-04T08:00:00.000Z', '2024-05-04T09:25:00.000Z', 3, ['2024-05-04']],
      [B]: ['2024-05-04T09:15:30.000Z', '2024-05-04T09:15:30.000Z', 1, ['2024-05-04']],
    });
    expect(r.problems.map((p) => p.message)).toEqual(['1 event with userIdentity.type Root was made by AWS services, not by a person (invokedBy cloudformation.amazonaws.com ×1); not counted as root activity.']);
  });

  it('Athena CSV: struct identity, JSON map columns, CSV lines cited', async () => {
    const r = await readFixture('athena-results.csv');
    expect([r.format, r.records, r.skipped, r.limitedFormat]).toEqual(['athena-csv', 3, 0, false]);
    expect(r.rootEvents.map(brief)).toEqual([
      `2024-05-08T06:00:00.000Z ${A} ConsoleLogin result=Failure mfa=No err=Failed authentication`,
      `2024-05-08T06:10:00.000Z ${A} CreateAccessKey key=AKIAIOSFODNN7EXAMPLE user=ci-user`,
    ]);
    expect(r.rootEvents.map((e) => e.record)).toEqual([2, 4]);
  });

  it('Athena CSV with flattened identity columns and Lake-style times', () => {
    const csv = 'eventtime,eventname,eventsource,useridentity_type,useridentity_accesskeyid,useridentity_invokedby,assumedroot,mfaused,consolelogin,recipientaccountid\n' +
      `2024-05-08 06:00:00.000,ConsoleLogin,signin.amazonaws.com,Root,,,,NO,Success,${A}\n` +
      `2024-05-08 06:01:00.000,RunInstances,ec2.amazonaws.com,Root,,autoscaling.amazonaws.com,,,,${A}\n` +
      `2024-05-08 06:02:00.000,DeleteLoginProfile,iam.amazonaws.com,Root,ASIAEXAMPLETASK00001,,true,,,${A}\n`;
    const r = parseCloudTrail(csv, 'flat.csv', 'athena-csv', { naiveTimeOffsetMinutes: 0 });
    expect(r.rootEvents.map(brief)).toEqual([`2024-05-08T06:00:00.000Z ${A} ConsoleLogin result=Success mfa=NO`, `2024-05-08T06:02:00.000Z ${A} DeleteLoginProfile key=ASIAEXAMPLETASK00001 assumedRoot`]);
    expect(r.records).toBe(3);
  });
});

describe('EventBridge and CloudWatch Logs', () => {
  it('EventBridge sign-in envelope: record from detail', async () => {
    const r = await readFixture('eventbridge-signin.json');
    expect([r.format, r.records, r.rootEvents.map(brief)]).toEqual(['eventbridge', 1, [`2024-05-01T09:05:00.000Z ${A} ConsoleLogin result=Success mfa=Yes`]]);
  });

  it('an array of EventBridge events: the non-CloudTrail one is skipped and said', async () => {
    const r = await readFixture('eventbridge-mixed.json');
    expect([r.records, r.skipped, r.rootEvents.map(brief)]).toEqual([2, 1, [`2024-05-09T12:00:00.000Z ${A} CreateBucket key=ASIAY34FZKBOKMUTVV7A`]]);
    expect(r.problems.map((p) => p.message)).toEqual(['record 2 skipped: EventBridge event of type "EC2 Instance State-change Notification" carries no CloudTrail record.']);
  });

  it('the envelope account stands in when the detail has no account', () => {
    const env = { 'detail-type': 'AWS API Call via CloudTrail', account: B, detail: { eventTime: '2024-05-01T00:00:00Z', eventName: 'ListUsers', eventSource: 'iam.amazonaws.com', userIdentity: { type: 'Root' } } };
    const r = parseCloudTrail(JSON.stringify(env), 'e.json', 'eventbridge', { naiveTimeOffsetMinutes: 0 });
    expect([[...r.coverage.keys()], r.rootEvents.map((e) => e.accountId)]).toEqual([[B], [B]]);
  });

  it.each([
    ['cloudwatch-logs.json', 'cloudwatch-logs'],
    ['cloudwatch-logs.b64', 'cloudwatch-logs+base64+gzip'],
    ['cloudwatch-lambda-event.json', 'cloudwatch-logs+base64+gzip'],
  ])('%s: messages read as records (format %s)', async (file, format) => {
    const r = await readFixture(file);
    expect([r.format, r.records, r.rootEvents.map(brief)]).toEqual([format, 3, [`2024-05-05T10:01:00.000Z ${A} ConsoleLogin result=Success mfa=Yes`]]);
  });

  it('the synchronous parser says plainly that base64 gzip needs the async reader', async () => {
    const text = await fixtureText('cloudwatch-logs.b64');
    const r = parseCloudTrail(text, 'cw.b64', 'base64', { naiveTimeOffsetMinutes: 0 });
    expect([r.records, r.problems.map((p) => p.severity)]).toEqual([0, ['error']]);
    expect(r.problems[0]?.message).toContain('call readCloudTrail');
    const lambda = parseCloudTrail(await fixtureText('cloudwatch-lambda-event.json'), 'l.json', 'cloudwatch-logs-lambda', { naiveTimeOffsetMinutes: 0 });
    expect(lambda.problems.map((p) => p.severity)).toEqual(['error']);
  });

  it('base64 of plain JSON decodes synchronously', () => {
    const rec = { eventTime: '2024-05-05T10:00:00Z', eventName: 'ListUsers', eventSource: 'iam.amazonaws.com', userIdentity: { type: 'Root', accountId: A }, recipientAccountId: A };
    const b64 = Buffer.from(JSON.stringify({ messageType: 'DATA_MESSAGE', owner: A, logEvents: [{ id: '1', timestamp: 0, message: JSON.stringify(rec) }] })).toString('base64');
    const r = parseCloudTrail(b64, 'cw.b64', 'base64', { naiveTimeOffsetMinutes: 0 });
    expect([r.format, r.rootEvents.length]).toEqual(['cloudwatch-logs+base64', 1]);
  });

  it('a control message has no events', async () => {
    const r = await readCloudTrail('{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}', 'c.json', 'cloudwatch-logs', { naiveTimeOffsetMinutes: 0 });
    expect([r.records, r.skipped]).toEqual([0, 1]);
    expect(r.problems.map((p) => p.severity)).toEqual(['warning', 'info']);
  });
});

describe('generic JSON: lines, concatenated, array, bare record', () => {
  it.each([
    ['records.jsonl', 'json-lines', 3],
    ['records-concatenated.json', 'json-concatenated', 3],
    ['record-array.json', 'record-array', 3],
    ['bare-record.json', 'record', 1],
  ])('%s → %s', async (file, format, records) => {
    const r = await readFixture(file);
    expect([r.format, r.records, r.skipped, r.rootEvents.map(brief)]).toEqual([format, records, 0, [`2024-05-10T10:05:00.000Z ${A} ConsoleLogin result=Success mfa=No`]]);
  });

  it('an invalid JSON line is skipped with its record number; the rest are read', () => {
    const good = (t: string) => JSON.stringify({ eventTime: t, eventName: 'ListUsers', eventSource: 'iam.amazonaws.com', userIdentity: { type: 'Root', accountId: A }, recipientAccountId: A });
    const text = `${good('2024-05-01T00:00:00Z')}\n{"eventTime": "2024-05-01T00:01:00Z", "userIdentity": {"type": "Root"}, oops}\n${good('2024-05-01T00:02:00Z')}\n`;
    const r = parseCloudTrail(text, 'l.jsonl', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
    expect([r.records, r.skipped, r.rootEvents.map((e) => e.record)]).toEqual([2, 1, [1, 3]]);
    expect(r.problems[0]?.message).toMatch(/^record 2 skipped: not valid JSON/);
    expect(r.problems[0]?.record).toBe(2);
  });

  it('many unreadable times: ten named, the rest counted', () => {
    const recs = Array.from({ length: 13 }, (_, i) => ({ eventTime: 'redacted', eventName: `E${i}`, userIdentity: { type: 'IAMUser' } }));
    const r = parseCloudTrail(JSON.stringify({ Records: recs }), 'r.json', 's3-json', { naiveTimeOffsetMinutes: 0 });
    expect([r.records, r.skipped, r.problems.length]).toEqual([0, 13, 11]);
    expect(r.problems[10]?.message).toBe('3 more records skipped for the same reason (eventTime "redacted" is not a readable time); 13 in all.');
  });

  it('AssumeRoot calls from any identity are kept, with target, policy and failure', () => {
    const call = (id: string, err?: string) => ({
      eventTime: '2024-05-03T00:05:29Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRoot',
      eventID: id,
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${M}:assumed-role/Sec/alice`, accountId: M },
      requestParameters: { targetPrincipal: `arn:aws:iam::${B}:root`, taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' } },
      recipientAccountId: M,
      ...(err ? { errorCode: err } : {}),
    });
    const r = parseCloudTrail(JSON.stringify({ Records: [call('c1'), call('c2', 'AccessDenied')] }), 'm.json', 's3-json', { naiveTimeOffsetMinutes: 0 });
    expect(r.assumeRootCalls).toEqual([
      { time: Date.parse('2024-05-03T00:05:29Z'), accountId: M, targetAccountId: B, callerArn: `arn:aws:sts::${M}:assumed-role/Sec/alice`, taskPolicyArn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials', eventId: 'c1', input: 'm.json', record: 1 },
      { time: Date.parse('2024-05-03T00:05:29Z'), accountId: M, targetAccountId: B, callerArn: `arn:aws:sts::${M}:assumed-role/Sec/alice`, taskPolicyArn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials', eventId: 'c2', input: 'm.json', record: 2, errorCode: 'AccessDenied' },
    ]);
    expect(r.rootEvents).toEqual([]);
  });

  it.each([
    ['{"Records":[]}', 's3-json'],
    ['{"Events":[],"NextToken":"x"}', 'lookup-events'],
  ])('an empty list (%s) is read as no records, and said', (text, format) => {
    const r = parseCloudTrail(text, 'e.json', format, { naiveTimeOffsetMinutes: 0 });
    expect([r.format, r.records, r.problems.map((p) => p.message)]).toEqual([format, 0, ['The file holds no CloudTrail records (an empty list).']]);
  });

  it('a digest file read by content: no records, an info note', async () => {
    const r = await readFixture('org-trail/AWSLogs/o-exampleorg1/111122223333/CloudTrail-Digest/us-east-1/2024/05/03/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240503T0105Z.json.gz');
    expect([r.format, r.records, r.problems.map((p) => [p.severity, p.message])]).toEqual(['cloudtrail-digest', 0, [['info', 'CloudTrail digest file (integrity hashes, no events): skipped.']]]);
  });

  it('nothing readable: each value is counted as skipped and no objects found is said', () => {
    const r = parseCloudTrail('[1, 2, 3]', 'n.json', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
    expect([r.records, r.skipped, r.problems.map((p) => p.message)]).toEqual([
      0,
      3,
      ['record 1 skipped: not a JSON object.', 'record 2 skipped: not a JSON object.', 'record 3 skipped: not a JSON object.', 'No JSON objects found: no CloudTrail records.'],
    ]);
  });

  it('strings, numbers and literals where records belong are counted as skipped, in order, by every reader (they were dropped unseen)', () => {
    const rec = (id: string): Record<string, unknown> => ({ eventVersion: '1.08', eventTime: '2025-01-01T00:00:00Z', eventName: 'ListUsers', eventID: id, eventSource: 'iam.amazonaws.com', userIdentity: { type: 'IAMUser' }, recipientAccountId: '111122223333' });
    const cases: [string, string, number, string[]][] = [
      // Inside the Records array, nested arrays included; not in another key of the envelope.
      [JSON.stringify({ Records: [rec('a'), 1, 'x', null, [rec('b'), -2.5e3], rec('c')], other: [7, 'z'] }), 's3-json', 3, ['record 2', 'record 3', 'record 4', 'record 6']],
      [JSON.stringify([rec('a'), 2, 'y', true, rec('c')]), 'cloudtrail-json', 2, ['record 2', 'record 3', 'record 4']],
      [`${JSON.stringify(rec('a'))}
42
"s"
${JSON.stringify(rec('b'))}`, 'cloudtrail-json', 2, ['record 2', 'record 3']],
    ];
    for (const [text, format, records, where] of cases) {
      const expected = [records, where.length, where.map((w) => `${w} skipped: not a JSON object.`)];
      for (const exact of [true, false]) {
        const r = parseCloudTrail(text, 't.json', format, { naiveTimeOffsetMinutes: 0, exact });
        expect([r.records, r.skipped, r.problems.map((p) => p.message)], `${format} exact=${exact}`).toEqual(expected);
      }
      const b = parseCloudTrailBytes(new TextEncoder().encode(text), 't.json', format);
      expect([b?.records, b?.skipped, b?.problems.map((p) => p.message)], `${format} bytes`).toEqual(expected);
    }
    // Random mixes: the three readers agree on records, skips and every problem.
    const piece = fc.oneof(
      fc.constantFrom(rec('r1'), rec('r2'), { ...rec('r3'), userIdentity: { type: 'Root' } }),
      fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null)),
      fc.array(fc.oneof(fc.constant(rec('n1')), fc.integer()), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.constantFrom('s3-json', 'array', 'lines'), (items, shape) => {
        const text = shape === 's3-json' ? JSON.stringify({ Records: items }) : shape === 'array' ? JSON.stringify(items) : items.map((v) => JSON.stringify(v)).join('\n');
        if (/[^\x00-\x7f]/.test(text)) return;
        const format = shape === 's3-json' ? 's3-json' : 'cloudtrail-json';
        const pick = (r: { records: number; skipped: number; problems: { message: string }[] } | undefined): unknown => r && [r.records, r.skipped, r.problems.map((p) => p.message)];
        const exact = pick(parseCloudTrail(text, 't.json', format, { naiveTimeOffsetMinutes: 0, exact: true }));
        expect(pick(parseCloudTrail(text, 't.json', format, { naiveTimeOffsetMinutes: 0 }))).toEqual(exact);
        expect(pick(parseCloudTrailBytes(new TextEncoder().encode(text), 't.json', format))).toEqual(exact);
      }),
      { numRuns: PROPERTY_RUNS },
    );
    const lookup = JSON.stringify({ Events: [3, { EventId: 'e', EventTime: 1, CloudTrailEvent: JSON.stringify(rec('q')) }] });
    const r = parseCloudTrail(lookup, 'l.json', 'lookup-events', { naiveTimeOffsetMinutes: 0 });
    expect([r.records, r.skipped, r.problems.map((p) => p.message)]).toEqual([1, 1, ['record 1 skipped: lookup-events item is not an object.']]);
  });
});
