import { describe, expect, it } from 'vitest';
import { cell, ctx, ctxFor, daysBefore, INPUT, LEGACY_ROOT, REMOVED_ROOT, root, user, type Row } from '../../../test/helpers/report';
import { rootAccessKeyExists } from './root-access-key-exists';

const run = (rows: Row[], omit?: string[]) => rootAccessKeyExists.evaluate(ctxFor(rows, omit ? { omit } : {}));
const ROTATED = '2023-02-03T04:05:06Z';

describe('ROOT-ACCESS-KEY-EXISTS', () => {
  it.each([
    { name: 'no keys at all', cells: {}, status: 'PASS' },
    { name: 'inactive key 1 with last_rotated', cells: { access_key_1_last_rotated: ROTATED }, status: 'FAIL' },
    { name: 'inactive key 2 (FALSE) with last_rotated', cells: { access_key_2_active: 'FALSE', access_key_2_last_rotated: ROTATED }, status: 'FAIL' },
    { name: 'active key only (ACTIVE rule covers it)', cells: { access_key_1_active: 'true', access_key_1_last_rotated: ROTATED }, status: 'PASS' },
    { name: 'uppercase TRUE active key', cells: { access_key_1_active: 'TRUE', access_key_1_last_rotated: ROTATED }, status: 'PASS' },
    { name: 'inactive key with empty last_rotated', cells: { access_key_1_last_rotated: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'inactive key with no_information last_rotated', cells: { access_key_1_last_rotated: 'no_information' }, status: 'NEEDS_EVIDENCE' },
    { name: 'inactive key with not_supported last_rotated', cells: { access_key_2_last_rotated: 'not_supported' }, status: 'NEEDS_EVIDENCE' },
    { name: 'empty active cell', cells: { access_key_2_active: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'a leftover key beats an unreadable one', cells: { access_key_1_last_rotated: ROTATED, access_key_2_active: '' }, status: 'FAIL' },
    { name: 'removed root credentials (2025)', cells: REMOVED_ROOT, status: 'PASS' },
    { name: 'legacy root (not_supported password)', cells: LEGACY_ROOT, status: 'PASS' },
  ])('$name → $status', ({ cells, status }) => {
    const out = run([root(cells)]);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('<root_account>');
  });

  it('cites last_rotated and last-used of the leftover key with ages', () => {
    const used = daysBefore(400);
    const [f] = run([root({ access_key_2_last_rotated: daysBefore(800), access_key_2_last_used_date: used })]);
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toContain('key 2');
    expect(cell(f!, 'access_key_2_active')).toEqual({ input: INPUT, line: 2, field: 'access_key_2_active', value: 'false' });
    expect(cell(f!, 'access_key_2_last_rotated')).toEqual({ input: INPUT, line: 2, field: 'access_key_2_last_rotated', value: daysBefore(800), ageDays: 800 });
    expect(cell(f!, 'access_key_2_last_used_date')).toEqual({ input: INPUT, line: 2, field: 'access_key_2_last_used_date', value: used, ageDays: 400 });
  });

  it('a missing last_rotated column is NEEDS_EVIDENCE naming the column', () => {
    const [f] = run([root()], ['access_key_1_last_rotated']);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('access_key_1_last_rotated is missing');
    expect(cell(f!, 'access_key_1_last_rotated').value).toBe('(column missing)');
  });

  it('says empty cells are read as unknown', () => {
    const [f] = run([root({ access_key_1_last_rotated: '' })]);
    expect(f?.message).toContain('empty');
    expect(f?.message).toContain('unknown');
  });

  it('no root row and no report are NEEDS_EVIDENCE', () => {
    expect(run([user('bob')])[0]?.status).toBe('NEEDS_EVIDENCE');
    expect(rootAccessKeyExists.evaluate(ctx())[0]?.status).toBe('NEEDS_EVIDENCE');
  });
});
