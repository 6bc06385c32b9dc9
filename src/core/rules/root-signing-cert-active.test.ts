import { describe, expect, it } from 'vitest';
import { cell, ctx, ctxFor, daysBefore, INPUT, LEGACY_ROOT, REMOVED_ROOT, root, user, type Row } from '../../../test/helpers/report';
import { rootSigningCertActive } from './root-signing-cert-active';

const run = (rows: Row[], omit?: string[]) => rootSigningCertActive.evaluate(ctxFor(rows, omit ? { omit } : {}));

describe('ROOT-SIGNING-CERT-ACTIVE', () => {
  it.each([
    { name: 'no certificates', cells: {}, status: 'PASS' },
    { name: 'cert 1 active', cells: { cert_1_active: 'true', cert_1_last_rotated: '2020-01-01T00:00:00Z' }, status: 'FAIL' },
    { name: 'cert 2 active (TRUE)', cells: { cert_2_active: 'TRUE', cert_2_last_rotated: '2020-01-01T00:00:00Z' }, status: 'FAIL' },
    { name: 'cert inactive but present', cells: { cert_1_active: 'false', cert_1_last_rotated: '2020-01-01T00:00:00Z' }, status: 'PASS' },
    { name: 'FALSE uppercase', cells: { cert_1_active: 'FALSE', cert_2_active: 'FALSE' }, status: 'PASS' },
    { name: 'empty cert cell', cells: { cert_2_active: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'N/A cert cell', cells: { cert_1_active: 'N/A' }, status: 'NEEDS_EVIDENCE' },
    { name: 'active beats unreadable', cells: { cert_1_active: 'true', cert_2_active: '' }, status: 'FAIL' },
    { name: 'removed root credentials', cells: REMOVED_ROOT, status: 'PASS' },
    { name: 'legacy root', cells: LEGACY_ROOT, status: 'PASS' },
  ])('$name → $status', ({ cells, status }) => {
    const out = run([root(cells)]);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
  });

  it('cites the active certificate and its age', () => {
    const rotated = daysBefore(1000);
    const [f] = run([user('a'), root({ cert_2_active: 'true', cert_2_last_rotated: rotated })]);
    expect(f?.message).toContain('certificate 2');
    expect(cell(f!, 'cert_2_active')).toEqual({ input: INPUT, line: 3, field: 'cert_2_active', value: 'true' });
    expect(cell(f!, 'cert_2_last_rotated')).toEqual({ input: INPUT, line: 3, field: 'cert_2_last_rotated', value: rotated, ageDays: 1000 });
  });

  it('a missing column is NEEDS_EVIDENCE naming it', () => {
    const [f] = run([root()], ['cert_1_active']);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('cert_1_active is missing');
  });

  it('no root row and no report are NEEDS_EVIDENCE', () => {
    expect(run([user('a', { cert_1_active: 'true' })])[0]?.status).toBe('NEEDS_EVIDENCE');
    expect(rootSigningCertActive.evaluate(ctx())[0]?.status).toBe('NEEDS_EVIDENCE');
  });
});
