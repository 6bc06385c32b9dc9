import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOscal, OSCAL_NS, toOscal, uuidV5 } from '../../src/core/evidence/oscal';
import { mdEscape } from '../../src/core/evidence/markdown';
import type { AuditResult } from '../../src/core/types';
import { fixtureResult, REPORT_CSV } from './fixture';
import { validateOscal } from './oscal-schema';

type Obj = Record<string, any>;
const ar = (r: AuditResult): Obj => (buildOscal(r) as Obj)['assessment-results'];
const prop = (o: Obj, name: string) => (o.props as Obj[] | undefined)?.find((p) => p.name === name)?.value;

describe('uuidV5', () => {
  it('matches the RFC 4122 version-5 test vector (DNS namespace, www.example.com)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('toOscal', () => {
  it('conforms to the OSCAL 1.1.2 assessment-results members and datatypes it uses', async () => {
    const doc = buildOscal(await fixtureResult());
    expect(validateOscal(doc)).toEqual([]);
  });

  it('still conforms with no inputs at all', async () => {
    const { audit } = await import('../../src/core/audit');
    const r = await audit([], { now: Date.parse('2025-06-02T00:00:00Z') });
    expect(validateOscal(buildOscal(r))).toEqual([]);
  });

  it('the validator does catch what OSCAL forbids', () => {
    const bad = { 'assessment-results': { uuid: 'not-a-uuid', metadata: { title: 't' }, results: [] } };
    expect(validateOscal(bad)).toEqual([
      '$.assessment-results: missing required import-ap',
      '$.assessment-results.uuid: "not-a-uuid" is not a valid uuid',
      '$.assessment-results.metadata: missing required last-modified',
      '$.assessment-results.metadata: missing required version',
      '$.assessment-results.metadata: missing required oscal-version',
      '$.assessment-results.results: empty array (minItems 1)',
    ]);
  });

  it('indents small documents and writes big ones on one line', async () => {
    const r = await fixtureResult();
    expect(toOscal(r).startsWith('{\n  "assessment-results": {\n')).toBe(true);
    expect(toOscal(r, { indent: 0 }).split('\n')).toHaveLength(2);
    expect(JSON.parse(toOscal(r, { indent: 0 }))).toEqual(JSON.parse(toOscal(r)));
  });

  it('is byte-for-byte reproducible and every UUID is unique', async () => {
    const a = toOscal(await fixtureResult());
    expect(toOscal(await fixtureResult())).toBe(a);
    const uuids = [...a.matchAll(/"uuid": "([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('has one finding and one observation per finding, with the exact status and the evidence', async () => {
    const r = await fixtureResult();
    const doc = ar(r);
    const res = doc.results[0];
    expect(res.findings).toHaveLength(r.findings.length);
    expect(res.observations).toHaveLength(r.findings.length);
    const obsByUuid = new Map<string, Obj>(res.observations.map((o: Obj) => [o.uuid, o]));
    r.findings.forEach((f, i) => {
      const of = res.findings[i];
      expect(prop(of, 'status')).toBe(f.status);
      expect(of.target['target-id']).toBe(f.ruleId);
      // OSCAL descriptions are Markdown: the message is escaped as the Markdown export escapes it.
      expect(of.description).toBe(mdEscape(f.message));
      const obs = obsByUuid.get(of['related-observations'][0]['observation-uuid'])!;
      expect(obs).toBeDefined();
      expect(prop(obs, 'resource')).toBe(f.resource);
      expect((obs['relevant-evidence'] ?? []).length).toBe(f.evidence.length);
    });
    const fail = res.findings.find((x: Obj) => prop(x, 'rule-id') === 'ROOT-ACCESS-KEY-ACTIVE');
    expect(fail.target.status).toEqual({ state: 'not-satisfied', reason: 'fail' });
    const obs = obsByUuid.get(fail['related-observations'][0]['observation-uuid'])!;
    expect(obs['relevant-evidence'][1]).toEqual({
      // Markdown-escaped like every markup field: `\[` shows as `[`.
      description: 'access_key_1_last_used_date=2025-05-29T12:00:00Z (3 days) \\[credential-report.csv, line 2\\]',
      href: `#${doc['back-matter'].resources[1].uuid}`,
    });
    expect(obs.props).toEqual([
      { name: 'rule-id', ns: OSCAL_NS, value: 'ROOT-ACCESS-KEY-ACTIVE' },
      { name: 'resource', ns: OSCAL_NS, value: '<root_account>' },
    ]);
    expect(obs.collected).toBe('2025-06-02T00:00:00.000Z');
    const na = res.findings.find((x: Obj) => prop(x, 'status') === 'NOT_APPLICABLE');
    expect(na.target['implementation-status']).toEqual({ state: 'not-applicable' });
    const ne = res.findings.find((x: Obj) => prop(x, 'status') === 'NEEDS_EVIDENCE');
    expect(ne.target.status.state).toBe('not-satisfied');
    expect(ne.target.status.reason).toBe('other');
  });

  it('subjects are the reviewed inputs (with their SHA-256) and the account', async () => {
    const doc = ar(await fixtureResult());
    const input = doc['back-matter'].resources.find((x: Obj) => x.title === 'credential-report.csv');
    expect(input.rlinks).toEqual([{ href: 'credential-report.csv', hashes: [{ algorithm: 'SHA-256', value: createHash('sha256').update(REPORT_CSV).digest('hex') }] }]);
    const account = doc.results[0]['local-definitions']['inventory-items'][0];
    expect(prop(account, 'account-id')).toBe('123456789012');
    for (const o of doc.results[0].observations) {
      expect(o.subjects[0]).toEqual({ 'subject-uuid': account.uuid, type: 'inventory-item', title: 'AWS account 123456789012' });
      expect(o.subjects[1]).toEqual({ 'subject-uuid': input.uuid, type: 'resource', title: 'credential-report.csv' });
    }
    expect(doc['import-ap'].href).toBe(`#${doc['back-matter'].resources[0].uuid}`);
  });

  it('an approved exception is a deviation-approved risk tied to its finding', async () => {
    const doc = ar(await fixtureResult());
    const res = doc.results[0];
    expect(res.risks).toHaveLength(1);
    const risk = res.risks[0];
    expect(risk.status).toBe('deviation-approved');
    expect(risk.deadline).toBe('2099-12-31T23:59:59.999Z');
    expect(prop(risk, 'exception-owner')).toBe('=HYPERLINK("http://x","y")');
    expect(prop(risk, 'exception-ticket')).toBe('SEC-42');
    const f = res.findings.find((x: Obj) => prop(x, 'status') === 'EXCEPTED');
    expect(f['related-risks']).toEqual([{ 'risk-uuid': risk.uuid }]);
    expect(f.target.status).toEqual({ state: 'not-satisfied', reason: 'fail', remarks: expect.stringContaining('approved exception') });
    // A justification with line breaks is fine in text fields but never in a prop value.
    expect(JSON.stringify(res.risks[0].props)).not.toContain('\\n');
  });

  it('rule framework mappings are listed once per rule', async () => {
    const doc = ar(await fixtureResult());
    const objectives = doc['local-definitions']['objectives-and-methods'] as Obj[];
    const key = objectives.find((o) => o['control-id'] === 'ROOT-ACCESS-KEY-ACTIVE')!;
    expect(key.props.filter((p: Obj) => p.name === 'control').map((p: Obj) => p.value)).toContain('CIS AWS Foundations 7.0 2.4');
    expect(key.props.filter((p: Obj) => p.name === 'suggested-control').map((p: Obj) => p.value)).toContain('SOC 2 2017 CC6.1 (suggested)');
    const reviewed = doc.results[0]['reviewed-controls']['control-selections'][0]['include-controls'].map((c: Obj) => c['control-id']);
    expect(reviewed).toEqual(objectives.map((o) => o['control-id']));
  });
});

describe('toOscal identity', () => {
  it('a different clock, exception list or input gives different finding UUIDs; inputs keep theirs', async () => {
    const a = await fixtureResult();
    const b = structuredClone(a);
    b.evaluatedAt = '2025-06-03T00:00:00.000Z';
    const fa = ar(a).results[0].findings[0].uuid;
    const fb = ar(b).results[0].findings[0].uuid;
    expect(fb).not.toBe(fa);
    expect(ar(b)['back-matter'].resources[1].uuid).toBe(ar(a)['back-matter'].resources[1].uuid);
    const c = structuredClone(a);
    c.exceptions = [];
    expect(ar(c).uuid).not.toBe(ar(a).uuid);
  });
});
