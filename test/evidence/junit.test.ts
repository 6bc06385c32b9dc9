// JUnit XML: parsed back with a strict XML reader (./xml.ts); one testsuite per account, one
// testcase per rule and window; FAIL -> failure, NEEDS_EVIDENCE -> skipped with the reason, EXCEPTED
// passes with a system-out note; hostile text cannot break the document.
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import { toJunit, xmlEscape } from '../../src/core/evidence/junit';
import type { AuditResult } from '../../src/core/types';
import { reportCsv, root, user } from '../helpers/report';
import { firstEvidenceJson, secondAudit } from './baseline-fixture';
import { fixtureResult, input, NOW, TOOL } from './fixture';
import { all, child, parseXml, type XmlElement } from './xml';

const testcase = (suite: XmlElement, name: string): XmlElement => {
  const hits = all(suite, 'testcase').filter((t) => t.attrs.name === name);
  expect(hits, name).toHaveLength(1);
  return hits[0] as XmlElement;
};

describe('the test XML reader', () => {
  it.each([
    ['<a>&</a>', /unterminated reference/],
    ['<a>x < y</a>', /expected a name/],
    ['<a b="<"/>', /< in attribute/],
    ['<a><b></a>', /closes/],
    ['<a b="1" b="2"/>', /duplicate attribute/],
    ['<a>\u0001</a>', /forbidden character/],
    ['<a/><b/>', /after the root/],
    ['<a>&#1;</a>', /forbidden character/],
  ])('rejects %j', (xml, error) => {
    expect(() => parseXml(xml)).toThrow(error);
  });
  it('reads entities, character references and attribute line breaks', () => {
    const el = parseXml(`<?xml version="1.0"?>\n<a m="x&#10;y&amp;z">1 &lt; 2 &#x1F600;<b/></a>`);
    expect([el.attrs.m, el.text, el.children.map((c) => c.name)]).toEqual(['x\ny&z', '1 < 2 😀', ['b']]);
  });
});

describe('toJunit', () => {
  it('one suite per account, one testcase per rule and window; counts agree with the cases', async () => {
    const r = await fixtureResult();
    const doc = parseXml(toJunit(r));
    expect(doc.name).toBe('testsuites');
    const suites = all(doc, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['AWS account 123456789012']);
    const suite = suites[0] as XmlElement;
    const cases = all(suite, 'testcase');
    const ruleWindows = new Set(r.findings.map((f) => `${f.ruleId}|${f.window ?? ''}`));
    expect(cases).toHaveLength(ruleWindows.size);
    const failures = cases.filter((c) => child(c, 'failure')).length;
    const skipped = cases.filter((c) => child(c, 'skipped')).length;
    expect([suite.attrs.tests, suite.attrs.failures, suite.attrs.skipped, suite.attrs.errors]).toEqual([String(cases.length), String(failures), String(skipped), '0']);
    expect([doc.attrs.tests, doc.attrs.failures, doc.attrs.skipped]).toEqual([String(cases.length), String(failures), String(skipped)]);
    // FAILs in this fixture: root key, recent use 30 and 90, console without MFA (two users).
    expect(failures).toBe(4);
    expect(Object.fromEntries(all(suite, 'property').map((p) => [p.attrs.name, p.attrs.value]))).toMatchObject({ account: '123456789012', 'as-of': r.accounts[0]!.asOf.time });
  });

  it('exact failure, skipped and excepted cases', async () => {
    const r = await fixtureResult();
    const suite = all(parseXml(toJunit(r)), 'testsuite')[0] as XmlElement;

    const key = testcase(suite, 'ROOT-ACCESS-KEY-ACTIVE: Root user has an active access key');
    expect(key.attrs.classname).toBe('credaudit.123456789012');
    expect(child(key, 'failure')?.attrs).toEqual({ message: 'critical: <root_account> fails: Root user has an active access key', type: 'critical' });
    expect(child(key, 'failure')?.text).toBe(
      'FAIL <root_account>: Root has an active access key (key 1). Delete it. Evidence: access_key_1_active=true [credential-report.csv, line 2]; access_key_1_last_used_date=2025-05-29T12:00:00Z (3 days) [credential-report.csv, line 2]; access_key_2_active=false [credential-report.csv, line 2]; access_key_2_last_used_date=N/A [credential-report.csv, line 2]',
    );

    const mfa = testcase(suite, 'USER-CONSOLE-WITHOUT-MFA: IAM user can sign in to the console without MFA');
    expect(child(mfa, 'failure')?.attrs.message).toBe('high: 2 of 5 resources fail: IAM user can sign in to the console without MFA');
    expect(child(mfa, 'failure')?.text.split('\n').map((l) => l.slice(0, 12))).toEqual(['FAIL =1+2: =', 'FAIL -3: -3 ']);
    expect(child(mfa, 'system-out')?.text).toBe('EXCEPTED alice: excepted by =HYPERLINK("http://x","y") until 2099-12-31 (SEC-42): Break-glass | shared <b>desk</b>\nsecond line [link](javascript:x) `code`');

    const hw = testcase(suite, 'ROOT-HARDWARE-MFA: Root user has a virtual MFA device assigned');
    const hwFinding = r.findings.find((f) => f.ruleId === 'ROOT-HARDWARE-MFA')!;
    expect([child(hw, 'failure'), child(hw, 'skipped')?.attrs.message]).toEqual([undefined, hwFinding.message]);

    const windowed = testcase(suite, 'ROOT-RECENT-USE (90 days): Root user was used recently');
    expect(child(windowed, 'failure')?.attrs.type).toBe('high');

    const pass = testcase(suite, 'ROOT-MFA-ENABLED: Root user has no MFA');
    expect(pass.children).toEqual([]);
  });

  it('an account whose only failure is excepted passes, with the exception in system-out', async () => {
    const csv = reportCsv([root(), user('alice', { mfa_active: 'false' })]);
    const exception = { ruleId: 'USER-CONSOLE-WITHOUT-MFA', accountId: '123456789012', resource: 'alice', owner: 'secops', justification: 'break-glass', expires: '2099-01-01' };
    const r = await audit([input('r.csv', csv)], { now: Date.parse(NOW), exceptions: [exception], tool: TOOL });
    const suite = all(parseXml(toJunit(r)), 'testsuite')[0] as XmlElement;
    const c = testcase(suite, 'USER-CONSOLE-WITHOUT-MFA: IAM user can sign in to the console without MFA');
    expect(c.children.map((x) => x.name)).toEqual(['system-out']);
    expect(child(c, 'system-out')?.text).toBe('EXCEPTED alice: excepted by secops until 2099-01-01: break-glass');
  });

  it('hostile text (markup, quotes, ]]>, control and lone surrogate characters) stays well-formed', async () => {
    const r = await fixtureResult();
    const f0 = r.findings.find((f) => f.status === 'FAIL')!;
    const nasty = 'a<b>&"\'c]]>\u0001\u001b[31m\uD800 end\r\nline2\ttab';
    const hostile: AuditResult = { ...r, findings: [{ ...f0, message: nasty, resource: `<x y="1">` }] };
    const xml = toJunit(hostile);
    const fail = child(all(parseXml(xml), 'testcase')[0] as XmlElement, 'failure') as XmlElement;
    expect(fail.text).toBe('FAIL <x y="1">: a<b>&"\'c]]>[31m end\r\nline2\ttab Evidence: ' + fail.text.split(' Evidence: ')[1]);
    expect(fail.attrs.message).toBe('critical: <x y="1"> fails: Root user has an active access key');
    expect(xmlEscape('x\u0000\uFFFEy')).toBe('xy');
  });

  it('with a baseline: changed testcases first, the change in the message and system-out, counts in properties', async () => {
    const r = await secondAudit(await firstEvidenceJson());
    const suite = all(parseXml(toJunit(r)), 'testsuite')[0] as XmlElement;
    const cases = all(suite, 'testcase');
    expect(cases.slice(0, 2).map((c) => c.attrs.name)).toEqual([
      'USER-CONSOLE-WITHOUT-MFA: IAM user can sign in to the console without MFA',
      'USER-KEY-NOT-ROTATED: IAM user has an active access key older than the rotation limit',
    ]);
    expect(child(cases[0]!, 'failure')?.attrs.message).toBe('high: alice fails (1 new since the baseline): IAM user can sign in to the console without MFA');
    expect(child(cases[1]!, 'system-out')?.text).toBe('Resolved: USER-KEY-NOT-ROTATED for bob in 123456789012, FAIL -> NOT_APPLICABLE.');
    const props = Object.fromEntries(all(suite, 'property').map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({ 'changes-since': '2025-05-01T12:00:00.000Z', 'changes-new': '1', 'changes-resolved': '1', 'changes-still-failing': '0' });
  });
});
