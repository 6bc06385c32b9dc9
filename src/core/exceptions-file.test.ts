// The exceptions file: JSON and YAML, malformed entries reported and dropped (moved here from
// exceptions.test.ts with parseExceptions).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseExceptions } from './exceptions-file';
import { exceptionEntry as entry } from '../../test/helpers/exceptions';

const FIX = fileURLToPath(new URL('../../test/fixtures/reports/exceptions/', import.meta.url));

describe('parseExceptions', () => {
  it('the JSON fixture: one live, one (well-formed) expired, one without accountId', () => {
    const r = parseExceptions(readFileSync(`${FIX}exceptions.json`, 'utf8'), 'exceptions.json');
    expect(r.entries.map((e) => [e.ruleId, e.accountId, e.expires, e.ticket ?? null])).toEqual([
      ['ROOT-ACCESS-KEY-ACTIVE', '111122223333', '2025-12-31', 'SEC-101'],
      ['ROOT-RECENT-USE', '111122223333', '2025-01-31', null],
    ]);
    expect(r.problems).toEqual([{ input: 'exceptions.json', record: 3, severity: 'error', message: 'Exception #3 lacks accountId; ignored.' }]);
  });

  it('the YAML fixture: same entries, a bad expiry reported', () => {
    const r = parseExceptions(readFileSync(`${FIX}exceptions.yaml`, 'utf8'), 'exceptions.yaml');
    expect(r.entries).toEqual([
      entry({ resource: '<root_account>', justification: 'legacy backup job, key removal scheduled', ticket: 'SEC-101' }),
      entry({ ruleId: 'ROOT-RECENT-USE', justification: 'expired acceptance', expires: '2025-01-31' }),
    ]);
    expect(r.problems).toEqual([{ input: 'exceptions.yaml', record: 3, severity: 'error', message: 'Exception #3: expires "next year" is not a date (YYYY-MM-DD); ignored.' }]);
  });

  it('a top-level list is accepted; a BOM is ignored', () => {
    const r = parseExceptions(`\uFEFF${JSON.stringify([entry()])}`, 'x.json');
    expect(r).toEqual({ entries: [entry()], problems: [] });
  });

  it('an unquoted YAML account id (a number) is read as 12 digits, leading zero restored', () => {
    const r = parseExceptions('exceptions:\n  - {ruleId: ROOT-MFA-ENABLED, accountId: 012345678901, owner: a, justification: b, expires: 2026-01-01}\n', 'x.yaml');
    expect(r.entries.map((e) => e.accountId)).toEqual(['012345678901']);
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'just text', 'Exception #1 is not an object; ignored.'],
    ['null', null, 'Exception #1 is not an object; ignored.'],
    ['missing owner and expires', { ruleId: 'ROOT-MFA-ENABLED', accountId: '111122223333', justification: 'x' }, 'Exception #1 lacks owner, expires; ignored.'],
    ['empty owner', entry({ owner: '' }), 'Exception #1 lacks owner; ignored.'],
    ['blank justification', entry({ justification: '   ' }), 'Exception #1 lacks justification; ignored.'],
    ['short account id', entry({ accountId: '1234' }), 'Exception #1: accountId "1234" is not 12 digits; ignored.'],
    ['account id with letters', entry({ accountId: '11112222333x' }), 'Exception #1: accountId "11112222333x" is not 12 digits; ignored.'],
    ['bad expiry', entry({ expires: '31/12/2025' }), 'Exception #1: expires "31/12/2025" is not a date (YYYY-MM-DD); ignored.'],
  ])('malformed: %s', (_label, raw, message) => {
    const r = parseExceptions(JSON.stringify({ exceptions: [raw, entry({ ruleId: 'ROOT-RECENT-USE' })] }), 'x.json');
    expect(r.problems).toEqual([{ input: 'x.json', record: 1, severity: 'error', message }]);
    expect(r.entries.map((e) => e.ruleId)).toEqual(['ROOT-RECENT-USE']);
  });

  it('neither JSON nor YAML, or no list: one error, no entries, no throw', () => {
    const bad = parseExceptions('{"exceptions": [', 'broken.json');
    expect(bad.entries).toEqual([]);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toMatchObject({ input: 'broken.json', severity: 'error' });
    expect(bad.problems[0]?.message).toMatch(/^Exceptions file is neither valid JSON nor YAML: /);
    expect(parseExceptions('owner: me\n', 'x.yaml')).toEqual({
      entries: [],
      problems: [{ input: 'x.yaml', severity: 'error', message: 'Exceptions file must hold {"exceptions": [ ... ]}.' }],
    });
    expect(parseExceptions('', 'empty.yaml').problems.map((p) => p.message)).toEqual(['Exceptions file must hold {"exceptions": [ ... ]}.']);
  });

  it('YAML alias bombs are refused', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    lines.push('exceptions: [*i]');
    const r = parseExceptions(lines.join('\n'), 'bomb.yaml');
    expect(r.entries).toEqual([]);
    expect(r.problems[0]?.severity).toBe('error');
  });
});
