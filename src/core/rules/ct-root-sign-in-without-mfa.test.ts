import { describe, expect, it } from 'vitest';
import { at, CT_INPUT, ctCtx, ctCtxFor, failedSignIn, signIn, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS, cell } from '../../../test/helpers/report';
import { ctRootSignInWithoutMfa } from './ct-root-sign-in-without-mfa';

const iso = (ms: number) => new Date(ms).toISOString();
const run = (ct: CtOptions, windows = [30, 90]) => ctRootSignInWithoutMfa.evaluate(ctCtxFor(ct, { windows }));

describe('CT-ROOT-SIGN-IN-WITHOUT-MFA', () => {
  it.each([
    { name: 'no sign-ins', ct: {}, status: 'PASS' },
    { name: 'sign-in with MFA', ct: { events: [signIn(at(3))] }, status: 'PASS' },
    { name: 'sign-in with MFAUsed No', ct: { events: [signIn(at(3), { mfaUsed: 'No' })] }, status: 'FAIL' },
    { name: 'MFAUsed "NO" (case varies)', ct: { events: [signIn(at(3), { mfaUsed: 'NO' })] }, status: 'FAIL' },
    { name: 'MFAUsed "no" with spaces', ct: { events: [signIn(at(3), { mfaUsed: ' no ' })] }, status: 'FAIL' },
    { name: 'MFAUsed "YES"', ct: { events: [signIn(at(3), { mfaUsed: 'YES' })] }, status: 'PASS' },
    { name: 'failed sign-in without MFA does not count', ct: { events: [failedSignIn(at(3))] }, status: 'PASS' },
    { name: 'no-MFA sign-in older than the longest window → history', ct: { events: [signIn(at(91), { mfaUsed: 'No' })] }, status: 'PASS' },
    { name: 'no-MFA sign-in exactly 90 days ago', ct: { events: [signIn(at(90), { mfaUsed: 'No' })] }, status: 'FAIL' },
    { name: 'successful sign-in with no MFAUsed field (JSON)', ct: { events: [signIn(at(3), { mfaUsed: undefined })] }, status: 'NEEDS_EVIDENCE' },
    { name: 'unreadable MFAUsed value', ct: { events: [signIn(at(3), { mfaUsed: 'maybe' })] }, status: 'NEEDS_EVIDENCE' },
    { name: 'a clear No wins over an unknown one', ct: { events: [signIn(at(3), { mfaUsed: undefined }), signIn(at(2), { mfaUsed: 'No' })] }, status: 'FAIL' },
    { name: 'console CSV only, no sign-ins', ct: { onlyConsoleCsv: true }, status: 'NEEDS_EVIDENCE' },
    { name: 'console CSV only, with a sign-in', ct: { onlyConsoleCsv: true, events: [signIn(at(3), { mfaUsed: undefined, signInResult: undefined })] }, status: 'NEEDS_EVIDENCE' },
    { name: 'nothing loaded', ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ ct, status }) => {
    const out = run(ct);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('without CloudTrail: one NEEDS_EVIDENCE', () => {
    const out = ctRootSignInWithoutMfa.evaluate(ctCtx(undefined));
    expect(out.map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
    expect(out[0]?.message).toContain('so root sign-ins without MFA cannot be checked');
  });

  it('FAIL cites each sign-in without MFA and tallies the flag over all sign-ins', () => {
    const events = [signIn(at(20), { eventId: 'ok' }), signIn(at(10), { eventId: 'bad1', mfaUsed: 'No', sourceIp: '192.0.2.1' }), signIn(at(4), { eventId: 'bad2', mfaUsed: 'NO', sourceIp: '192.0.2.1' })];
    const [f] = run({ events });
    expect(f?.message).toBe(
      `2 successful root sign-ins without MFA in the 90-day look-back before ${iso(AS_OF_MS)}; latest ${iso(at(4))} (4 days ago) from 192.0.2.1 (eventID bad2). Source IPs: 192.0.2.1 ×2.`,
    );
    expect(cell(f!, 'additionalEventData.MFAUsed')).toEqual({ input: CT_INPUT, field: 'additionalEventData.MFAUsed', value: 'NO ×1, No ×1, Yes ×1', note: 'over 3 successful root sign-ins in the look-back' });
    expect(f!.evidence.filter((e) => e.field === 'eventTime').map((e) => [e.eventId, e.ageDays])).toEqual([
      ['bad1', 10],
      ['bad2', 4],
    ]);
  });

  it('console CSV: says the CSV has no MFA flag and lists the sign-ins it shows', () => {
    const [f] = run({ onlyConsoleCsv: true, events: [signIn(at(3), { mfaUsed: undefined, signInResult: undefined, eventId: 'csv-1' })] });
    expect(f?.message).toContain('comes only from the console Event history CSV, which has no MFAUsed field');
    expect(f?.message).toContain('(it shows 1 root sign-in in the 90-day look-back)');
    expect(cell(f!, 'eventTime')).toMatchObject({ eventId: 'csv-1', note: 'ConsoleLogin; MFAUsed not in this format; from 198.51.100.7' });
  });

  it('JSON without MFAUsed: NEEDS_EVIDENCE naming the input', () => {
    const [f] = run({ events: [signIn(at(3), { mfaUsed: undefined, input: 'lake.csv', eventId: 'u1' }), signIn(at(2))] });
    expect(f?.message).toBe(
      '1 successful root sign-in in the 90-day look-back carries no readable MFAUsed value (from lake.csv), so whether MFA was used cannot be told; 1 other sign-in used MFA. Load the same events as CloudTrail JSON (S3 log files or lookup-events output).',
    );
    expect(f!.evidence.filter((e) => e.field === 'eventTime').map((e) => e.eventId)).toEqual(['u1']);
  });

  it('PASS says every sign-in used MFA', () => {
    const [f] = run({ events: [signIn(at(3), { eventId: 'a' }), signIn(at(2), { eventId: 'b' })] });
    expect(f?.status).toBe('PASS');
    expect(f?.message).toBe(
      `No successful root sign-in without MFA in the loaded CloudTrail, which covers all of the 90-day look-back (${iso(at(90))} to ${iso(AS_OF_MS)}) (loaded: ${iso(at(120))} to ${iso(AS_OF_MS)}). (Tolerance: the logs may start up to 1 day after the look-back's start and end up to 1 h before as-of, with no stretch longer than 1 day without events.) All 2 successful root sign-ins in it used MFA.`,
    );
    expect(f!.evidence.filter((e) => e.field === 'eventTime').map((e) => e.eventId)).toEqual(['a', 'b']);
    expect(run({ events: [signIn(at(3))] })[0]?.message).toContain('without events.) The one successful root sign-in in it used MFA.');
    expect(run({ events: [signIn(at(3), { mfaUsed: undefined })] })[0]?.message).toContain('cannot be told; no other sign-in is in it.');
  });
});
