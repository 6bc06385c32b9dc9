// "Changes since last time": this audit's findings against a baseline, a previous audit's evidence
// JSON. Findings are matched by account + rule + window + resource (the n-th of equal keys with the
// n-th, so duplicate report rows stay paired). Only accounts both audits cover are compared: an
// account the baseline covers and this audit does not is listed, never called resolved. Pure.
import { expiryMs } from './exceptions';
import { ageInDays, parseUtcMs, toIso } from './time';
import {
  SEVERITIES,
  STATUSES,
  type AccountView,
  type AuditChanges,
  type ChangeKind,
  type ExceptionEntry,
  type Finding,
  type FindingChange,
  type Problem,
  type Severity,
  type Status,
} from './types';

/** The order changes are listed in: what needs action first. */
export const CHANGE_KINDS: readonly ChangeKind[] = ['new', 'exception-ended', 'still-failing', 'status-changed', 'exception-added', 'resolved'];

/** What the comparison needs of a baseline finding (the evidence JSON has more; it is not kept). */
export interface BaselineFinding {
  ruleId: string;
  window?: number;
  status: Status;
  severity: Severity;
  accountId: string | null;
  resource: string;
  title: string;
  exception?: ExceptionEntry;
}

/** A previous audit, read from its evidence JSON (input/previous-audit-reader.ts). */
export interface BaselineAudit {
  input: string;
  asOf: string;
  evaluatedAt: string;
  tool: { name: string; version: string; build: string };
  manifestSha256?: string;
  /** Each account's as-of in the baseline (ISO). */
  accounts: { accountId: string | null; asOf: string }[];
  findings: BaselineFinding[];
  /** failingSince of the baseline's own changes: carried on, so "failing since" survives many audits. */
  failingSince: { finding: BaselineFinding; since: string }[];
}

type Keyed = { accountId: string | null; ruleId: string; window?: number; resource: string };
const NONE: ReadonlySet<string> = new Set();
const KEY_SEP = '\u0000';
/**
 * The match key: account + rule + window + resource. A rule in `reportScoped` names the report file
 * as its resource (one finding per account), so it is matched without it: files get new names.
 */
export const matchKey = (f: Keyed, reportScoped: ReadonlySet<string> = NONE): string =>
  [f.accountId ?? '', f.ruleId, f.window ?? '', reportScoped.has(f.ruleId) ? '' : f.resource].join(KEY_SEP);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const STATUS_SET: ReadonlySet<string> = new Set(STATUSES);
const SEVERITY_SET: ReadonlySet<string> = new Set(SEVERITIES);

/** Whether parsed JSON looks like a credaudit evidence JSON (what the reader detects). */
export function isEvidenceJson(v: unknown): v is Record<string, unknown> {
  return isObject(v) && isObject(v.tool) && v.tool.name === 'credaudit' && Array.isArray(v.findings) && isObject(v.asOf) && typeof v.asOf.time === 'string';
}

function exceptionOf(v: unknown): ExceptionEntry | undefined {
  if (!isObject(v)) return undefined;
  const [ruleId, accountId, owner, justification, expires] = [v.ruleId, v.accountId, v.owner, v.justification, v.expires].map(str);
  if (ruleId === undefined || accountId === undefined || owner === undefined || justification === undefined || expires === undefined) return undefined;
  const e: ExceptionEntry = { ruleId, accountId, owner, justification, expires };
  const resource = str(v.resource);
  const ticket = str(v.ticket);
  if (resource !== undefined) e.resource = resource;
  if (ticket !== undefined) e.ticket = ticket;
  return e;
}

function baselineFinding(v: unknown): BaselineFinding | undefined {
  if (!isObject(v)) return undefined;
  const ruleId = str(v.ruleId);
  const resource = str(v.resource);
  const status = str(v.status);
  const severity = str(v.severity);
  const accountId = v.accountId === null ? null : str(v.accountId);
  if (ruleId === undefined || resource === undefined || accountId === undefined || !status || !STATUS_SET.has(status) || !severity || !SEVERITY_SET.has(severity)) return undefined;
  if (v.window !== undefined && !(typeof v.window === 'number' && Number.isInteger(v.window))) return undefined;
  const f: BaselineFinding = { ruleId, status: status as Status, severity: severity as Severity, accountId, resource, title: str(v.title) ?? ruleId };
  if (typeof v.window === 'number') f.window = v.window;
  const exception = exceptionOf(v.exception);
  if (exception) f.exception = exception;
  return f;
}

/** The baseline from a parsed evidence JSON; `skipped` counts findings it could not read. */
export function readBaseline(doc: Record<string, unknown>, input: string): { baseline: BaselineAudit; skipped: number } {
  const tool = isObject(doc.tool) ? doc.tool : {};
  const asOf = isObject(doc.asOf) ? (str(doc.asOf.time) ?? '') : '';
  const findings: BaselineFinding[] = [];
  let skipped = 0;
  for (const raw of doc.findings as unknown[]) {
    const f = baselineFinding(raw);
    if (f) findings.push(f);
    else skipped++;
  }
  const accounts: BaselineAudit['accounts'] = [];
  if (Array.isArray(doc.accounts)) {
    for (const a of doc.accounts) {
      if (!isObject(a) || !(a.accountId === null || typeof a.accountId === 'string')) continue;
      accounts.push({ accountId: a.accountId as string | null, asOf: (isObject(a.asOf) ? str(a.asOf.time) : undefined) ?? asOf });
    }
  }
  const failingSince: BaselineAudit['failingSince'] = [];
  const changes = isObject(doc.changes) && Array.isArray(doc.changes.items) ? doc.changes.items : [];
  for (const c of changes) {
    if (!isObject(c) || typeof c.failingSince !== 'string') continue;
    const finding = baselineFinding({ ...c, status: 'FAIL' });
    if (finding) failingSince.push({ finding, since: c.failingSince });
  }
  const baseline: BaselineAudit = {
    input,
    asOf,
    evaluatedAt: str(doc.evaluatedAt) ?? '',
    tool: { name: 'credaudit', version: str(tool.version) ?? 'unknown', build: str(tool.build) ?? 'unknown' },
    accounts,
    findings,
    failingSince,
  };
  const manifest = str(doc.manifestSha256);
  if (manifest !== undefined) baseline.manifestSha256 = manifest;
  return { baseline, skipped };
}

const ms = (iso: string): number => parseUtcMs(iso) ?? Number.NEGATIVE_INFINITY;

/**
 * The baseline to compare with when several previous audits were loaded: the latest as-of (the
 * first of equals). The others are named in a problem; a baseline later than this audit is flagged.
 */
export function chooseBaseline(candidates: readonly BaselineAudit[], asOfMs: number, problems: Problem[]): BaselineAudit | undefined {
  let best: BaselineAudit | undefined;
  for (const c of candidates) if (!best || ms(c.asOf) > ms(best.asOf)) best = c;
  if (!best) return undefined;
  for (const c of candidates) {
    if (c === best) continue;
    problems.push({ input: c.input, severity: 'warning', message: `Another previous audit (${best.input}, as of ${best.asOf}) is more recent; changes are shown against that one, not this one.` });
  }
  if (ms(best.asOf) > asOfMs) {
    problems.push({ input: best.input, severity: 'warning', message: `This previous audit's as-of (${best.asOf}) is later than this audit's (${toIso(asOfMs)}); the changes compare a later audit with an earlier one.` });
  }
  return best;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const account = (id: string | null) => id ?? 'unknown account';
const where = (f: { ruleId: string; window?: number; resource: string; accountId: string | null }) =>
  `${f.ruleId}${f.window !== undefined ? ` (${f.window} days)` : ''} for ${f.resource} in ${account(f.accountId)}`;
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** The sentence for one change. */
function changeText(c: Omit<FindingChange, 'text'>, since: string): string {
  const w = where(c);
  switch (c.change) {
    case 'new':
      return `New failure: ${w}${c.before ? ` (was ${c.before})` : ' (not reported before)'}.`;
    case 'still-failing':
      return `Still failing: ${w}, failing since at least ${c.failingSince} (${days(c.failingDays ?? 0)}).`;
    case 'exception-ended':
      return `Failing again: ${w}; its exception (owner ${c.exception?.owner ?? 'unknown'}, expires ${c.exception?.expires ?? 'unknown'}) ${c.ended === 'expired' ? 'has expired' : 'no longer applies'}.`;
    case 'exception-added':
      return `Newly excepted: ${w}${c.before ? ` (was ${c.before})` : ''}; exception owner ${c.exception?.owner ?? 'unknown'}, expires ${c.exception?.expires ?? 'unknown'}.`;
    case 'status-changed':
      return `Status changed: ${w}, ${c.before ?? 'not reported'} -> ${c.after ?? 'not reported'}.`;
    case 'resolved':
      return c.after ? `Resolved: ${w}, ${c.before} -> ${c.after}.` : `No longer reported: ${w} (was ${c.before} as of ${since}).`;
  }
}

const DECIDED_OK: ReadonlySet<Status | undefined> = new Set(['PASS', 'NOT_APPLICABLE']);

/** What changed for one matched pair (either side may be missing), or undefined for no change worth listing. */
function classify(before: Status | undefined, after: Status | undefined): ChangeKind | undefined {
  const failedBefore = before === 'FAIL' || before === 'EXCEPTED';
  // PASS <-> NOT_APPLICABLE (a deleted key makes its rules not apply) needs no one's attention.
  if (DECIDED_OK.has(before) && DECIDED_OK.has(after)) return undefined;
  if (after === 'FAIL') return before === 'FAIL' ? 'still-failing' : before === 'EXCEPTED' ? 'exception-ended' : 'new';
  if (after === 'EXCEPTED') return before === 'EXCEPTED' ? undefined : 'exception-added';
  if (after === undefined) return failedBefore ? 'resolved' : undefined;
  if (before === undefined || before === after) return undefined;
  // FAIL -> NEEDS_EVIDENCE is not resolved: this audit cannot tell.
  if (failedBefore && (after === 'PASS' || after === 'NOT_APPLICABLE')) return 'resolved';
  return 'status-changed';
}

export interface CurrentAudit {
  findings: readonly Finding[];
  accounts: readonly AccountView[];
  /** The evaluation clock (epoch ms): whether a baseline exception has expired. */
  now: number;
  /** Rules whose resource is the report file's name (REPORT-AGE): matched by account, rule and window. */
  reportScoped?: ReadonlySet<string>;
}

/** Compares this audit with the baseline. Linear in the number of findings. */
export function compareWithBaseline(baseline: BaselineAudit, current: CurrentAudit): AuditChanges {
  // Each side's accounts with their as-of (an account seen only in findings takes the audit's).
  const accKey = (id: string | null) => id ?? '';
  const baselineAccounts = new Map<string, { accountId: string | null; asOf: string }>();
  for (const a of baseline.accounts) baselineAccounts.set(accKey(a.accountId), a);
  for (const f of baseline.findings) if (!baselineAccounts.has(accKey(f.accountId))) baselineAccounts.set(accKey(f.accountId), { accountId: f.accountId, asOf: baseline.asOf });
  const currentAccounts = new Map<string, { accountId: string | null; asOf: string }>();
  for (const a of current.accounts) currentAccounts.set(accKey(a.accountId), { accountId: a.accountId, asOf: a.asOf.time });
  for (const f of current.findings) if (!currentAccounts.has(accKey(f.accountId))) currentAccounts.set(accKey(f.accountId), { accountId: f.accountId, asOf: toIso(current.now) });

  const compared: (string | null)[] = [];
  const added: (string | null)[] = [];
  for (const a of currentAccounts.values()) (baselineAccounts.has(accKey(a.accountId)) ? compared : added).push(a.accountId);
  const onlyBaseline = [...baselineAccounts.values()].filter((a) => !currentAccounts.has(accKey(a.accountId))).map((a) => a.accountId);

  const scoped = current.reportScoped ?? NONE;
  const keyOf = (f: Keyed) => matchKey(f, scoped);
  const failingSince = new Map(baseline.failingSince.map((x) => [keyOf(x.finding), x.since]));
  // The n-th baseline finding of a key pairs with the n-th current one.
  const previous = new Map<string, BaselineFinding[]>();
  for (const f of baseline.findings) {
    if (!currentAccounts.has(accKey(f.accountId))) continue;
    const k = keyOf(f);
    const list = previous.get(k);
    if (list) list.push(f);
    else previous.set(k, [f]);
  }
  const taken = new Map<string, number>();
  const items: Omit<FindingChange, 'text'>[] = [];
  const since = baseline.asOf;
  const currentAsOf = (id: string | null) => currentAccounts.get(accKey(id))?.asOf ?? toIso(current.now);
  const baselineAsOf = (id: string | null) => baselineAccounts.get(accKey(id))?.asOf ?? since;

  const describe = (k: string, change: ChangeKind, now: Finding | undefined, before: BaselineFinding | undefined): void => {
    const base = (now ?? before) as Finding | BaselineFinding;
    const c: Omit<FindingChange, 'text'> = { change, ruleId: base.ruleId, accountId: base.accountId, resource: base.resource, severity: base.severity, title: base.title };
    if (base.window !== undefined) c.window = base.window;
    if (before) c.before = before.status;
    if (now) c.after = now.status;
    if (change === 'new' || change === 'still-failing' || change === 'exception-ended') {
      // Known to fail since: the baseline's own "failing since" when it had one, else its as-of; new ones since now.
      const start = change === 'new' ? currentAsOf(base.accountId) : (failingSince.get(k) ?? baselineAsOf(base.accountId));
      c.failingSince = start;
      c.failingDays = Math.max(0, ageInDays(ms(start), ms(currentAsOf(base.accountId))));
    }
    if (change === 'exception-added' && now?.exception) c.exception = now.exception;
    if (change === 'exception-ended' && before?.exception) {
      c.exception = before.exception;
      const end = expiryMs(before.exception.expires);
      c.ended = end === undefined || end < current.now ? 'expired' : 'removed';
    }
    items.push(c);
  };

  for (const f of current.findings) {
    const k = keyOf(f);
    const n = taken.get(k) ?? 0;
    taken.set(k, n + 1);
    const before = previous.get(k)?.[n];
    // A finding of an account the baseline did not cover is new when it fails, like any other.
    const change = classify(before?.status, f.status);
    if (change) describe(k, change, f, before);
  }
  for (const [k, list] of previous) {
    const n = taken.get(k) ?? 0;
    for (let i = n; i < list.length; i++) {
      const before = list[i] as BaselineFinding;
      const change = classify(before.status, undefined);
      if (change) describe(k, change, undefined, before);
    }
  }

  const rank = new Map(CHANGE_KINDS.map((c, i) => [c, i]));
  items.sort(
    (a, b) =>
      (rank.get(a.change) ?? 0) - (rank.get(b.change) ?? 0) ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      byText(a.accountId ?? '~', b.accountId ?? '~') ||
      byText(a.ruleId, b.ruleId) ||
      (a.window ?? 0) - (b.window ?? 0) ||
      byText(a.resource, b.resource),
  );
  const counts = Object.fromEntries(CHANGE_KINDS.map((c) => [c, 0])) as Record<ChangeKind, number>;
  for (const c of items) counts[c.change]++;
  const changes: AuditChanges = {
    baseline: { input: baseline.input, asOf: baseline.asOf, evaluatedAt: baseline.evaluatedAt, tool: baseline.tool },
    accountsCompared: compared,
    accountsNew: added,
    accountsOnlyInBaseline: onlyBaseline,
    counts,
    items: items.map((c) => ({ ...c, text: changeText(c, since) })),
  };
  if (baseline.manifestSha256 !== undefined) changes.baseline.manifestSha256 = baseline.manifestSha256;
  return changes;
}

/** The change of each current finding, by the finding (for formats that annotate findings). */
export function changeOfFinding(changes: AuditChanges | undefined, findings: readonly Finding[]): Map<Finding, FindingChange> {
  const out = new Map<Finding, FindingChange>();
  if (!changes) return out;
  const byKey = new Map<string, FindingChange[]>();
  for (const c of changes.items) {
    if (c.after === undefined) continue;
    const k = matchKey(c);
    const list = byKey.get(k);
    if (list) list.push(c);
    else byKey.set(k, [c]);
  }
  const used = new Map<string, number>();
  for (const f of findings) {
    const k = matchKey(f);
    const list = byKey.get(k);
    if (!list) continue;
    // Pair in order, but only with a change whose status is this finding's.
    const start = used.get(k) ?? 0;
    const i = list.findIndex((c, j) => j >= start && c.after === f.status);
    if (i < 0) continue;
    used.set(k, i + 1);
    out.set(f, list[i] as FindingChange);
  }
  return out;
}

/** Changes whose finding is no longer reported (no current finding to carry them). */
export function changesWithoutFinding(changes: AuditChanges | undefined): FindingChange[] {
  return changes ? changes.items.filter((c) => c.after === undefined) : [];
}

/** One-line summary: "2 new, 1 still failing, 1 resolved since 2025-05-01T…". */
export function changesSummary(changes: AuditChanges): string {
  const label: Record<ChangeKind, string> = {
    new: 'new failures',
    'exception-ended': 'failing again after an exception',
    'still-failing': 'still failing',
    'status-changed': 'other status changes',
    'exception-added': 'newly excepted',
    resolved: 'resolved or no longer reported',
  };
  return CHANGE_KINDS.map((k) => `${changes.counts[k]} ${label[k]}`).join(', ');
}
