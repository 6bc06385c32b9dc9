import { describe, expect, it } from 'vitest';
import { AS_OF_MS, cell, ctx, ctxFor, daysBefore, INPUT, iso, root, user, type Row } from '../../../test/helpers/report';
import { DAY_MS } from '../time';
import { userUnusedCredentials } from './user-unused-credentials';

const NO_PW = { password_enabled: 'false', password_last_used: 'N/A', password_last_changed: 'N/A' };
const run = (cells: Row, opts: { days?: number; omit?: string[] } = {}) => {
  const c = ctxFor([root(), user('alice', cells)], { ...(opts.omit ? { omit: opts.omit } : {}), settings: opts.days ? { unusedCredentialDays: opts.days } : {} });
  return { out: userUnusedCredentials.evaluate(c), problems: c.problems };
};

describe('USER-UNUSED-CREDENTIALS', () => {
  it.each([
    { name: 'password used 2 days ago', cells: {}, status: 'PASS' },
    { name: 'password used exactly 45 days ago (inclusive)', cells: { password_last_used: daysBefore(45) }, status: 'PASS' },
    { name: 'password used 45 days + 1 s ago', cells: { password_last_used: daysBefore(45, 1000) }, status: 'FAIL' },
    { name: 'password never used (no_information), set 10 days ago', cells: { password_last_used: 'no_information', password_last_changed: daysBefore(10) }, status: 'PASS' },
    { name: 'password never used (no_information), set 100 days ago', cells: { password_last_used: 'no_information', password_last_changed: daysBefore(100) }, status: 'FAIL' },
    { name: 'password never used (N/A), change date N/A, user created 50 days ago', cells: { password_last_used: 'N/A', password_last_changed: 'N/A', user_creation_time: daysBefore(50) }, status: 'FAIL' },
    { name: 'password never used, no basis date', cells: { password_last_used: 'no_information', password_last_changed: '', user_creation_time: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'password last used not_supported', cells: { password_last_used: 'not_supported' }, status: 'NEEDS_EVIDENCE' },
    { name: 'password last used empty', cells: { password_last_used: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'password_enabled empty', cells: { password_enabled: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'no password, no active key', cells: NO_PW, status: 'NOT_APPLICABLE' },
    { name: 'no password, inactive old key', cells: { ...NO_PW, access_key_1_last_rotated: daysBefore(900), access_key_1_last_used_date: daysBefore(800) }, status: 'NOT_APPLICABLE' },
    { name: 'active key used 10 days ago', cells: { ...NO_PW, access_key_1_active: 'true', access_key_1_last_rotated: daysBefore(300), access_key_1_last_used_date: daysBefore(10) }, status: 'PASS' },
    { name: 'active key used 100 days ago', cells: { ...NO_PW, access_key_2_active: 'TRUE', access_key_2_last_rotated: daysBefore(300), access_key_2_last_used_date: daysBefore(100) }, status: 'FAIL' },
    { name: 'active key never used, rotated 10 days ago', cells: { ...NO_PW, access_key_1_active: 'true', access_key_1_last_rotated: daysBefore(10) }, status: 'PASS' },
    { name: 'active key never used, rotated 46 days ago', cells: { ...NO_PW, access_key_1_active: 'true', access_key_1_last_rotated: daysBefore(46) }, status: 'FAIL' },
    { name: 'active key, last used empty', cells: { ...NO_PW, access_key_1_active: 'true', access_key_1_last_rotated: daysBefore(10), access_key_1_last_used_date: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'active key never used, rotated empty', cells: { ...NO_PW, access_key_1_active: 'true', access_key_1_last_rotated: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'stale password beats an unreadable key', cells: { password_last_used: daysBefore(200), access_key_1_active: '' }, status: 'FAIL' },
  ])('$name → $status', ({ cells, status }) => {
    const { out } = run(cells);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('alice');
  });

  it('FAIL cites the stale credential with its age and names it', () => {
    const used = daysBefore(120, 7_200_000);
    const { out } = run({ ...NO_PW, access_key_2_active: 'true', access_key_2_last_rotated: daysBefore(400), access_key_2_last_used_date: used });
    const f = out[0]!;
    expect(f.message).toContain('access key 2');
    expect(f.message).toContain('120 days');
    expect(cell(f, 'access_key_2_last_used_date')).toEqual({ input: INPUT, line: 3, field: 'access_key_2_last_used_date', value: used, ageDays: 120 });
    expect(cell(f, 'access_key_2_active')).toEqual({ input: INPUT, line: 3, field: 'access_key_2_active', value: 'true' });
  });

  it('never-used password cites the date it is measured from', () => {
    const changed = daysBefore(60);
    const { out } = run({ password_last_used: 'no_information', password_last_changed: changed });
    expect(out[0]?.status).toBe('FAIL');
    expect(out[0]?.message).toContain('never used; password_last_changed 60 days');
    expect(cell(out[0]!, 'password_last_used').value).toBe('no_information');
    expect(cell(out[0]!, 'password_last_changed')).toEqual({ input: INPUT, line: 3, field: 'password_last_changed', value: changed, ageDays: 60 });
  });

  it('a configured limit is honoured', () => {
    expect(run({ password_last_used: daysBefore(60) }, { days: 90 }).out[0]?.status).toBe('PASS');
    expect(run({ password_last_used: daysBefore(60) }, { days: 30 }).out[0]?.status).toBe('FAIL');
  });

  it('a last use after as-of counts as recent and raises a problem', () => {
    const { out, problems } = run({ password_last_used: iso(AS_OF_MS + DAY_MS) });
    expect(out[0]?.status).toBe('PASS');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ input: INPUT, line: 3 });
    expect(problems[0]?.message).toContain('timestamp later than as-of');
  });

  it('a missing column is NEEDS_EVIDENCE naming it', () => {
    const { out } = run({}, { omit: ['password_last_used'] });
    expect(out[0]?.status).toBe('NEEDS_EVIDENCE');
    expect(out[0]?.message).toContain('password_last_used is missing');
  });

  it('empty cells are said to be read as unknown', () => {
    const { out } = run({ password_last_used: '' });
    expect(out[0]?.message).toContain('empty');
    expect(out[0]?.message).toContain('unknown');
  });

  it('root is not a user; no users → nothing', () => {
    expect(userUnusedCredentials.evaluate(ctxFor([root({ password_last_used: daysBefore(400) })]))).toEqual([]);
    expect(userUnusedCredentials.evaluate(ctx())).toEqual([]);
  });

  it('says which editions use 90 days and which 45 (CIS v1.3 is 90 days)', () => {
    expect(userUnusedCredentials.rationale).toContain('The default limit is 45 days, as in CIS v1.4 and later and AWS Security Hub CSPM control IAM.22; CIS v1.2 and v1.3 and AWS Security Hub CSPM control IAM.8 use 90 days.');
  });
});
