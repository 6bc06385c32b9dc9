// The CLI's --baseline, --fail-on-new and --region, and the new formats (ocsf, asff, junit) from the
// export registry: exit codes and output for two audits of one account a month apart.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/main';
import { FIRST_REPORT, SECOND_REPORT } from '../evidence/baseline-fixture';
import { all, parseXml } from '../evidence/xml';
import { cli, REAL_NOW } from './helpers';

let dir = '';
let first = '';
let second = '';
let baseline = '';
const FIRST_NOW = '2025-05-01T13:00:00Z';
const SECOND_NOW = '2025-06-01T13:00:00Z';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'credaudit-baseline-'));
  first = join(dir, 'first.json');
  second = join(dir, 'second.json');
  baseline = join(dir, 'previous.evidence.json');
  writeFileSync(first, FIRST_REPORT);
  writeFileSync(second, SECOND_REPORT);
  const r = await cli('--format', 'json', '--now', FIRST_NOW, first);
  writeFileSync(baseline, r.out);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--baseline and --fail-on-new', () => {
  it('json: the result has the changes; --fail-on-new high exits 1 for the new high FAIL', async () => {
    const r = await cli('--format', 'json', '--now', SECOND_NOW, '--baseline', baseline, '--fail-on-new', 'high', second);
    expect([r.code, r.err]).toEqual([1, '']);
    const result = JSON.parse(r.out);
    expect(result.changes.counts).toMatchObject({ new: 1, resolved: 1, 'still-failing': 0 });
    expect(result.changes.items.map((i: { change: string; resource: string }) => `${i.change}:${i.resource}`)).toEqual(['new:alice', 'resolved:bob']);
    expect(result.inputs.map((i: { kind: string }) => i.kind)).toEqual(['credential-report', 'previous-audit']);
  });

  it('--fail-on-new critical exits 0: the only new failure is high (whatever --fail-on says)', async () => {
    const r = await cli('--format', 'json', '--now', SECOND_NOW, '--baseline', baseline, '--fail-on-new', 'critical', '--fail-on', 'low', second);
    expect(r.code).toBe(0);
  });

  it('the same audit without --fail-on-new exits 1 on --fail-on high (alice fails, old or new)', async () => {
    expect((await cli('--format', 'json', '--now', SECOND_NOW, '--baseline', baseline, second)).code).toBe(1);
  });

  it('against itself nothing is new: --fail-on-new info exits 0 even though findings fail', async () => {
    const again = join(dir, 'second.evidence.json');
    writeFileSync(again, (await cli('--format', 'json', '--now', SECOND_NOW, second)).out);
    const r = await cli('--format', 'json', '--now', SECOND_NOW, '--baseline', again, '--fail-on-new', 'info', second);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).changes.counts).toMatchObject({ new: 0, 'still-failing': 1, resolved: 0 });
  });

  it('--fail-on-new without a baseline, or a baseline that is not an evidence JSON: exit 2 with the reason', async () => {
    const none = await cli('--now', SECOND_NOW, '--fail-on-new', 'high', second);
    expect([none.code, none.err]).toEqual([2, 'credaudit: --fail-on-new needs a previous audit to compare with: give --baseline PREVIOUS.json.\n']);
    const wrong = await cli('--now', SECOND_NOW, '--baseline', first, second);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toBe(`credaudit: --baseline ${first} is not a credaudit evidence JSON (it was read as credential-report); give a file written by --format json.\n`);
    const missing = await cli('--now', SECOND_NOW, '--baseline', join(dir, 'nope.json'), second);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('it could not be read');
  });

  it('flag values are checked', () => {
    expect(() => parseCliArgs(['--fail-on-new', 'severe', 'x'], REAL_NOW)).toThrow('--fail-on-new must be one of critical, high, medium, low, info');
    expect(() => parseCliArgs(['--region', 'Europe', 'x'], REAL_NOW)).toThrow('--region takes an AWS region name such as us-east-1; "Europe" is not one');
    expect(parseCliArgs(['--region', 'us-gov-west-1', '--fail-on-new', 'medium', '--baseline', 'p.json', 'x'], REAL_NOW)).toMatchObject({ region: 'us-gov-west-1', failOnNew: 'medium', baseline: 'p.json' });
  });

  it('md and text start with the changes', async () => {
    const md = (await cli('--format', 'md', '--now', SECOND_NOW, '--baseline', baseline, second)).out;
    expect(md.indexOf('## Changes since 2025-05-01T12:00:00.000Z')).toBeLessThan(md.indexOf('## Inputs'));
    const text = (await cli('--now', SECOND_NOW, '--baseline', baseline, second)).out;
    expect(text).toContain('Changes since 2025-05-01T12:00:00.000Z (previous audit ');
  });
});

describe('--format ocsf | asff | junit', () => {
  it('asff: JSON lines of arrays, ProductArn in the --region given', async () => {
    const r = await cli('--format', 'asff', '--region', 'eu-central-1', '--now', SECOND_NOW, second);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const findings = JSON.parse(lines[0] as string) as { ProductArn: string; AwsAccountId: string }[];
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.ProductArn))).toEqual(new Set(['arn:aws:securityhub:eu-central-1:123456789012:product/123456789012/default']));
  });

  it('ocsf: a JSON array of Compliance Findings', async () => {
    const events = JSON.parse((await cli('--format', 'ocsf', '--now', SECOND_NOW, second)).out) as { class_uid: number; time: number }[];
    expect(new Set(events.map((e) => e.class_uid))).toEqual(new Set([2003]));
    expect(events[0]?.time).toBe(Date.parse(SECOND_NOW));
  });

  it('junit: well-formed XML with one suite for the account', async () => {
    const doc = parseXml((await cli('--format', 'junit', '--now', SECOND_NOW, second)).out);
    expect(all(doc, 'testsuite').map((s) => s.attrs.name)).toEqual(['AWS account 123456789012']);
    expect(doc.attrs.failures).toBe('1');
  });

  it('asff with findings of an unknown account says how many were left out', async () => {
    const derived = join(dir, 'derived.csv');
    writeFileSync(derived, 'user,password_enabled,mfa_active\nalice,true,false\n');
    const r = await cli('--format', 'asff', '--now', SECOND_NOW, derived);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^credaudit: \d+ finding\(s\) of an unknown account were left out of the ASFF output \(Security Hub needs an account id\)\.\n$/);
  });
});
