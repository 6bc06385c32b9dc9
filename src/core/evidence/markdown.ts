// The Markdown summary, to paste into a ticket or wiki page: as-of and its source, the accounts
// roll-up with each verdict, the inputs with their SHA-256, failing findings one line each, checks
// needing evidence with each how-to once. Short on purpose (a few KB); the evidence JSON is the record.
// Every value from the inputs is escaped: HTML, pipes, brackets, backslashes and line breaks, so
// a user name or a CloudTrail user agent can neither break a table nor inject markup.
import { changesSummary } from '../changes';
import { SEVERITIES, type AuditChanges, type AuditResult, type Finding, type FindingChange, type ReportDiff } from '../types';
import { AS_OF_SOURCE_LABEL } from '../labels';
import { splitFirstSentence } from '../views/findings-query';
import { accountRollup, accountVerdicts } from '../views/rollup';
import { accountLabel, failSeverityLine, sortedFindings, statusLine } from './common';
import { pushAll } from '../arrays';
import { visibleText } from '../text';

/** Escapes text for a Markdown table cell or inline text (also used for headings and lists). */
export function mdEscape(text: string): string {
  // Bidi overrides and zero-width characters become visible \uXXXX first (then escaped like any text).
  return visibleText(text)
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

function exceptionCell(f: Finding): string {
  const e = f.exception;
  if (!e) return '';
  return `${e.owner}, until ${e.expires}${e.ticket ? `, ${e.ticket}` : ''}: ${e.justification}`;
}

export interface MarkdownOptions {
  /** Also list PASS and NOT_APPLICABLE findings (default false: a summary; the evidence JSON is the record). */
  includePassing?: boolean;
}

/** "Changes since <baseline as-of>": what moved since the previous audit (AuditResult.changes). */
function changesSection(changes: AuditChanges): string[] {
  const out: string[] = [];
  out.push(`## Changes since ${mdEscape(changes.baseline.asOf)}`);
  out.push('');
  out.push(`- **Previous audit:** ${mdEscape(changes.baseline.input)} (evaluated ${mdEscape(changes.baseline.evaluatedAt)})`);
  out.push(`- **Changes:** ${changesSummary(changes)}`);
  if (changes.accountsNew.length > 0) out.push(`- **Accounts new in this audit:** ${mdEscape(changes.accountsNew.map(accountLabel).join(', '))}`);
  if (changes.accountsOnlyInBaseline.length > 0) out.push(`- **Accounts only in the previous audit (not compared):** ${mdEscape(changes.accountsOnlyInBaseline.map(accountLabel).join(', '))}`);
  out.push('');
  if (changes.items.length > 0) {
    const since = (c: FindingChange) => (c.failingSince ? `${c.failingSince}${c.failingDays !== undefined ? ` (${c.failingDays} d)` : ''}` : '');
    out.push(
      table(
        ['Change', 'Severity', 'Rule', 'Window', 'Account', 'Resource', 'Before', 'After', 'Failing since', 'What'],
        changes.items.map((c) => [c.change, c.severity, c.ruleId, c.window !== undefined ? `${c.window} d` : '', accountLabel(c.accountId), c.resource, c.before ?? '', c.after ?? '', since(c), c.text]),
      ),
    );
    out.push('');
  }
  return out;
}

/** Two reports of one account in one audit: what changed between them (AuditResult.reportChanges). */
function reportChangesSection(diffs: readonly ReportDiff[]): string[] {
  const out: string[] = ['## Credential report changes', ''];
  for (const d of diffs) {
    const end = (e: { input: string; time?: string }) => `${e.input}${e.time ? ` (${e.time})` : ''}`;
    out.push(`Account ${mdEscape(accountLabel(d.accountId))}: ${mdEscape(end(d.older))} → ${mdEscape(end(d.newer))}`);
    out.push('');
    out.push(d.changes.length === 0 ? 'No change.' : table(['Change', 'User', 'Cells', 'What'], d.changes.map((c) => [c.change, c.user, c.cells.join('; '), c.text])));
    out.push('');
  }
  return out;
}

/** Outcome sentences are cut here: the summary says what happened, the evidence JSON holds every cell. */
const OUTCOME_MAX = 100;
/** IAM user names cannot hold a space, so this never names a user. */
const resourceText = (r: string): string => (r === '<root_account>' ? 'root user' : r);
const PROBLEMS_MAX = 20;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The outcome of a finding in one sentence (its message's first sentence, clipped). */
const outcome = (f: Finding): string => clip(splitFirstSentence(f.message).lead, OUTCOME_MAX);

/**
 * A short Markdown summary to paste into a ticket or wiki page: the verdict per account, the accounts
 * roll-up, the inputs with their SHA-256, the failing and excepted findings (one line each), the
 * checks that need evidence grouped by check with each how-to written once, and the problems.
 * Every cited cell is in the evidence JSON, which this summary points to.
 */
export function toMarkdown(result: AuditResult, opts: MarkdownOptions = {}): string {
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

  if (result.changes) pushAll(out, changesSection(result.changes));
  if (result.reportChanges && result.reportChanges.length > 0) pushAll(out, reportChangesSection(result.reportChanges));

  // The same table leads every summary: the page's verdict band and roll-up.
  out.push('## Accounts at a glance');
  out.push('');
  if (result.accounts.length === 0) out.push('No account could be identified in the inputs.');
  else {
    const rollup = accountRollup(result);
    const verdicts = new Map(accountVerdicts(result).map((v) => [v.accountId, v]));
    out.push(
      table(
        ['Account', 'As of', 'Verdict', ...rollup.columns.map((c) => c.label), ...SEVERITIES.filter((s) => s !== 'info').map((s) => `FAIL ${s}`)],
        rollup.rows.map((r) => [
          `${accountLabel(r.accountId)}${r.name ? ` (${r.name})` : ''}`,
          `${r.asOf.time} (${AS_OF_SOURCE_LABEL[r.asOf.source]})`,
          verdicts.get(r.accountId)?.headline ?? '',
          ...r.cells.map((c) => c.status ?? '—'),
          ...SEVERITIES.filter((s) => s !== 'info').map((s) => r.failBySeverity[s]),
        ]),
      ),
    );
  }
  out.push('');

  out.push('## Inputs');
  out.push('');
  if (result.inputs.length === 0) out.push('No inputs.');
  else
    out.push(
      table(
        ['File', 'Kind', 'Records', 'Bytes', 'Accounts', 'SHA-256'],
        result.inputs.map((i) => [i.name, i.kind, i.records, i.bytes, i.accountIds.join(', '), i.sha256]),
      ),
    );
  out.push('');

  const sorted = sortedFindings(result.findings);
  const failing = sorted.filter((f) => f.status === 'FAIL' || f.status === 'EXCEPTED');
  out.push('## Failing and excepted findings');
  out.push('');
  if (failing.length === 0) out.push('None.');
  else
    out.push(
      table(
        ['Status', 'Severity', 'Rule', 'Window', 'Account', 'Resource', 'Outcome', 'Exception'],
        failing.map((f) => [
          f.status === 'EXCEPTED' ? `EXCEPTED (was ${f.underlyingStatus ?? 'FAIL'})` : f.status,
          f.severity,
          f.ruleId,
          f.window !== undefined ? `${f.window} d` : '',
          accountLabel(f.accountId),
          resourceText(f.resource),
          outcome(f),
          exceptionCell(f),
        ]),
      ),
    );
  out.push('');

  // Needs evidence: one row per check, the accounts it concerns, and each distinct how-to once.
  const needs = sorted.filter((f) => f.status === 'NEEDS_EVIDENCE');
  out.push('## Checks that need evidence');
  out.push('');
  if (needs.length === 0) out.push('None.');
  else {
    const byRule = new Map<string, Finding[]>();
    for (const f of needs) {
      const list = byRule.get(f.ruleId);
      if (list) list.push(f);
      else byRule.set(f.ruleId, [f]);
    }
    const howTos = new Map<string, string[]>();
    const rows: (string | number)[][] = [];
    for (const [ruleId, list] of byRule) {
      const first = list[0] as Finding;
      const leads = [...new Set(list.map((f) => splitFirstSentence(f.message).lead.split(f.accountId ?? '\u0000').join('ACCOUNT_ID')))];
      rows.push([first.severity, ruleId, [...new Set(list.map((f) => accountLabel(f.accountId)))].join(', '), clip(leads[0] ?? '', OUTCOME_MAX) + (leads.length > 1 ? ` (+${leads.length - 1} other reasons)` : '')]);
      for (const f of list) {
        const rest = splitFirstSentence(f.message).rest.split(f.accountId ?? '\u0000').join('ACCOUNT_ID');
        if (rest === '') continue;
        const rules = howTos.get(rest);
        if (!rules) howTos.set(rest, [ruleId]);
        else if (!rules.includes(ruleId)) rules.push(ruleId);
      }
    }
    out.push(table(['Severity', 'Rule', 'Accounts', 'Why'], rows));
    if (howTos.size > 0) {
      out.push('');
      out.push('How to get the evidence:');
      out.push('');
      for (const [text, rules] of howTos) out.push(`- **${mdEscape(rules.join(', '))}:** ${mdEscape(text)}`);
    }
  }
  out.push('');

  if (opts.includePassing) {
    const rest = sorted.filter((f) => f.status === 'PASS' || f.status === 'NOT_APPLICABLE');
    out.push('## Passing and not applicable');
    out.push('');
    out.push(rest.length === 0 ? 'None.' : table(['Status', 'Severity', 'Rule', 'Window', 'Account', 'Resource', 'Outcome'], rest.map((f) => [f.status, f.severity, f.ruleId, f.window !== undefined ? `${f.window} d` : '', accountLabel(f.accountId), f.resource, outcome(f)])));
    out.push('');
  }

  if (result.problems.length > 0) {
    out.push('## Problems');
    out.push('');
    for (const p of result.problems.slice(0, PROBLEMS_MAX)) {
      const where = `${p.input}${p.line !== undefined ? `:${p.line}` : ''}${p.record !== undefined ? ` #${p.record}` : ''}`;
      out.push(`- **${p.severity}** ${mdEscape(where)}: ${mdEscape(p.message)}`);
    }
    if (result.problems.length > PROBLEMS_MAX) out.push(`- … and ${result.problems.length - PROBLEMS_MAX} more (every problem is in the evidence JSON).`);
    out.push('');
  }
  out.push(`Every finding with every cited cell (file, line or event, field, raw value, age) is in the evidence JSON export${result.manifestSha256 ? ' sealed by the manifest above' : ''}.`);
  return `${out.join('\n').trimEnd()}\n`;
}
