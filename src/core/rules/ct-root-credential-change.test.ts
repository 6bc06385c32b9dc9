import { describe, expect, it } from 'vitest';
import { at, CT_INPUT, ctCtx, ctCtxFor, rootEvent, taskEvent, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS } from '../../../test/helpers/report';
import { ctRootCredentialChange, ROOT_CREDENTIAL_EVENTS } from './ct-root-credential-change';

const iso = (ms: number) => new Date(ms).toISOString();
const run = (ct: CtOptions) => ctRootCredentialChange.evaluate(ctCtxFor(ct));
const ev = (days: number, eventName: string, over: Parameters<typeof rootEvent>[1] = {}) => rootEvent(at(days), { eventName, ...over });

describe('CT-ROOT-CREDENTIAL-CHANGE', () => {
  it.each([...ROOT_CREDENTIAL_EVENTS].map((name) => ({ name })))('$name by root → FAIL', ({ name }) => {
    const out = run({ events: [ev(5, name)] });
    expect(out.map((f) => f.status)).toEqual(['FAIL']);
  });

  it.each([
    { name: 'no root events', ct: {}, status: 'PASS' },
    { name: 'unrelated root events', ct: { events: [ev(5, 'ListBuckets'), ev(4, 'CreateAccessKey'), ev(3, 'ListMFADevices')] }, status: 'PASS' },
    { name: 'change 100 days ago → history', ct: { events: [ev(100, 'PasswordUpdated')], coverage: { start: at(110), end: AS_OF_MS } }, status: 'PASS' },
    { name: 'change in a task session still listed as FAIL', ct: { events: [taskEvent(at(2), { eventName: 'DeactivateMFADevice' })] }, status: 'FAIL' },
    { name: 'nothing loaded', ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ ct, status }) => {
    expect(run(ct).map((f) => f.status)).toEqual([status]);
  });

  it('the watched events are exactly RULES.md\'s list (no ChangePassword: it does not apply to root)', () => {
    expect([...ROOT_CREDENTIAL_EVENTS]).toEqual([
      'PasswordUpdated',
      'PasswordRecoveryRequested',
      'PasswordRecoveryCompleted',
      'EmailUpdated',
      'CreateLoginProfile',
      'UpdateLoginProfile',
      'DeleteLoginProfile',
      'CreateVirtualMFADevice',
      'EnableMFADevice',
      'DeactivateMFADevice',
      'DeleteVirtualMFADevice',
      'ResyncMFADevice',
      'UploadSigningCertificate',
      'UpdateSigningCertificate',
      'DeleteSigningCertificate',
      'UpdateAccessKey',
      'DeleteAccessKey',
    ]);
  });

  it.each([
    { name: 'ChangePassword (an IAM user\'s own password call)', event: ev(5, 'ChangePassword'), status: 'PASS' },
    { name: 'CreateLoginProfile in a task session (root password re-created)', event: taskEvent(at(2), { eventName: 'CreateLoginProfile' }), status: 'FAIL' },
    { name: 'EmailUpdated', event: ev(5, 'EmailUpdated', { eventSource: 'signin.amazonaws.com' }), status: 'FAIL' },
    { name: 'DeleteAccessKey, no userName (root\'s own key)', event: ev(5, 'DeleteAccessKey', { eventSource: 'iam.amazonaws.com' }), status: 'FAIL' },
    { name: 'UpdateAccessKey with userName "AWS ROOT USER"', event: ev(5, 'UpdateAccessKey', { targetUserName: 'AWS ROOT USER' }), status: 'FAIL' },
    { name: 'UploadSigningCertificate, userName "root"', event: ev(5, 'UploadSigningCertificate', { targetUserName: 'root' }), status: 'FAIL' },
    { name: 'DeleteAccessKey for IAM user alice → not root\'s credential', event: ev(5, 'DeleteAccessKey', { targetUserName: 'alice' }), status: 'PASS' },
    { name: 'CreateLoginProfile for IAM user bob → not root\'s credential', event: ev(5, 'CreateLoginProfile', { targetUserName: 'bob' }), status: 'PASS' },
  ])('$name → $status', ({ event, status }) => {
    expect(run({ events: [event] }).map((f) => f.status)).toEqual([status]);
  });

  it('changes root made to IAM users\' credentials are named apart, not counted', () => {
    const [f] = run({ events: [ev(6, 'DeleteLoginProfile'), ev(5, 'DeleteAccessKey', { targetUserName: 'alice' })] });
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toMatch(/^1 root credential change in /);
    expect(f?.message).toContain(" Root also changed 1 credential of IAM users (alice ×1); those are not root's own.");
  });

  it('without CloudTrail: one NEEDS_EVIDENCE', () => {
    const out = ctRootCredentialChange.evaluate(ctCtx(undefined));
    expect(out.map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
    expect(out[0]?.message).toContain('so root credential changes cannot be checked');
  });

  it('FAIL tallies the changes, notes errors and task sessions, cites eventIds', () => {
    const events = [
      ev(30, 'PasswordRecoveryRequested', { eventId: 'p1', eventSource: 'signin.amazonaws.com' }),
      ev(30, 'PasswordRecoveryCompleted', { eventId: 'p2', eventSource: 'signin.amazonaws.com' }),
      ev(29, 'DeactivateMFADevice', { eventId: 'm1', eventSource: 'iam.amazonaws.com', errorCode: 'AccessDenied' }),
      taskEvent(at(2), { eventId: 't1', eventName: 'DeactivateMFADevice' }),
    ];
    const [f] = run({ events });
    expect(f?.message).toBe(
      `4 root credential changes in the 90-day look-back before ${iso(AS_OF_MS)}: DeactivateMFADevice ×2, PasswordRecoveryCompleted ×1, PasswordRecoveryRequested ×1; latest DeactivateMFADevice at ${iso(at(2))} (2 days ago) from 198.51.100.7 (eventID t1). 1 of them returned an error (AccessDenied ×1). 1 of them ran in privileged root task sessions (sts:AssumeRoot). Match each one with a change record.`,
    );
    const cited = f!.evidence.filter((e) => e.field === 'eventTime');
    expect(cited.map((e) => e.eventId)).toEqual(['p1', 'p2', 'm1', 't1']);
    expect(cited[3]).toEqual({
      input: CT_INPUT,
      field: 'eventTime',
      value: iso(at(2)),
      ageDays: 2,
      eventId: 't1',
      note: 'DeactivateMFADevice; from 198.51.100.7; in us-east-1; key ASIATASKSESSION00001; agent aws-cli/2.22.0; privileged root task session (sts:AssumeRoot)',
    });
  });
});
