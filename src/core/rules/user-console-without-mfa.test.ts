import { describe, expect, it } from 'vitest';
import { buildReport, cell, ctx, ctxFor, INPUT, root, user, type Row } from '../../../test/helpers/report';
import { userConsoleWithoutMfa } from './user-console-without-mfa';

const run = (rows: Row[], omit?: string[]) => userConsoleWithoutMfa.evaluate(ctxFor(rows, omit ? { omit } : {}));

describe('USER-CONSOLE-WITHOUT-MFA', () => {
  it.each([
    { name: 'password + MFA', cells: {}, status: 'PASS' },
    { name: 'password, no MFA', cells: { mfa_active: 'false' }, status: 'FAIL' },
    { name: 'uppercase TRUE / FALSE', cells: { password_enabled: 'TRUE', mfa_active: 'FALSE' }, status: 'FAIL' },
    { name: 'spreadsheet True / False', cells: { password_enabled: 'True', mfa_active: 'False' }, status: 'FAIL' },
    { name: 'no password, no MFA', cells: { password_enabled: 'false', mfa_active: 'false', password_last_used: 'N/A' }, status: 'NOT_APPLICABLE' },
    { name: 'password_enabled empty', cells: { password_enabled: '', mfa_active: 'false' }, status: 'NEEDS_EVIDENCE' },
    { name: 'password_enabled N/A', cells: { password_enabled: 'N/A' }, status: 'NEEDS_EVIDENCE' },
    { name: 'password_enabled not_supported', cells: { password_enabled: 'not_supported' }, status: 'NEEDS_EVIDENCE' },
    { name: 'mfa_active empty', cells: { mfa_active: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'mfa_active no_information', cells: { mfa_active: 'no_information' }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ cells, status }) => {
    const out = run([user('alice', cells)]);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('alice');
  });

  it('one finding per user, resource exactly as written, root never counted', () => {
    const out = run([user('Alice.Smith+ops@example.com', { mfa_active: 'false' }), root({ mfa_active: 'false' }), user('svc_deploy', { password_enabled: 'false' })]);
    expect(out.map((f) => [f.resource, f.status])).toEqual([
      ['Alice.Smith+ops@example.com', 'FAIL'],
      ['svc_deploy', 'NOT_APPLICABLE'],
    ]);
  });

  it('cites both cells on the user line', () => {
    const [f, ...rest] = run([root(), user('bob', { mfa_active: 'FALSE' })]);
    expect(rest).toHaveLength(0);
    expect(f?.evidence).toEqual([
      { input: INPUT, line: 3, field: 'password_enabled', value: 'true' },
      { input: INPUT, line: 3, field: 'mfa_active', value: 'FALSE' },
    ]);
  });

  it('a missing mfa_active column is NEEDS_EVIDENCE naming it', () => {
    const [f] = run([user('alice')], ['mfa_active']);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('mfa_active is missing');
    expect(cell(f!, 'mfa_active').value).toBe('(column missing)');
  });

  it('a report with only root, or no report, gives nothing', () => {
    expect(run([root({ mfa_active: 'false' })])).toEqual([]);
    expect(userConsoleWithoutMfa.evaluate(ctx())).toEqual([]);
  });

  it('reads a script-derived report (no arn, index column, True/False, empty cells)', () => {
    const report = buildReport(
      [
        user('ruby', { row_num: '1', password_enabled: 'True', mfa_active: 'False', access_key_1_last_rotated: '', access_key_1_last_used_date: '' }),
        user('weiss', { row_num: '2', password_enabled: 'True', mfa_active: 'True' }),
      ],
      { omit: ['arn', 'user_creation_time', 'cert_1_last_rotated', 'cert_2_last_rotated'], extra: ['row_num', 'user_group'] },
    );
    expect(report.accountId).toBeNull();
    const out = userConsoleWithoutMfa.evaluate(ctx({ report }));
    expect(out.map((f) => [f.resource, f.status])).toEqual([
      ['ruby', 'FAIL'],
      ['weiss', 'PASS'],
    ]);
  });
});
