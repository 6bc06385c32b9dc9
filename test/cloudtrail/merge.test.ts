import { describe, expect, it } from 'vitest';
import { buildCloudTrailAccounts } from '../../src/core/cloudtrail/merge';
import { parseCloudTrail } from '../../src/core/cloudtrail/read';
import { ingest } from '../../src/core/ingest';
import type { Problem } from '../../src/core/types';
import { auditInput, brief, fixtureFiles, readFixture } from './helpers';

const A = '111122223333';
const B = '444455556666';
const M = '999988887777';
const S3 = 's3/111122223333_CloudTrail_us-east-1_20240501T0930Z_UzNMb2dGaWxlMDAx.json';

describe('buildCloudTrailAccounts', () => {
  it('the same event in two envelopes (S3 file and EventBridge) is kept once, and said', async () => {
    const files = [await readFixture(S3), await readFixture('eventbridge-signin.json')];
    const problems: Problem[] = [];
    const accounts = buildCloudTrailAccounts(files, problems);
    const a = accounts.get(A);
    expect([...accounts.keys()]).toEqual([A]);
    expect(a?.rootEvents).toHaveLength(7);
    expect(a?.duplicatesRemoved).toBe(1);
    expect(a?.totalEvents).toBe(12); // 12 + 1 loaded, the copy taken off
    expect(a?.inputs).toEqual([S3, 'eventbridge-signin.json']);
    expect(a?.formats).toEqual(['s3-json', 'eventbridge']);
    expect(a?.rootEvents.filter((e) => e.eventName === 'ConsoleLogin').map((e) => e.input)).toEqual([S3, S3]);
    expect(problems).toEqual([
      {
        input: '(CloudTrail)',
        severity: 'info',
        message: `1 event was loaded twice across ${S3} and eventbridge-signin.json (same eventID, time and name) and is counted once; it is a root event. Multi-region and organization trails deliver copies, one event can arrive in two envelopes, and Event history downloads overlap.`,
      },
    ]);
  });

  it('a thin copy kept first is filled from a fuller copy', () => {
    const thin = { eventTime: '2024-05-01T00:00:00Z', eventID: 'e1', eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', userIdentity: { type: 'Root', accountId: A } };
    const full = { ...thin, responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' }, sourceIPAddress: '203.0.113.10' };
    const f1 = parseCloudTrail(JSON.stringify(thin), 'thin.json', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
    const f2 = parseCloudTrail(JSON.stringify(full), 'full.json', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
    const e = buildCloudTrailAccounts([f1, f2]).get(A)?.rootEvents;
    expect(e?.map(brief)).toEqual([`2024-05-01T00:00:00.000Z ${A} ConsoleLogin result=Success mfa=No`]);
    expect(e?.[0]?.input).toBe('thin.json');
  });

  it('merging leaves each file as it was read: merged again without the fuller copy, the thin event is thin', () => {
    const thin = { eventTime: '2024-05-01T00:00:00Z', eventID: 'e1', eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', userIdentity: { type: 'Root', accountId: A } };
    const full = { ...thin, responseElements: { ConsoleLogin: 'Success' }, sourceIPAddress: '203.0.113.10' };
    const f1 = parseCloudTrail(JSON.stringify(thin), 'thin.json', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
    const f2 = parseCloudTrail(JSON.stringify(full), 'full.json', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
    expect(buildCloudTrailAccounts([f1, f2]).get(A)?.rootEvents.map(brief)).toEqual([`2024-05-01T00:00:00.000Z ${A} ConsoleLogin result=Success`]);
    // f2 removed (the page's "remove file"): the result equals merging f1 alone from scratch.
    expect(buildCloudTrailAccounts([f1]).get(A)?.rootEvents.map(brief)).toEqual([`2024-05-01T00:00:00.000Z ${A} ConsoleLogin`]);
    expect(f1.rootEvents[0]?.sourceIp).toBeUndefined();
  });

  it('one eventID reused for different events (hand-made samples) keeps both and warns', () => {
    const rec = (t: string, name: string) => ({ eventTime: t, eventID: '1', eventName: name, eventSource: 'iam.amazonaws.com', userIdentity: { type: 'Root', accountId: A }, recipientAccountId: A });
    const f = parseCloudTrail(JSON.stringify([rec('2024-05-01T00:00:00Z', 'ListUsers'), rec('2024-05-01T00:01:00Z', 'GetUser'), rec('2024-05-01T00:01:00Z', 'GetUser')]), 'h.json', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
    const problems: Problem[] = [];
    const a = buildCloudTrailAccounts([f], problems).get(A);
    expect([a?.rootEvents.length, a?.duplicatesRemoved, a?.totalEvents]).toEqual([2, 1, 2]);
    expect(problems.map((p) => [p.severity, p.message])).toEqual([
      ['info', expect.stringMatching(/^1 event was loaded twice inside h\.json \(same eventID, time and name\) and is counted once; it is a root event\./)],
      ['warning', '1 root event shares its eventID with a different event (e.g. "1"); AWS gives each event its own id, so these look hand-made. They were kept as separate events.'],
    ]);
  });

  it('console CSV only → onlyConsoleCsv; with a JSON input too → false; account unknown grouped under null', async () => {
    const csv = await readFixture('console-events.csv');
    const legacy = await readFixture('console-events-legacy.csv');
    const json = await readFixture(S3);
    const only = buildCloudTrailAccounts([csv, legacy]);
    expect([only.get(A)?.onlyConsoleCsv, only.get(null)?.onlyConsoleCsv, only.get(null)?.rootEvents.length]).toEqual([true, true, 2]);
    const mixed = buildCloudTrailAccounts([csv, json]);
    expect(mixed.get(A)?.onlyConsoleCsv).toBe(false);
    expect(mixed.get(A)?.formats).toEqual(['console-csv', 's3-json']);
  });

  it('coverage merges across files: earliest, latest, counts, sorted UTC days', async () => {
    const acc = buildCloudTrailAccounts([await readFixture('short-coverage.json'), await readFixture(S3), await readFixture('s3-gz/111122223333_CloudTrail_eu-west-1_20240502T0000Z_R3ppcHBlZEZpbGUx.json.gz')]);
    const a = acc.get(A);
    expect([new Date(a?.coverageStart ?? 0).toISOString(), new Date(a?.coverageEnd ?? 0).toISOString(), a?.totalEvents, a?.daysWithEvents]).toEqual([
      '2024-05-01T09:00:00.000Z',
      '2024-05-11T00:30:00.250Z',
      19,
      ['2024-05-01', '2024-05-02', '2024-05-10', '2024-05-11'],
    ]);
    expect(acc.get(B)?.totalEvents).toBe(1);
    expect(a?.rootEvents.map((e) => e.time)).toEqual([...(a?.rootEvents.map((e) => e.time) ?? [])].sort((x, y) => x - y));
  });
});

describe('an organization trail folder through the app ingest', () => {
  it('every .json.gz read, the digest skipped, the multi-region copy removed, task session and AssumeRoot kept', async () => {
    const files = fixtureFiles('org-trail');
    expect(files).toHaveLength(5);
    const ds = await ingest(files.map(auditInput));
    expect(ds.inputs.map((i) => [i.name.split('/').slice(3, 6).join('/'), i.kind, i.format, i.records, i.accountIds])).toEqual([
      [`${A}/CloudTrail-Digest/us-east-1`, 'ignored', 'cloudtrail-digest', 0, []],
      [`${A}/CloudTrail/eu-west-1`, 'cloudtrail', 's3-json+gzip', 2, [A]],
      [`${A}/CloudTrail/us-east-1`, 'cloudtrail', 's3-json+gzip', 3, [A]],
      [`${B}/CloudTrail/us-east-1`, 'cloudtrail', 's3-json+gzip', 3, [B]],
      [`${M}/CloudTrail/us-east-1`, 'cloudtrail', 's3-json+gzip', 2, [M]],
    ]);
    const a = ds.cloudtrail.get(A);
    expect([a?.rootEvents.map(brief), a?.duplicatesRemoved, a?.totalEvents, a?.inputs.length]).toEqual([[`2024-05-03T00:01:00.000Z ${A} ConsoleLogin result=Success mfa=Yes`], 1, 4, 2]);
    const b = ds.cloudtrail.get(B);
    expect(b?.rootEvents.map(brief)).toEqual([`2024-05-03T00:06:00.000Z ${B} DeleteLoginProfile key=ASIAEXAMPLETASK00001 assumedRoot`]);
    const m = ds.cloudtrail.get(M);
    expect([m?.rootEvents.length, m?.assumeRootCalls.map((c) => [c.targetAccountId, c.taskPolicyArn, c.callerArn])]).toEqual([
      0,
      [[B, 'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials', `arn:aws:sts::${M}:assumed-role/Operator/security-admin`]],
    ]);
    expect([...ds.problems, ...ds.mergeProblems].map((p) => [p.severity, p.message.slice(0, 40)])).toEqual([
      ['info', 'CloudTrail digest file (integrity hashes'],
      ['info', '1 event was loaded twice across org-trai'],
    ]);
  });

  it('the base64-gzip CloudWatch payload goes through the async step in the app ingest', async () => {
    const ds = await ingest([auditInput('cloudwatch-logs.b64'), auditInput('cloudwatch-lambda-event.json')]);
    expect(ds.inputs.map((i) => [i.kind, i.format, i.records])).toEqual([
      ['cloudtrail', 'cloudwatch-logs+base64+gzip', 3],
      ['cloudtrail', 'cloudwatch-logs+base64+gzip', 3],
    ]);
    // The same three events twice: the root sign-in is kept once.
    expect(ds.cloudtrail.get(A)?.rootEvents).toHaveLength(1);
  });
});
