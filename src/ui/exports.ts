// The page's side of the evidence pack: build an export's text with the pure core functions and
// hand it to the browser as a download (Blob + <a download>). Nothing is sent anywhere.
import { exportFileName, toEvidenceJson, toFindingsCsv, toMarkdown, toOscal, type ExportKind } from '../core/evidence';
import type { AuditResult, ExceptionEntry } from '../core/types';

export type ExportFormat = 'evidence-json' | 'csv' | 'markdown' | 'oscal';

export interface ExportFile {
  name: string;
  mime: string;
  text: string;
}

const KIND: Record<ExportFormat, ExportKind> = {
  'evidence-json': 'evidence.json',
  csv: 'findings.csv',
  markdown: 'report.md',
  oscal: 'oscal-ar.json',
};

export const FORMAT_LABEL: Record<ExportFormat, string> = {
  'evidence-json': 'Evidence JSON',
  csv: 'Findings CSV',
  markdown: 'Markdown summary',
  oscal: 'OSCAL assessment results',
};

export const FORMAT_HINT: Record<ExportFormat, string> = {
  'evidence-json': 'The whole result with a SHA-256 manifest, for the audit file.',
  csv: 'One row per finding; safe to open in a spreadsheet.',
  markdown: 'A summary to paste into a ticket or wiki page.',
  oscal: 'NIST OSCAL 1.1.2 assessment-results, for GRC tools.',
};

export async function buildExport(result: AuditResult, format: ExportFormat): Promise<ExportFile> {
  const name = exportFileName(result, KIND[format]);
  switch (format) {
    case 'evidence-json':
      return { name, mime: 'application/json', text: await toEvidenceJson(result) };
    case 'csv':
      // The byte-order mark makes Excel read the file as UTF-8.
      return { name, mime: 'text/csv;charset=utf-8', text: toFindingsCsv(result, { bom: true }) };
    case 'markdown':
      return { name, mime: 'text/markdown;charset=utf-8', text: toMarkdown(result) };
    case 'oscal':
      return { name, mime: 'application/json', text: toOscal(result) };
  }
}

/** The exceptions file the CLI's --exceptions takes. */
export function exceptionsFile(entries: readonly ExceptionEntry[]): ExportFile {
  const clean = entries.map((e) => {
    const o: ExceptionEntry = { ruleId: e.ruleId, accountId: e.accountId, owner: e.owner, justification: e.justification, expires: e.expires };
    if (e.resource !== undefined && e.resource !== '') o.resource = e.resource;
    if (e.ticket !== undefined && e.ticket !== '') o.ticket = e.ticket;
    return o;
  });
  return { name: 'credaudit-exceptions.json', mime: 'application/json', text: `${JSON.stringify({ exceptions: clean }, null, 2)}\n` };
}

/** Saves `file` through the browser's download (no network: a blob: URL on this page). */
export function download(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export const byteLength = (text: string): number => new TextEncoder().encode(text).length;
