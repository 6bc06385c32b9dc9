import { describe, expect, it } from 'vitest';
import { at, CT_INPUT, ctCtx, ctCtxFor, rootEvent, signIn, taskEvent, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS } from '../../../test/helpers/report';
import { ctRootLongTermKeyUsed } from './ct-root-long-term-key-used';

const iso = (ms: number) => new Date(ms).toISOString();
const run = (ct: CtOptions) => ctRootLongTermKeyUsed.evaluate(ctCtxFor(ct));
const KEY = 'AKIAIOSFODNN7EXAMPLE';

describe('CT-ROOT-LONG-TERM-KEY-USED', () => {
  it.each([
    { name: 'no root events', ct: {}, status: 'PASS' },
    { name: 'console session (ASIA) calls', ct: { events: [rootEvent(at(2))] }, status: 'PASS' },
    { name: 'AKIA key call', ct: { events: [rootEvent(at(2), { accessKeyId: KEY })] }, status: 'FAIL' },
    { name: 'lower-case akia prefix', ct: { events: [rootEvent(at(2), { accessKeyId: 'akiaiosfodnn7example' })] }, status: 'FAIL' },
    { name: 'task session (ASIA)', ct: { events: [taskEvent(at(2))] }, status: 'PASS' },
    { name: 'sign-in without key id', ct: { events: [signIn(at(2))] }, status: 'PASS' },
    { name: 'AKIA call 95 days ago → history', ct: { events: [rootEvent(at(95), { accessKeyId: KEY })] }, status: 'PASS' },
    { name: 'nothing loaded', ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ ct, status }) => {
    const out = run(ct);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
  });

  it('without CloudTrail: one NEEDS_EVIDENCE', () => {
    const out = ctRootLongTermKeyUsed.evaluate(ctCtx(undefined));
    expect(out.map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
    expect(out[0]?.message).toContain('so use of a root access key cannot be checked');
  });

  it('groups calls per key with services and IPs, cites each call', () => {
    const events = [
      rootEvent(at(20), { eventId: 'c1', accessKeyId: KEY, eventName: 'ListBuckets', eventSource: 's3.amazonaws.com' }),
      rootEvent(at(10), { eventId: 'c2', accessKeyId: KEY, eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com', sourceIp: '192.0.2.10' }),
      rootEvent(at(4), { eventId: 'c3', accessKeyId: 'AKIAOTHERKEY00000002', eventName: 'ListBuckets', eventSource: 's3.amazonaws.com' }),
      rootEvent(at(3), { eventId: 'asia', eventName: 'GetCallerIdentity' }),
    ];
    const [f] = run({ events });
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toBe(
      `3 root calls in the 90-day look-back before ${iso(AS_OF_MS)} were signed with 2 long-term access keys: ${KEY}, AKIAOTHERKEY00000002; latest ListBuckets at ${iso(at(4))} (4 days ago) from 198.51.100.7 (eventID c3). Events: ListBuckets ×2, DescribeInstances ×1. Move the caller to an IAM role, then delete the key.`,
    );
    expect(f!.evidence.filter((e) => e.field === 'userIdentity.accessKeyId')).toEqual([
      { input: CT_INPUT, field: 'userIdentity.accessKeyId', value: KEY, note: `2 calls, ${iso(at(20))} to ${iso(at(10))}; services ec2.amazonaws.com ×1, s3.amazonaws.com ×1; IPs 192.0.2.10 ×1, 198.51.100.7 ×1` },
      { input: CT_INPUT, field: 'userIdentity.accessKeyId', value: 'AKIAOTHERKEY00000002', note: `1 call, ${iso(at(4))}; services s3.amazonaws.com ×1; IPs 198.51.100.7 ×1` },
    ]);
    expect(f!.evidence.filter((e) => e.field === 'eventTime').map((e) => [e.eventId, e.ageDays])).toEqual([
      ['c1', 20],
      ['c2', 10],
      ['c3', 4],
    ]);
  });

  it('one key: singular wording', () => {
    const [f] = run({ events: [rootEvent(at(2), { accessKeyId: KEY, eventId: 'x' })] });
    expect(f?.message).toContain(`1 root call in the 90-day look-back before ${iso(AS_OF_MS)} was signed with the long-term access key ${KEY};`);
  });
});
