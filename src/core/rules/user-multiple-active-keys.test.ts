import { describe, expect, it } from 'vitest';
import { cell, ctx, ctxFor, INPUT, root, user, type Row } from '../../../test/helpers/report';
import { userMultipleActiveKeys } from './user-multiple-active-keys';

const run = (cells: Row, omit?: string[]) => userMultipleActiveKeys.evaluate(ctxFor([user('deployer', cells)], omit ? { omit } : {}));
const keys = (a1: string, a2: string): Row => ({ access_key_1_active: a1, access_key_2_active: a2 });

describe('USER-MULTIPLE-ACTIVE-KEYS', () => {
  it.each([
    { name: 'both active', cells: keys('true', 'true'), status: 'FAIL' },
    { name: 'both active, TRUE / True', cells: keys('TRUE', 'True'), status: 'FAIL' },
    { name: 'key 1 only', cells: keys('true', 'false'), status: 'PASS' },
    { name: 'key 2 only', cells: keys('FALSE', 'TRUE'), status: 'PASS' },
    { name: 'none active', cells: keys('false', 'false'), status: 'NOT_APPLICABLE' },
    { name: 'one active, other empty', cells: keys('true', ''), status: 'NEEDS_EVIDENCE' },
    { name: 'one inactive, other N/A', cells: keys('false', 'N/A'), status: 'NEEDS_EVIDENCE' },
    { name: 'both empty', cells: keys('', ''), status: 'NEEDS_EVIDENCE' },
  ])('$name → $status', ({ cells, status }) => {
    const out = run(cells);
    expect(out).toHaveLength(1);
    expect(out[0]?.status).toBe(status);
    expect(out[0]?.resource).toBe('deployer');
  });

  it('cites both active cells', () => {
    const [f] = run(keys('true', 'TRUE'));
    expect(cell(f!, 'access_key_1_active')).toEqual({ input: INPUT, line: 2, field: 'access_key_1_active', value: 'true' });
    expect(cell(f!, 'access_key_2_active')).toEqual({ input: INPUT, line: 2, field: 'access_key_2_active', value: 'TRUE' });
  });

  it('a missing column is NEEDS_EVIDENCE naming it', () => {
    const [f] = run(keys('true', 'true'), ['access_key_2_active']);
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('access_key_2_active is missing');
  });

  it('root with two keys is not a user; no report → nothing', () => {
    expect(userMultipleActiveKeys.evaluate(ctxFor([root(keys('true', 'true'))]))).toEqual([]);
    expect(userMultipleActiveKeys.evaluate(ctx())).toEqual([]);
  });
});
