// The export registry: one entry per format, each with everything a CLI, worker or page needs,
// and file names made from the result (moved here with exportFileName from common.test.ts).
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportFileName, exportFormat, pageExportFormats } from '../../src/core/evidence/registry';
import { toAsff, toEvidenceJson, toFindingsCsv, toJunit, toMarkdown, toOcsf, toOscal, toText } from '../../src/core/evidence';
import type { AccountView, AsOf, AuditResult } from '../../src/core/types';
import { fixtureResult } from './fixture';

const acc = (accountId: string | null): AccountView => ({ accountId, asOf: { time: 'x', source: 'now' }, hasRootRow: true, userCount: 0, verdict: '', verdictSeverity: 'pass' });
const asOf: AsOf = { time: '2025-06-01T12:00:00.000Z', source: 'report' };

describe('exportFileName', () => {
  it.each([
    { accounts: [acc('123456789012')], kind: 'findings.csv', name: 'credaudit_123456789012_asof-2025-06-01T120000Z.findings.csv' },
    { accounts: [acc('123456789012'), acc('210987654321')], kind: 'evidence.json', name: 'credaudit_2-accounts_asof-2025-06-01T120000Z.evidence.json' },
    { accounts: [], kind: 'report.md', name: 'credaudit_no-account_asof-2025-06-01T120000Z.report.md' },
    { accounts: [acc(null)], kind: 'oscal-ar.json', name: 'credaudit_unknown_asof-2025-06-01T120000Z.oscal-ar.json' },
  ] as const)('$name', ({ accounts, kind, name }) => {
    expect(exportFileName({ accounts: [...accounts], asOf }, kind)).toBe(name);
  });
});

describe('EXPORT_FORMATS', () => {
  it('ids are the CLI --format words; the page offers all but text', () => {
    expect(EXPORT_FORMATS.map((f) => f.id)).toEqual(['json', 'text', 'csv', 'md', 'oscal', 'ocsf', 'asff', 'junit']);
    expect(pageExportFormats().map((f) => f.id)).toEqual(['json', 'csv', 'md', 'oscal', 'ocsf', 'asff', 'junit']);
  });

  it('every entry is complete, with unique ids and file endings', () => {
    for (const f of EXPORT_FORMATS) {
      for (const k of ['id', 'label', 'hint', 'mime', 'extension', 'short'] as const) expect([f.id, k, f[k].trim().length > 0]).toEqual([f.id, k, true]);
    }
    expect(new Set(EXPORT_FORMATS.map((f) => f.id)).size).toBe(EXPORT_FORMATS.length);
    expect(new Set(EXPORT_FORMATS.map((f) => f.extension)).size).toBe(EXPORT_FORMATS.length);
  });

  it('the page gets metadata only (it can be posted from the worker)', () => {
    for (const m of pageExportFormats()) expect(Object.keys(m).sort()).toEqual(['extension', 'hint', 'id', 'label', 'mime', 'short']);
    expect(() => structuredClone(pageExportFormats())).not.toThrow();
  });

  const renderers: Record<string, (r: AuditResult) => string | Promise<string>> = {
    json: toEvidenceJson,
    csv: (r) => toFindingsCsv(r),
    md: toMarkdown,
    oscal: toOscal,
    text: toText,
    ocsf: toOcsf,
    asff: (r) => toAsff(r),
    junit: toJunit,
  };
  it.each(Object.keys(renderers))('%s renders what its renderer renders', async (id) => {
    const r = await fixtureResult();
    expect(await exportFormat(id)!.render(r)).toBe(await renderers[id]!(r));
  });

  it('a download of the CSV starts with a byte-order mark (Excel); the CLI output does not', async () => {
    const r = await fixtureResult();
    const csv = exportFormat('csv')!;
    expect(await csv.render(r, { download: true })).toBe(`\uFEFF${await csv.render(r)}`);
    expect((await csv.render(r)).startsWith('\uFEFF')).toBe(false);
  });

  it('unknown id', () => {
    expect(exportFormat('pdf')).toBeUndefined();
  });
});
