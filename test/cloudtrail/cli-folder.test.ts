// An organization-trail folder (~300 .json.gz files, a CloudTrail-Digest file, a credential report)
// through the CLI's run(), as `credaudit --format json DIR` would read it: exact statuses and event
// ids for the CloudTrail rules, the service-invoked root event left out, the duplicate copy removed
// once, every file listed as an input, coverage as generated. Throughput is printed, not asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import type { AuditResult, Finding } from '../../src/core/types';
import { ACCOUNT, AS_OF, expectedPerDay, writeOrgTrail, type KnownEvent, type OrgTrail } from '../helpers/org-trail';

let trail: OrgTrail;
let result: AuditResult;
let code: number;
let stderr = '';

const idOf = (key: KnownEvent['key']): string => (trail.known.find((k) => k.key === key) as KnownEvent).eventId;
const findings = (ruleId: string): Finding[] => result.findings.filter((f) => f.ruleId === ruleId);
const only = (ruleId: string): Finding => {
  const list = findings(ruleId);
  expect(list, ruleId).toHaveLength(1);
  return list[0] as Finding;
};
/** Distinct event ids a finding cites, sorted. */
const citedIds = (f: Finding): string[] => [...new Set(f.evidence.flatMap((e) => (e.eventId !== undefined ? [e.eventId] : [])))].sort();

beforeAll(async () => {
  let t = performance.now();
  trail = writeOrgTrail();
  const writeMs = performance.now() - t;
  let out = '';
  t = performance.now();
  code = await run(['--format', 'json', '--now', '2024-03-02T00:00:00Z', '--as-of', AS_OF, '--windows', '1,30,90', trail.dir], Date.parse('2030-01-01T00:00:00Z'), {
    out: (s) => (out += s),
    err: (s) => (stderr += s),
  });
  const runMs = performance.now() - t;
  result = JSON.parse(out) as AuditResult;
  const s = runMs / 1000;
  console.log(
    `[cli-folder] ${trail.fileCount} files (${trail.logFiles.length} .json.gz, ${trail.recordsWritten.toLocaleString('en-US')} records, ` +
      `${(trail.gzipBytes / 1e6).toFixed(1)} MB gzip / ${(trail.jsonBytes / 1e6).toFixed(1)} MB JSON; written in ${writeMs.toFixed(0)} ms): ` +
      `run() ${runMs.toFixed(0)} ms = ${(trail.fileCount / s).toFixed(0)} files/s, ${(trail.jsonBytes / 1e6 / s).toFixed(1)} MB/s of JSON (${(trail.gzipBytes / 1e6 / s).toFixed(1)} MB/s gzip)`,
  );
}, 120_000);

afterAll(() => trail?.cleanup());

describe('CLI on an organization-trail folder', () => {
  it('exits 1 (critical FAILs) and writes nothing to stderr', () => {
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(result.asOf).toEqual({ time: '2024-03-01T00:30:00.000Z', source: 'pinned' });
    expect(result.evaluatedAt).toBe('2024-03-02T00:00:00.000Z');
    expect(result.windows).toEqual([1, 30, 90]);
  });

  it('lists every file as an input: the log files as CloudTrail, the digest ignored, the report read', () => {
    expect(trail.logFiles.length).toBeGreaterThanOrEqual(300);
    expect(result.inputs).toHaveLength(trail.fileCount);
    const ct = result.inputs.filter((i) => i.kind === 'cloudtrail');
    expect(ct).toHaveLength(trail.logFiles.length);
    expect(new Set(ct.map((i) => i.format))).toEqual(new Set(['s3-json+gzip']));
    expect(ct.every((i) => i.skipped === 0 && i.accountIds.join() === ACCOUNT)).toBe(true);
    // Every record written was read (the duplicate copy too: it is removed at the merge).
    expect(ct.reduce((n, i) => n + i.records, 0)).toBe(trail.recordsWritten);
    const names = result.inputs.map((i) => i.name.replace(/\\/g, '/'));
    for (const f of trail.logFiles) expect(names.some((n) => n.endsWith(`/${f}`))).toBe(true);

    const others = result.inputs.filter((i) => i.kind !== 'cloudtrail').map((i) => ({ ...i, name: i.name.replace(/\\/g, '/') }));
    expect(others).toHaveLength(2);
    const digest = others.find((i) => i.name.endsWith(`/${trail.digestFile}`));
    expect(digest).toMatchObject({ kind: 'ignored', format: 'cloudtrail-digest', records: 0 });
    const report = others.find((i) => i.name.endsWith(`/${trail.reportFile}`));
    expect(report).toMatchObject({ kind: 'credential-report', format: 'api-json-base64', records: 2, accountIds: [ACCOUNT], generatedTime: '2024-03-01T00:30:00.000Z' });
  });

  it('skips the digest with a note, reports the service-invoked root event and the one duplicate removed', () => {
    const problems = result.problems.map((p) => ({ ...p, input: p.input.replace(/\\/g, '/') }));
    const digest = problems.filter((p) => p.input.endsWith(`/${trail.digestFile}`));
    expect(digest).toEqual([{ input: digest[0]?.input, severity: 'info', message: 'CloudTrail digest file (integrity hashes, no events): skipped.' }]);

    const service = problems.filter((p) => p.input.endsWith(`/${trail.serviceIn}`));
    expect(service.map((p) => [p.severity, p.message])).toEqual([
      ['info', '1 event with userIdentity.type Root was made by AWS services, not by a person (invokedBy autoscaling.amazonaws.com ×1); not counted as root activity.'],
    ]);

    expect(trail.duplicateIn).toHaveLength(2);
    const dups = problems.filter((p) => /loaded twice/.test(p.message));
    expect(dups.map((p) => [p.input, p.severity])).toEqual([['(CloudTrail)', 'info']]);
    // The note names the two files whose copies were merged.
    const message = dups[0]?.message.replace(/\\/g, '/') ?? '';
    expect(message).toMatch(/^1 event was loaded twice across \S+ and \S+ \(same eventID, time and name\) and is counted once; it is a root event\./);
    for (const f of trail.duplicateIn) expect(message).toContain(`/${f.replace(/\\/g, '/')} `);
    // Nothing else went wrong: no warning or error at all.
    expect(problems.filter((p) => p.severity !== 'info')).toEqual([]);
  });

  it('account summary: coverage start/end as generated, events counted once, 4 root events', () => {
    expect(result.accounts).toHaveLength(1);
    expect(result.accounts[0]?.accountId).toBe(ACCOUNT);
    expect(result.accounts[0]?.cloudtrail).toEqual({
      coverageStart: trail.coverageStart,
      coverageEnd: trail.coverageEnd,
      events: trail.distinctEvents,
      rootEvents: 4,
    });
    expect(trail.coverageStart).toBe('2024-01-01T00:00:00.000Z');
    expect(trail.coverageEnd).toBe('2024-02-29T23:56:24.000Z');
  });

  it('root events: the four known ones, each once; the service-invoked one absent', () => {
    expect(result.details.rootEvents.map((e) => [e.time, e.eventName, e.eventId, e.accessKeyId ?? null, e.mfaUsed ?? null, e.result ?? null])).toEqual([
      ['2024-01-15T12:00:00.000Z', 'ListBuckets', idOf('LONG_TERM_KEY'), 'AKIAIOSFODNN7EXAMPLE', null, null],
      ['2024-02-10T08:00:00.000Z', 'ConsoleLogin', idOf('SIGN_IN_MFA'), null, 'Yes', 'Success'],
      ['2024-02-20T09:15:00.000Z', 'ConsoleLogin', idOf('SIGN_IN_NO_MFA'), null, 'No', 'Success'],
      ['2024-02-20T09:20:00.000Z', 'CreateAccessKey', idOf('CREATE_KEY'), 'ASIAROOTCONSOLE00001', null, null],
    ]);
    expect(result.details.rootEventsPerDay.map((d) => [d.day, d.count])).toEqual(expectedPerDay(trail.known));
    expect(result.details.rootEventsPerDay.map((d) => [d.day, d.count])).toEqual([
      ['2024-01-15', 1],
      ['2024-02-10', 1],
      ['2024-02-20', 2],
    ]);
    // No finding cites the service-invoked event.
    const service = idOf('SERVICE');
    expect(result.findings.filter((f) => f.evidence.some((e) => e.eventId === service)).map((f) => f.ruleId)).toEqual([]);
  });

  it('CT-ROOT-ACTIVITY per window: 1 d PASS (the service event inside it does not count), 30 d FAIL ×3, 90 d FAIL ×4', () => {
    const list = findings('CT-ROOT-ACTIVITY').sort((a, b) => (a.window ?? 0) - (b.window ?? 0));
    expect(list.map((f) => [f.window, f.status, f.accountId])).toEqual([
      [1, 'PASS', ACCOUNT],
      [30, 'FAIL', ACCOUNT],
      [90, 'FAIL', ACCOUNT],
    ]);
    const [w1, w30, w90] = list as [Finding, Finding, Finding];
    // A PASS cites only the latest root event loaded, outside the window.
    expect(citedIds(w1)).toEqual([idOf('CREATE_KEY')]);
    expect(w1.evidence.find((e) => e.field === 'coverage')?.value).toBe('2024-01-01T00:00:00.000Z – 2024-02-29T23:56:24.000Z');
    expect(w30.evidence.find((e) => e.field === 'rootEvents.count')?.value).toBe('3');
    expect(citedIds(w30)).toEqual([idOf('SIGN_IN_MFA'), idOf('SIGN_IN_NO_MFA'), idOf('CREATE_KEY')].sort());
    expect(w90.evidence.find((e) => e.field === 'rootEvents.count')?.value).toBe('4');
    expect(citedIds(w90)).toEqual([idOf('LONG_TERM_KEY'), idOf('SIGN_IN_MFA'), idOf('SIGN_IN_NO_MFA'), idOf('CREATE_KEY')].sort());
    expect(w90.evidence.find((e) => e.field === 'eventName')?.value).toBe('ConsoleLogin ×2, CreateAccessKey ×1, ListBuckets ×1');
  });

  it('CT-ROOT-SIGN-IN-WITHOUT-MFA FAIL on the no-MFA sign-in only', () => {
    const f = only('CT-ROOT-SIGN-IN-WITHOUT-MFA');
    expect(f.status).toBe('FAIL');
    expect(citedIds(f)).toEqual([idOf('SIGN_IN_NO_MFA')]);
    expect(f.evidence.find((e) => e.field === 'additionalEventData.MFAUsed')?.value).toBe('No ×1, Yes ×1');
  });

  it('CT-ROOT-ACCESS-KEY-CREATED FAIL on the CreateAccessKey', () => {
    const f = only('CT-ROOT-ACCESS-KEY-CREATED');
    expect(f.status).toBe('FAIL');
    expect(citedIds(f)).toEqual([idOf('CREATE_KEY')]);
  });

  it('CT-ROOT-LONG-TERM-KEY-USED FAIL on the AKIA call', () => {
    const f = only('CT-ROOT-LONG-TERM-KEY-USED');
    expect(f.status).toBe('FAIL');
    expect(citedIds(f)).toEqual([idOf('LONG_TERM_KEY')]);
    expect(f.evidence.filter((e) => e.field === 'userIdentity.accessKeyId').map((e) => e.value)).toEqual(['AKIAIOSFODNN7EXAMPLE']);
  });

  it('the other CloudTrail rules and XSRC-ROOT-LAST-USE', () => {
    const statuses = Object.fromEntries(
      ['CT-ROOT-SIGN-IN', 'CT-ROOT-FAILED-SIGN-IN', 'CT-ROOT-CREDENTIAL-CHANGE', 'CT-ROOT-TASK-SESSION', 'XSRC-ROOT-LAST-USE'].map((id) => [id, only(id).status]),
    );
    // The trail holds 60 days (2024-01-01 on): absence over the 90-day look-back cannot be claimed.
    expect(statuses).toEqual({
      'CT-ROOT-SIGN-IN': 'FAIL',
      'CT-ROOT-FAILED-SIGN-IN': 'NEEDS_EVIDENCE',
      'CT-ROOT-CREDENTIAL-CHANGE': 'NEEDS_EVIDENCE',
      'CT-ROOT-TASK-SESSION': 'NEEDS_EVIDENCE',
      'XSRC-ROOT-LAST-USE': 'PASS',
    });
    expect(only('CT-ROOT-FAILED-SIGN-IN').message).toMatch(/^No failed root console sign-in in the 59 days 23 h covered, look-back is 90 days \(2023-12-02T00:30:00\.000Z to 2024-03-01T00:30:00\.000Z\); load logs for 2023-12-02T00:30:00\.000Z to 2024-01-01T00:00:00\.000Z: /);
    expect(citedIds(only('CT-ROOT-SIGN-IN'))).toEqual([idOf('SIGN_IN_MFA'), idOf('SIGN_IN_NO_MFA')].sort());
    // The report's password_last_used is matched to the sign-in in the trail.
    expect(citedIds(only('XSRC-ROOT-LAST-USE'))).toEqual([idOf('SIGN_IN_NO_MFA')]);
  });
});
