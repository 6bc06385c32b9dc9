import { describe, expect, it } from 'vitest';
import { AS_OF_MS, cell, ctx, ctxFor, daysBefore, INPUT, iso, root, user, type Row } from '../../../test/helpers/report';
import { DAY_MS } from '../time';
import { userKeyNotRotated } from './user-key-not-rotated';

const run = (cells: Row, opts: { days?: number; omit?: string[] } = {}) => {
  const c = ctxFor([root(), user('ci-bot', cells)], { ...(opts.omit ? { omit: opts.omit } : {}), settings: opts.days ? { keyRotationDays: opts.days } : {} });
  return { out: userKeyNotRotated.evaluate(c), problems: c.problems };
};
const k1 = (rotated: string, active = 'true'): Row => ({ access_key_1_active: active, access_key_1_last_rotated: rotated });

describe('USER-KEY-NOT-ROTATED', () => {
  it.each([
    { name: 'no keys', cells: {}, status: 'NOT_APPLICABLE' },
    { name: 'inactive old key', cells: k1(daysBefore(500), 'false'), status: 'NOT_APPLICABLE' },
    { name: 'active key rotated 10 days ago', cells: k1(daysBefore(10)), status: 'PASS' },
    { name: 'exactly 90 days (not older)', cells: k1(daysBefore(90)), status: 'PASS' },
    { name: '90 days + 1 s', cells: k1(daysBefore(90, 1000)), status: 'FAIL' },
    { name: 'uppercase TRUE, 400 days', cells: k1(daysBefore(400), 'TRUE'), status: 'FAIL' },
    { name: 'key 2 old, key 1 fresh', cells: { ...k1(daysBefore(5)), access_key_2_active: 'true', access_key_2_last_rotated: daysBefore(200) }, status: 'FAIL' },
    { name: 'active key, last_rotated N/A', cells: k1('N/A'), status: 'NEEDS_EVIDENCE' },
    { name: 'active key, last_rotated empty', cells: k1(''), status: 'NEEDS_EVIDENCE' },
    { name: 'active cell empty', cells: { access_key_1_active: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'old key beats unreadable other', cells: { ...k1(daysBefore(400)), access_key_2_active: 'no_information' }, status: 'FAIL' },
  ])('$name → $status', ({ cells, status }) => {
    const { out } = run(cells);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('ci-bot');
  });

  it('cites the rotation date with its age', () => {
    const rotated = daysBefore(123, 60_000);
    const f = run(k1(rotated)).out[0]!;
    expect(f.message).toContain('access key 1');
    expect(cell(f, 'access_key_1_last_rotated')).toEqual({ input: INPUT, line: 3, field: 'access_key_1_last_rotated', value: rotated, ageDays: 123 });
  });

  it('honours the configured limit', () => {
    expect(run(k1(daysBefore(40)), { days: 30 }).out[0]?.status).toBe('FAIL');
    expect(run(k1(daysBefore(100)), { days: 365 }).out[0]?.status).toBe('PASS');
  });

  it('a rotation after as-of passes and raises a problem', () => {
    const { out, problems } = run(k1(iso(AS_OF_MS + 3 * DAY_MS)));
    expect(out[0]?.status).toBe('PASS');
    expect(problems.map((p) => [p.input, p.line])).toEqual([[INPUT, 3]]);
  });

  it('a missing column is NEEDS_EVIDENCE naming it', () => {
    const { out } = run(k1(daysBefore(10)), { omit: ['access_key_1_last_rotated'] });
    expect(out[0]?.status).toBe('NEEDS_EVIDENCE');
    expect(out[0]?.message).toContain('access_key_1_last_rotated is missing');
  });

  it('root keys are not user keys; no report → nothing', () => {
    expect(userKeyNotRotated.evaluate(ctxFor([root(k1(daysBefore(999)))]))).toEqual([]);
    expect(userKeyNotRotated.evaluate(ctx())).toEqual([]);
  });
});
