import Papa from 'papaparse';
import type { Problem } from '../types';
import { parseUtc } from '../time';
import {
  BOOLEAN_COLUMNS,
  DATE_COLUMNS,
  REPORT_COLUMNS,
  ROOT_USER,
  type BoolCell,
  type BooleanColumn,
  type CredentialReport,
  type DateCell,
  type DateColumn,
  type ReportColumn,
  type ReportRow,
} from './model';

const ARN_RE = /^arn:([a-z0-9-]+):iam::(\d{12}):(root|user\/.+)$/;
const SENTINELS = new Set(['N/A', 'no_information', 'not_supported']);
/** Cheap pre-check before the full parser (ISO or spreadsheet-rewritten date). */
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}/;

export interface ParseReportOptions {
  input: string;
  format: string;
  generatedTime?: number;
  fileTime?: number;
}

export interface ParseReportResult {
  report?: CredentialReport;
  problems: Problem[];
  skipped: number;
}

/** True when the text's first line looks like a credential report header. */
export function looksLikeCredentialReport(text: string): boolean {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const cols = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return cols.includes('user') && cols.some((c) => c === 'password_enabled' || c === 'access_key_1_active' || c === 'arn');
}

function boolCell(raw: string | undefined, present: boolean): { cell: BoolCell; bad: boolean } {
  if (!present || raw === undefined) return { cell: { kind: 'missing' }, bad: false };
  const t = raw.trim();
  if (t === '') return { cell: { kind: 'empty', raw: '' }, bad: false };
  if (SENTINELS.has(t)) return { cell: { kind: t as 'N/A', raw }, bad: false };
  const l = t.toLowerCase();
  if (l === 'true') return { cell: { kind: 'value', value: true, raw }, bad: false };
  if (l === 'false') return { cell: { kind: 'value', value: false, raw }, bad: false };
  return { cell: { kind: 'invalid', raw }, bad: true };
}

interface DateRead {
  cell: DateCell;
  bad: boolean;
  zoneless: boolean;
}

function dateCell(raw: string | undefined, present: boolean): DateRead {
  if (!present || raw === undefined) return { cell: { kind: 'missing' }, bad: false, zoneless: false };
  const t = raw.trim();
  if (t === '') return { cell: { kind: 'empty', raw: '' }, bad: false, zoneless: false };
  if (SENTINELS.has(t)) return { cell: { kind: t as 'N/A', raw }, bad: false, zoneless: false };
  if (DATE_SHAPE.test(t)) {
    const p = parseUtc(t);
    if (p && !p.dateOnly) return { cell: { kind: 'value', value: p.ms, raw }, bad: false, zoneless: p.zoneless };
  }
  return { cell: { kind: 'invalid', raw }, bad: true, zoneless: false };
}

/**
 * Parses credential-report CSV text into the typed model. Never throws: every row or value
 * it cannot use becomes a problem naming the file and line.
 */
export function parseCredentialReport(text: string, opts: ParseReportOptions): ParseReportResult {
  const problems: Problem[] = [];
  const input = opts.input;
  const clean = text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(clean, { skipEmptyLines: 'greedy' });
  const data = parsed.data;
  if (data.length === 0) {
    problems.push({ input, severity: 'error', message: 'The credential report is empty.' });
    return { problems, skipped: 0 };
  }
  const header = (data[0] ?? []).map((h) => h.trim().toLowerCase());
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  if (!index.has('user')) {
    problems.push({ input, line: 1, severity: 'error', message: 'Not a credential report: there is no "user" column in the header.' });
    return { problems, skipped: data.length - 1 };
  }
  const known = new Set<string>(REPORT_COLUMNS);
  const missingColumns = REPORT_COLUMNS.filter((c) => !index.has(c));
  const extraColumns = header.filter((h) => h !== '' && !known.has(h));
  if (missingColumns.length > 0) {
    problems.push({
      input,
      line: 1,
      severity: 'warning',
      message: `Columns missing from the report: ${missingColumns.join(', ')}. Checks that need them report NEEDS_EVIDENCE.`,
    });
  }
  if (extraColumns.length > 0) {
    problems.push({ input, line: 1, severity: 'info', message: `Extra columns kept but not used: ${extraColumns.join(', ')}.` });
  }

  // PapaParse does not report physical line numbers; track them from the row errors and
  // newlines inside quoted cells. Rows are one line each unless a cell holds a newline.
  const rows: ReportRow[] = [];
  const seenUsers = new Map<string, number>();
  let skipped = 0;
  let zonelessDates = 0;
  let firstZonelessLine = 0;
  let badValues = 0;
  let line = 1 + countNewlines(data[0] ?? []);
  const has = (c: ReportColumn) => index.has(c);
  const width = header.length;
  const accountIds = new Set<string>();
  let partition: string | undefined;
  let sawZ = false;
  let sawOffset = false;

  for (let r = 1; r < data.length; r++) {
    const cells = data[r] ?? [];
    line += 1;
    const rowLine = line;
    line += countNewlines(cells);
    if (cells.length === 1 && (cells[0] ?? '').trim() === '') continue;
    if (cells.length !== width) {
      problems.push({
        input,
        line: rowLine,
        severity: 'warning',
        message: `Row has ${cells.length} fields, the header has ${width}; read by position as far as it goes.`,
      });
    }
    const get = (c: string): string | undefined => {
      const i = index.get(c);
      return i === undefined ? undefined : cells[i];
    };
    const user = (get('user') ?? '').trim();
    if (user === '') {
      skipped++;
      problems.push({ input, line: rowLine, severity: 'warning', message: 'Row without a user name skipped.' });
      continue;
    }
    const arnText = get('arn')?.trim();
    let arn: string | undefined;
    if (arnText) {
      const m = ARN_RE.exec(arnText);
      if (m) {
        arn = arnText;
        accountIds.add(m[2] as string);
        partition ??= m[1];
      } else {
        problems.push({ input, line: rowLine, severity: 'warning', message: `Column arn: "${clip(arnText)}" is not an IAM user or root ARN.` });
      }
    }
    const bools = {} as Record<BooleanColumn, BoolCell>;
    for (const c of BOOLEAN_COLUMNS) {
      const { cell, bad } = boolCell(get(c), has(c));
      bools[c] = cell;
      if (bad) {
        badValues++;
        problems.push({ input, line: rowLine, severity: 'warning', message: `Column ${c}: "${clip(cell.kind === 'invalid' ? cell.raw : '')}" is not true/false.` });
      }
    }
    const dates = {} as Record<DateColumn, DateCell>;
    for (const c of DATE_COLUMNS) {
      const d = dateCell(get(c), has(c));
      dates[c] = d.cell;
      if (d.bad) {
        badValues++;
        problems.push({ input, line: rowLine, severity: 'warning', message: `Column ${c}: "${clip(d.cell.kind === 'invalid' ? d.cell.raw : '')}" is not a date or a known sentinel.` });
      } else if (d.zoneless) {
        zonelessDates++;
        firstZonelessLine ||= rowLine;
      } else if (d.cell.kind === 'value') {
        if (d.cell.raw.endsWith('Z')) sawZ = true;
        else sawOffset = true;
      }
    }
    const raw: Record<string, string> = {};
    header.forEach((h, i) => {
      if (h !== '') raw[h] = cells[i] ?? '';
    });
    const isRoot = user === ROOT_USER;
    const row: ReportRow = { line: rowLine, user, isRoot, bools, dates, raw };
    if (arn !== undefined) row.arn = arn;
    const prev = seenUsers.get(user);
    if (prev !== undefined) {
      problems.push({ input, line: rowLine, severity: 'warning', message: `Duplicate row for user "${clip(user)}" (first on line ${prev}); both are kept and evaluated.` });
    } else {
      seenUsers.set(user, rowLine);
    }
    rows.push(row);
  }
  void badValues;
  if (zonelessDates > 0) {
    problems.push({
      input,
      line: firstZonelessLine,
      severity: 'warning',
      message: `${zonelessDates} timestamp(s) carry no time zone (rewritten by a spreadsheet?); they were read as UTC.`,
    });
  }
  for (const e of parsed.errors) {
    if (e.code === 'UndetectableDelimiter') continue;
    problems.push({ input, severity: 'warning', message: `CSV: ${e.message}${e.row !== undefined ? ` (record ${e.row + 1})` : ''}.` });
  }
  if (accountIds.size > 1) {
    problems.push({ input, severity: 'warning', message: `ARNs name ${accountIds.size} accounts (${[...accountIds].join(', ')}); the first is used for the whole file.` });
  }
  const roots = rows.filter((r) => r.isRoot);
  const root = roots[0];
  if (!root) {
    problems.push({
      input,
      severity: 'warning',
      message: 'The report has no <root_account> row: every root check needs evidence. Download the report from the account itself (it always includes root).',
    });
  }
  let accountId: string | null = [...accountIds][0] ?? null;
  if (root?.arn) accountId = ARN_RE.exec(root.arn)?.[2] ?? accountId;
  if (accountId === null && rows.length > 0) {
    problems.push({
      input,
      severity: 'warning',
      message: 'No ARN column or ARN values: the account is unknown. Results are grouped under "account unknown".',
    });
  }
  let formatGeneration: CredentialReport['formatGeneration'] = 'unknown';
  const rootPw = root?.bools.password_enabled;
  if (rootPw?.kind === 'not_supported' || (sawOffset && !sawZ)) formatGeneration = 'legacy';
  if (rootPw?.kind === 'value' || (sawZ && !sawOffset)) formatGeneration = '2025';

  const report: CredentialReport = {
    input,
    format: opts.format,
    accountId,
    columns: header,
    missingColumns,
    extraColumns,
    rows,
    users: rows.filter((r) => !r.isRoot),
    formatGeneration,
  };
  if (root) report.root = root;
  if (partition !== undefined) report.partition = partition;
  if (opts.generatedTime !== undefined) report.generatedTime = opts.generatedTime;
  if (opts.fileTime !== undefined) report.fileTime = opts.fileTime;
  return { report, problems, skipped };
}

function countNewlines(cells: string[]): number {
  let n = 0;
  for (const c of cells) {
    if (c.length > 0 && (c.includes('\n') || c.includes('\r'))) n += (c.match(/\r\n|\r|\n/g) ?? []).length;
  }
  return n;
}

/** Shortens a value quoted in a message so a huge cell cannot flood the problems list. */
export function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
