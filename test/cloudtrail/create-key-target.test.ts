// Whose key a root CreateAccessKey made, in formats without request parameters (issue 10 item 1):
// the console CSV's Resources cell and a lookup-events summary's Resources list.
import { describe, expect, it } from 'vitest';
import { iamUserInResources } from '../../src/core/cloudtrail/csv';
import { parseCloudTrail } from '../../src/core/cloudtrail/read';

describe('iamUserInResources', () => {
  it.each([
    { cell: '[{"resourceType":"AWS::IAM::AccessKey","resourceName":"AKIAEXAMPLEADMIN0001"},{"resourceType":"AWS::IAM::User","resourceName":"Admin"}]', user: 'Admin' },
    { cell: '[{"ResourceType":"AWS::IAM::User","ResourceName":"deploy-bot"}]', user: 'deploy-bot' },
    { cell: '{"resourceType":"AWS::IAM::User","resourceName":"solo"}', user: 'solo' },
    { cell: 'AWS::IAM::AccessKey AKIAEXAMPLEADMIN0001, AWS::IAM::User Admin', user: 'Admin' },
    { cell: 'AWS::IAM::User:ops', user: 'ops' },
    { cell: 'AKIAEXAMPLEADMIN0001; Admin', user: 'Admin' },
    { cell: '[{"resourceType":"AWS::IAM::User","resourceName":"AWS ROOT USER"}]', user: 'AWS ROOT USER' },
    { cell: '[{"resourceType":"AWS::IAM::AccessKey","resourceName":"AKIAEXAMPLEROOT00001"}]', user: undefined },
    { cell: 'AKIAEXAMPLEROOT00001', user: undefined },
    { cell: '', user: undefined },
    { cell: undefined, user: undefined },
  ])('$cell → $user', ({ cell, user }) => {
    expect(iamUserInResources(cell)).toBe(user);
  });
});

const HEADER =
  'User name,AWS access key,Event time,Event source,Event name,AWS region,Source IP address,User agent,Error code,Resources,Request ID,Event ID,Read-only,Event type,Recipient Account Id,Event category';
const row = (resources: string, id: string): string =>
  ['root', 'ASIAEXAMPLEROOT00001', '2024-05-01T10:00:00Z', 'iam.amazonaws.com', 'CreateAccessKey', 'us-east-1', '198.51.100.20', 'console.amazonaws.com', '', `"${resources.replace(/"/g, '""')}"`, `r-${id}`, id, 'false', 'AwsApiCall', '123456789012', 'Management'].join(',');

describe('reading the target', () => {
  it('console CSV: the user named in Resources is the target; no user named → target not shown', () => {
    const csv = [HEADER, row('[{"resourceType":"AWS::IAM::User","resourceName":"Admin"}]', 'a'), row('', 'b')].join('\r\n');
    const r = parseCloudTrail(csv, 'events.csv', 'console-csv', { naiveTimeOffsetMinutes: 0 });
    expect(r.rootEvents.map((e) => [e.eventId, e.targetUserName ?? null, e.targetNotShown ?? false])).toEqual([
      ['a', 'Admin', false],
      ['b', null, true],
    ]);
  });

  it('lookup-events items without CloudTrailEvent: Resources name the user, or the target is not shown', () => {
    const item = (id: string, resources: unknown[]) => ({ EventId: id, EventName: 'CreateAccessKey', EventTime: 1714557600, Username: 'root', EventSource: 'iam.amazonaws.com', Resources: resources });
    const text = JSON.stringify({
      Events: [item('a', [{ ResourceType: 'AWS::IAM::User', ResourceName: 'Admin' }]), item('b', [{ ResourceType: 'AWS::IAM::AccessKey', ResourceName: 'AKIAEXAMPLEROOT00001' }])],
    });
    const r = parseCloudTrail(text, 'lookup.json', 'lookup-events', { naiveTimeOffsetMinutes: 0 });
    expect(r.rootEvents.map((e) => [e.eventId, e.targetUserName ?? null, e.targetNotShown ?? false])).toEqual([
      ['a', 'Admin', false],
      ['b', null, true],
    ]);
  });

  it('JSON: an absent userName is the caller\'s own key (never "not shown")', () => {
    const rec = { eventTime: '2024-05-01T10:00:00Z', eventID: 'j', eventName: 'CreateAccessKey', eventSource: 'iam.amazonaws.com', requestParameters: null, userIdentity: { type: 'Root', accountId: '123456789012' }, recipientAccountId: '123456789012' };
    const r = parseCloudTrail(JSON.stringify({ Records: [rec] }), 'trail.json', 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
    expect(r.rootEvents.map((e) => [e.targetUserName ?? null, e.targetNotShown ?? false])).toEqual([[null, false]]);
  });
});
