// Exports of hostile inputs (issue 11): a 48 MB cell is cited once by reference and every format
// still renders (item 6); OSCAL markup fields carry no live markup from the inputs (item 13); bidi
// overrides and zero-width characters are shown as visible escapes in text, Markdown, CSV and
// OSCAL (item 17).
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/core/audit';
import { toEvidenceJson, toFindingsCsv, toMarkdown, toOscal, toText, verifyManifest } from '../../src/core/evidence';
import { LONG_VALUE_CHARS, MAX_MESSAGE_CHARS, SHOWN_CHARS } from '../../src/core/evidence/long-values';
import { REPORT_COLUMNS } from '../../src/core/credential-report/model';
import type { AuditResult, ExceptionEntry } from '../../src/core/types';
import { reportCsv } from '../helpers/report';
import { findingOf, fixtureInput, memInput, NOW } from '../ingest/helpers';

const MB = 1024 * 1024;

/** A report whose user `name` is also its ARN's tail and its key's last-used region. */
function reportWithCell(name: string, account = '191919191919'): string {
  return reportCsv([
    { user: '<root_account>', arn: `arn:aws:iam::${account}:root` },
    { user: name, arn: `arn:aws:iam::${account}:user/${name}`, mfa_active: 'false', access_key_1_active: 'true', access_key_1_last_rotated: '2021-01-01T00:00:00Z', access_key_1_last_used_date: '2025-05-01T00:00:00Z', access_key_1_last_used_region: name },
  ]);
}

describe('a very long cell is cited by reference (item 6)', () => {
  it('48 MB: json and oscal render; the value is in result.values once; findings cite it by index', async () => {
    const name = `u${'x'.repeat(48 * MB)}`;
    const r = await audit([memInput('cell.csv', reportWithCell(name))], { now: NOW, asOf: NOW });
    expect(r.values).toHaveLength(1); // the name; the ARN and the region cite it by its short copy
    expect(r.values?.[0]).toBe(name);
    const f = findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '191919191919', { resource: r.findings.find((x) => x.resourceRef === 0)?.resource as string });
    expect(f.status).toBe('FAIL');
    expect(f.resourceRef).toBe(0);
    expect(f.resource).toBe(`${name.slice(0, SHOWN_CHARS)}… (50,331,649 characters; the whole value is values[0] of the evidence JSON)`);
    expect(f.message).toBe(`${f.resource} has a console password and no MFA.`);
    const region = r.findings.flatMap((x) => x.evidence).find((e) => e.field === 'access_key_1_last_used_region');
    for (const x of r.findings) {
      expect(x.resource.length).toBeLessThanOrEqual(LONG_VALUE_CHARS);
      expect(x.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS + 100);
      for (const e of x.evidence) expect(e.value.length).toBeLessThanOrEqual(LONG_VALUE_CHARS);
    }
    if (region) expect(region.valueRef).toBe(0);
    expect(r.details.userCredentialAges.find((u) => u.userRef === 0)?.user).toBe(f.resource);

    const json = await toEvidenceJson(r);
    expect(json.length).toBeLessThan(49 * MB); // the name once, nothing else long
    const doc = JSON.parse(json) as AuditResult;
    expect(doc.values?.[0]?.length).toBe(name.length);
    expect((await verifyManifest(doc as unknown as Record<string, unknown>)).ok).toBe(true);
    const oscal = toOscal(r);
    expect(oscal.length).toBeLessThan(MB);
    expect(toText(r).length).toBeLessThan(MB);
    expect(toMarkdown(r).length).toBeLessThan(MB);
    expect(toFindingsCsv(r).length).toBeLessThan(MB);
  }, 120_000);

  it('values at the limit are not referenced; one character more is', async () => {
    const at = `a${'b'.repeat(LONG_VALUE_CHARS - 1)}`;
    const over = `c${'d'.repeat(LONG_VALUE_CHARS)}`;
    const r = await audit([memInput('at.csv', reportWithCell(at, '202020202020')), memInput('over.csv', reportWithCell(over, '212121212121'))], { now: NOW, asOf: NOW });
    // `at` itself is not referenced (its ARN, longer than the limit, is).
    expect(r.values).toContain(over);
    expect(r.values).not.toContain(at);
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '202020202020', { resource: at }).resourceRef).toBeUndefined();
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '212121212121').resourceRef).toBe(r.values?.indexOf(over));
  });

  it('a result without long values has no values table', async () => {
    const r = await audit([fixtureInput('modern-111122223333.csv')], { now: NOW, asOf: NOW });
    expect('values' in r).toBe(false);
  });
});

/** Every markup-line / markup-multiline field of an OSCAL assessment-results document. */
function markupFields(doc: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v.slice(0, 10_000));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && ['title', 'description', 'remarks', 'statement', 'prose'].includes(k)) out.push(x);
        else stack.push(x);
      }
    }
  }
  return out;
}

describe('OSCAL markup fields are escaped like the Markdown export (item 13)', () => {
  const IMG = '<img src=x onerror=alert(1)>';
  const LINK = '[x](javascript:alert(1))';

  it('user names, account names, exception text and file names carry no live markup', async () => {
    const csv = reportCsv([
      { user: '<root_account>', arn: 'arn:aws:iam::222233334444:root', access_key_1_active: 'true' },
      { user: LINK, arn: 'arn:aws:iam::222233334444:user/link', mfa_active: 'false' },
    ]);
    const exceptions: ExceptionEntry[] = [{ ruleId: 'ROOT-ACCESS-KEY-ACTIVE', accountId: '222233334444', owner: `Mallory ${IMG}`, justification: `see ${LINK} and <script>alert(2)</script>`, expires: '2099-01-01', ticket: '`rm -rf`' }];
    const orgs = JSON.stringify({ Accounts: [{ Id: '222233334444', Name: `prod ${IMG}` }] });
    const r = await audit(
      [fixtureInput('hostile-names-131313131313.csv'), memInput(`${IMG}.csv`, csv), memInput('orgs.json', orgs)],
      { now: NOW, asOf: NOW, exceptions },
    );
    expect(r.findings.some((f) => f.status === 'EXCEPTED')).toBe(true);
    const fields = markupFields(JSON.parse(toOscal(r)));
    expect(fields.length).toBeGreaterThan(50);
    const live = fields.filter((t) => /<(img|script)\b/i.test(t) || /(?<!\\)\]\(javascript:/i.test(t) || /(?<!\\)`/.test(t));
    expect(live).toEqual([]);
    // The text is still there, escaped: `&lt;img …&gt;` and `\[x\](javascript:…)` show as written.
    expect(fields.some((t) => t.includes('&lt;img src=x onerror=alert(1)&gt;'))).toBe(true);
    expect(fields.some((t) => t.includes('\\[x\\](javascript:alert(1))'))).toBe(true);
    expect(fields.some((t) => t.includes('Mallory &lt;img'))).toBe(true);
  });
});

describe('bidi overrides and zero-width characters are shown, not obeyed (item 17)', () => {
  const SPOOF = 'admin\u202Egnp.exe';
  const ZW = 'ro\u200Bot';

  it('text, Markdown, CSV and OSCAL show \\u202E and \\u200B; the result keeps the name as written', async () => {
    const csv = reportCsv([
      { user: '<root_account>', arn: 'arn:aws:iam::232323232323:root' },
      { user: SPOOF, arn: 'arn:aws:iam::232323232323:user/spoof', mfa_active: 'false' },
      { user: ZW, arn: 'arn:aws:iam::232323232323:user/zw', mfa_active: 'false' },
    ]);
    const r = await audit([memInput('bidi.csv', csv)], { now: NOW, asOf: NOW });
    expect(findingOf(r, 'USER-CONSOLE-WITHOUT-MFA', '232323232323', { resource: SPOOF }).status).toBe('FAIL');
    const outputs = { text: toText(r, { maxCellWidth: 200 }), md: toMarkdown(r), csv: toFindingsCsv(r), oscal: markupFields(JSON.parse(toOscal(r))).join('\n') };
    for (const [name, out] of Object.entries(outputs)) {
      expect(out, name).not.toMatch(/[\u202E\u200B]/);
      expect(out, name).toContain('admin\\u202Egnp.exe'.replace(/\\/g, name === 'md' || name === 'oscal' ? '\\\\' : '\\'));
    }
    const rows = Papa.parse<string[]>(outputs.csv.trim(), { newline: '\r\n' }).data;
    expect(rows.some((row) => row.includes('ro\\u200Bot'))).toBe(true);
  });
});

// The header is used by reportCsv; keep the import for readers of this file.
void REPORT_COLUMNS;
