// "Changes since last time" end to end: a previous audit's evidence JSON loaded next to new inputs
// (detected by content, as on the page and with the CLI's --baseline) gives AuditResult.changes, and
// every format puts the changes first. Also two reports of one account in one audit: reportChanges.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toEvidenceJson } from '../../src/core/evidence/evidence-json';
import { toFindingsCsv, CSV_COLUMNS } from '../../src/core/evidence/csv';
import { toMarkdown } from '../../src/core/evidence/markdown';
import { toText } from '../../src/core/evidence/text';
import { toOcsf } from '../../src/core/evidence/ocsf';
import { toAsff } from '../../src/core/evidence/asff';
import { buildOscal } from '../../src/core/evidence/oscal';
import { AuditSession } from '../../src/core/session';
import { validateOscal } from './oscal-schema';
import { ACCOUNT, auditAt, FIRST_REPORT, FIRST_TIME, firstEvidenceJson, reportAt, SECOND_REPORT, SECOND_TIME, secondAudit } from './baseline-fixture';
import { input, TOOL } from './fixture';

const THIRD_TIME = '2025-07-01T12:00:00Z';

describe('changes since a previous audit', () => {
  it('the same account audited twice (a key deleted, MFA turned off): exactly one resolved and one new finding', async () => {
    const r = await secondAudit(await firstEvidenceJson());
    const c = r.changes!;
    expect(c.counts).toEqual({ new: 1, 'exception-ended': 0, 'still-failing': 0, 'status-changed': 0, 'exception-added': 0, resolved: 1 });
    expect(c.items.map((i) => [i.change, i.ruleId, i.resource, i.before, i.after])).toEqual([
      ['new', 'USER-CONSOLE-WITHOUT-MFA', 'alice', 'PASS', 'FAIL'],
      ['resolved', 'USER-KEY-NOT-ROTATED', 'bob', 'FAIL', 'NOT_APPLICABLE'],
    ]);
    expect(c.baseline).toMatchObject({ input: 'previous.evidence.json', asOf: '2025-05-01T12:00:00.000Z', evaluatedAt: '2025-05-01T13:00:00.000Z', tool: TOOL });
    expect(c.baseline.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect([c.accountsCompared, c.accountsNew, c.accountsOnlyInBaseline]).toEqual([[ACCOUNT], [], []]);
    // The baseline is an input like any other: hashed, counted, not a credential report.
    const prev = r.inputs.find((i) => i.name === 'previous.evidence.json')!;
    expect([prev.kind, prev.format, prev.accountIds, prev.skipped]).toEqual(['previous-audit', 'evidence-json', [ACCOUNT], 0]);
    expect(prev.records).toBe(JSON.parse(await firstEvidenceJson()).findings.length);
    expect(r.problems).toEqual([]);
    expect(r.accounts.map((a) => a.accountId)).toEqual([ACCOUNT]);
  });

  it('the evidence JSON carries `changes` right after the header, before the inputs', async () => {
    const doc = JSON.parse(await toEvidenceJson(await secondAudit(await firstEvidenceJson())));
    const keys = Object.keys(doc);
    expect(keys.slice(0, 6)).toEqual(['tool', 'asOf', 'evaluatedAt', 'windows', 'changes', 'inputs']);
    expect(doc.changes.items[0].text).toBe('New failure: USER-CONSOLE-WITHOUT-MFA for alice in 123456789012 (was PASS).');
  });

  it('still failing is counted from the first audit that saw it, across three audits', async () => {
    const second = await toEvidenceJson(await secondAudit(await firstEvidenceJson()));
    const third = await auditAt(THIRD_TIME, reportAt(THIRD_TIME, { bobKey: false, aliceMfa: false }), [input('second.evidence.json', second)]);
    expect(third.changes?.items.map((i) => [i.change, i.resource, i.failingSince, i.failingDays])).toEqual([['still-failing', 'alice', '2025-06-01T12:00:00.000Z', 30]]);
    expect(third.changes?.items[0]?.text).toBe('Still failing: USER-CONSOLE-WITHOUT-MFA for alice in 123456789012, failing since at least 2025-06-01T12:00:00.000Z (30 days).');
  });

  it('a finding no longer reported (user deleted) is listed, and formats that key on findings close it', async () => {
    const first = await toEvidenceJson(await auditAt(FIRST_TIME, reportAt(FIRST_TIME, { bobKey: false, aliceMfa: true, dave: true })));
    const r = await auditAt(SECOND_TIME, reportAt(SECOND_TIME, { bobKey: false, aliceMfa: true }), [input('prev.json', first)]);
    expect(r.changes?.items.map((i) => [i.change, i.ruleId, i.resource, i.before, i.after ?? null])).toEqual([['resolved', 'USER-CONSOLE-WITHOUT-MFA', 'dave', 'FAIL', null]]);
    expect(r.changes?.items[0]?.text).toBe('No longer reported: USER-CONSOLE-WITHOUT-MFA for dave in 123456789012 (was FAIL as of 2025-05-01T12:00:00.000Z).');
    const ocsf = JSON.parse(toOcsf(r)) as Record<string, any>[];
    expect(ocsf).toHaveLength(r.findings.length + 1);
    expect(ocsf.at(-1)).toMatchObject({ status_id: 4, status: 'Resolved', compliance: { status_id: 0, status: 'Unknown' }, unmapped: { credaudit: { resource: 'dave', change: { change: 'resolved', before: 'FAIL' } } } });
    const asff = toAsff(r).trim().split('\n').flatMap((l) => JSON.parse(l) as Record<string, any>[]);
    expect(asff.at(-1)).toMatchObject({ RecordState: 'ARCHIVED', GeneratorId: 'USER-CONSOLE-WITHOUT-MFA', Resources: [{ Type: 'AwsIamUser' }], Compliance: { Status: 'NOT_AVAILABLE' } });
    const rows = Papa.parse<string[]>(toFindingsCsv(r), { skipEmptyLines: true }).data;
    const col = (n: string) => (rows[0] as string[]).indexOf(n);
    const gone = rows.at(-1)!;
    expect([gone[col('ruleId')], gone[col('resource')], gone[col('status')], gone[col('change')]]).toEqual(['USER-CONSOLE-WITHOUT-MFA', 'dave', '', 'resolved']);
    expect(rows).toHaveLength(r.findings.length + 2);
  });

  it('exceptions added and ended are told apart from new failures', async () => {
    const exception = { ruleId: 'USER-KEY-NOT-ROTATED', accountId: ACCOUNT, resource: 'bob', owner: 'ops', justification: 'legacy job', expires: '2025-05-20' };
    const first = await toEvidenceJson(await auditAt(FIRST_TIME, FIRST_REPORT, [], [exception]));
    // bob's key is still there a month later; the exception expired on 2025-05-20.
    const r = await auditAt(SECOND_TIME, reportAt(SECOND_TIME, { bobKey: true, aliceMfa: true }), [input('prev.json', first)], [exception]);
    expect(r.changes?.items.map((i) => [i.change, i.resource, i.ended, i.failingSince])).toEqual([['exception-ended', 'bob', 'expired', '2025-05-01T12:00:00.000Z']]);
    const added = await auditAt(SECOND_TIME, reportAt(SECOND_TIME, { bobKey: true, aliceMfa: true }), [input('prev.json', await firstEvidenceJson())], [{ ...exception, expires: '2099-01-01' }]);
    expect(added.changes?.items.map((i) => [i.change, i.resource, i.before, i.after, i.exception?.owner])).toEqual([['exception-added', 'bob', 'FAIL', 'EXCEPTED', 'ops']]);
  });

  it('a baseline edited after export is flagged (its manifest no longer matches), and still compared', async () => {
    const doc = JSON.parse(await firstEvidenceJson());
    const bob = doc.findings.find((f: { ruleId: string; resource: string }) => f.ruleId === 'USER-KEY-NOT-ROTATED' && f.resource === 'bob');
    bob.status = 'PASS';
    const r = await secondAudit(JSON.stringify(doc));
    expect(r.problems).toEqual([
      { input: 'previous.evidence.json', severity: 'warning', message: 'This previous audit was changed after it was exported (its manifestSha256 does not match its content); the changes are compared with it as it is now.' },
    ]);
    expect(r.changes?.counts.resolved).toBe(0);
    delete doc.manifestSha256;
    const unsealed = await secondAudit(JSON.stringify(doc));
    expect(unsealed.problems.map((p) => [p.severity, p.message])).toEqual([['info', 'This previous audit has no manifestSha256, so it cannot be shown to be unchanged since it was exported.']]);
  });

  it('the page path: a previous audit added to an AuditSession with the new report gives the same changes', async () => {
    const session = new AuditSession();
    const files = [input('credential-report.json', SECOND_REPORT), input('previous.evidence.json', await firstEvidenceJson())].map((f, i) => ({ ...f, id: i + 1 }));
    const answer = await session.submit({ type: 'add', req: 1, files }, { now: Date.parse(SECOND_TIME) + 3_600_000, tool: TOOL });
    expect(answer.type === 'result' && answer.outcome.result?.changes?.items.map((i) => i.change)).toEqual(['new', 'resolved']);
    expect(answer.type === 'result' && answer.outcome.files.map((f) => f.input.kind)).toEqual(['credential-report', 'previous-audit']);
  });

  it('markdown and text put "Changes since <as-of>" first; CSV puts changed rows first with the change columns', async () => {
    const r = await secondAudit(await firstEvidenceJson());
    const md = toMarkdown(r);
    expect(md.indexOf('## Changes since 2025-05-01T12:00:00.000Z')).toBeGreaterThan(0);
    expect(md.indexOf('## Changes since')).toBeLessThan(md.indexOf('## Inputs'));
    expect(md).toContain('- **Changes:** 1 new failures, 0 failing again after an exception, 0 still failing, 0 other status changes, 0 newly excepted, 1 resolved or no longer reported');
    expect(md).toContain('| new | high | USER-CONSOLE-WITHOUT-MFA |  | 123456789012 | alice | PASS | FAIL | 2025-06-01T12:00:00.000Z (0 d) | New failure: USER-CONSOLE-WITHOUT-MFA for alice in 123456789012 (was PASS). |');
    const text = toText(r);
    expect(text.indexOf('Changes since 2025-05-01T12:00:00.000Z (previous audit previous.evidence.json): 1 new failures')).toBeGreaterThan(0);
    expect(text.indexOf('Changes since')).toBeLessThan(text.indexOf('Inputs:'));
    expect(text).toContain('  high      New failure: USER-CONSOLE-WITHOUT-MFA for alice in 123456789012 (was PASS).\n');
    const rows = Papa.parse<string[]>(toFindingsCsv(r), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const col = (n: string) => (rows[0] as string[]).indexOf(n);
    expect(rows.slice(1, 3).map((x) => [x[col('ruleId')], x[col('resource')], x[col('change')], x[col('failingSince')]])).toEqual([
      ['USER-CONSOLE-WITHOUT-MFA', 'alice', 'new', '2025-06-01T12:00:00.000Z'],
      ['USER-KEY-NOT-ROTATED', 'bob', 'resolved', ''],
    ]);
    expect(rows.slice(3).every((x) => x[col('change')] === '')).toBe(true);
    expect(rows).toHaveLength(r.findings.length + 1);
  });

  it('OSCAL carries the change of each finding and the counts as props, and still conforms', async () => {
    const r = await secondAudit(await firstEvidenceJson());
    const doc = buildOscal(r) as Record<string, any>;
    expect(validateOscal(doc)).toEqual([]);
    const res = doc['assessment-results'].results[0];
    const prop = (o: { props?: { name: string; value: string }[] }, n: string) => o.props?.find((p) => p.name === n)?.value;
    expect([prop(res, 'changes-since'), prop(res, 'changes-new'), prop(res, 'changes-resolved'), prop(res, 'changes-still-failing')]).toEqual(['2025-05-01T12:00:00.000Z', '1', '1', '0']);
    const alice = res.findings.find((f: { title: string }) => f.title.startsWith('USER-CONSOLE-WITHOUT-MFA: alice'));
    expect([prop(alice, 'change'), prop(alice, 'failing-since')]).toEqual(['new', '2025-06-01T12:00:00.000Z']);
  });

  it('without a baseline nothing changes: no `changes`, CSV rows in the result order with empty change columns', async () => {
    const r = await auditAt(SECOND_TIME, SECOND_REPORT);
    expect(r.changes).toBeUndefined();
    expect(toMarkdown(r)).not.toContain('Changes since');
    const rows = Papa.parse<string[]>(toFindingsCsv(r), { skipEmptyLines: true }).data;
    expect(rows.slice(1).map((x) => x[0])).toEqual(r.findings.map((f) => f.ruleId));
  });
});

describe('credential report changes (two reports of one account in one audit)', () => {
  it('lists exactly what changed between them, in every text format', async () => {
    const r = await auditAt(SECOND_TIME, SECOND_REPORT, [input('first/credential-report.json', FIRST_REPORT)]);
    expect(r.reportChanges).toEqual([
      {
        accountId: ACCOUNT,
        older: { input: 'first/credential-report.json', time: '2025-05-01T12:00:00.000Z' },
        newer: { input: '2025-06-01/credential-report.json', time: '2025-06-01T12:00:00.000Z' },
        changes: [
          { change: 'mfa-disabled', user: 'alice', credential: 'mfa', cells: ['mfa_active: true -> false'], text: 'alice: MFA turned off.' },
          { change: 'key-deleted', user: 'bob', credential: 'access_key_1', cells: ['access_key_1_last_rotated: 2024-01-01T00:00:00Z -> (gone)'], text: 'bob: the access key created 2024-01-01T00:00:00Z was deleted.' },
        ],
      },
    ]);
    const md = toMarkdown(r);
    expect(md).toContain('## Credential report changes');
    expect(md.indexOf('## Credential report changes')).toBeLessThan(md.indexOf('## Inputs'));
    expect(md).toContain('| mfa-disabled | alice | mfa_active: true -&gt; false | alice: MFA turned off. |');
    expect(toText(r)).toContain('Credential report changes, account 123456789012: first/credential-report.json (2025-05-01T12:00:00.000Z) -> 2025-06-01/credential-report.json (2025-06-01T12:00:00.000Z): 2\n  alice: MFA turned off.\n  bob: the access key created 2024-01-01T00:00:00Z was deleted.\n');
    const doc = JSON.parse(await toEvidenceJson(r));
    expect(Object.keys(doc).slice(0, 6)).toEqual(['tool', 'asOf', 'evaluatedAt', 'windows', 'reportChanges', 'inputs']);
  });
});
