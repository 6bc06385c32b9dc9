// The findings list for triage, computed where the findings are (the worker): filter, search, sort
// and group them, and hand the page only the lines it scrolls to. Default view: what needs someone
// (FAIL, EXCEPTED, NEEDS_EVIDENCE) grouped by rule, with the NEEDS_EVIDENCE how-to once per rule.
// Search matches rule ids and titles, users, accounts, messages, and every mapped control id in
// every framework edition (exactly: "2.4", "IAM.4", "iam-root-access-key-check"). Pure.
import { SEVERITIES, STATUSES, type Finding, type Severity, type Status } from '../types';
import { checkName } from './checks';
import { controlTokens, controlWords, editionKeysOf } from './frameworks';

/** `attention` = FAIL + EXCEPTED + NEEDS_EVIDENCE; `all`; or one status. */
export type StatusScope = 'attention' | 'all' | Status;
export type FindingSortKey = 'status' | 'severity' | 'ruleId' | 'accountId' | 'resource';

export interface FindingsQuery {
  scope: StatusScope;
  severity: Severity | '';
  rule: string;
  /** Account id, or 'unknown'. */
  account: string;
  /** `editionKey(framework, edition)`: only rules mapped to that edition. */
  edition: string;
  search: string;
  grouped: boolean;
  /** Rule ids whose group is open (grouped view). */
  expanded: readonly string[];
  sort: FindingSortKey;
  dir: 1 | -1;
}

export const DEFAULT_QUERY: FindingsQuery = { scope: 'attention', severity: '', rule: '', account: '', edition: '', search: '', grouped: true, expanded: [], sort: 'status', dir: 1 };

/** A finding as a list line shows it (the detail is asked for by `index`). */
export interface FindingLine {
  kind: 'finding';
  /** Index into the result's findings. */
  index: number;
  ruleId: string;
  check: string;
  status: Status;
  severity: Severity;
  accountId: string | null;
  resource: string;
  window?: number;
  /** The outcome sentence; for NEEDS_EVIDENCE under a group that shows the how-to, only its first sentence. */
  text: string;
}

export interface GroupLine {
  kind: 'group';
  ruleId: string;
  /** The check as its expected state. */
  check: string;
  /** The rule title (what a FAIL means). */
  title: string;
  severity: Severity;
  /** Worst status among the group's matching findings. */
  status: Status;
  counts: Record<Status, number>;
  findings: number;
  accounts: number;
  /** Distinct IAM users (root not counted). */
  users: number;
  expanded: boolean;
}

/** The how-to shared by the group's NEEDS_EVIDENCE findings, once. */
export interface HowToLine {
  kind: 'howto';
  ruleId: string;
  text: string;
  /** How many findings of the group it applies to; one of them, to open for the full steps. */
  findings: number;
  example: number;
}

export type ListLine = FindingLine | GroupLine | HowToLine;

export interface FindingsSelection {
  lines: ListLine[];
  /** Findings matching every filter. */
  matched: number;
  /** Findings matching every filter but the status scope, by status (the "one click away" counts). */
  byStatus: Record<Status, number>;
  total: number;
}

const ATTENTION: ReadonlySet<Status> = new Set(['FAIL', 'EXCEPTED', 'NEEDS_EVIDENCE']);
const ROOT = '<root_account>';

/** A finding's message split into its first sentence (the outcome) and the rest (usually how to get evidence). */
export function splitFirstSentence(message: string): { lead: string; rest: string } {
  const m = /\.\s+(?=[A-Z(])/.exec(message);
  if (!m) return { lead: message, rest: '' };
  return { lead: message.slice(0, m.index + 1), rest: message.slice(m.index + m[0].length) };
}

/** Per finding: lower-case free text, and its exact control tokens. Built once per result. */
export interface SearchIndex {
  text: string[];
  tokens: ReadonlySet<string>[];
  editions: ReadonlySet<string>[];
}

export function searchIndex(findings: readonly Finding[], accountNames: ReadonlyMap<string, string> = new Map()): SearchIndex {
  // Mappings are per rule: their tokens and words are made once per rule, not per finding.
  const perRule = new Map<string, { tokens: ReadonlySet<string>; editions: ReadonlySet<string>; words: string }>();
  const text: string[] = new Array(findings.length);
  const tokens: ReadonlySet<string>[] = new Array(findings.length);
  const editions: ReadonlySet<string>[] = new Array(findings.length);
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    let r = perRule.get(f.ruleId);
    if (!r) {
      r = { tokens: new Set(controlTokens(f.controls)), editions: new Set(editionKeysOf(f.controls)), words: `${f.ruleId} ${f.title} ${checkName(f.ruleId, f.title)} ${controlWords(f.controls)}`.toLowerCase() };
      perRule.set(f.ruleId, r);
    }
    const account = f.accountId ?? 'unknown';
    text[i] = `${r.words} ${f.resource} ${account} ${accountNames.get(account) ?? ''} ${f.status} ${f.severity} ${f.message}`.toLowerCase();
    tokens[i] = r.tokens;
    editions[i] = r.editions;
  }
  return { text, tokens, editions };
}

/** A term that looks like a control id ("2.4", "iam.4", "a.5.15") matches control ids only, exactly. */
const CONTROL_LIKE = /^[a-z]*\.?\d+(\.\d+)*[a-z]?$|^[a-z]+\.\d+$/;

function termMatches(term: string, text: string, tokens: ReadonlySet<string>): boolean {
  if (tokens.has(term)) return true;
  if (CONTROL_LIKE.test(term) && term.includes('.')) return false;
  return text.includes(term);
}

const statusRank = (s: Status): number => STATUSES.indexOf(s);
const sevRank = (s: Severity): number => SEVERITIES.indexOf(s);
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function comparator(findings: readonly Finding[], key: FindingSortKey, dir: 1 | -1): (x: number, y: number) => number {
  const tie = (a: Finding, b: Finding) =>
    statusRank(a.status) - statusRank(b.status) ||
    sevRank(a.severity) - sevRank(b.severity) ||
    byText(a.ruleId, b.ruleId) ||
    byText(a.accountId ?? '~', b.accountId ?? '~') ||
    byText(a.resource, b.resource) ||
    (a.window ?? 0) - (b.window ?? 0);
  const primary = (a: Finding, b: Finding): number => {
    switch (key) {
      case 'status':
        return statusRank(a.status) - statusRank(b.status);
      case 'severity':
        return sevRank(a.severity) - sevRank(b.severity);
      case 'ruleId':
        return byText(a.ruleId, b.ruleId);
      case 'accountId':
        return byText(a.accountId ?? '~', b.accountId ?? '~');
      case 'resource':
        return byText(a.resource, b.resource);
    }
  };
  return (x, y) => {
    const a = findings[x] as Finding;
    const b = findings[y] as Finding;
    return dir * primary(a, b) || tie(a, b) || x - y;
  };
}

function findingLine(f: Finding, index: number, text: string): FindingLine {
  const line: FindingLine = { kind: 'finding', index, ruleId: f.ruleId, check: checkName(f.ruleId, f.title), status: f.status, severity: f.severity, accountId: f.accountId, resource: f.resource, text };
  if (f.window !== undefined) line.window = f.window;
  return line;
}

/** The most frequent non-empty value (ties: the first met), with its count. */
function mostCommon(values: readonly string[]): { value: string; count: number } | undefined {
  const counts = new Map<string, number>();
  let best: { value: string; count: number } | undefined;
  for (const v of values) {
    if (v === '') continue;
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (!best || c > best.count) best = { value: v, count: c };
  }
  return best;
}

/** Filters, searches, sorts and (optionally) groups the findings into list lines. */
export function selectFindings(findings: readonly Finding[], index: SearchIndex, q: FindingsQuery): FindingsSelection {
  const terms = q.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const picked: number[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    if (q.severity && f.severity !== q.severity) continue;
    if (q.rule && f.ruleId !== q.rule) continue;
    if (q.account && (f.accountId ?? 'unknown') !== q.account) continue;
    if (q.edition && !(index.editions[i] as ReadonlySet<string>).has(q.edition)) continue;
    if (terms.length > 0) {
      const text = index.text[i] as string;
      const tokens = index.tokens[i] as ReadonlySet<string>;
      if (!terms.every((t) => termMatches(t, text, tokens))) continue;
    }
    byStatus[f.status]++;
    if (q.scope === 'attention' ? !ATTENTION.has(f.status) : q.scope !== 'all' && f.status !== q.scope) continue;
    picked.push(i);
  }
  picked.sort(comparator(findings, q.grouped ? 'status' : q.sort, q.grouped ? 1 : q.dir));
  const base = { matched: picked.length, byStatus, total: findings.length };
  if (!q.grouped) return { ...base, lines: picked.map((i) => findingLine(findings[i] as Finding, i, (findings[i] as Finding).message)) };

  // Groups keep the findings' order inside; groups sort by their worst status, then severity, then rule id.
  const groups = new Map<string, number[]>();
  for (const i of picked) {
    const id = (findings[i] as Finding).ruleId;
    const g = groups.get(id);
    if (g) g.push(i);
    else groups.set(id, [i]);
  }
  const expanded = new Set(q.expanded);
  const heads: { head: GroupLine; members: number[] }[] = [];
  for (const [ruleId, members] of groups) {
    const first = findings[members[0] as number] as Finding;
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
    const accounts = new Set<string>();
    const users = new Set<string>();
    let status: Status = 'NOT_APPLICABLE';
    for (const i of members) {
      const f = findings[i] as Finding;
      counts[f.status]++;
      if (statusRank(f.status) < statusRank(status)) status = f.status;
      accounts.add(f.accountId ?? 'unknown');
      if (f.resource !== ROOT) users.add(`${f.accountId ?? 'unknown'}\u0000${f.resource}`);
    }
    heads.push({
      members,
      head: { kind: 'group', ruleId, check: checkName(ruleId, first.title), title: first.title, severity: first.severity, status, counts, findings: members.length, accounts: accounts.size, users: users.size, expanded: expanded.has(ruleId) },
    });
  }
  heads.sort((a, b) => statusRank(a.head.status) - statusRank(b.head.status) || sevRank(a.head.severity) - sevRank(b.head.severity) || byText(a.head.ruleId, b.head.ruleId));
  const lines: ListLine[] = [];
  for (const { head, members } of heads) {
    lines.push(head);
    if (!head.expanded) continue;
    // The how-to most NEEDS_EVIDENCE findings of the rule share (written per account, it differs
    // only by the account id: compare with the id blanked out).
    const needs = members.filter((i) => (findings[i] as Finding).status === 'NEEDS_EVIDENCE');
    const split = new Map<number, { lead: string; rest: string; key: string }>();
    for (const i of needs) {
      const f = findings[i] as Finding;
      const s = splitFirstSentence(f.message);
      split.set(i, { ...s, key: f.accountId ? s.rest.split(f.accountId).join('ACCOUNT_ID') : s.rest });
    }
    const common = mostCommon([...split.values()].map((s) => s.key));
    if (common && common.count > 1) {
      const example = needs.find((i) => split.get(i)?.key === common.value) as number;
      lines.push({ kind: 'howto', ruleId: head.ruleId, text: common.value, findings: common.count, example });
    }
    for (const i of members) {
      const f = findings[i] as Finding;
      const s = split.get(i);
      lines.push(findingLine(f, i, s && common && common.count > 1 && s.key === common.value ? s.lead : f.message));
    }
  }
  return { ...base, lines };
}

/** The lines `from` to `from + count` of a selection (what one scroll position of the page needs). */
export function linesPage(sel: FindingsSelection, from: number, count: number): ListLine[] {
  const start = Math.max(0, Math.min(from, sel.lines.length));
  return sel.lines.slice(start, Math.min(sel.lines.length, start + Math.max(0, count)));
}
