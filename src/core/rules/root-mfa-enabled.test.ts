import { describe, expect, it } from 'vitest';
import { cell, ctx, ctxFor, INPUT, LEGACY_ROOT, REMOVED_ROOT, root, user, type Row } from '../../../test/helpers/report';
import { rootMfaEnabled } from './root-mfa-enabled';

const run = (rows: Row[], omit?: string[]) => rootMfaEnabled.evaluate(ctxFor(rows, omit ? { omit } : {}));
const OFF = { mfa_active: 'false' };

describe('ROOT-MFA-ENABLED', () => {
  it.each([
    { name: 'MFA on, password on', cells: {}, status: 'PASS' },
    { name: 'uppercase TRUE MFA', cells: { mfa_active: 'TRUE' }, status: 'PASS' },
    { name: 'MFA off, password on', cells: OFF, status: 'FAIL' },
    { name: 'uppercase FALSE MFA, password on', cells: { mfa_active: 'FALSE' }, status: 'FAIL' },
    { name: 'MFA off, legacy not_supported password', cells: { ...LEGACY_ROOT, ...OFF }, status: 'FAIL' },
    { name: 'MFA on, legacy root', cells: LEGACY_ROOT, status: 'PASS' },
    { name: 'MFA off, password off, active key', cells: { ...REMOVED_ROOT, access_key_1_active: 'true', access_key_1_last_rotated: '2022-01-01T00:00:00Z' }, status: 'FAIL' },
    { name: 'MFA off, password off, active cert', cells: { ...REMOVED_ROOT, cert_2_active: 'true', cert_2_last_rotated: '2022-01-01T00:00:00Z' }, status: 'FAIL' },
    { name: 'removed root credentials (2025)', cells: REMOVED_ROOT, status: 'NOT_APPLICABLE' },
    { name: 'removed even if mfa_active is unreadable', cells: { ...REMOVED_ROOT, mfa_active: '' }, status: 'NOT_APPLICABLE' },
    { name: 'password off, only an inactive key left', cells: { ...REMOVED_ROOT, access_key_1_last_rotated: '2022-01-01T00:00:00Z' }, status: 'NOT_APPLICABLE' },
    { name: 'MFA off, password off, key rotated cell empty', cells: { ...REMOVED_ROOT, access_key_2_last_rotated: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'MFA off, password_enabled empty', cells: { ...OFF, password_enabled: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'MFA empty', cells: { mfa_active: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'MFA N/A', cells: { mfa_active: 'N/A' }, status: 'NEEDS_EVIDENCE' },
    { name: 'MFA no_information', cells: { mfa_active: 'no_information' }, status: 'NEEDS_EVIDENCE' },
    { name: 'MFA not_supported', cells: { mfa_active: 'not_supported' }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ cells, status }) => {
    const out = run([root(cells)]);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('FAIL cites mfa_active and password_enabled on the root line and names the credential', () => {
    const [f] = run([user('alice'), user('bob'), root(OFF)]);
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toContain('console password');
    expect(cell(f!, 'mfa_active')).toEqual({ input: INPUT, line: 4, field: 'mfa_active', value: 'false' });
    expect(cell(f!, 'password_enabled')).toEqual({ input: INPUT, line: 4, field: 'password_enabled', value: 'true' });
  });

  it('legacy not_supported is explained, not read as "no password"', () => {
    const [f] = run([root({ ...LEGACY_ROOT, ...OFF })]);
    expect(f?.message).toContain('not_supported');
    expect(cell(f!, 'password_enabled').value).toBe('not_supported');
  });

  it('removed credentials cite the cells that prove it', () => {
    const [f] = run([root(REMOVED_ROOT)]);
    expect(f?.evidence.map((e) => [e.field, e.value])).toEqual([
      ['mfa_active', 'false'],
      ['password_enabled', 'false'],
      ['access_key_1_active', 'false'],
      ['access_key_1_last_rotated', 'N/A'],
      ['access_key_2_active', 'false'],
      ['access_key_2_last_rotated', 'N/A'],
      ['cert_1_active', 'false'],
      ['cert_1_last_rotated', 'N/A'],
      ['cert_2_active', 'false'],
      ['cert_2_last_rotated', 'N/A'],
    ]);
  });

  it('a missing mfa_active column is NEEDS_EVIDENCE naming it', () => {
    const [f] = run([root()], ['mfa_active']);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('mfa_active is missing');
  });

  it('no root row and no report are NEEDS_EVIDENCE', () => {
    expect(run([user('alice', OFF)]).map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
    expect(rootMfaEnabled.evaluate(ctx()).map((f) => f.status)).toEqual(['NEEDS_EVIDENCE']);
  });
});
