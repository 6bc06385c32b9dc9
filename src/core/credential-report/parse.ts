import Papa from 'papaparse';
import { clip } from '../text';
import { parseCanonicalUtc, parseUtc } from '../time';
import type { Problem } from '../types';
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

/** Most user rows read from one report: beyond it the file is refused, not half-read (memory stays bounded). */
export const MAX_REPORT_ROWS = 50_000;

/** Problems named one by one per reason before the rest of that reason are only counted. */
export const MAX_PROBLEMS_PER_REASON = 10;

/**
 * Row problems, capped per reason: the first few are listed with their lines, the rest are counted
 * in one closing problem (6,500 bad rows must not make 100,000 problems).
 */
class RowProblems {
  private readonly counts = new Map<string, { label: string; count: number; severity: Problem['severity'] }>();
  constructor(
    private readonly input: string,
    private readonly out: Problem[],
  ) {}

  /** `reason` groups problems of one kind; `label` says it in the closing count. */
  add(reason: string, label: string, p: Omit<Problem, 'input'>): void {
    let c = this.counts.get(reason);
    if (!c) {
      c = { label, count: 0, severity: p.severity };
      this.counts.set(reason, c);
    }
    c.count++;
    if (c.count <= MAX_PROBLEMS_PER_REASON) this.out.push({ input: this.input, ...p });
  }

  /** The closing counts, one problem per reason that passed the cap. */
  finish(): void {
    for (const c of this.counts.values()) {
      if (c.count <= MAX_PROBLEMS_PER_REASON) continue;
      const more = c.count - MAX_PROBLEMS_PER_REASON;
      this.out.push({ input: this.input, severity: c.severity, message: `…and ${count(more)} more row${more === 1 ? '' : 's'} like this (${c.label}); ${count(c.count)} in all.` });
    }
  }
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The delimiter of a report's header line: comma, or tab / semicolon as spreadsheets save; undefined when none gives report columns. */
function headerDelimiter(firstLine: string): string | undefined {
  for (const d of [',', '\t', ';']) {
    const cols = firstLine.split(d).map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
    if (cols.includes('user') && cols.some((c) => c === 'password_enabled' || c === 'access_key_1_active' || c === 'arn')) return d;
  }
  return undefined;
}

/** The first non-blank line of the text's head (a BOM and blank lines before the header skipped). */
function firstLineOf(text: string): string {
  const head = text.slice(text.charCodeAt(0) === 0xfeff ? 1 : 0, 8192).replace(/^\s+/, '');
  // Two string searches: a regex for [\r\n] over a head without line breaks (a JSON log) cost more.
  const lf = head.indexOf('\n');
  const cr = head.indexOf('\r');
  const nl = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
  return nl === -1 ? head : head.slice(0, nl);
}

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
  // Look only at the head: splitting a 100 MB CloudTrail file to get its first line is costly.
  // Blank lines before the header are tolerated (the parser skips them too).
  const firstLine = firstLineOf(text);
  return hasUserCell(firstLine) && headerDelimiter(firstLine) !== undefined;
}

const USER_RE = /user/gi;
const SPACE_RE = /\s/;
const isDelimiter = (ch: string | undefined): boolean => ch === ',' || ch === '\t' || ch === ';';

/**
 * The line has a cell that headerDelimiter reads as `user`: white space, an optional quote, `user`
 * in any case, an optional quote, white space, between delimiters or line ends (`\s` is what trim()
 * removes). Every header headerDelimiter accepts has one and a JSON log's line almost never does,
 * so the split of an 8 KB head per JSON file is left to the rare line that has. Looked for around
 * each `user` only (a fast string search), not by a regex tried at every position.
 */
function hasUserCell(line: string): boolean {
  USER_RE.lastIndex = 0;
  for (let m = USER_RE.exec(line); m !== null; m = USER_RE.exec(line)) {
    // A tab is both white space and a delimiter: meeting any delimiter ends the cell.
    let a = m.index - 1;
    if (line[a] === '"') a--;
    while (a >= 0 && !isDelimiter(line[a]) && SPACE_RE.test(line[a] as string)) a--;
    if (a >= 0 && !isDelimiter(line[a])) continue;
    let z = m.index + 4;
    if (line[z] === '"') z++;
    while (z < line.length && !isDelimiter(line[z]) && SPACE_RE.test(line[z] as string)) z++;
    if (z === line.length || isDelimiter(line[z])) return true;
  }
  return false;
}

// Cells that are exactly a sentinel or a lowercase boolean are shared, read-only objects: a
// 5,000-user report has ~80,000 such cells and allocating each one dominated parse time.
const MISSING = Object.freeze({ kind: 'missing' }) as BoolCell & DateCell;
const EMPTY = Object.freeze({ kind: 'empty', raw: '' }) as BoolCell & DateCell;
const SHARED: ReadonlyMap<string, BoolCell & DateCell> = new Map(
  ['N/A', 'no_information', 'not_supported'].map((k) => [k, Object.freeze({ kind: k, raw: k }) as BoolCell & DateCell]),
);
const TRUE_CELL: BoolCell = Object.freeze({ kind: 'value', value: true, raw: 'true' });
const FALSE_CELL: BoolCell = Object.freeze({ kind: 'value', value: false, raw: 'false' });

function boolCell(raw: string | undefined): BoolCell {
  if (raw === undefined) return MISSING;
  if (raw === 'true') return TRUE_CELL;
  if (raw === 'false') return FALSE_CELL;
  const shared = SHARED.get(raw);
  if (shared) return shared;
  const t = raw.trim();
  if (t === '') return EMPTY;
  if (SENTINELS.has(t)) return { kind: t as 'N/A', raw };
  const l = t.toLowerCase();
  if (l === 'true') return { kind: 'value', value: true, raw };
  if (l === 'false') return { kind: 'value', value: false, raw };
  return { kind: 'invalid', raw };
}

/** Reads a date cell; `zoneless` is set when the text carried no zone and was read as UTC. */
function dateCell(raw: string | undefined, flags: { zoneless: boolean }): DateCell {
  flags.zoneless = false;
  if (raw === undefined) return MISSING;
  const shared = SHARED.get(raw);
  if (shared) return shared;
  // The bulk of every report is in the two shapes AWS writes; anything else (a spreadsheet's rewrite) takes the general parser.
  const fast = parseCanonicalUtc(raw);
  if (fast !== undefined) return { kind: 'value', value: fast, raw };
  const t = raw.trim();
  if (t === '') return EMPTY;
  if (SENTINELS.has(t)) return { kind: t as 'N/A', raw };
  const p = parseUtc(t);
  if (p && !p.dateOnly) {
    flags.zoneless = p.zoneless;
    return { kind: 'value', value: p.ms, raw };
  }
  return { kind: 'invalid', raw };
}

/**
 * Parses credential-report CSV text into the typed model. Never throws: every row or value
 * it cannot use becomes a problem naming the file and line.
 */
export function parseCredentialReport(text: string, opts: ParseReportOptions): ParseReportResult {
  const problems: Problem[] = [];
  const input = opts.input;
  const clean = text.replace(/^\uFEFF/, '');
  // Blank lines are kept (not skipped by PapaParse) so that every physical line is counted and
  // the line numbers cited as evidence stay right after blank or whitespace-only lines. Records
  // past the row limit (and some blank lines) are not even parsed: a million-row file is refused
  // after reading MAX_REPORT_ROWS of them. The delimiter is the header's (a tab in Excel's
  // "Unicode text"), never guessed from the data.
  const papaOptions: Papa.ParseConfig = { skipEmptyLines: false, preview: MAX_REPORT_ROWS + 1000 };
  const delimiter = headerDelimiter(firstLineOf(clean));
  if (delimiter !== undefined) papaOptions.delimiter = delimiter;
  const isBlank = (cells: string[] | undefined): boolean => (cells ?? []).every((c) => c.trim() === '');
  // More non-blank records than the header and MAX_REPORT_ROWS users: refused.
  const tooMany = (data: string[][]): boolean => {
    let seen = 0;
    for (const cells of data) if (!isBlank(cells) && ++seen > MAX_REPORT_ROWS + 1) return true;
    return false;
  };
  let parsed = Papa.parse<string[]>(clean, papaOptions);
  // Cut at the preview and still within the limit: many blank lines; read it all.
  if (parsed.data.length === papaOptions.preview && !tooMany(parsed.data)) parsed = Papa.parse<string[]>(clean, { ...papaOptions, preview: 0 });
  if (tooMany(parsed.data)) {
    problems.push({
      input,
      severity: 'error',
      message: `The report has more than ${count(MAX_REPORT_ROWS)} user rows, the most credaudit reads from one report; it was not evaluated.`,
    });
    return { problems, skipped: 0 };
  }
  const data = parsed.data;
  let headerAt = 0;
  while (headerAt < data.length && isBlank(data[headerAt])) headerAt++;
  if (headerAt >= data.length) {
    problems.push({ input, severity: 'error', message: 'The credential report is empty.' });
    return { problems, skipped: 0 };
  }
  const header = (data[headerAt] ?? []).map((h) => h.trim().toLowerCase());
  const headerLine = headerAt + 1;
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  if (!index.has('user')) {
    problems.push({ input, line: headerLine, severity: 'error', message: 'Not a credential report: there is no "user" column in the header.' });
    return { problems, skipped: data.length - 1 - headerAt };
  }
  const known = new Set<string>(REPORT_COLUMNS);
  const missingColumns = REPORT_COLUMNS.filter((c) => !index.has(c));
  const extraColumns = header.filter((h) => h !== '' && !known.has(h));
  if (missingColumns.length > 0) {
    problems.push({
      input,
      line: headerLine,
      severity: 'warning',
      message: `Columns missing from the report: ${missingColumns.join(', ')}. Checks that need them report NEEDS_EVIDENCE.`,
    });
  }
  if (extraColumns.length > 0) {
    problems.push({ input, line: headerLine, severity: 'info', message: `Extra columns kept but not used: ${extraColumns.join(', ')}.` });
  }

  // PapaParse does not report physical line numbers; track them from the row errors and
  // newlines inside quoted cells. Rows are one line each unless a cell holds a newline.
  const rows: ReportRow[] = [];
  const seenUsers = new Map<string, number>();
  let skipped = 0;
  let zonelessDates = 0;
  let firstZonelessLine = 0;
  // Physical line where each data record starts (index into `data`), for PapaParse's errors too.
  const lineOfRecord = new Map<number, number>();
  let line = headerAt + 1 + countNewlines(data[headerAt] ?? []);
  lineOfRecord.set(headerAt, headerLine);
  // Column positions resolved once, not per row (-1 = column absent).
  const userIdx = index.get('user') ?? -1;
  const arnIdx = index.get('arn') ?? -1;
  const boolIdx = BOOLEAN_COLUMNS.map((c) => index.get(c) ?? -1);
  const dateIdx = DATE_COLUMNS.map((c) => index.get(c) ?? -1);
  const flags = { zoneless: false };
  const width = header.length;
  const accountIds = new Set<string>();
  const rowProblems = new RowProblems(input, problems);
  let partition: string | undefined;
  let sawZ = false;
  let sawOffset = false;

  for (let r = headerAt + 1; r < data.length; r++) {
    const cells = data[r] ?? [];
    line += 1;
    const rowLine = line;
    lineOfRecord.set(r, rowLine);
    line += countNewlines(cells);
    if (isBlank(cells)) continue;
    if (cells.length !== width) {
      rowProblems.add('width', `a number of fields other than the header's ${width}`, {
        line: rowLine,
        severity: 'warning',
        message: `Row has ${cells.length} fields, the header has ${width}; read by position as far as it goes.`,
      });
    }
    const user = (cells[userIdx] ?? '').trim();
    if (user === '') {
      skipped++;
      rowProblems.add('no-user', 'no user name: skipped', { line: rowLine, severity: 'warning', message: 'Row without a user name skipped.' });
      continue;
    }
    const arnText = arnIdx < 0 ? undefined : cells[arnIdx]?.trim();
    let arn: string | undefined;
    if (arnText) {
      const m = ARN_RE.exec(arnText);
      if (m) {
        arn = arnText;
        accountIds.add(m[2] as string);
        partition ??= m[1];
      } else {
        rowProblems.add('arn', 'column arn is not an IAM user or root ARN', { line: rowLine, severity: 'warning', message: `Column arn: "${clip(arnText)}" is not an IAM user or root ARN.` });
      }
    }
    const bools = {} as Record<BooleanColumn, BoolCell>;
    for (let b = 0; b < BOOLEAN_COLUMNS.length; b++) {
      const c = BOOLEAN_COLUMNS[b] as BooleanColumn;
      const at = boolIdx[b] as number;
      const cell = boolCell(at < 0 ? undefined : cells[at]);
      bools[c] = cell;
      if (cell.kind === 'invalid') {
        rowProblems.add(`bool:${c}`, `column ${c} is not true/false`, { line: rowLine, severity: 'warning', message: `Column ${c}: "${clip(cell.raw)}" is not true/false.` });
      }
    }
    const dates = {} as Record<DateColumn, DateCell>;
    for (let k = 0; k < DATE_COLUMNS.length; k++) {
      const c = DATE_COLUMNS[k] as DateColumn;
      const at = dateIdx[k] as number;
      const cell = dateCell(at < 0 ? undefined : cells[at], flags);
      dates[c] = cell;
      if (cell.kind === 'invalid') {
        rowProblems.add(`date:${c}`, `column ${c} is not a date or a known sentinel`, { line: rowLine, severity: 'warning', message: `Column ${c}: "${clip(cell.raw)}" is not a date or a known sentinel.` });
      } else if (flags.zoneless) {
        zonelessDates++;
        firstZonelessLine ||= rowLine;
      } else if (cell.kind === 'value') {
        if (cell.raw.endsWith('Z')) sawZ = true;
        else sawOffset = true;
      }
    }
    const isRoot = user === ROOT_USER;
    const row: ReportRow = { line: rowLine, user, isRoot, bools, dates, cells };
    if (arn !== undefined) row.arn = arn;
    const prev = seenUsers.get(user);
    if (prev !== undefined) {
      rowProblems.add('duplicate', 'a duplicate row of a user already listed; both kept and evaluated', {
        line: rowLine,
        severity: 'warning',
        message: `Duplicate row for user "${clip(user)}" (first on line ${prev}); both are kept and evaluated.`,
      });
    } else {
      seenUsers.set(user, rowLine);
    }
    rows.push(row);
  }
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
    const errLine = e.row !== undefined ? lineOfRecord.get(e.row) : undefined;
    const p: Omit<Problem, 'input'> = { severity: 'warning', message: `CSV: ${e.message}${e.row !== undefined ? ` (record ${e.row + 1})` : ''}.` };
    if (errLine !== undefined) p.line = errLine;
    rowProblems.add(`csv:${e.code}`, `CSV: ${e.message}`, p);
  }
  rowProblems.finish();
  if (accountIds.size > 1) {
    const ids = [...accountIds];
    const named = ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${count(ids.length - 5)} more` : ids.join(', ');
    problems.push({ input, severity: 'warning', message: `ARNs name ${count(ids.length)} accounts (${named}); the first is used for the whole file.` });
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
