// ASFF export for Security Hub's BatchImportFindings: JSON lines of arrays of at most 100 findings,
// each finding with the attributes BatchImportFindings requires (a table with their formats and
// length limits), and exact values for a fixture with known findings (one EXCEPTED).
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import { ASFF_LIMITS, asffOmitted, toAsff } from '../../src/core/evidence/asff';
import { exportFormat } from '../../src/core/evidence/registry';
import type { AuditResult } from '../../src/core/types';
import { reportCsv, root, user } from '../helpers/report';
import { fixtureResult, input, NOW, TOOL } from './fixture';

type Obj = Record<string, any>;
const batches = (text: string): Obj[][] => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Obj[]);
const flat = (text: string): Obj[] => batches(text).flat();
const one = (fs: Obj[], rule: string, resource: string): Obj => {
  const hits = fs.filter((f) => f.GeneratorId === rule && (f.Title as string).endsWith(`: ${resource}`) && f.Title.includes('days)') === false);
  expect(hits, `${rule} ${resource}`).toHaveLength(1);
  return hits[0] as Obj;
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Required by BatchImportFindings (and the optional ones credaudit fills), with the format each must have. */
const REQUIRED: [string, (v: any) => boolean][] = [
  ['SchemaVersion', (v) => v === '2018-10-08'],
  ['Id', (v) => typeof v === 'string' && v.length > 0 && v.length <= 512],
  ['ProductArn', (v) => /^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product\/\d{12}\/default$/.test(v)],
  ['GeneratorId', (v) => typeof v === 'string' && v.length > 0 && v.length <= 512],
  ['AwsAccountId', (v) => /^\d{12}$/.test(v)],
  ['Types', (v) => Array.isArray(v) && v.length > 0 && v.length <= 50 && v.every((t: string) => /^[^/]+\/[^/]+(\/[^/]+)?$/.test(t))],
  ['CreatedAt', (v) => ISO.test(v)],
  ['UpdatedAt', (v) => ISO.test(v)],
  ['Severity', (v) => ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].includes(v?.Label)],
  ['Title', (v) => typeof v === 'string' && v.length > 0 && v.length <= ASFF_LIMITS.title],
  ['Description', (v) => typeof v === 'string' && v.length > 0 && v.length <= ASFF_LIMITS.description],
  ['Resources', (v) => Array.isArray(v) && v.length >= 1 && v.length <= 32 && v.every((r: Obj) => ['AwsAccount', 'AwsIamUser'].includes(r.Type) && typeof r.Id === 'string' && r.Id !== '')],
  ['Compliance', (v) => ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'].includes(v?.Status) && v.RelatedRequirements.length <= ASFF_LIMITS.relatedRequirements],
  ['Workflow', (v) => ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'].includes(v?.Status)],
  ['RecordState', (v) => v === 'ACTIVE' || v === 'ARCHIVED'],
  ['ProductFields', (v) => Object.keys(v).length <= ASFF_LIMITS.productFields && Object.values(v).every((x) => typeof x === 'string' && (x as string).length <= ASFF_LIMITS.productFieldValue)],
];

describe('toAsff', () => {
  it('every finding has every required attribute in the format Security Hub takes', async () => {
    const r = await fixtureResult();
    const fs = flat(toAsff(r));
    expect(fs).toHaveLength(r.findings.length);
    for (const f of fs) {
      for (const [name, ok] of REQUIRED) expect([f.Id, name, ok(f[name])]).toEqual([f.Id, name, true]);
      expect(f.CreatedAt <= f.UpdatedAt).toBe(true);
      if (f.Remediation) expect(f.Remediation.Recommendation.Text.length).toBeLessThanOrEqual(ASFF_LIMITS.recommendation);
    }
    expect(new Set(fs.map((f) => f.Id)).size).toBe(fs.length);
  });

  it('exact values: FAIL root key, EXCEPTED user (suppressed, note), NEEDS_EVIDENCE, NOT_APPLICABLE, PASS', async () => {
    const fs = flat(toAsff(await fixtureResult()));
    const key = one(fs, 'ROOT-ACCESS-KEY-ACTIVE', '<root_account>');
    expect(key).toMatchObject({
      ProductArn: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default',
      AwsAccountId: '123456789012',
      Severity: { Label: 'CRITICAL', Original: 'critical' },
      Title: 'Root user has an active access key: <root_account>',
      Description: 'Root has an active access key (key 1). Delete it.',
      Resources: [{ Type: 'AwsAccount', Id: 'AWS::::Account:123456789012', Partition: 'aws', Region: 'us-east-1' }],
      Compliance: { Status: 'FAILED' },
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
      UpdatedAt: '2025-06-02T00:00:00.000Z',
    });
    expect(key.Types).toEqual(['Software and Configuration Checks/AWS Security Best Practices', 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark']);
    expect(key.Compliance.RelatedRequirements).toContain('CIS AWS Foundations 7.0 2.4');
    expect(key.Remediation.Recommendation.Url).toBe('https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html');
    expect(key.ProductFields['credaudit/evidence/01']).toBe('access_key_1_active=true [credential-report.csv, line 2]');

    const exc = one(fs, 'USER-CONSOLE-WITHOUT-MFA', 'alice');
    expect(exc).toMatchObject({
      Compliance: { Status: 'FAILED' },
      Workflow: { Status: 'SUPPRESSED' },
      Resources: [{ Type: 'AwsIamUser', Id: 'arn:aws:iam::123456789012:user/alice', Details: { AwsIamUser: { UserName: 'alice' } } }],
      Note: { Text: 'Exception: owner =HYPERLINK("http://x","y"), expires 2099-12-31, ticket SEC-42. Break-glass | shared <b>desk</b>\nsecond line [link](javascript:x) `code`', UpdatedBy: '=HYPERLINK("http://x","y")' },
    });
    expect(exc.ProductFields).toMatchObject({ 'credaudit/status': 'EXCEPTED', 'credaudit/exception_owner': '=HYPERLINK("http://x","y")', 'credaudit/exception_expires': '2099-12-31', 'credaudit/exception_ticket': 'SEC-42' });

    expect(one(fs, 'ROOT-HARDWARE-MFA', '<root_account>').Compliance.Status).toBe('WARNING');
    expect(one(fs, 'USER-KEY-NOT-ROTATED', 'alice').Compliance.Status).toBe('NOT_AVAILABLE');
    const pass = one(fs, 'ROOT-MFA-ENABLED', '<root_account>');
    expect([pass.Compliance.Status, pass.Workflow.Status, pass.Remediation]).toEqual(['PASSED', 'NEW', undefined]);
    expect(one(fs, 'CT-ROOT-TASK-SESSION', '<root_account>').Severity.Label).toBe('INFORMATIONAL');
    const w30 = fs.filter((f) => f.GeneratorId === 'ROOT-RECENT-USE').map((f) => [f.Title, f.Id.split('/').slice(0, 4).join('/')]);
    expect(w30).toEqual([
      ['Root user was used recently (30 days): <root_account>', 'credaudit/123456789012/ROOT-RECENT-USE/30d'],
      ['Root user was used recently (90 days): <root_account>', 'credaudit/123456789012/ROOT-RECENT-USE/90d'],
    ]);
  });

  it('the region goes into ProductArn and Resources; the registry entry passes --region on', async () => {
    const r = await fixtureResult();
    const f = flat(toAsff(r, { region: 'eu-west-1' }))[0] as Obj;
    expect(f.ProductArn).toBe('arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default');
    expect([f.Region, f.Resources[0].Region]).toEqual(['eu-west-1', 'eu-west-1']);
    expect(await exportFormat('asff')!.render(r, { region: 'eu-west-1' })).toBe(toAsff(r, { region: 'eu-west-1' }));
  });

  it('batches of at most 100 per line, nothing lost, same order', async () => {
    const users = Array.from({ length: 40 }, (_, i) => user(`u${String(i).padStart(2, '0')}`));
    const r = await audit([input('big.csv', reportCsv([root(), ...users]))], { now: Date.parse(NOW), tool: TOOL });
    const text = toAsff(r);
    const bs = batches(text);
    const total = r.findings.length;
    expect(total).toBeGreaterThan(200);
    expect(bs.map((b) => b.length)).toEqual([...Array(Math.floor(total / 100)).fill(100), ...(total % 100 ? [total % 100] : [])]);
    expect(text.endsWith('\n')).toBe(true);
    expect(bs.flat().map((f) => f.GeneratorId)).toEqual(r.findings.map((f) => f.ruleId));
  });

  it('Title and Description are cut at 256 and 1,024 characters; control characters are removed', async () => {
    const r = await fixtureResult();
    const f0 = r.findings[0]!;
    const long: AuditResult = { ...r, findings: [{ ...f0, message: `a\u0001b${'x'.repeat(3000)}`, title: 'T'.repeat(400) }] };
    const [f] = flat(toAsff(long));
    expect([f!.Title.length, f!.Description.length]).toEqual([256, 1024]);
    expect(f!.Description.startsWith('abxxx')).toBe(true);
    expect(f!.Description.endsWith('…')).toBe(true);
  });

  it('findings of an unknown account are left out (and counted for the CLI to say so)', async () => {
    const noArn = reportCsv([user('alice')], { omit: ['arn'] });
    const r = await audit([input('derived.csv', noArn)], { now: Date.parse(NOW), tool: TOOL });
    expect(r.findings.length).toBeGreaterThan(0);
    expect(toAsff(r)).toBe('');
    expect(asffOmitted(r)).toBe(r.findings.length);
  });
});
