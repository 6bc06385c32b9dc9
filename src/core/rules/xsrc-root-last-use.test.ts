import { describe, expect, it } from 'vitest';
import { at, CT_INPUT, ctCtx, ctData, failedSignIn, hours, rootEvent, signIn, taskEvent, type CtOptions } from '../../../test/helpers/cloudtrail';
import { AS_OF_MS, buildReport, cell, daysBefore, INPUT, root, user, type Row } from '../../../test/helpers/report';
import { xsrcRootLastUse } from './xsrc-root-last-use';

const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;
const KEY = 'AKIAIOSFODNN7EXAMPLE';
/** Report generated at AS_OF unless told otherwise (null: no generation time); CloudTrail 120 days up to AS_OF by default. */
const run = (rootCells: Row, ct: CtOptions | undefined, generatedTime: number | null = AS_OF_MS, now = AS_OF_MS + 2 * 86_400_000) => {
  const report = buildReport([user('alice'), root(rootCells)], generatedTime === null ? {} : { generatedTime });
  return xsrcRootLastUse.evaluate(ctCtx(ct ? ctData(ct) : undefined, { report, now }));
};

describe('XSRC-ROOT-LAST-USE', () => {
  it.each([
    { name: 'never used on both sides', cells: {}, ct: {}, status: 'PASS' },
    { name: 'report: never; CloudTrail: sign-in 10 days before the report', cells: {}, ct: { events: [signIn(at(10))] }, status: 'FAIL' },
    { name: 'same sign-in on both sides (report rounded 3 min down)', cells: { password_last_used: daysBefore(10) }, ct: { events: [signIn(at(10, -3 * MIN))] }, status: 'PASS' },
    { name: 'sign-in 50 min before the report date still matches', cells: { password_last_used: daysBefore(10) }, ct: { events: [signIn(at(10, 50 * MIN))] }, status: 'PASS' },
    { name: 'CloudTrail sign-in 61 min after the report date', cells: { password_last_used: daysBefore(10) }, ct: { events: [signIn(at(10, -61 * MIN))] }, status: 'FAIL' },
    { name: 'report date inside coverage, no sign-in in CloudTrail', cells: { password_last_used: daysBefore(10) }, ct: {}, status: 'FAIL' },
    { name: 'report date inside coverage, only a failed sign-in near it', cells: { password_last_used: daysBefore(10) }, ct: { events: [failedSignIn(at(10))] }, status: 'FAIL' },
    { name: 'report date before coverage, no sign-in: CloudTrail can neither confirm nor contradict', cells: { password_last_used: daysBefore(200) }, ct: {}, status: 'NEEDS_EVIDENCE' },
    { name: 'report date 10 min after coverage start (too close to the edge)', cells: { password_last_used: daysBefore(120, -10 * MIN) }, ct: {}, status: 'NEEDS_EVIDENCE' },
    { name: 'report date inside a hole of the coverage', cells: { password_last_used: daysBefore(10) }, ct: { holes: [{ start: at(12), end: at(8) }] }, status: 'NEEDS_EVIDENCE' },
    { name: 'AKIA use matches key 1, but its date is outside the coverage', cells: { access_key_1_active: 'true', access_key_1_last_used_date: daysBefore(5, 10 * MIN) }, ct: { events: [rootEvent(at(5), { accessKeyId: KEY })], coverage: { start: at(4), end: AS_OF_MS } }, status: 'NEEDS_EVIDENCE' },
    { name: 'sign-in within the last hour before generation is not compared', cells: {}, ct: { events: [signIn(AS_OF_MS - 30 * MIN)] }, status: 'PASS' },
    { name: 'sign-in after the report was generated is not compared', cells: {}, ct: { events: [signIn(AS_OF_MS + hours(2))], coverage: { start: at(120), end: AS_OF_MS + hours(3) } }, status: 'PASS' },
    { name: 'only a failed sign-in, report never used', cells: {}, ct: { events: [failedSignIn(at(10))] }, status: 'PASS' },
    { name: 'task-session events are not password use', cells: {}, ct: { events: [taskEvent(at(10))] }, status: 'PASS' },
    { name: 'AKIA use, report keys N/A', cells: {}, ct: { events: [rootEvent(at(5), { accessKeyId: KEY })] }, status: 'FAIL' },
    { name: 'AKIA use matches key 1 last used', cells: { access_key_1_active: 'true', access_key_1_last_rotated: daysBefore(400), access_key_1_last_used_date: daysBefore(5, 10 * MIN) }, ct: { events: [rootEvent(at(5), { accessKeyId: KEY })] }, status: 'PASS' },
    { name: 'AKIA use later than key 2 last used', cells: { access_key_2_active: 'true', access_key_2_last_rotated: daysBefore(400), access_key_2_last_used_date: daysBefore(20) }, ct: { events: [rootEvent(at(5), { accessKeyId: KEY })] }, status: 'FAIL' },
    { name: 'unreadable password and key dates → nothing to compare', cells: { password_last_used: 'not_supported', access_key_1_last_used_date: '' }, ct: { events: [signIn(at(10))] }, status: 'NEEDS_EVIDENCE' },
    { name: 'no CloudTrail', cells: {}, ct: undefined, status: 'NEEDS_EVIDENCE' },
    { name: 'CloudTrail holds no events', cells: {}, ct: { coverage: null }, status: 'NEEDS_EVIDENCE' },
    { name: 'CloudTrail starts after the report was generated', cells: {}, ct: { coverage: { start: AS_OF_MS + hours(1), end: AS_OF_MS + 2 * 86_400_000 } }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ cells, ct, status }) => {
    const out = run(cells, ct);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('no report, or no root row, or neither input: NEEDS_EVIDENCE naming what is missing', () => {
    const none = xsrcRootLastUse.evaluate(ctCtx(undefined));
    expect(none.map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
    expect(none[0]?.message).toContain('no credential report was loaded');
    expect(none[0]?.message).toContain('no CloudTrail was loaded');
    const noRoot = xsrcRootLastUse.evaluate(ctCtx(ctData(), { report: buildReport([user('alice')]) }));
    expect(noRoot[0]?.status).toBe('NEEDS_EVIDENCE');
    expect(noRoot[0]?.message).toBe(`Cannot compare root's last use between the credential report and CloudTrail: the credential report ${INPUT} has no <root_account> row.`);
  });

  it('FAIL explains both sides with times and cites the sign-in', () => {
    const [f] = run({}, { events: [signIn(at(10), { eventId: 'login-1', sourceIp: '203.0.113.4' })] });
    expect(f?.message).toBe(
      `The credential report and CloudTrail disagree on root's last use: CloudTrail shows a root console sign-in at ${iso(at(10))} (eventID login-1), before the report was generated (${iso(AS_OF_MS)}), but the report has password_last_used no_information (no use recorded). A stale report, missing logs or a second trail would explain it; find out which before trusting either for root checks.`,
    );
    expect(cell(f!, 'GeneratedTime')).toEqual({ input: INPUT, field: 'GeneratedTime', value: iso(AS_OF_MS), note: 'report side ends here' });
    expect(cell(f!, 'password_last_used')).toEqual({ input: INPUT, line: 3, field: 'password_last_used', value: 'no_information' });
    expect(cell(f!, 'eventTime')).toEqual({
      input: CT_INPUT,
      field: 'eventTime',
      value: iso(at(10)),
      ageDays: 10,
      eventId: 'login-1',
      note: 'latest root sign-in before the report; later than its password_last_used: from 203.0.113.4',
    });
    expect(cell(f!, 'coverage').value).toBe(`${iso(at(120))} – ${iso(AS_OF_MS)}`);
  });

  it('FAIL when the report shows a sign-in CloudTrail does not have', () => {
    const pw = daysBefore(10);
    const [f] = run({ password_last_used: pw }, {});
    expect(f?.message).toBe(
      `The credential report and CloudTrail disagree on root's last use: the report has password_last_used ${pw}, inside the loaded CloudTrail (${iso(at(120))} to ${iso(AS_OF_MS)}), but CloudTrail has no successful root sign-in within 1 h of it (is us-east-1 loaded? does another trail receive this account's sign-ins?). A stale report, missing logs or a second trail would explain it; find out which before trusting either for root checks.`,
    );
    expect(cell(f!, 'password_last_used')).toEqual({ input: INPUT, line: 3, field: 'password_last_used', value: pw, ageDays: 10 });
  });

  it('both disagreements are reported together', () => {
    const [f] = run({ password_last_used: daysBefore(30) }, { events: [signIn(at(10), { eventId: 'late' })] });
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toContain('CloudTrail shows a root console sign-in at');
    expect(f?.message).toContain('; and the report has password_last_used');
  });

  it('a key use with no key left in the report hints at a deleted key', () => {
    const [f] = run({}, { events: [rootEvent(at(5), { accessKeyId: KEY, eventId: 'k' })] });
    expect(f?.message).toContain(`CloudTrail shows root calls with the long-term key ${KEY} up to ${iso(at(5))} (eventID k), but the report has no access key use recorded (if that key was deleted before the report, its dates left the report with it)`);
  });

  it('PASS explains what agreed', () => {
    const pw = daysBefore(10);
    const [f] = run({ password_last_used: pw }, { events: [signIn(at(10, -3 * MIN), { eventId: 'm' })] });
    expect(f?.message).toBe(
      `The credential report and CloudTrail (${iso(at(120))} to ${iso(AS_OF_MS)}) agree: the report's password_last_used ${pw} matches the root sign-in at ${iso(at(10, -3 * MIN))} (eventID m).`,
    );
    expect(cell(f!, 'eventTime')).toMatchObject({ eventId: 'm', note: 'root sign-in matching password_last_used' });
  });

  it('NEEDS_EVIDENCE, not PASS, when CloudTrail can neither confirm nor contradict the report', () => {
    const [g] = run({ password_last_used: daysBefore(200) }, {});
    expect(g?.status).toBe('NEEDS_EVIDENCE');
    expect(g?.message).toBe(
      `CloudTrail (${iso(at(120))} to ${iso(AS_OF_MS)}) cannot confirm root's last use in the report: the report's password_last_used ${daysBefore(200)} lies outside the loaded CloudTrail (${iso(at(120))} to ${iso(AS_OF_MS)}), so CloudTrail can neither confirm nor contradict it. Load CloudTrail that covers those dates (the trail's S3 files, us-east-1 included).`,
    );
    const [h] = run({ password_last_used: daysBefore(120, -10 * MIN) }, {});
    expect(h?.message).toContain('lies within 15 min of the edge of the loaded CloudTrail');
    const [k] = run({ password_last_used: daysBefore(10) }, { holes: [{ start: at(12), end: at(8) }] });
    expect(k?.message).toContain(`lies in a stretch with no loaded event at all (${iso(at(12))} to ${iso(at(8))})`);
  });

  it('without a generation time, as-of is the report side cut-off and the message says so', () => {
    const [f] = run({}, { events: [signIn(at(10))] }, null);
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toContain(`before as-of (${iso(AS_OF_MS)}; the report carries no generation time)`);
    expect(cell(f!, 'GeneratedTime')).toEqual({ input: INPUT, field: 'GeneratedTime', value: '(unknown)', note: `unknown; as-of ${iso(AS_OF_MS)} used instead` });
  });

  it('an unreadable password date is named but keys are still compared', () => {
    const [f] = run({ password_last_used: 'not_supported' }, { events: [rootEvent(at(5), { accessKeyId: KEY })] });
    expect(f?.status).toBe('FAIL');
    const [g] = run({ password_last_used: 'not_supported', access_key_1_active: 'true', access_key_1_last_used_date: daysBefore(5) }, { events: [rootEvent(at(5), { accessKeyId: KEY })] });
    expect(g?.status).toBe('NEEDS_EVIDENCE');
    expect(g?.message).toContain('password_last_used is not_supported, which does not answer this check.');
    expect(g?.message).toContain(`What agrees: the latest root access-key call in CloudTrail (${iso(at(5))}) fits access_key_1_last_used_date ${daysBefore(5)}.`);
  });

  it('no overlap message', () => {
    const [f] = run({}, { coverage: { start: AS_OF_MS + hours(1), end: AS_OF_MS + hours(30) } });
    expect(f?.message).toContain('starts after the report was generated');
  });
});
