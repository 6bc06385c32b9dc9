import { describe, expect, it } from 'vitest';
import { AS_OF_MS, buildReport, ctx, ctxFor, daysBefore, INPUT, iso, LEGACY_ROOT, REMOVED_ROOT, root, user, type Row } from '../../../test/helpers/report';
import type { ReportRow } from '../credential-report/model';
import { DAY_MS } from '../time';
import { ROOT_RESOURCE } from './define-rule';
import { cellText, cite, citeKeysAndCerts, judgeEachUser, judgeRootRow, laterThanAsOf, readLastUsed, rootCredentialState, unreadable } from './report-readings';

const rootRow = (cells: Row = {}, omit?: string[]): ReportRow => buildReport([root(cells)], omit ? { omit } : {}).root as ReportRow;

describe('reading cells', () => {
  it.each([
    { raw: daysBefore(3), kind: 'used' },
    { raw: 'N/A', kind: 'never' },
    { raw: 'no_information', kind: 'never' },
    { raw: 'not_supported', kind: 'unknown' },
    { raw: '', kind: 'unknown' },
    { raw: 'yesterday', kind: 'unknown' },
  ])('password_last_used "$raw" → $kind', ({ raw, kind }) => {
    expect(readLastUsed(rootRow({ password_last_used: raw }).dates.password_last_used).kind).toBe(kind);
  });

  it.each([
    { cells: { mfa_active: '' }, text: '(empty)', why: 'mfa_active is empty (an empty cell, as in files made by a script, is read as unknown, not as N/A)' },
    { cells: { mfa_active: 'maybe' }, text: 'maybe', why: 'mfa_active holds the unreadable value "maybe"' },
    { cells: { mfa_active: 'N/A' }, text: 'N/A', why: 'mfa_active is N/A, which does not answer this check' },
  ])('mfa_active $cells.mfa_active: "$text", $why', ({ cells, text, why }) => {
    const cell = rootRow(cells).bools.mfa_active;
    expect(cellText(cell)).toBe(text);
    expect(unreadable('mfa_active', cell)).toBe(why);
  });

  it('names a missing column', () => {
    const cell = rootRow({}, ['mfa_active']).bools.mfa_active;
    expect(cellText(cell)).toBe('(column missing)');
    expect(unreadable('mfa_active', cell)).toBe('the column mfa_active is missing from the report');
  });
});

describe('rootCredentialState', () => {
  it.each([
    { name: 'password only', cells: {}, usable: ['a console password'], leftovers: [], unknown: 0, removed: false },
    { name: 'removed', cells: REMOVED_ROOT, usable: [], leftovers: [], unknown: 0, removed: true },
    { name: 'legacy not_supported password', cells: LEGACY_ROOT, usable: ['a console password (legacy report: password_enabled not_supported; root always had one then)'], leftovers: [], unknown: 0, removed: false },
    { name: 'inactive key left over', cells: { ...REMOVED_ROOT, access_key_1_last_rotated: '2024-01-01T00:00:00Z' }, usable: [], leftovers: ['an inactive access key 1 (created or rotated 2024-01-01T00:00:00Z)'], unknown: 0, removed: false },
    { name: 'active certificate', cells: { ...REMOVED_ROOT, cert_2_active: 'true' }, usable: ['an active signing certificate 2'], leftovers: [], unknown: 0, removed: false },
    { name: 'unreadable key cell', cells: { ...REMOVED_ROOT, access_key_2_active: '' }, usable: [], leftovers: [], unknown: 1, removed: false },
  ])('$name', ({ cells, usable, leftovers, unknown, removed }) => {
    const s = rootCredentialState(rootRow(cells));
    expect(s.usable).toEqual(usable);
    expect(s.leftovers).toEqual(leftovers);
    expect(s.unknown).toHaveLength(unknown);
    expect(s.removed).toBe(removed);
  });
});

describe('evidence', () => {
  it('cite gives the cell as written, with its age when asked', () => {
    const report = buildReport([root({ password_last_used: daysBefore(10) })]);
    const r = report.root as ReportRow;
    expect(cite(report, r, 'password_last_used', AS_OF_MS, 'n')).toEqual({ input: INPUT, line: 2, field: 'password_last_used', value: daysBefore(10), ageDays: 10, note: 'n' });
    expect(cite(report, r, 'mfa_active', AS_OF_MS)).toEqual({ input: INPUT, line: 2, field: 'mfa_active', value: 'true' });
  });

  it('citeKeysAndCerts: keys then certificates, active then last_rotated', () => {
    const report = buildReport([root()]);
    expect(citeKeysAndCerts(report, report.root as ReportRow).map((e) => e.field)).toEqual([
      'access_key_1_active',
      'access_key_1_last_rotated',
      'access_key_2_active',
      'access_key_2_last_rotated',
      'cert_1_active',
      'cert_1_last_rotated',
      'cert_2_active',
      'cert_2_last_rotated',
    ]);
  });

  it('laterThanAsOf raises a problem for a timestamp after as-of only', () => {
    const c = ctxFor([root({ password_last_used: iso(AS_OF_MS + DAY_MS) }), user('u')]);
    const report = c.account.report!;
    laterThanAsOf(c, report, report.root as ReportRow, 'password_last_used');
    laterThanAsOf(c, report, report.users[0] as ReportRow, 'password_last_used');
    expect(c.problems.map((p) => [p.line, p.severity])).toEqual([[2, 'warning']]);
    expect(c.problems[0]?.message).toContain('is a timestamp later than as-of');
  });
});

describe('rule frames', () => {
  it('judgeRootRow: NEEDS_EVIDENCE without a report or without its root row, else the judge', () => {
    const judge = () => [{ status: 'PASS' as const, resource: ROOT_RESOURCE, message: 'judged', evidence: [] }];
    expect(judgeRootRow(ctx(), judge)[0]?.message).toMatch(/^No credential report for this account/);
    expect(judgeRootRow(ctxFor([user('u')]), judge)[0]?.message).toMatch(/has no <root_account> row/);
    expect(judgeRootRow(ctxFor([root()]), judge)[0]?.message).toBe('judged');
  });

  it('judgeEachUser: one finding per user, named as written; nothing without a report', () => {
    const judge = () => ({ status: 'PASS' as const, message: 'ok', evidence: [] });
    expect(judgeEachUser(ctx(), judge)).toEqual([]);
    expect(judgeEachUser(ctxFor([root(), user('b'), user('A.b+c')]), judge).map((f) => f.resource)).toEqual(['b', 'A.b+c']);
  });
});
