import { describe, expect, it } from 'vitest';
import { AS_OF_MS, buildReport, cell, ctx, ctxFor, daysBefore, INPUT, LEGACY_ROOT, REMOVED_ROOT, root, user, type Row } from '../../../test/helpers/report';
import { rootAccessKeyActive } from './root-access-key-active';

const run = (rows: Row[], omit?: string[]) => rootAccessKeyActive.evaluate(ctxFor(rows, omit ? { omit } : {}));

describe('ROOT-ACCESS-KEY-ACTIVE', () => {
  it.each([
    { name: 'no keys', cells: {}, status: 'PASS' },
    { name: 'key 1 active', cells: { access_key_1_active: 'true', access_key_1_last_rotated: '2023-01-01T00:00:00Z' }, status: 'FAIL' },
    { name: 'key 2 active', cells: { access_key_2_active: 'true', access_key_2_last_rotated: '2023-01-01T00:00:00Z' }, status: 'FAIL' },
    { name: 'uppercase TRUE', cells: { access_key_1_active: 'TRUE' }, status: 'FAIL' },
    { name: 'uppercase FALSE', cells: { access_key_1_active: 'FALSE', access_key_2_active: 'FALSE' }, status: 'PASS' },
    { name: 'inactive key that still exists', cells: { access_key_1_active: 'false', access_key_1_last_rotated: '2023-01-01T00:00:00Z' }, status: 'PASS' },
    { name: 'empty active cell', cells: { access_key_1_active: '' }, status: 'NEEDS_EVIDENCE' },
    { name: 'N/A in active cell', cells: { access_key_2_active: 'N/A' }, status: 'NEEDS_EVIDENCE' },
    { name: 'garbage in active cell', cells: { access_key_2_active: 'yes' }, status: 'NEEDS_EVIDENCE' },
    { name: 'active wins over unreadable other key', cells: { access_key_1_active: 'true', access_key_2_active: '' }, status: 'FAIL' },
    { name: 'removed root credentials (2025)', cells: REMOVED_ROOT, status: 'PASS' },
    { name: 'legacy root (not_supported)', cells: LEGACY_ROOT, status: 'PASS' },
  ])('$name → $status', ({ cells, status }) => {
    const [f, ...rest] = run([root(cells)]);
    expect(rest).toHaveLength(0);
    expect(f?.status).toBe(status);
    expect(f?.resource).toBe('<root_account>');
  });

  it('cites the active cell and the key last-used date with its age', () => {
    const used = daysBefore(12, 3_600_000);
    const [f] = run([user('alice'), root({ access_key_2_active: 'TRUE', access_key_2_last_rotated: '2022-01-01T00:00:00Z', access_key_2_last_used_date: used })]);
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toContain('key 2');
    expect(cell(f!, 'access_key_2_active')).toEqual({ input: INPUT, line: 3, field: 'access_key_2_active', value: 'TRUE' });
    expect(cell(f!, 'access_key_2_last_used_date')).toEqual({ input: INPUT, line: 3, field: 'access_key_2_last_used_date', value: used, ageDays: 12 });
    expect(cell(f!, 'access_key_1_last_used_date')).toEqual({ input: INPUT, line: 3, field: 'access_key_1_last_used_date', value: 'N/A' });
  });

  it('two active keys say so', () => {
    const [f] = run([root({ access_key_1_active: 'true', access_key_2_active: 'true' })]);
    expect(f?.status).toBe('FAIL');
    expect(f?.message).toContain('two active access keys');
  });

  it('a missing column is NEEDS_EVIDENCE and cites "(column missing)"', () => {
    const [f] = run([root()], ['access_key_2_active']);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('key 2');
    expect(cell(f!, 'access_key_2_active').value).toBe('(column missing)');
  });

  it('an empty cell is cited as "(empty)"', () => {
    const [f] = run([root({ access_key_1_active: '' })]);
    expect(cell(f!, 'access_key_1_active').value).toBe('(empty)');
  });

  it('no root row → NEEDS_EVIDENCE naming the file', () => {
    const [f, ...rest] = run([user('alice', { access_key_1_active: 'true' })]);
    expect(rest).toHaveLength(0);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.resource).toBe('<root_account>');
    expect(f?.message).toContain(INPUT);
    expect(f?.evidence).toEqual([]);
  });

  it('no report → NEEDS_EVIDENCE with the commands to run', () => {
    const [f] = rootAccessKeyActive.evaluate(ctx());
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('aws iam generate-credential-report');
  });

  it('reads the +00:00 and Z forms of a date as the same instant', () => {
    const a = buildReport([root({ access_key_1_active: 'true', access_key_1_last_used_date: '2025-05-01T12:00:00+00:00' })]);
    const b = buildReport([root({ access_key_1_active: 'true', access_key_1_last_used_date: '2025-05-01T12:00:00Z' })]);
    const fa = rootAccessKeyActive.evaluate(ctx({ report: a }))[0]!;
    const fb = rootAccessKeyActive.evaluate(ctx({ report: b }))[0]!;
    expect(cell(fa, 'access_key_1_last_used_date').ageDays).toBe(31);
    expect(cell(fb, 'access_key_1_last_used_date').ageDays).toBe(31);
    expect(AS_OF_MS).toBe(Date.UTC(2025, 5, 1, 12));
  });

  it('names Security Hub one way: AWS Security Hub CSPM control IAM.4 (not FSBP)', () => {
    expect(rootAccessKeyActive.controls.filter((c) => c.framework === 'AWS Security Hub')).toEqual([{ framework: 'AWS Security Hub', version: 'CSPM control', control: 'IAM.4' }]);
  });
});
