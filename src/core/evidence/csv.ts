// Findings as CSV: RFC 4180 (CRLF line ends, fields with comma, quote or line break quoted,
// quotes doubled) and safe to open in a spreadsheet: a text cell that starts with = + - @ tab or
// CR is prefixed with ' so it is never run as a formula, while real numbers stay numbers.
//
// PapaParse's own `escapeFormulae: true` uses /^[=+\-@\t\r].*$/, whose `.` stops at a line break,
// so "=cmd\nx" slips through; and it would turn the text "-3" into "'-3". We pass our own pattern.
import Papa from 'papaparse';
import { changesWithoutFinding } from '../changes';
import type { AuditResult, Finding, FindingChange } from '../types';
import { controlsLine, evidenceLine, findingsChangesFirst } from './common';
import { visibleText } from '../text';

/** Starts like a formula and is not simply a (negative) decimal number. */
export const FORMULA_START = /^(?![-+]?\d+(?:\.\d+)?$)[=+\-@\t\r]/;

export const CSV_COLUMNS = [
  'ruleId',
  'window',
  'status',
  'underlyingStatus',
  'severity',
  'accountId',
  'resource',
  'title',
  'message',
  'evidence',
  'exceptionOwner',
  'exceptionExpires',
  'exceptionTicket',
  'exceptionJustification',
  'controls',
  'change',
  'failingSince',
  'changeDetail',
] as const;

type Cell = string | number | null;

function row(f: Finding, change: FindingChange | undefined): Cell[] {
  return [
    f.ruleId,
    f.window ?? null,
    f.status,
    f.underlyingStatus ?? null,
    f.severity,
    f.accountId,
    f.resource,
    f.title,
    f.message,
    evidenceLine(f.evidence),
    f.exception?.owner ?? null,
    f.exception?.expires ?? null,
    f.exception?.ticket ?? null,
    f.exception?.justification ?? null,
    controlsLine(f.controls),
    change?.change ?? null,
    change?.failingSince ?? null,
    change?.text ?? null,
  ];
}

/** A finding the baseline failed that this audit no longer reports: a row with no current status. */
function goneRow(c: FindingChange): Cell[] {
  return [c.ruleId, c.window ?? null, null, null, c.severity, c.accountId, c.resource, c.title, c.text, null, null, null, null, null, null, c.change, null, c.text];
}

/** Bidi overrides and zero-width characters as visible \uXXXX: a spreadsheet would hide them. */
const visibleCell = (v: Cell): Cell => (typeof v === 'string' ? visibleText(v) : v);

/** Guards one value the way `toFindingsCsv` does (exported for tests and other CSV writers). */
export function guardCell(v: Cell): Cell {
  return typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v;
}

export interface CsvOptions {
  /** Prefix a UTF-8 byte-order mark so Excel reads non-ASCII text correctly (downloads); off for pipes. */
  bom?: boolean;
}

/**
 * One row per finding with a header row. Without a baseline in the result's order; with one, the
 * changed findings first (new failures first), then the rest, then a row per finding the baseline
 * failed and this audit no longer reports (status empty, change "resolved").
 */
export function toFindingsCsv(result: AuditResult, opts: CsvOptions = {}): string {
  const rows = findingsChangesFirst(result).map(({ finding, change }) => row(finding, change).map(visibleCell));
  for (const c of changesWithoutFinding(result.changes)) rows.push(goneRow(c).map(visibleCell));
  const text = Papa.unparse(
    { fields: [...CSV_COLUMNS], data: rows },
    { newline: '\r\n', quotes: false, escapeFormulae: FORMULA_START, header: true },
  );
  return `${opts.bom ? '\uFEFF' : ''}${text}\r\n`;
}
