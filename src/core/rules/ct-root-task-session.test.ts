import { describe, expect, it } from 'vitest';
import { assumeRootCall, at, CT_INPUT, ctCtx, ctCtxFor, rootEvent, taskEvent, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS } from '../../../test/helpers/report';
import { ctRootTaskSession } from './ct-root-task-session';

const iso = (ms: number) => new Date(ms).toISOString();
const run = (ct: CtOptions) => ctRootTaskSession.evaluate(ctCtxFor(ct));

describe('CT-ROOT-TASK-SESSION', () => {
  it.each([
    { name: 'no root events', ct: {}, status: 'NOT_APPLICABLE' },
    { name: 'ordinary root events only', ct: { events: [rootEvent(at(2))] }, status: 'NOT_APPLICABLE' },
    { name: 'task-session event', ct: { events: [taskEvent(at(2))] }, status: 'PASS' },
    { name: 'AssumeRoot call made from this account', ct: { calls: [assumeRootCall(at(2))] }, status: 'PASS' },
    { name: 'task session 100 days ago → outside the look-back', ct: { events: [taskEvent(at(100))] }, status: 'NOT_APPLICABLE' },
    { name: 'AssumeRoot call 100 days ago', ct: { calls: [assumeRootCall(at(100))] }, status: 'NOT_APPLICABLE' },
    { name: 'nothing loaded', ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
    { name: 'one event inside the look-back (zero-length coverage)', ct: { coverage: { start: at(5), end: at(5) } }, status: 'NEEDS_EVIDENCE' },
    { name: 'logs cover only the last 30 days', ct: { coverage: { start: at(30), end: AS_OF_MS } }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status (never FAIL)', ({ ct, status }) => {
    const out = run(ct);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('without CloudTrail: one NEEDS_EVIDENCE', () => {
    const out = ctRootTaskSession.evaluate(ctCtx(undefined));
    expect(out.map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
    expect(out[0]?.message).toContain('so privileged root task sessions cannot be checked');
  });

  it('groups task-session events by session key and lists AssumeRoot calls', () => {
    const events = [
      taskEvent(at(10), { eventId: 't1', eventName: 'ListAccessKeys', accessKeyId: 'ASIASESSIONA0000001' }),
      taskEvent(at(10, -60_000), { eventId: 't2', eventName: 'DeleteAccessKey', accessKeyId: 'ASIASESSIONA0000001' }),
      taskEvent(at(3), { eventId: 't3', eventName: 'DeleteLoginProfile', accessKeyId: 'ASIASESSIONB0000002' }),
      rootEvent(at(2), { eventId: 'plain' }),
    ];
    const calls = [assumeRootCall(at(4), { eventId: 'call-1' })];
    const [f] = run({ events, calls });
    expect(f?.status).toBe('PASS');
    expect(f?.message).toBe(
      `2 privileged root task sessions in this account (3 events: DeleteAccessKey ×1, DeleteLoginProfile ×1, ListAccessKeys ×1); 1 sts:AssumeRoot call made from this account for 210987654321 ×1 in the 90-day look-back before ${iso(AS_OF_MS)}. Listed for review: this is the sanctioned way to do root-only tasks, not a failure.`,
    );
    expect(f!.evidence.filter((e) => e.field === 'session')).toEqual([
      { input: CT_INPUT, field: 'session', value: 'ASIASESSIONA0000001', note: `2 events, ${iso(at(10))} to ${iso(at(10, -60_000))}: DeleteAccessKey ×1, ListAccessKeys ×1` },
      { input: CT_INPUT, field: 'session', value: 'ASIASESSIONB0000002', note: `1 event, ${iso(at(3))}: DeleteLoginProfile ×1` },
    ]);
    expect(f!.evidence.filter((e) => e.field === 'eventTime').map((e) => e.eventId)).toEqual(['t1', 't2', 't3']);
    expect(f!.evidence.filter((e) => e.field === 'AssumeRoot')).toEqual([
      {
        input: CT_INPUT,
        field: 'AssumeRoot',
        value: iso(at(4)),
        ageDays: 4,
        eventId: 'call-1',
        note: 'by arn:aws:sts::123456789012:assumed-role/SecurityAdmin/alice for account 210987654321 with arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials',
      },
    ]);
  });

  it('NOT_APPLICABLE says what the logs cover', () => {
    const [f] = run({});
    expect(f?.message).toBe(
      `No privileged root task session (sts:AssumeRoot) in the loaded CloudTrail, which covers all of the 90-day look-back (${iso(at(90))} to ${iso(AS_OF_MS)}) (loaded: ${iso(at(120))} to ${iso(AS_OF_MS)}). (Tolerance: the logs may start up to 1 day after the look-back's start and end up to 1 h before as-of, with no stretch longer than 1 day without events.) Nothing to list.`,
    );
  });

  it('one event inside the look-back overlaps it: the finding says how little was covered, never "no events in that period"', () => {
    const [g] = run({ coverage: { start: at(5), end: at(5) } });
    expect(g?.status).toBe('NEEDS_EVIDENCE');
    expect(g?.message).toMatch(new RegExp(`^No privileged root task session \\(sts:AssumeRoot\\) in the 0 min covered, look-back is 90 days \\(${iso(at(90))} to ${iso(AS_OF_MS)}\\); load logs for ${iso(at(90))} to ${iso(at(5))} and ${iso(at(5))} to ${iso(AS_OF_MS)}: `));
    expect(g?.message).not.toContain('no events in that period');
  });
});
