import { describe, expect, it } from 'vitest';
import { cell, ctx, ctxFor, INPUT, LEGACY_ROOT, REMOVED_ROOT, root, user, type Row } from '../../../test/helpers/report';
import { rootCredentialsRemoved } from './root-credentials-removed';

const run = (rows: Row[], omit?: string[]) => rootCredentialsRemoved.evaluate(ctxFor(rows, omit ? { omit } : {}));
const OLD = '2022-01-01T00:00:00Z';

describe('ROOT-CREDENTIALS-REMOVED', () => {
  it.each([
    { name: 'removed (2025 format)', cells: REMOVED_ROOT, status: 'PASS' },
    { name: 'removed, uppercase FALSE', cells: { ...REMOVED_ROOT, password_enabled: 'FALSE', access_key_1_active: 'FALSE' }, status: 'PASS' },
    { name: 'password enabled', cells: {}, status: 'NEEDS_EVIDENCE' },
    { name: 'legacy root (not_supported)', cells: LEGACY_ROOT, status: 'NEEDS_EVIDENCE' },
    { name: 'password off, inactive key left', cells: { ...REMOVED_ROOT, access_key_2_last_rotated: OLD }, status: 'NEEDS_EVIDENCE' },
    { name: 'password off, inactive cert left', cells: { ...REMOVED_ROOT, cert_1_last_rotated: OLD }, status: 'NEEDS_EVIDENCE' },
    { name: 'password off, active key', cells: { ...REMOVED_ROOT, access_key_1_active: 'true', access_key_1_last_rotated: OLD }, status: 'NEEDS_EVIDENCE' },
    { name: 'password off, key rotated cell empty', cells: { ...REMOVED_ROOT, access_key_1_last_rotated: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'password_enabled N/A', cells: { ...REMOVED_ROOT, password_enabled: 'N/A' }, status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ cells, status }) => {
    const out = run([root(cells)]);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('NEEDS_EVIDENCE lists what remains and the member-account route; never FAIL', () => {
    const [f] = run([root({ access_key_1_active: 'true', access_key_1_last_rotated: OLD })]);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('a console password');
    expect(f?.message).toContain('access key 1');
    expect(f?.message).toContain('centralized root access');
  });

  it('PASS cites the password and every key/cert cell on the root line', () => {
    const [f] = run([user('alice'), root(REMOVED_ROOT)]);
    expect(cell(f!, 'password_enabled')).toEqual({ input: INPUT, line: 3, field: 'password_enabled', value: 'false' });
    expect(cell(f!, 'cert_2_last_rotated')).toEqual({ input: INPUT, line: 3, field: 'cert_2_last_rotated', value: 'N/A' });
    expect(f?.evidence).toHaveLength(9);
  });

  it('a missing column keeps it NEEDS_EVIDENCE and names it', () => {
    const [f] = run([root(REMOVED_ROOT)], ['cert_2_last_rotated']);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('cert_2_last_rotated is missing');
  });

  it('no root row and no report are NEEDS_EVIDENCE', () => {
    expect(run([user('alice', REMOVED_ROOT)])[0]?.status).toBe('NEEDS_EVIDENCE');
    expect(rootCredentialsRemoved.evaluate(ctx())[0]?.status).toBe('NEEDS_EVIDENCE');
  });

  it('maps CIS v7.0 2.1.1 only as suggested: 2.1.1 is an organization-level check (ORG-ROOT-ACCESS-CENTRALIZED)', () => {
    expect(rootCredentialsRemoved.controls.filter((c) => c.framework === 'CIS AWS Foundations')).toEqual([{ framework: 'CIS AWS Foundations', version: '7.0', control: '2.1.1', suggested: true }]);
  });
});
