// JUnit XML for CI test tabs (GitLab, Jenkins, GitHub test reporters): one <testsuite> per account,
// one <testcase> per rule (and window) in it, whatever the number of users:
//   - any FAIL                  -> <failure>, listing each failing resource with its evidence;
//   - else any NEEDS_EVIDENCE   -> <skipped message="…why…">;
//   - else passes; EXCEPTED resources are noted in <system-out> (owner, expiry, justification).
// Test names never carry the change since the baseline (CI keys test history on names): a change is
// in the failure message and in <system-out>, and changed testcases come first in their suite. The
// suite's <properties> carry the as-of and the change counts; findings no longer reported are in
// the suite's <system-out>. Text is XML-escaped and characters XML 1.0 forbids are removed.
import type { AccountView, AuditResult, Finding, FindingChange } from '../types';
import { accountLabel, evidenceLine, findingsChangesFirst, stripControls, type FindingWithChange } from './common';

/** XML 1.0 text or attribute value: & < > " ' escaped, forbidden characters removed. */
export function xmlEscape(s: string): string {
  return stripControls(s)
    .replace(/[\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // A literal CR would be read back as a line feed (end-of-line handling); a reference keeps it.
    .replace(/\r/g, '&#13;');
}

/** An attribute; line breaks and tabs as character references, which attribute normalization keeps. */
const attr = (name: string, v: string | number) => ` ${name}="${xmlEscape(String(v)).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')}"`;

interface Case {
  name: string;
  classname: string;
  items: FindingWithChange[];
}

function line(f: Finding, change: FindingChange | undefined): string {
  const ev = evidenceLine(f.evidence);
  return `${f.status} ${f.resource}: ${f.message}${ev ? ` Evidence: ${ev}` : ''}${change ? ` [${change.text}]` : ''}`;
}

function exceptionLine(f: Finding): string {
  const x = f.exception;
  return x ? `EXCEPTED ${f.resource}: excepted by ${x.owner} until ${x.expires}${x.ticket ? ` (${x.ticket})` : ''}: ${x.justification}` : `EXCEPTED ${f.resource}`;
}

function caseXml(c: Case): string {
  const fails = c.items.filter((x) => x.finding.status === 'FAIL');
  const undecided = c.items.filter((x) => x.finding.status === 'NEEDS_EVIDENCE');
  const excepted = c.items.filter((x) => x.finding.status === 'EXCEPTED');
  const first = c.items[0]?.finding as Finding;
  const out: string[] = [];
  const open = `    <testcase${attr('name', c.name)}${attr('classname', c.classname)}${attr('time', 0)}`;
  out.push(`${open}>`);
  if (fails.length > 0) {
    const news = fails.filter((x) => x.change?.change === 'new' || x.change?.change === 'exception-ended').length;
    const who = fails.length === 1 ? (fails[0]?.finding.resource ?? '') : `${fails.length} of ${c.items.length} resources`;
    const message = `${first.severity}: ${who} ${fails.length === 1 ? 'fails' : 'fail'}${news > 0 ? ` (${news} new since the baseline)` : ''}: ${first.title}`;
    const body = [...fails.map((x) => line(x.finding, x.change)), ...undecided.map((x) => line(x.finding, x.change))].join('\n');
    out.push(`      <failure${attr('message', message)}${attr('type', first.severity)}>${xmlEscape(body)}</failure>`);
  } else if (undecided.length > 0) {
    const message = undecided.length === 1 ? (undecided[0]?.finding.message ?? '') : `${undecided.length} resources need evidence: ${undecided[0]?.finding.message ?? ''}`;
    out.push(`      <skipped${attr('message', message)}/>`);
  }
  const notes = [...excepted.map((x) => exceptionLine(x.finding)), ...c.items.filter((x) => x.change).map((x) => (x.change as FindingChange).text)];
  if (notes.length > 0) out.push(`      <system-out>${xmlEscape(notes.join('\n'))}</system-out>`);
  if (out.length === 1) return `${open}/>`;
  out.push('    </testcase>');
  return out.join('\n');
}

function suiteXml(result: AuditResult, accountId: string | null, account: AccountView | undefined, items: FindingWithChange[], index: number): { xml: string; tests: number; failures: number; skipped: number } {
  // Testcases by rule + window, in first-seen order (changed findings come first, so their cases do).
  const cases = new Map<string, Case>();
  for (const x of items) {
    const f = x.finding;
    const key = `${f.ruleId}\u0000${f.window ?? ''}`;
    let c = cases.get(key);
    if (!c) {
      c = { name: `${f.ruleId}${f.window !== undefined ? ` (${f.window} days)` : ''}: ${f.title}`, classname: `credaudit.${accountLabel(accountId).replace(/\s+/g, '-')}`, items: [] };
      cases.set(key, c);
    }
    c.items.push(x);
  }
  const list = [...cases.values()];
  const failures = list.filter((c) => c.items.some((x) => x.finding.status === 'FAIL')).length;
  const skipped = list.filter((c) => !c.items.some((x) => x.finding.status === 'FAIL') && c.items.some((x) => x.finding.status === 'NEEDS_EVIDENCE')).length;
  const props: [string, string][] = [
    ['account', accountLabel(accountId)],
    ['as-of', account?.asOf.time ?? result.asOf.time],
    ['verdict', account?.verdict ?? ''],
  ];
  const changes = result.changes;
  if (changes) {
    props.push(['changes-since', changes.baseline.asOf]);
    const mine = changes.items.filter((c) => c.accountId === accountId);
    for (const k of ['new', 'exception-ended', 'still-failing', 'status-changed', 'exception-added', 'resolved'] as const) props.push([`changes-${k}`, String(mine.filter((c) => c.change === k).length)]);
  }
  const out: string[] = [];
  out.push(
    `  <testsuite${attr('name', `AWS account ${accountLabel(accountId)}${account?.name ? ` (${account.name})` : ''}`)}${attr('id', index)}${attr('tests', list.length)}${attr('failures', failures)}${attr('errors', 0)}${attr('skipped', skipped)}${attr('time', 0)}${attr('timestamp', result.evaluatedAt.replace(/\.\d+Z$/, 'Z'))}>`,
  );
  out.push('    <properties>');
  for (const [name, value] of props) out.push(`      <property${attr('name', name)}${attr('value', value)}/>`);
  out.push('    </properties>');
  for (const c of list) out.push(caseXml(c));
  const gone = (changes?.items ?? []).filter((c) => c.after === undefined && c.accountId === accountId);
  if (gone.length > 0) out.push(`    <system-out>${xmlEscape(gone.map((c) => c.text).join('\n'))}</system-out>`);
  out.push('  </testsuite>');
  return { xml: out.join('\n'), tests: list.length, failures, skipped };
}

export function toJunit(result: AuditResult): string {
  const items = findingsChangesFirst(result);
  const byAccount = new Map<string | null, FindingWithChange[]>();
  for (const a of result.accounts) byAccount.set(a.accountId, []);
  for (const x of items) {
    const list = byAccount.get(x.finding.accountId);
    if (list) list.push(x);
    else byAccount.set(x.finding.accountId, [x]);
  }
  const accounts = new Map(result.accounts.map((a) => [a.accountId, a]));
  const suites = [...byAccount].map(([id, list], i) => suiteXml(result, id, accounts.get(id), list, i));
  const sum = (k: 'tests' | 'failures' | 'skipped') => suites.reduce((n, s) => n + s[k], 0);
  const head = `<testsuites${attr('name', `credaudit ${result.tool.version}: AWS root credential audit as of ${result.asOf.time}`)}${attr('tests', sum('tests'))}${attr('failures', sum('failures'))}${attr('errors', 0)}${attr('skipped', sum('skipped'))}${attr('time', 0)}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n${suites.map((s) => s.xml).join('\n')}${suites.length > 0 ? '\n' : ''}</testsuites>\n`;
}
