// OCSF 1.3.0 Compliance Finding export: every event carries the attributes the class requires (a
// table of the schema's required and credaudit-filled attributes with their types), the enum values
// are the schema's, uids are stable, and a fixture with known findings (one EXCEPTED) gives exact
// values. The output is parsed back with JSON.parse.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OCSF_TYPE_UID, toOcsf } from '../../src/core/evidence/ocsf';
import type { AuditResult } from '../../src/core/types';
import { firstEvidenceJson, secondAudit } from './baseline-fixture';
import { fixtureResult } from './fixture';

type Obj = Record<string, any>;
const events = (r: AuditResult): Obj[] => JSON.parse(toOcsf(r)) as Obj[];
const ofFinding = (evs: Obj[], rule: string, resource: string, window?: number) =>
  evs.filter((e) => e.unmapped.credaudit.rule_id === rule && e.unmapped.credaudit.resource === resource && e.unmapped.credaudit.window_days === window);
const one = (evs: Obj[], rule: string, resource: string, window?: number): Obj => {
  const hits = ofFinding(evs, rule, resource, window);
  expect(hits, `${rule} ${resource}`).toHaveLength(1);
  return hits[0] as Obj;
};

/** Attribute path -> the type the OCSF schema gives it (required by the class or its objects, or filled by credaudit). */
const REQUIRED: [string, 'integer' | 'string' | 'string[]' | 'object' | 'object[]'][] = [
  // Base event / Compliance Finding class: required.
  ['activity_id', 'integer'],
  ['category_uid', 'integer'],
  ['class_uid', 'integer'],
  ['type_uid', 'integer'],
  ['time', 'integer'],
  ['severity_id', 'integer'],
  ['metadata', 'object'],
  ['finding_info', 'object'],
  ['compliance', 'object'],
  // Objects' required attributes.
  ['metadata.version', 'string'],
  ['metadata.product', 'object'],
  ['metadata.product.name', 'string'],
  ['metadata.product.vendor_name', 'string'],
  ['finding_info.uid', 'string'],
  ['finding_info.title', 'string'],
  ['compliance.standards', 'string[]'],
  ['cloud.provider', 'string'],
  // Recommended, and always filled by credaudit.
  ['status_id', 'integer'],
  ['metadata.product.version', 'string'],
  ['finding_info.desc', 'string'],
  ['compliance.requirements', 'string[]'],
  ['compliance.control', 'string'],
  ['compliance.status_id', 'integer'],
  ['resources', 'object[]'],
  ['message', 'string'],
];

function at(o: Obj, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Obj)[k] : undefined), o);
}
function typeOf(v: unknown): string {
  if (Number.isInteger(v)) return 'integer';
  if (typeof v === 'string' && v !== '') return 'string';
  if (Array.isArray(v) && v.length > 0) return v.every((x) => typeof x === 'string') ? 'string[]' : v.every((x) => x && typeof x === 'object') ? 'object[]' : 'mixed[]';
  if (v && typeof v === 'object') return 'object';
  return String(v);
}

describe('toOcsf', () => {
  it('one Compliance Finding per finding, each with every required attribute of the right type and fixed class values', async () => {
    const r = await fixtureResult();
    const evs = events(r);
    expect(evs).toHaveLength(r.findings.length);
    for (const e of evs) {
      for (const [path, type] of REQUIRED) expect([e.finding_info.uid, path, typeOf(at(e, path))]).toEqual([e.finding_info.uid, path, type]);
      expect([e.class_uid, e.category_uid, e.activity_id, e.type_uid, e.metadata.version]).toEqual([2003, 2, 1, 200301, '1.3.0']);
      expect(e.type_uid).toBe(e.class_uid * 100 + e.activity_id);
      expect([1, 2, 3, 4, 5]).toContain(e.severity_id);
      expect([1, 3, 4]).toContain(e.status_id);
      expect([1, 2, 3, 99]).toContain(e.compliance.status_id);
      expect(e.cloud.account.uid).toBe('123456789012');
    }
    expect(OCSF_TYPE_UID).toBe(200301);
  });

  it('time is epoch milliseconds of the evaluation; created_time the account as-of', async () => {
    const r = await fixtureResult();
    const e = events(r)[0] as Obj;
    expect(e.time).toBe(Date.parse('2025-06-02T00:00:00Z'));
    expect(e.time).toBe(1_748_822_400_000);
    expect(e.finding_info.created_time).toBe(Date.parse(r.accounts[0]!.asOf.time));
  });

  it('exact values: FAIL (critical), EXCEPTED (suppressed, exception kept), NEEDS_EVIDENCE (warning + reason), NOT_APPLICABLE, PASS', async () => {
    const evs = events(await fixtureResult());
    const key = one(evs, 'ROOT-ACCESS-KEY-ACTIVE', '<root_account>');
    expect([key.severity_id, key.severity, key.status_id, key.status, key.compliance.status_id, key.compliance.status]).toEqual([5, 'Critical', 1, 'New', 3, 'Fail']);
    expect(key.resources).toEqual([{ type: 'AWS Account (root user)', uid: 'arn:aws:iam::123456789012:root', name: '<root_account>' }]);
    expect(key.compliance.requirements).toContain('CIS AWS Foundations 7.0 2.4');
    expect(key.compliance.standards).toContain('CIS AWS Foundations 7.0');
    expect(key.compliance.control).toBe('ROOT-ACCESS-KEY-ACTIVE');
    expect(key.unmapped.credaudit.evidence[0]).toEqual({ input: 'credential-report.csv', field: 'access_key_1_active', value: 'true', line: 2 });
    expect(key.remediation.references[0]).toBe('https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html');

    const exc = one(evs, 'USER-CONSOLE-WITHOUT-MFA', 'alice');
    expect([exc.severity_id, exc.status_id, exc.status, exc.compliance.status_id, exc.compliance.status]).toEqual([4, 3, 'Suppressed', 3, 'Fail']);
    expect(exc.resources).toEqual([{ type: 'AWS IAM User', uid: 'arn:aws:iam::123456789012:user/alice', name: 'alice' }]);
    expect(exc.unmapped.credaudit).toMatchObject({
      status: 'EXCEPTED',
      underlying_status: 'FAIL',
      exception: { owner: '=HYPERLINK("http://x","y")', justification: 'Break-glass | shared <b>desk</b>\nsecond line [link](javascript:x) `code`', expires: '2099-12-31', ticket: 'SEC-42' },
    });

    const ne = one(evs, 'ROOT-HARDWARE-MFA', '<root_account>');
    expect([ne.compliance.status_id, ne.compliance.status, ne.status_id]).toEqual([2, 'Warning', 1]);
    expect(ne.unmapped.credaudit.reason).toBe(ne.message);
    expect(ne.unmapped.credaudit.reason).toMatch(/list-virtual-mfa-devices/);

    const na = one(evs, 'USER-KEY-NOT-ROTATED', 'alice');
    expect([na.compliance.status_id, na.compliance.status, na.severity_id]).toEqual([99, 'Not applicable', 3]);
    expect(na.remediation).toBeUndefined();

    const pass = one(evs, 'ROOT-MFA-ENABLED', '<root_account>');
    expect([pass.compliance.status_id, pass.compliance.status, pass.status_id]).toEqual([1, 'Pass', 1]);

    const windowed = one(evs, 'ROOT-RECENT-USE', '<root_account>', 30);
    expect(windowed.unmapped.credaudit.window_days).toBe(30);
    expect(one(evs, 'CT-ROOT-TASK-SESSION', '<root_account>').severity_id).toBe(1);
  });

  it('finding uids are stable across runs, unique, and the SHA-256 of account|rule|window|resource', async () => {
    const a = events(await fixtureResult());
    const b = events(await fixtureResult());
    expect(b.map((e) => e.finding_info.uid)).toEqual(a.map((e) => e.finding_info.uid));
    expect(new Set(a.map((e) => e.finding_info.uid)).size).toBe(a.length);
    const want = createHash('sha256').update('123456789012|ROOT-RECENT-USE|90|<root_account>').digest('hex').slice(0, 32);
    expect(one(a, 'ROOT-RECENT-USE', '<root_account>', 90).finding_info.uid).toBe(want);
  });

  it('with a baseline: the new failure first, a resolved finding has status Resolved, the change in unmapped', async () => {
    const r = await secondAudit(await firstEvidenceJson());
    const evs = events(r);
    expect(evs).toHaveLength(r.findings.length);
    expect(evs[0]?.unmapped.credaudit).toMatchObject({ rule_id: 'USER-CONSOLE-WITHOUT-MFA', resource: 'alice', change: { change: 'new', before: 'PASS', after: 'FAIL' } });
    const resolved = one(evs, 'USER-KEY-NOT-ROTATED', 'bob');
    expect([resolved.status_id, resolved.status, resolved.compliance.status]).toEqual([4, 'Resolved', 'Not applicable']);
    expect(resolved.unmapped.credaudit.change).toMatchObject({ change: 'resolved', before: 'FAIL', after: 'NOT_APPLICABLE' });
    expect(evs[1]?.unmapped.credaudit.change?.change).toBe('resolved');
  });
});
