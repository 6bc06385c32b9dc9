// The Markdown report, to paste into a ticket or wiki page: as-of and its source, the inputs with
// their SHA-256, a verdict per account, and the findings (FAIL, EXCEPTED, NEEDS_EVIDENCE first).
// Every value from the inputs is escaped: HTML, pipes, brackets, backslashes and line breaks, so
// a user name or a CloudTrail user agent can neither break a table nor inject markup.
import { changesSummary } from '../changes';
import { SEVERITIES, type AuditChanges, type AuditResult, type Finding, type FindingChange, type ReportDiff, type Severity } from '../types';
import { AS_OF_SOURCE_LABEL } from '../labels';
import { accountLabel, evidenceLine, failSeverityLine, sortedFindings, statusLine } from './common';
import { pushAll } from '../arrays';

/** Escapes text for a Markdown table cell or inline text (also used for headings and lists). */
export function mdEscape(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\[/g, '\\[')
    .replace(/\]/g, '\\]')
    .replace(/`/g, '\\`')
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

const cell = (v: string | number | null | undefined): string => (v === null || v === undefined || v === '' ? '' : mdEscape(String(v)));

function table(header: string[], rows: (string | number | null | undefined)[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

const ACTIONABLE = new Set(['FAIL', 'EXCEPTED', 'NEEDS_EVIDENCE']);

function exceptionCell(f: Finding): string {
  const e = f.exception;
  if (!e) return '';
  return `${e.owner}, until ${e.expires}${e.ticket ? `, ${e.ticket}` : ''}: ${e.justification}`;
}

const changeWord: Record<FindingChange['change'], string> = {
  new: 'new',
  'exception-ended': 'failing again (exception ended)',
  'still-failing': 'still failing',
  'status-changed': 'status changed',
  'exception-added': 'newly excepted',
  resolved: 'resolved',
};

/** "## Changes since <as-of>": counts, then one row per change. */
export function changesMarkdown(c: AuditChanges): string[] {
  const out = [`## Changes since ${mdEscape(c.baseline.asOf)}`, ''];
  out.push(`Compared with the previous audit ${mdEscape(c.baseline.input)} (as of ${mdEscape(c.baseline.asOf)}, evaluated ${mdEscape(c.baseline.evaluatedAt)}, ${mdEscape(c.baseline.tool.name)} ${mdEscape(c.baseline.tool.version)}). Findings are matched by account, rule, window and resource.`);
  out.push('');
  out.push(`- **Changes:** ${mdEscape(changesSummary(c))}`);
  if (c.accountsNew.length > 0) out.push(`- **Accounts not in the previous audit:** ${mdEscape(c.accountsNew.map(accountLabel).join(', '))}`);
  if (c.accountsOnlyInBaseline.length > 0) out.push(`- **Accounts only in the previous audit (not compared):** ${mdEscape(c.accountsOnlyInBaseline.map(accountLabel).join(', '))}`);
  out.push('');
  if (c.items.length === 0) out.push('No finding changed status.');
  else
    out.push(
      table(
        ['Change', 'Severity', 'Rule', 'Window', 'Account', 'Resource', 'Before', 'Now', 'Failing since', 'What'],
        c.items.map((i) => [
          changeWord[i.change],
          i.severity,
          i.ruleId,
          i.window !== undefined ? `${i.window} d` : '',
          accountLabel(i.accountId),
          i.resource,
          i.before ?? 'not reported',
          i.after ?? 'not reported',
          i.failingSince !== undefined ? `${i.failingSince} (${i.failingDays ?? 0} d)` : '',
          i.text,
        ]),
      ),
    );
  out.push('');
  return out;
}

/** "## Credential report changes": per account, what changed between two of its reports. */
export function reportChangesMarkdown(diffs: readonly ReportDiff[]): string[] {
  const out = ['## Credential report changes', ''];
  for (const d of diffs) {
    out.push(`### ${mdEscape(accountLabel(d.accountId))}: ${mdEscape(d.older.input)} (${mdEscape(d.older.time ?? 'time unknown')}) → ${mdEscape(d.newer.input)} (${mdEscape(d.newer.time ?? 'time unknown')})`);
    out.push('');
    if (d.changes.length === 0) out.push('Nothing changed between the two reports.');
    else out.push(table(['Change', 'User', 'Cells', 'What'], d.changes.map((c) => [c.change, c.user, c.cells.join('; '), c.text])));
    out.push('');
  }
  return out;
}

export interface MarkdownOptions {
  /** Also list PASS and NOT_APPLICABLE findings (default true: the table is the record). */
  includePassing?: boolean;
}

export function toMarkdown(result: AuditResult, opts: MarkdownOptions = {}): string {
  const includePassing = opts.includePassing ?? true;
  const out: string[] = [];
  const accounts = result.accounts.map((a) => accountLabel(a.accountId));
  out.push(`# credaudit: AWS root credential audit${accounts.length > 0 ? ` — ${mdEscape(accounts.join(', '))}` : ''}`);
  out.push('');
  out.push(`- **As of:** ${mdEscape(result.asOf.time)} (${AS_OF_SOURCE_LABEL[result.asOf.source]})`);
  out.push(`- **Evaluated:** ${mdEscape(result.evaluatedAt)}`);
  out.push(`- **Windows:** ${result.windows.join(', ')} days`);
  out.push(`- **Tool:** ${mdEscape(`${result.tool.name} ${result.tool.version} (build ${result.tool.build})`)}`);
  out.push(`- **Findings:** ${statusLine(result)}`);
  out.push(`- **Failing by severity:** ${failSeverityLine(result)}`);
  if (result.manifestSha256) out.push(`- **Evidence manifest SHA-256:** \`${mdEscape(result.manifestSha256)}\``);
  out.push('');
  // What changed comes first: since the previous audit, then between two reports of one account.
  if (result.changes) pushAll(out, changesMarkdown(result.changes));
  if (result.reportChanges) pushAll(out, reportChangesMarkdown(result.reportChanges));

  out.push('## Inputs');
  out.push('');
  if (result.inputs.length === 0) out.push('No inputs.');
  else
    out.push(
      table(
        ['File', 'Kind', 'Format', 'Records', 'Skipped', 'Bytes', 'Accounts', 'SHA-256'],
        result.inputs.map((i) => [i.name, i.kind, i.format, i.records, i.skipped, i.bytes, i.accountIds.join(', '), i.sha256]),
      ),
    );
  out.push('');

  out.push('## Verdict per account');
  out.push('');
  if (result.accounts.length === 0) out.push('No account could be identified in the inputs.');
  else {
    const failCount = (id: string | null, s: Severity) => result.findings.filter((f) => f.accountId === id && f.status === 'FAIL' && f.severity === s).length;
    out.push(
      table(
        ['Account', 'As of', 'As-of source', 'Verdict', ...SEVERITIES.map((s) => `FAIL ${s}`), 'Excepted', 'Needs evidence'],
        result.accounts.map((a) => [
          `${accountLabel(a.accountId)}${a.name ? ` (${a.name})` : ''}`,
          a.asOf.time,
          AS_OF_SOURCE_LABEL[a.asOf.source],
          a.verdict,
          ...SEVERITIES.map((s) => failCount(a.accountId, s)),
          result.findings.filter((f) => f.accountId === a.accountId && f.status === 'EXCEPTED').length,
          result.findings.filter((f) => f.accountId === a.accountId && f.status === 'NEEDS_EVIDENCE').length,
        ]),
      ),
    );
  }
  out.push('');

  const sorted = sortedFindings(result.findings).filter((f) => includePassing || ACTIONABLE.has(f.status));
  out.push('## Findings');
  out.push('');
  if (sorted.length === 0) out.push('No findings.');
  else
    out.push(
      table(
        ['Status', 'Severity', 'Rule', 'Window', 'Account', 'Resource', 'Message', 'Evidence', 'Exception'],
        sorted.map((f) => [
          f.status === 'EXCEPTED' ? `EXCEPTED (was ${f.underlyingStatus ?? 'FAIL'})` : f.status,
          f.severity,
          f.ruleId,
          f.window !== undefined ? `${f.window} d` : '',
          accountLabel(f.accountId),
          f.resource,
          f.message,
          evidenceLine(f.evidence),
          exceptionCell(f),
        ]),
      ),
    );
  out.push('');

  if (result.problems.length > 0) {
    out.push('## Problems');
    out.push('');
    for (const p of result.problems) {
      const where = `${p.input}${p.line !== undefined ? `:${p.line}` : ''}${p.record !== undefined ? ` #${p.record}` : ''}`;
      out.push(`- **${p.severity}** ${mdEscape(where)}: ${mdEscape(p.message)}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
