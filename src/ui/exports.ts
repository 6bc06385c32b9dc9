// The page's side of the evidence pack: the audit worker builds an export's text (a large audit
// takes seconds, which would freeze the page); this names it and hands it to the browser as a
// download (Blob + <a download>). Nothing is sent anywhere.
import { exportFileName, type ExportKind } from '../core/evidence/common';
import type { AuditResult, ExceptionEntry } from '../core/types';
import type { ExportFormatId } from '../worker/protocol';

export type ExportFormat = 'evidence-json' | 'csv' | 'markdown' | 'oscal';

export interface ExportFile {
  name: string;
  mime: string;
  /** The text, or a Blob of its UTF-8 bytes (as the worker sends it). */
  content: string | Blob;
}

const KIND: Record<ExportFormat, ExportKind> = {
  'evidence-json': 'evidence.json',
  csv: 'findings.csv',
  markdown: 'report.md',
  oscal: 'oscal-ar.json',
};

/** The worker's name for each format. */
export const WORKER_FORMAT: Record<ExportFormat, ExportFormatId> = {
  'evidence-json': 'json',
  csv: 'csv',
  markdown: 'md',
  oscal: 'oscal',
};

const MIME: Record<ExportFormat, string> = {
  'evidence-json': 'application/json',
  csv: 'text/csv;charset=utf-8',
  markdown: 'text/markdown;charset=utf-8',
  oscal: 'application/json',
};

/** Short names for the busy message ("Preparing CSV…"). */
export const FORMAT_SHORT: Record<ExportFormat, string> = {
  'evidence-json': 'evidence JSON',
  csv: 'CSV',
  markdown: 'Markdown',
  oscal: 'OSCAL',
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

/** Builds the text of an export (as UTF-8 in a Blob). Made in the audit worker (see ../worker/client). */
export type ExportTextSource = (format: ExportFormatId) => Promise<Blob>;

/**
 * The export file for `result`: its text comes from `source` (the worker, which builds it from the
 * same result); the name is made here from the result on screen, as before.
 */
export async function buildExport(result: AuditResult, format: ExportFormat, source: ExportTextSource): Promise<ExportFile> {
  const name = exportFileName(result, KIND[format]);
  return { name, mime: MIME[format], content: await source(WORKER_FORMAT[format]) };
}

/** The exceptions file the CLI's --exceptions takes. */
export function exceptionsFile(entries: readonly ExceptionEntry[]): ExportFile {
  const clean = entries.map((e) => {
    const o: ExceptionEntry = { ruleId: e.ruleId, accountId: e.accountId, owner: e.owner, justification: e.justification, expires: e.expires };
    if (e.resource !== undefined && e.resource !== '') o.resource = e.resource;
    if (e.ticket !== undefined && e.ticket !== '') o.ticket = e.ticket;
    return o;
  });
  return { name: 'credaudit-exceptions.json', mime: 'application/json', content: `${JSON.stringify({ exceptions: clean }, null, 2)}\n` };
}

/**
 * Saves `file` through the browser's download (no network: a blob: URL on this page). Returns the
 * size in bytes (UTF-8), which the Blob knows without a second pass over the text.
 */
export function download(file: ExportFile): number {
  // A Blob from the worker is wrapped, not copied: only its type is set here.
  const blob = new Blob([file.content], { type: file.mime });
  const url = URL.createObjectURL(blob);
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
  return blob.size;
}
