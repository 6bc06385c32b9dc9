// The one list of export formats. The CLI's --format words, the worker's export requests and the
// page's buttons (which receive only the metadata, from the worker) all come from here, and so does
// every file name. Adding a format = one entry below + one renderer file in this folder.
import type { AuditResult } from '../types';
import { DEFAULT_ASFF_REGION, toAsff } from './asff';
import { toFindingsCsv } from './csv';
import { toEvidenceJson } from './evidence-json';
import { toJunit } from './junit';
import { toMarkdown } from './markdown';
import { toOcsf } from './ocsf';
import { toOscal } from './oscal';
import { toText } from './text';

/** What a page or a usage text needs to offer a format; no code. */
export interface ExportFormatMeta {
  /** The CLI's --format word and the worker's format id. */
  id: string;
  /** Button text. */
  label: string;
  /** One sentence under the button: what the file is for. */
  hint: string;
  mime: string;
  /** File name ending after the account and as-of part, e.g. `findings.csv`. */
  extension: string;
  /** Short name for messages ("Preparing CSV…"). */
  short: string;
}

export interface RenderOptions {
  /** The text becomes a downloaded file (the page), not a pipe (the CLI): CSV gets a byte-order mark so Excel reads UTF-8. */
  download?: boolean;
  /** ASFF: the Security Hub region in each ProductArn (the CLI's --region; default us-east-1). */
  region?: string;
}

export interface ExportFormat extends ExportFormatMeta {
  /** Offered on the page (the plain-text report is for terminals only). */
  page: boolean;
  render(result: AuditResult, opts?: RenderOptions): string | Promise<string>;
}

// In this order in the CLI's usage text and on the page.
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    id: 'json',
    label: 'Evidence JSON',
    hint: 'The whole result with a SHA-256 manifest, for the audit file.',
    short: 'evidence JSON',
    mime: 'application/json',
    extension: 'evidence.json',
    page: true,
    render: (result) => toEvidenceJson(result),
  },
  {
    id: 'text',
    label: 'Plain text',
    hint: 'The CLI report for a terminal.',
    short: 'text',
    mime: 'text/plain;charset=utf-8',
    extension: 'report.txt',
    page: false,
    render: (result) => toText(result),
  },
  {
    id: 'csv',
    label: 'Findings CSV',
    hint: 'One row per finding; safe to open in a spreadsheet.',
    short: 'CSV',
    mime: 'text/csv;charset=utf-8',
    extension: 'findings.csv',
    page: true,
    render: (result, opts) => toFindingsCsv(result, { bom: opts?.download === true }),
  },
  {
    id: 'md',
    label: 'Markdown report',
    hint: 'A report to paste into a ticket or wiki page.',
    short: 'Markdown',
    mime: 'text/markdown;charset=utf-8',
    extension: 'report.md',
    page: true,
    render: (result) => toMarkdown(result),
  },
  {
    id: 'oscal',
    label: 'OSCAL assessment results',
    hint: 'NIST OSCAL 1.1.2 assessment-results, for GRC tools.',
    short: 'OSCAL',
    mime: 'application/json',
    extension: 'oscal-ar.json',
    page: true,
    render: (result) => toOscal(result),
  },
  {
    id: 'ocsf',
    label: 'OCSF findings',
    hint: 'OCSF 1.3 Compliance Findings (JSON array), for a SIEM or security data lake.',
    short: 'OCSF',
    mime: 'application/json',
    extension: 'ocsf.json',
    page: true,
    render: (result) => toOcsf(result),
  },
  {
    id: 'asff',
    label: 'Security Hub findings (ASFF)',
    hint: `AWS Security Finding Format for batch-import-findings: one JSON array of up to 100 findings per line; region ${DEFAULT_ASFF_REGION} (the CLI's --region picks another).`,
    short: 'ASFF',
    mime: 'application/x-ndjson',
    extension: 'asff.jsonl',
    page: true,
    render: (result, opts) => toAsff(result, opts?.region !== undefined ? { region: opts.region } : {}),
  },
  {
    id: 'junit',
    label: 'JUnit XML',
    hint: 'One test per rule and account, for the test tab of GitLab, Jenkins or GitHub CI.',
    short: 'JUnit',
    mime: 'application/xml',
    extension: 'junit.xml',
    page: true,
    render: (result) => toJunit(result),
  },
];

const BY_ID = new Map(EXPORT_FORMATS.map((f) => [f.id, f]));

export function exportFormat(id: string): ExportFormat | undefined {
  return BY_ID.get(id);
}

/** The metadata of the formats the page offers (what the worker sends it). */
export function pageExportFormats(): ExportFormatMeta[] {
  return EXPORT_FORMATS.filter((f) => f.page).map(({ id, label, hint, mime, extension, short }) => ({ id, label, hint, mime, extension, short }));
}

/**
 * `credaudit_123456789012_asof-2025-06-01T120000Z.findings.csv`: the account (or how many) and the
 * as-of instant, so exports of different accounts or dates never overwrite each other.
 */
export function exportFileName(result: Pick<AuditResult, 'accounts' | 'asOf'>, extension: string): string {
  const ids = [...new Set(result.accounts.map((a) => a.accountId ?? 'unknown'))];
  const who = ids.length === 0 ? 'no-account' : ids.length === 1 ? (ids[0] as string) : `${ids.length}-accounts`;
  const when = result.asOf.time.replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
  return `credaudit_${who}_asof-${when}.${extension}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
