import { describe, expect, it } from 'vitest';
import { AS_OF_MS, cell, ctx, ctxFor, daysBefore, INPUT, iso, LEGACY_ROOT, REMOVED_ROOT, root, user, type Row } from '../../../test/helpers/report';
import { DAY_MS } from '../time';
import { rootRecentUse } from './root-recent-use';

const statuses = (rows: Row[], windows = [30, 90], omit?: string[]) => {
  const c = ctxFor(rows, { windows, ...(omit ? { omit } : {}) });
  return rootRecentUse.evaluate(c).map((f) => [f.window, f.status]);
};

describe('ROOT-RECENT-USE', () => {
  it.each([
    { name: 'never used (no_information, N/A keys)', cells: {}, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'password used 10 days ago', cells: { password_last_used: daysBefore(10) }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: 'password used 60 days ago', cells: { password_last_used: daysBefore(60) }, expected: [[30, 'PASS'], [90, 'FAIL']] },
    { name: 'password used 200 days ago', cells: { password_last_used: daysBefore(200) }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'exactly 30 days → within (inclusive)', cells: { password_last_used: daysBefore(30) }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: '30 days + 1 s → outside', cells: { password_last_used: daysBefore(30, 1000) }, expected: [[30, 'PASS'], [90, 'FAIL']] },
    { name: 'exactly 90 days', cells: { password_last_used: daysBefore(90) }, expected: [[30, 'PASS'], [90, 'FAIL']] },
    { name: '90 days + 1 s', cells: { password_last_used: daysBefore(90, 1000) }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'only key 1 used recently (seed 000 TODO)', cells: { access_key_1_active: 'false', access_key_1_last_rotated: daysBefore(500), access_key_1_last_used_date: daysBefore(5) }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: 'only key 2 used recently', cells: { access_key_2_active: 'true', access_key_2_last_rotated: daysBefore(500), access_key_2_last_used_date: daysBefore(45) }, expected: [[30, 'PASS'], [90, 'FAIL']] },
    { name: 'latest wins, not first non-empty', cells: { password_last_used: daysBefore(300), access_key_1_last_used_date: daysBefore(200), access_key_2_last_used_date: daysBefore(3) }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: 'password N/A', cells: { password_last_used: 'N/A' }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'password not_supported → unknown', cells: { password_last_used: 'not_supported' }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'empty key date → unknown', cells: { access_key_1_last_used_date: '' }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'recent use beats an unreadable column', cells: { password_last_used: daysBefore(1), access_key_1_last_used_date: '' }, expected: [[30, 'FAIL'], [90, 'FAIL']] },
    { name: 'old use + unreadable column → unknown in both', cells: { password_last_used: daysBefore(100), access_key_2_last_used_date: 'garbage' }, expected: [[30, 'NEEDS_EVIDENCE'], [90, 'NEEDS_EVIDENCE']] },
    { name: 'removed root (2025) with old password use', cells: { ...REMOVED_ROOT, password_last_used: daysBefore(120) }, expected: [[30, 'PASS'], [90, 'PASS']] },
    { name: 'legacy root (+00:00 date in 2019)', cells: LEGACY_ROOT, expected: [[30, 'PASS'], [90, 'PASS']] },
  ])('$name', ({ cells, expected }) => {
    expect(statuses([root(cells)])).toEqual(expected);
  });

  it('one finding per configured window, in order, each with its window', () => {
    const out = rootRecentUse.evaluate(ctxFor([root({ password_last_used: daysBefore(40) })], { windows: [1, 30, 45, 90] }));
    expect(out.map((f) => [f.window, f.status, f.resource])).toEqual([
      [1, 'PASS', '<root_account>'],
      [30, 'PASS', '<root_account>'],
      [45, 'FAIL', '<root_account>'],
      [90, 'FAIL', '<root_account>'],
    ]);
  });

  it('evidence shows each credential date with its age and marks the latest', () => {
    const pw = daysBefore(300);
    const k1 = daysBefore(200, 5 * 3_600_000);
    const k2 = daysBefore(3);
    const [f] = rootRecentUse.evaluate(
      ctxFor([user('alice'), root({ password_last_used: pw, access_key_1_last_used_date: k1, access_key_2_last_used_date: k2 })], { windows: [30] }),
    );
    expect(f?.status).toBe('FAIL');
    expect(f?.evidence).toEqual([
      { input: INPUT, line: 3, field: 'password_last_used', value: pw, ageDays: 300 },
      { input: INPUT, line: 3, field: 'access_key_1_last_used_date', value: k1, ageDays: 200 },
      { input: INPUT, line: 3, field: 'access_key_2_last_used_date', value: k2, ageDays: 3, note: 'latest root use' },
    ]);
    expect(f?.message).toContain('access_key_2_last_used_date');
  });

  it('a never-used root cites the sentinels as they are', () => {
    const [f] = rootRecentUse.evaluate(ctxFor([root()], { windows: [30] }));
    expect(f?.status).toBe('PASS');
    expect(f?.evidence.map((e) => [e.field, e.value, e.ageDays])).toEqual([
      ['password_last_used', 'no_information', undefined],
      ['access_key_1_last_used_date', 'N/A', undefined],
      ['access_key_2_last_used_date', 'N/A', undefined],
    ]);
  });

  it('a timestamp after as-of is within every window and raises one problem naming file and line', () => {
    const future = iso(AS_OF_MS + 2 * DAY_MS);
    const c = ctxFor([user('alice'), user('bob'), root({ access_key_1_last_used_date: future })], { windows: [1, 30, 90] });
    const out = rootRecentUse.evaluate(c);
    expect(out.map((f) => f.status)).toEqual(['FAIL', 'FAIL', 'FAIL']);
    expect(cell(out[0]!, 'access_key_1_last_used_date')).toEqual({
      input: INPUT,
      line: 4,
      field: 'access_key_1_last_used_date',
      value: future,
      ageDays: -2,
      note: 'latest root use; later than as-of',
    });
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0]).toMatchObject({ input: INPUT, line: 4, severity: 'warning' });
    expect(c.problems[0]?.message).toContain('timestamp later than as-of');
    expect(c.problems[0]?.message).toContain(`${INPUT} line 4`);
  });

  it('one second after as-of is already "later than as-of"', () => {
    const c = ctxFor([root({ password_last_used: iso(AS_OF_MS + 1000) })], { windows: [30] });
    expect(rootRecentUse.evaluate(c)[0]?.status).toBe('FAIL');
    expect(c.problems).toHaveLength(1);
  });

  it('a missing column is NEEDS_EVIDENCE naming it, unless a use is within the window', () => {
    const [a] = rootRecentUse.evaluate(ctxFor([root({ password_last_used: daysBefore(100) })], { windows: [30], omit: ['access_key_2_last_used_date'] }));
    expect(a?.status).toBe('NEEDS_EVIDENCE');
    expect(a?.message).toContain('access_key_2_last_used_date is missing');
    const [b] = rootRecentUse.evaluate(ctxFor([root({ password_last_used: daysBefore(1) })], { windows: [30], omit: ['access_key_2_last_used_date'] }));
    expect(b?.status).toBe('FAIL');
  });

  it('empty cells are called unknown, not N/A', () => {
    const [f] = rootRecentUse.evaluate(ctxFor([root({ password_last_used: '' })], { windows: [30] }));
    expect(f?.status).toBe('NEEDS_EVIDENCE');
    expect(f?.message).toContain('password_last_used is empty');
    expect(cell(f!, 'password_last_used').value).toBe('(empty)');
  });

  it('no root row or no report → NEEDS_EVIDENCE per window', () => {
    const out = rootRecentUse.evaluate(ctxFor([user('alice')], { windows: [30, 90] }));
    expect(out.map((f) => [f.window, f.status])).toEqual([
      [30, 'NEEDS_EVIDENCE'],
      [90, 'NEEDS_EVIDENCE'],
    ]);
    expect(rootRecentUse.evaluate(ctx({ windows: [7] })).map((f) => [f.window, f.status])).toEqual([[7, 'NEEDS_EVIDENCE']]);
  });

  it('windows are measured from asOf, not from now', () => {
    const c = ctxFor([root({ password_last_used: daysBefore(10) })], { windows: [30], now: AS_OF_MS + 365 * DAY_MS });
    expect(rootRecentUse.evaluate(c)[0]?.status).toBe('FAIL');
  });
});
