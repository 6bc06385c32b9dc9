import { describe, expect, it } from 'vitest';
import { at, CT_INPUT, ctCtx, ctCtxFor, failedSignIn, hours, signIn, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS } from '../../../test/helpers/report';
import { ctRootFailedSignIn } from './ct-root-failed-sign-in';

const iso = (ms: number) => new Date(ms).toISOString();
const run = (ct: CtOptions, windows = [30, 90]) => ctRootFailedSignIn.evaluate(ctCtxFor(ct, { windows }));

describe('CT-ROOT-FAILED-SIGN-IN', () => {
  it.each([
    { name: 'no sign-ins', ct: {}, status: 'PASS' },
    { name: 'successful sign-in only', ct: { events: [signIn(at(2))] }, status: 'PASS' },
    { name: 'one failure', ct: { events: [failedSignIn(at(2))] }, status: 'FAIL' },
    { name: 'result "FAILURE" upper case', ct: { events: [signIn(at(2), { signInResult: 'FAILURE' })] }, status: 'FAIL' },
    { name: 'no result field but an error message', ct: { events: [signIn(at(2), { signInResult: undefined, errorMessage: 'Failed authentication' })] }, status: 'FAIL' },
    { name: 'failure 91 days ago → history', ct: { events: [failedSignIn(at(91))] }, status: 'PASS' },
    { name: 'failure after as-of', ct: { events: [failedSignIn(AS_OF_MS + hours(1))] }, status: 'FAIL' },
    { name: 'console CSV only (failures not in it)', ct: { onlyConsoleCsv: true, events: [signIn(at(2), { signInResult: undefined, mfaUsed: undefined })] }, status: 'NEEDS_EVIDENCE' },
    { name: 'console CSV that does show a failure', ct: { onlyConsoleCsv: true, events: [signIn(at(2), { signInResult: undefined, mfaUsed: undefined, errorCode: 'Failed authentication' })] }, status: 'FAIL' },
    { name: 'nothing loaded', ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ ct, status }) => {
    const out = run(ct);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('without CloudTrail: one NEEDS_EVIDENCE', () => {
    const out = ctRootFailedSignIn.evaluate(ctCtx(undefined));
    expect(out.map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
    expect(out[0]?.message).toContain('so failed root sign-ins cannot be checked');
  });

  it('counts failures per source IP, most attempts first, and cites each event', () => {
    const events = [
      failedSignIn(at(10), { eventId: 'a1', sourceIp: '203.0.113.66' }),
      failedSignIn(at(10, -hours(1)), { eventId: 'a2', sourceIp: '203.0.113.66' }),
      failedSignIn(at(9), { eventId: 'a3', sourceIp: '203.0.113.66' }),
      failedSignIn(at(3), { eventId: 'b1', sourceIp: '192.0.2.44', errorMessage: undefined, errorCode: 'AccessDenied' }),
      failedSignIn(at(150), { eventId: 'old' }),
      signIn(at(1), { eventId: 'ok' }),
    ];
    const [f] = run({ events, coverage: { start: at(160), end: AS_OF_MS } });
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toBe(
      `4 failed root console sign-ins in the 90-day look-back before ${iso(AS_OF_MS)} from 2 source IPs: 203.0.113.66 ×3, 192.0.2.44 ×1. Latest ${iso(at(3))} (3 days ago). Errors: Failed authentication ×3, AccessDenied ×1.`,
    );
    expect(f!.evidence.filter((e) => e.field === 'sourceIPAddress')).toEqual([
      { input: CT_INPUT, field: 'sourceIPAddress', value: '203.0.113.66', note: `3 failed sign-ins, ${iso(at(10))} to ${iso(at(9))}` },
      { input: CT_INPUT, field: 'sourceIPAddress', value: '192.0.2.44', note: `1 failed sign-in, ${iso(at(3))}` },
    ]);
    expect(f!.evidence.filter((e) => e.field === 'eventTime').map((e) => e.eventId)).toEqual(['a1', 'a2', 'a3', 'b1', 'old']);
    expect(f!.evidence.find((e) => e.eventId === 'a1')?.note).toBe(
      'ConsoleLogin; Failure; MFAUsed No; error "Failed authentication"; from 203.0.113.66; in us-east-1; agent Mozilla/5.0 (X11; Linux x86_64)',
    );
    expect(f!.evidence.find((e) => e.eventId === 'old')?.note).toMatch(/^history, before the 90-day look-back \(does not fail\)/);
  });

  it('ties between IPs are ordered by address', () => {
    const [f] = run({ events: [failedSignIn(at(2), { sourceIp: '198.51.100.9' }), failedSignIn(at(1), { sourceIp: '192.0.2.1' })] });
    expect(f!.evidence.filter((e) => e.field === 'sourceIPAddress').map((e) => e.value)).toEqual(['192.0.2.1', '198.51.100.9']);
  });

  it('console CSV: explains that it carries no sign-in result (no unverified claim that it omits failures)', () => {
    const [f] = run({ onlyConsoleCsv: true, events: [signIn(at(2), { signInResult: undefined, mfaUsed: undefined })] });
    expect(f?.message).toContain('which carries no sign-in result');
    expect(f?.message).not.toContain('leaves out failed sign-ins');
    expect(f?.message).toContain('HIDDEN_DUE_TO_SECURITY_REASONS');
    expect(f?.message).toContain('it shows 1 root sign-in in the 90-day look-back');
    expect(f?.evidence.map((e) => e.field)).toEqual(['coverage']);
  });
});
