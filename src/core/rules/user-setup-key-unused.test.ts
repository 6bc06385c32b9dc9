import { describe, expect, it } from 'vitest';
import { cell, ctx, ctxFor, daysBefore, INPUT, root, user, type Row } from '../../../test/helpers/report';
import { userSetupKeyUnused } from './user-setup-key-unused';

const CREATED = '2024-03-04T10:20:30Z';
const run = (cells: Row, omit?: string[]) => userSetupKeyUnused.evaluate(ctxFor([root(), user('newhire', { user_creation_time: CREATED, ...cells })], omit ? { omit } : {}));
const key = (k: 1 | 2, rotated: string, used = 'N/A', active = 'true'): Row => ({
  [`access_key_${k}_active`]: active,
  [`access_key_${k}_last_rotated`]: rotated,
  [`access_key_${k}_last_used_date`]: used,
});

describe('USER-SETUP-KEY-UNUSED', () => {
  it.each([
    { name: 'key made 10 s after the user, never used', cells: key(1, '2024-03-04T10:20:40Z'), status: 'FAIL' },
    { name: 'key made exactly 1 h after (inclusive)', cells: key(1, '2024-03-04T11:20:30Z'), status: 'FAIL' },
    { name: 'key made 1 h + 1 s after', cells: key(1, '2024-03-04T11:20:31Z'), status: 'PASS' },
    { name: 'setup key that was used', cells: key(1, '2024-03-04T10:20:40Z', daysBefore(3)), status: 'PASS' },
    { name: 'key made a week later, never used', cells: key(2, '2024-03-11T10:00:00Z'), status: 'PASS' },
    { name: 'setup key 2 (TRUE), never used', cells: key(2, '2024-03-04T10:21:00Z', 'N/A', 'TRUE'), status: 'FAIL' },
    { name: 'inactive setup key', cells: key(1, '2024-03-04T10:20:40Z', 'N/A', 'false'), status: 'NOT_APPLICABLE' },
    { name: 'no keys', cells: {}, status: 'NOT_APPLICABLE' },
    { name: 'creation time empty', cells: { ...key(1, '2024-03-04T10:20:40Z'), user_creation_time: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'last_rotated empty', cells: key(1, ''), status: 'NEEDS_EVIDENCE' },
    { name: 'last used empty, key made at setup', cells: key(1, '2024-03-04T10:20:40Z', ''), status: 'NEEDS_EVIDENCE' },
    { name: 'last used empty, key made later', cells: key(1, '2024-05-01T00:00:00Z', ''), status: 'PASS' },
    { name: 'last used not_supported, key made at setup', cells: key(1, '2024-03-04T10:20:40Z', 'not_supported'), status: 'NEEDS_EVIDENCE' },
    { name: 'active cell empty', cells: { access_key_1_active: '' }, status: 'NEEDS_EVIDENCE' },
    // CIS audits this for console users only (password_enabled true).
    { name: 'no console password: setup key never used does not apply', cells: { ...key(1, '2024-03-04T10:20:40Z'), password_enabled: 'false' }, status: 'NOT_APPLICABLE' },
    { name: 'no console password (FALSE), no keys', cells: { password_enabled: 'FALSE' }, status: 'NOT_APPLICABLE' },
    { name: 'password_enabled unreadable, setup key never used', cells: { ...key(1, '2024-03-04T10:20:40Z'), password_enabled: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'password_enabled unreadable, key used', cells: { ...key(1, '2024-03-04T10:20:40Z', daysBefore(3)), password_enabled: 'N/A' }, status: 'PASS' },
  ])('$name → $status', ({ cells, status }) => {
    const out = run(cells);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('newhire');
  });

  it('cites creation time, rotation and last use', () => {
    const [f] = run(key(2, '2024-03-04T10:21:00Z'));
    expect(f?.message).toContain('access key 2');
    expect(cell(f!, 'user_creation_time')).toMatchObject({ input: INPUT, line: 3, field: 'user_creation_time', value: CREATED });
    expect(cell(f!, 'access_key_2_last_rotated')).toMatchObject({ input: INPUT, line: 3, value: '2024-03-04T10:21:00Z' });
    expect(cell(f!, 'access_key_2_last_used_date')).toEqual({ input: INPUT, line: 3, field: 'access_key_2_last_used_date', value: 'N/A' });
  });

  it('a user without a console password is NOT_APPLICABLE and says why, citing password_enabled', () => {
    const [f] = run({ ...key(1, '2024-03-04T10:20:40Z'), password_enabled: 'false' });
    expect(f?.message).toBe('newhire has no console password; this check covers console users only.');
    expect(cell(f!, 'password_enabled')).toEqual({ input: INPUT, line: 3, field: 'password_enabled', value: 'false' });
  });

  it('an unreadable password_enabled with a setup key names the column', () => {
    const [f] = run({ ...key(1, '2024-03-04T10:20:40Z'), password_enabled: '' });
    expect(f?.message).toContain('whether the user has a console password (which this check requires) cannot be told: password_enabled is empty');
  });

  it('a missing user_creation_time column is NEEDS_EVIDENCE naming it', () => {
    const [f] = run(key(1, '2024-03-04T10:20:40Z'), ['user_creation_time']);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('user_creation_time is missing');
  });

  it('root is never a user; no report → nothing', () => {
    expect(userSetupKeyUnused.evaluate(ctxFor([root(key(1, '2020-03-01T08:00:05Z'))]))).toEqual([]);
    expect(userSetupKeyUnused.evaluate(ctx())).toEqual([]);
  });
});
