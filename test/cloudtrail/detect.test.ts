import { describe, expect, it } from 'vitest';
import { detectCloudTrail } from '../../src/core/cloudtrail/detect';
import { fixtureText } from './helpers';

describe('detectCloudTrail: by content, not by name', () => {
  it.each([
    ['s3/111122223333_CloudTrail_us-east-1_20240501T0930Z_UzNMb2dGaWxlMDAx.json', 's3-json'],
    ['s3-gz/111122223333_CloudTrail_eu-west-1_20240502T0000Z_R3ppcHBlZEZpbGUx.json.gz', 's3-json'],
    ['service-only-root.json', 's3-json'],
    ['short-coverage.json', 's3-json'],
    ['truncated.json', 's3-json'],
    ['lookup-events-paged.json', 'lookup-events'],
    ['lookup-events-lines.json', 'lookup-events'],
    ['console-events.csv', 'console-csv'],
    ['console-events-legacy.csv', 'console-csv-legacy'],
    ['lake-results.json', 'cloudtrail-lake'],
    ['athena-results.csv', 'athena-csv'],
    ['eventbridge-signin.json', 'eventbridge'],
    ['eventbridge-mixed.json', 'eventbridge'],
    ['cloudwatch-logs.json', 'cloudwatch-logs'],
    ['cloudwatch-logs.b64', 'base64'],
    ['cloudwatch-lambda-event.json', 'cloudwatch-logs-lambda'],
    ['records.jsonl', 'cloudtrail-json'],
    ['records-concatenated.json', 'cloudtrail-json'],
    ['record-array.json', 'cloudtrail-json'],
    ['bare-record.json', 'cloudtrail-json'],
  ])('%s → %s', async (file, format) => {
    expect(detectCloudTrail(await fixtureText(file))).toBe(format);
  });

  it('an S3 event notification ("Records" with eventSource aws:s3) is not CloudTrail', async () => {
    expect(detectCloudTrail(await fixtureText('s3-notification.json'))).toBeUndefined();
  });

  it.each([
    ['credential report CSV', 'user,arn,user_creation_time,password_enabled\n<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported\n'],
    ['get-account-summary', '{"SummaryMap":{"AccountMFAEnabled":1,"AccountAccessKeysPresent":0}}'],
    ['describe-metric-filters naming the root pattern', '{"metricFilters":[{"filterName":"root","filterPattern":"{ $.userIdentity.type = \\"Root\\" && $.eventType != \\"AwsServiceEvent\\" }","logGroupName":"trail"}]}'],
    ['lookup-events of another service (rds describe-events)', '{"Events":[{"SourceIdentifier":"db1","Message":"started","Date":"2024-01-01T00:00:00Z"}]}'],
    ['an EventBridge event that is not CloudTrail', '{"detail-type":"EC2 Instance State-change Notification","detail":{"state":"running"}}'],
    ['a plain CSV', 'name,value\na,1\n'],
    ['empty JSON object', '{}'],
    ['text', 'hello'],
  ])('%s → undefined', (_name, text) => {
    expect(detectCloudTrail(text)).toBeUndefined();
  });

  it.each([
    ['empty Records file', '{"Records":[]}', 's3-json'],
    ['a digest file under any name', '{"awsAccountId":"111122223333","digestStartTime":"2024-05-03T00:05:00Z","digestEndTime":"2024-05-03T01:05:00Z","logFiles":[]}', 'cloudtrail-digest'],
    ['empty lookup-events answer', '{\n    "Events": []\n}\n', 'lookup-events'],
    ['lookup-events page without events but with a NextToken', '{"Events":[],"NextToken":"abc"}', 'lookup-events'],
    ['filter-log-events output over a CloudTrail log group', '{"events":[{"logStreamName":"s","timestamp":1,"message":"{\\"eventVersion\\":\\"1.10\\",\\"eventTime\\":\\"2024-01-01T00:00:00Z\\"}"}]}', 'cloudwatch-logs'],
    ['leading whitespace and a quoted console CSV header', '\n"User name","AWS access key","Event time","Event source","Event name"\r\n', 'console-csv'],
    ['Athena CSV with flattened identity columns', 'eventtime,eventname,useridentity_type,recipientaccountid\n2024-01-01T00:00:00Z,ListUsers,Root,111122223333\n', 'athena-csv'],
  ])('%s → %s', (_name, text, format) => {
    expect(detectCloudTrail(text)).toBe(format);
  });
});
