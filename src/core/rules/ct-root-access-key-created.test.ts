import { describe, expect, it } from 'vitest';
import { at, CT_INPUT, ctCtx, ctCtxFor, rootEvent, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS } from '../../../test/helpers/report';
import { createsRootKey, ctRootAccessKeyCreated } from './ct-root-access-key-created';

const iso = (ms: number) => new Date(ms).toISOString();
const run = (ct: CtOptions) => ctRootAccessKeyCreated.evaluate(ctCtxFor(ct));
const create = (days: number, over: Parameters<typeof rootEvent>[1] = {}) =>
  rootEvent(at(days), { eventName: 'CreateAccessKey', eventSource: 'iam.amazonaws.com', ...over });

describe('CT-ROOT-ACCESS-KEY-CREATED', () => {
  it.each([
    { name: 'no root events', ct: {}, status: 'PASS' },
    { name: 'CreateAccessKey without userName (root for itself)', ct: { events: [create(5)] }, status: 'FAIL' },
    { name: 'userName empty', ct: { events: [create(5, { targetUserName: '' })] }, status: 'FAIL' },
    { name: 'userName "root"', ct: { events: [create(5, { targetUserName: 'root' })] }, status: 'FAIL' },
    { name: 'userName "<root_account>"', ct: { events: [create(5, { targetUserName: '<root_account>' })] }, status: 'FAIL' },
    { name: 'userName "Root" (case-insensitive)', ct: { events: [create(5, { targetUserName: 'Root' })] }, status: 'FAIL' },
    { name: 'root creating a key for IAM user alice', ct: { events: [create(5, { targetUserName: 'alice' })] }, status: 'PASS' },
    { name: 'userName "AWS ROOT USER"', ct: { events: [create(5, { targetUserName: 'AWS ROOT USER' })] }, status: 'FAIL' },
    { name: 'target given as the root ARN (console CSV Resources)', ct: { events: [create(5, { targetUserName: 'arn:aws:iam::123456789012:root' })] }, status: 'FAIL' },
    { name: 'console CSV naming IAM user Admin in Resources', ct: { events: [create(5, { targetUserName: 'Admin', eventId: undefined })], onlyConsoleCsv: true }, status: 'PASS' },
    { name: 'console CSV that does not show for whom → NEEDS_EVIDENCE, never FAIL', ct: { events: [create(5, { targetNotShown: true })], onlyConsoleCsv: true }, status: 'NEEDS_EVIDENCE' },
    { name: 'a target not shown next to one for root itself still FAILs', ct: { events: [create(6, { targetNotShown: true }), create(5)] }, status: 'FAIL' },
    { name: 'other IAM call by root', ct: { events: [rootEvent(at(5), { eventName: 'CreateUser' })] }, status: 'PASS' },
    { name: 'created 120 days ago → history', ct: { events: [create(120)], coverage: { start: at(130), end: AS_OF_MS } }, status: 'PASS' },
    { name: 'a failed call still FAILs (someone acting as root tried)', ct: { events: [create(5, { errorCode: 'LimitExceededException' })] }, status: 'FAIL' },
    { name: 'nothing loaded', ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ ct, status }) => {
    const out = run(ct);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
  });

  it('createsRootKey reads requestParameters.userName', () => {
    expect(createsRootKey(create(1))).toBe(true);
    expect(createsRootKey(create(1, { targetUserName: ' root ' }))).toBe(true);
    expect(createsRootKey(create(1, { targetUserName: 'rooted' }))).toBe(false);
    expect(createsRootKey(rootEvent(at(1), { eventName: 'DeleteAccessKey' }))).toBe(false);
  });

  it('a CreateAccessKey whose target the export does not show: NEEDS_EVIDENCE saying so', () => {
    const [f] = run({ events: [create(5, { targetNotShown: true, eventId: 'k1', input: 'events.csv' })], onlyConsoleCsv: true });
    expect(f?.message).toBe(
      `Root created 1 access key in the 90-day look-back before ${iso(AS_OF_MS)} (latest ${iso(at(5))} (5 days ago) from 198.51.100.7 (eventID k1)); this export does not show for whom: events.csv carries no request parameters and names no IAM user in Resources. ` +
        "Load the same events as CloudTrail JSON (the trail's S3 files or lookup-events output), where requestParameters.userName tells a user's key from root's own.",
    );
    expect(f?.evidence[0]).toMatchObject({ input: 'events.csv', eventId: 'k1', note: 'CreateAccessKey by root; for whom is not in this export; from 198.51.100.7' });
    expect(createsRootKey(create(1, { targetNotShown: true }))).toBe(false);
  });

  it('without CloudTrail: one NEEDS_EVIDENCE', () => {
    const out = ctRootAccessKeyCreated.evaluate(ctCtx(undefined));
    expect(out.map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
    expect(out[0]?.message).toContain('so root creating an access key for itself cannot be checked');
  });

  it('FAIL message and evidence; keys created for users are mentioned, not failed on', () => {
    const events = [create(8, { eventId: 'k1', sourceIp: '203.0.113.8', userAgent: 'aws-cli/2.15.0' }), create(6, { eventId: 'u1', targetUserName: 'alice' })];
    const [f] = run({ events });
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toBe(
      `Root called CreateAccessKey for itself 1 time in the 90-day look-back before ${iso(AS_OF_MS)}; latest ${iso(at(8))} (8 days ago) from 203.0.113.8 (eventID k1). Delete any root access key and find out who created it. Root also created 1 access key for IAM users (alice ×1); that is root activity (CT-ROOT-ACTIVITY), not a root key.`,
    );
    expect(f!.evidence.filter((e) => e.field === 'eventTime')).toEqual([
      {
        input: CT_INPUT,
        field: 'eventTime',
        value: iso(at(8)),
        ageDays: 8,
        eventId: 'k1',
        note: 'CreateAccessKey; from 203.0.113.8; in us-east-1; key ASIAEXAMPLESESSION01; agent aws-cli/2.15.0',
      },
    ]);
  });

  it('says when every call failed', () => {
    const [f] = run({ events: [create(5, { errorCode: 'LimitExceededException' }), create(4, { errorCode: 'LimitExceededException' })] });
    expect(f?.message).toContain('Every call failed (LimitExceededException ×2), so no key came of them, but someone acting as root tried.');
    const [g] = run({ events: [create(5, { errorCode: 'LimitExceededException' }), create(4)] });
    expect(g?.message).toContain(' 1 of them failed (LimitExceededException ×1).');
  });

  it('PASS cites keys created for users as context', () => {
    const [f] = run({ events: [create(6, { eventId: 'u1', targetUserName: 'alice' })] });
    expect(f?.message).toContain('No CreateAccessKey by root for root in the loaded CloudTrail, which covers all of the 90-day look-back');
    expect(f?.message).toContain('Root also created 1 access key for IAM users (alice ×1)');
    expect(f!.evidence.filter((e) => e.field === 'eventTime').map((e) => e.eventId)).toEqual(['u1']);
  });
});
