// Real third-party CloudTrail samples (../shared/real-world, see its SOURCES.md), read in place.
// Their text is never copied here: only facts about them are asserted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { detectCloudTrail } from '../../src/core/cloudtrail/detect';
import { buildCloudTrailAccounts } from '../../src/core/cloudtrail/merge';
import type { CloudTrailFileResult } from '../../src/core/cloudtrail/model';
import { parseCloudTrail } from '../../src/core/cloudtrail/read';
import type { Problem } from '../../src/core/types';

const DIR = fileURLToPath(new URL('../../../shared/real-world/', import.meta.url));
const present = existsSync(DIR);
if (!present) console.warn(`[credaudit] ${DIR} is absent: the real-world CloudTrail tests are skipped.`);

const CUSTODIAN = join(DIR, 'cloud-custodian--cloud-custodian');
const PANTHER = join(DIR, 'panther-labs--panther-analysis');

function readCustodian(name: string): CloudTrailFileResult {
  const text = readFileSync(join(CUSTODIAN, name), 'utf8');
  const format = detectCloudTrail(text);
  expect(format).toBeDefined();
  return parseCloudTrail(text, name, format as string, { naiveTimeOffsetMinutes: 0 });
}

/** The Panther YAML wrappers hold records under Tests[].Log or Logs[]; fed to the parser as a JSON array. */
function readPanther(name: string): CloudTrailFileResult {
  const doc = parse(readFileSync(join(PANTHER, name), 'utf8')) as { Tests?: Array<{ Log?: unknown }>; Logs?: unknown[] };
  const records = [...(doc.Tests ?? []).map((t) => t.Log), ...(doc.Logs ?? [])];
  const text = JSON.stringify(records);
  expect(detectCloudTrail(text)).toBe('cloudtrail-json');
  return parseCloudTrail(text, name, 'cloudtrail-json', { naiveTimeOffsetMinutes: 0 });
}

const line = (r: CloudTrailFileResult): string[] =>
  r.rootEvents.map((e) => [e.record, e.eventName, e.signInResult ?? e.outcome ?? '-', e.mfaUsed ?? '-', e.targetUserName ?? '-', e.errorMessage ? 'error' : '-'].join(' '));

describe.skipIf(!present)('real-world CloudTrail samples', () => {
  describe('cloud-custodian event files', () => {
    it('RunInstances by Root invoked by autoscaling.amazonaws.com is service noise, not root activity', () => {
      const r = readCustodian('event-cloud-trail-run-instances.json');
      expect([r.format, r.records, r.rootEvents.length]).toEqual(['record', 1, 0]);
      expect([...r.coverage.keys()]).toEqual(['619193117841']);
      expect(r.problems.map((p) => p.message)).toEqual([
        '1 event with userIdentity.type Root was made by AWS services, not by a person (invokedBy autoscaling.amazonaws.com ×1); not counted as root activity.',
      ]);
    });

    it('the CreateBucket EventBridge event is root activity (console, MFA not used for the session)', () => {
      const r = readCustodian('event-cloud-trail-create-bucket.json');
      expect([r.format, r.records]).toEqual(['eventbridge', 1]);
      expect(r.rootEvents.map((e) => [new Date(e.time).toISOString(), e.accountId, e.eventName, e.eventSource, e.region, e.mfaAuthenticated, e.userAgent, e.invokedBy])).toEqual([
        ['2016-06-04T12:19:03.000Z', '619193117841', 'CreateBucket', 's3.amazonaws.com', 'us-west-2', 'false', '[S3Console/0.4]', undefined],
      ]);
    });

    it('CreateVirtualNode by Root: a console session key (ASIA) with MFA', () => {
      const r = readCustodian('event-appmesh-create-virtualnode.json');
      expect(r.rootEvents.map((e) => [e.eventName, e.accessKeyId?.slice(0, 4), e.mfaAuthenticated, e.assumedRoot, e.accountId])).toEqual([['CreateVirtualNode', 'ASIA', 'true', false, '659775036450']]);
    });
  });

  describe('Panther rule test events (YAML, fed as a JSON array)', () => {
    it('aws_console_root_login: one successful root sign-in without MFA; the AssumedRole event is not root', () => {
      const r = readPanther('aws_console_root_login.yml');
      expect([r.records, line(r)]).toEqual([2, ['1 ConsoleLogin Success No - -']]);
    });

    it('aws_console_root_login_failed: the failed and the successful sign-in', () => {
      const r = readPanther('aws_console_root_login_failed.yml');
      expect([r.records, line(r)]).toEqual([3, ['1 ConsoleLogin Failure No - -', '2 ConsoleLogin Success No - -']]);
    });

    it('aws_root_access_key_created: invokedBy signin.amazonaws.com is still root; for itself vs for an IAM user', () => {
      const r = readPanther('aws_root_access_key_created.yml');
      expect(line(r)).toEqual(['1 CreateAccessKey - - - -', '2 CreateAccessKey - - example-user -']);
      expect(r.rootEvents.map((e) => e.invokedBy)).toEqual(['signin.amazonaws.com', 'signin.amazonaws.com']);
    });

    it('aws_root_activity: the redacted record is skipped with its number; the IAM user is not root', () => {
      const r = readPanther('aws_root_activity.yml');
      expect([r.records, r.skipped]).toEqual([5, 1]);
      expect(line(r)).toEqual(['1 CreateServiceLinkedRole - - - -', '2 PutBucketVersioning - - - -', '5 ConsoleLogin Success No - -', '6 ListAccessKeys - - - -']);
      expect(r.problems.map((p) => [p.input, p.record, p.message])).toEqual([['aws_root_activity.yml', 4, 'record 4 skipped: eventTime "redacted" is not a readable time.']]);
    });

    it('aws_root_password_changed: PasswordUpdated success and failure', () => {
      const r = readPanther('aws_root_password_changed.yml');
      expect(line(r)).toEqual(['1 PasswordUpdated Success - - -', '2 PasswordUpdated Failure - - -']);
    });

    it('victim_cloudtrail: three root sign-ins without MFA and a contact change; coverage over 13 days', () => {
      const r = readPanther('victim_cloudtrail.yml');
      expect(line(r)).toEqual(['1 ConsoleLogin Success No - -', '2 SetContactAddress - - - -', '3 ConsoleLogin Success No - -', '4 ConsoleLogin Success No - -']);
      const cov = r.coverage.get('493859302102');
      expect([new Date(cov?.start ?? 0).toISOString(), new Date(cov?.end ?? 0).toISOString(), cov?.count]).toEqual(['2020-10-15T06:00:00.000Z', '2020-10-27T06:05:00.000Z', 4]);
    });

    it('attacker_cloudtrail: three failed sign-ins, a success without MFA, StopLogging refused, access keys created', () => {
      const r = readPanther('attacker_cloudtrail.yml');
      expect([r.records, r.rootEvents.length]).toEqual([12, 11]);
      expect(line(r)).toEqual([
        '1 ConsoleLogin Failure No - -',
        '2 ConsoleLogin Failure No - -',
        '3 ConsoleLogin Failure No - -',
        '4 ConsoleLogin Success No - -',
        '5 StopLogging - - - error',
        '6 CreateAccessKey - - - -',
        '7 CreateUser - - tracy_stone -',
        '8 AttachUserPolicy - - tracy_stone -',
        '9 AttachUserPolicy - - tracy_stone -',
        '10 AttachUserPolicy - - tracy_stone -',
        '11 CreateAccessKey - - tracy_stone -',
      ]);
    });

    it('hand-written ids: every eventID is "1", so merging warns instead of collapsing different events', () => {
      const r = readPanther('attacker_cloudtrail.yml');
      const problems: Problem[] = [];
      const acc = buildCloudTrailAccounts([r], problems).get('493859302102');
      expect(acc?.rootEvents).toHaveLength(11);
      expect(acc?.duplicatesRemoved).toBeUndefined();
      expect(problems.map((p) => p.message)).toEqual([
        '10 root events share their eventID with a different event (e.g. "1"); AWS gives each event its own id, so these look hand-made. They were kept as separate events.',
      ]);
    });
  });
});
