import { describe, expect, it } from 'vitest';
import { buildReport, root, user, type Row } from '../../test/helpers/report';
import { diffCredentialReports, reportDiffsOf } from './report-diff';

const T1 = Date.parse('2025-05-01T12:00:00Z');
const T2 = Date.parse('2025-06-01T12:00:00Z');
const KEY_A = { access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00Z', access_key_1_last_used_date: '2025-04-20T00:00:00Z' };

/** The changes from a report of `a` rows to one of `b` rows, as [change, user, credential, cells]. */
function diff(a: Row[], b: Row[]) {
  const d = diffCredentialReports(buildReport(a, { input: 'old.json', generatedTime: T1 }), buildReport(b, { input: 'new.json', generatedTime: T2 }));
  return d.changes.map((c) => [c.change, c.user, c.credential ?? '', c.cells.join(' | ')]);
}

describe('diffCredentialReports: two reports in, exact changes out', () => {
  it.each<[string, Row[], Row[], string[][]]>([
    ['nothing changed', [root(), user('alice')], [root(), user('alice')], []],
    ['user added and removed', [root(), user('alice')], [root(), user('bob')], [
      ['user-added', 'bob', '', 'user_creation_time: 2024-01-10T09:00:00Z'],
      ['user-removed', 'alice', '', 'line 3 of old.json'],
    ]],
    ['user re-created (new creation time): nothing else compared', [user('alice', KEY_A)], [user('alice', { user_creation_time: '2025-05-20T00:00:00Z', mfa_active: 'false' })], [
      ['user-recreated', 'alice', '', 'user_creation_time: 2024-01-10T09:00:00Z -> 2025-05-20T00:00:00Z'],
    ]],
    ['key created', [user('alice')], [user('alice', { access_key_1_active: 'true', access_key_1_last_rotated: '2025-05-10T00:00:00Z' })], [
      ['key-created', 'alice', 'access_key_1', 'access_key_1_last_rotated: (none) -> 2025-05-10T00:00:00Z | access_key_1_active: true'],
    ]],
    ['key deleted', [user('alice', KEY_A)], [user('alice')], [['key-deleted', 'alice', 'access_key_1', 'access_key_1_last_rotated: 2024-01-01T00:00:00Z -> (gone)']]],
    ['key rotated (old deleted, new created)', [user('alice', KEY_A)], [user('alice', { access_key_1_active: 'true', access_key_1_last_rotated: '2025-05-20T00:00:00Z' })], [
      ['key-rotated', 'alice', 'access_key_1', 'access_key_1_last_rotated: 2024-01-01T00:00:00Z -> (gone) | access_key_1_last_rotated: (none) -> 2025-05-20T00:00:00Z'],
    ]],
    ['key deactivated, then another activated', [user('alice', { ...KEY_A, access_key_2_active: 'false', access_key_2_last_rotated: '2024-06-01T00:00:00Z' })], [user('alice', { ...KEY_A, access_key_1_active: 'false', access_key_2_active: 'true', access_key_2_last_rotated: '2024-06-01T00:00:00Z' })], [
      ['key-deactivated', 'alice', 'access_key_1', 'access_key_1_active: true -> false'],
      ['key-activated', 'alice', 'access_key_2', 'access_key_2_active: false -> true'],
    ]],
    // IAM moves the remaining key to slot 1 when key 1 is deleted: that is a deletion, not a replacement.
    ['key 1 deleted, key 2 moved to slot 1', [user('alice', { ...KEY_A, access_key_2_active: 'true', access_key_2_last_rotated: '2024-06-01T00:00:00Z' })], [user('alice', { access_key_1_active: 'true', access_key_1_last_rotated: '2024-06-01T00:00:00Z' })], [
      ['key-deleted', 'alice', 'access_key_1', 'access_key_1_last_rotated: 2024-01-01T00:00:00Z -> (gone)'],
    ]],
    ['MFA off, password disabled', [user('alice')], [user('alice', { mfa_active: 'false', password_enabled: 'false' })], [
      ['password-disabled', 'alice', 'password', 'password_enabled: true -> false'],
      ['mfa-disabled', 'alice', 'mfa', 'mfa_active: true -> false'],
    ]],
    ['MFA on, password enabled', [user('alice', { mfa_active: 'false', password_enabled: 'false' })], [user('alice')], [
      ['password-enabled', 'alice', 'password', 'password_enabled: false -> true'],
      ['mfa-enabled', 'alice', 'mfa', 'mfa_active: false -> true'],
    ]],
    ['password changed', [user('alice')], [user('alice', { password_last_changed: '2025-05-15T00:00:00Z' })], [
      ['password-changed', 'alice', 'password', 'password_last_changed: 2024-01-10T09:05:00Z -> 2025-05-15T00:00:00Z'],
    ]],
    ['certificate created and deactivated', [user('alice', { cert_2_active: 'true', cert_2_last_rotated: '2024-02-02T00:00:00Z' })], [user('alice', { cert_1_active: 'true', cert_1_last_rotated: '2025-05-05T00:00:00Z', cert_2_active: 'false', cert_2_last_rotated: '2024-02-02T00:00:00Z' })], [
      ['cert-created', 'alice', 'cert_1', 'cert_1_last_rotated: (none) -> 2025-05-05T00:00:00Z | cert_1_active: true'],
      ['cert-deactivated', 'alice', 'cert_2', 'cert_2_active: true -> false'],
    ]],
    ['root signed in and used its key in between', [root({ password_last_used: '2025-03-01T00:00:00Z', ...KEY_A })], [root({ password_last_used: '2025-05-20T08:00:00Z', ...KEY_A, access_key_1_last_used_date: '2025-05-25T00:00:00Z' })], [
      ['root-used', '<root_account>', 'password', 'password_last_used: 2025-03-01T00:00:00Z -> 2025-05-20T08:00:00Z'],
      ['root-used', '<root_account>', 'access_key_1', 'access_key_1_last_used_date: 2025-04-20T00:00:00Z -> 2025-05-25T00:00:00Z'],
    ]],
    ['root never used before, used now', [root({ password_last_used: 'no_information' })], [root({ password_last_used: '2025-05-20T08:00:00Z' })], [
      ['root-used', '<root_account>', 'password', 'password_last_used: no_information -> 2025-05-20T08:00:00Z'],
    ]],
    ['a user\'s own sign-in is not listed (only root use is)', [user('alice', { password_last_used: '2025-04-01T00:00:00Z' })], [user('alice', { password_last_used: '2025-05-01T00:00:00Z' })], []],
  ])('%s', (_name, a, b, expected) => {
    expect(diff(a, b)).toEqual(expected);
  });

  it('sentences say what changed, with the cells as written', () => {
    const d = diffCredentialReports(buildReport([root({ mfa_active: 'true' }), user('alice', KEY_A)], { generatedTime: T1 }), buildReport([root({ mfa_active: 'false' }), user('alice')], { generatedTime: T2 }));
    expect(d.changes.map((c) => c.text)).toEqual(['root: MFA turned off.', 'alice: the access key created 2024-01-01T00:00:00Z was deleted.']);
    expect([d.accountId, d.older.time, d.newer.time]).toEqual(['123456789012', '2025-05-01T12:00:00.000Z', '2025-06-01T12:00:00.000Z']);
  });
});

describe('reportDiffsOf', () => {
  it('orders reports by time and diffs each consecutive pair; equal or unknown times are skipped', () => {
    const r = (input: string, generatedTime?: number) => buildReport([user('alice')], generatedTime !== undefined ? { input, generatedTime } : { input });
    const pairs = reportDiffsOf([r('c', T2 + 1), r('a', T1), r('b', T2), r('b2', T2), r('none')]).map((d) => [d.older.input, d.newer.input]);
    expect(pairs).toEqual([
      ['a', 'b'],
      ['b2', 'c'],
    ]);
  });
});
