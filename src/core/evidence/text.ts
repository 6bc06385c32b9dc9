// The CLI's default output: a header (tool, as-of and its source, inputs with SHA-256), a verdict
// line per account, a plain table of findings, the counts line ("Summary:") and the problems. Control
// characters from the inputs are shown as \xNN so a crafted user agent cannot drive the terminal.
import type { AuditResult, Status } from '../types';
import { changesSummary } from '../changes';
import { AS_OF_SOURCE_LABEL } from '../labels';
import { accountLabel, failSeverityLine, sortedFindings, statusLine } from './common';
import { maxOf, pushAll } from '../arrays';
import { visibleText } from '../text';

/** Replaces C0/C1 control characters (ESC, BEL, CR, ...) and line breaks with visible escapes. */
export function termSafe(text: string): string {
  // Bidi overrides and zero-width characters too, shown as \uXXXX: a name must not pass for another.
  return visibleText(text).replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => (c === '\n' ? ' ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

export interface TextOptions {
  /** Leave PASS and NOT_APPLICABLE rows out of the table (the counts line still counts them). */
  hidePassing?: boolean;
  /** Widest a RESOURCE or ACCOUNT cell may be before it is cut with "…" (default 40). */
  maxCellWidth?: number;
}

const HIDDEN: ReadonlySet<Status> = new Set(['PASS', 'NOT_APPLICABLE']);

function fit(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function renderTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, maxOf(rows.map((r) => (r[i] ?? '').length), 0)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

export function toText(result: AuditResult, opts: TextOptions = {}): string {
  const max = opts.maxCellWidth ?? 40;
  const out: string[] = [];
  const t = result.tool;
  out.push(termSafe(`${t.name} ${t.version} (build ${t.build})`));
  out.push(termSafe(`As of ${result.asOf.time} (${AS_OF_SOURCE_LABEL[result.asOf.source]}); evaluated ${result.evaluatedAt}; windows ${result.windows.join(', ')} days`));
  out.push('');
  // What changed comes first: since the previous audit, then between two reports of one account.
  const c = result.changes;
  if (c) {
    out.push(termSafe(`Changes since ${c.baseline.asOf} (previous audit ${c.baseline.input}): ${changesSummary(c)}`));
    if (c.accountsOnlyInBaseline.length > 0) out.push(termSafe(`  Only in the previous audit, not compared: ${c.accountsOnlyInBaseline.map(accountLabel).join(', ')}`));
    for (const i of c.items) out.push(termSafe(`  ${i.severity.padEnd(8)}  ${i.text}`));
    out.push('');
  }
  for (const d of result.reportChanges ?? []) {
    out.push(termSafe(`Credential report changes, account ${accountLabel(d.accountId)}: ${d.older.input} (${d.older.time ?? 'time unknown'}) -> ${d.newer.input} (${d.newer.time ?? 'time unknown'}): ${d.changes.length === 0 ? 'none' : `${d.changes.length}`}`));
    for (const rc of d.changes) out.push(termSafe(`  ${rc.text}`));
    out.push('');
  }
  if (result.inputs.length === 0) out.push('Inputs: none');
  else {
    out.push('Inputs:');
    for (const i of result.inputs) {
      const accounts = i.accountIds.length > 0 ? `, account ${i.accountIds.join(', ')}` : '';
      out.push(termSafe(`  ${i.name}  ${i.kind}/${i.format}, ${i.records} records${i.skipped ? `, ${i.skipped} skipped` : ''}, ${i.bytes} bytes${accounts}`));
      out.push(`    sha256 ${i.sha256}`);
    }
  }
  out.push('');
  for (const a of result.accounts) {
    const asOf = a.asOf.time === result.asOf.time ? '' : ` (as of ${a.asOf.time}, ${AS_OF_SOURCE_LABEL[a.asOf.source]})`;
    out.push(termSafe(`Account ${accountLabel(a.accountId)}${a.name ? ` (${a.name})` : ''}: ${a.verdict}${asOf}`));
  }
  if (result.accounts.length > 0) out.push('');

  const rows = sortedFindings(result.findings)
    .filter((f) => !(opts.hidePassing && HIDDEN.has(f.status)))
    .map((f) => [
      f.status,
      f.severity,
      f.window !== undefined ? `${f.ruleId} (${f.window}d)` : f.ruleId,
      fit(accountLabel(f.accountId), max),
      fit(f.resource, max),
      f.exception ? `${f.message} [excepted: ${f.exception.owner} until ${f.exception.expires}${f.exception.ticket ? `, ${f.exception.ticket}` : ''}]` : f.message,
    ].map(termSafe));
  if (rows.length > 0) pushAll(out, renderTable(['STATUS', 'SEVERITY', 'RULE', 'ACCOUNT', 'RESOURCE', 'MESSAGE'], rows));
  else out.push(result.findings.length === 0 ? 'No findings.' : 'No failing, excepted or undecided findings.');
  out.push('');
  out.push(`Summary: ${statusLine(result)}; failing by severity: ${failSeverityLine(result)}`);
  if (result.problems.length > 0) {
    out.push('');
    out.push(`Problems (${result.problems.length}):`);
    for (const p of result.problems) {
      const where = `${p.input}${p.line !== undefined ? `:${p.line}` : ''}${p.record !== undefined ? ` #${p.record}` : ''}`;
      out.push(termSafe(`  ${p.severity.padEnd(7)}  ${where}: ${p.message}`));
    }
  }
  return `${out.join('\n')}\n`;
}
