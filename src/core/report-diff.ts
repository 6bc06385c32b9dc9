// What changed between two credential reports of one account generated at different times: users
// added, removed or re-created; passwords enabled, disabled or changed; MFA on or off; access keys
// and signing certificates created, deleted, rotated, activated or deactivated; root used in between.
//
// A key (or certificate) is told apart by its `last_rotated` time, which is when it was created:
// IAM lists a user's keys in slots 1 and 2, and a key can move from slot 2 to slot 1 when the first
// is deleted, so matching by slot would call that "replaced". A user whose creation time changed is
// a different user with the same name ("re-created"); nothing else is compared for it. Pure, linear.
import { ROOT_USER, type BoolCell, type CredentialReport, type DateCell, type ReportRow } from './credential-report/model';
import { toIso } from './time';
import type { ReportChange, ReportChangeKind, ReportDiff } from './types';

const raw = (c: BoolCell | DateCell): string => (c.kind === 'missing' ? '(column missing)' : c.kind === 'empty' ? '(empty)' : c.raw);
const bool = (c: BoolCell): boolean | undefined => (c.kind === 'value' ? c.value : undefined);
const date = (c: DateCell): number | undefined => (c.kind === 'value' ? c.value : undefined);
const who = (user: string) => (user === ROOT_USER ? 'root' : user);

/** One access key or certificate as a report row shows it. */
interface Credential {
  slot: 1 | 2;
  created: number | undefined;
  createdCell: DateCell;
  activeCell: BoolCell;
  lastUsedCell?: DateCell;
}

type CredentialType = 'key' | 'cert';

function credentialsOf(row: ReportRow, type: CredentialType): Credential[] {
  const out: Credential[] = [];
  for (const slot of [1, 2] as const) {
    const createdCell = type === 'key' ? row.dates[slot === 1 ? 'access_key_1_last_rotated' : 'access_key_2_last_rotated'] : row.dates[slot === 1 ? 'cert_1_last_rotated' : 'cert_2_last_rotated'];
    const activeCell = type === 'key' ? row.bools[slot === 1 ? 'access_key_1_active' : 'access_key_2_active'] : row.bools[slot === 1 ? 'cert_1_active' : 'cert_2_active'];
    // A slot holds a credential when it has a creation time or says it is active.
    if (date(createdCell) === undefined && bool(activeCell) !== true) continue;
    const c: Credential = { slot, created: date(createdCell), createdCell, activeCell };
    if (type === 'key') c.lastUsedCell = row.dates[slot === 1 ? 'access_key_1_last_used_date' : 'access_key_2_last_used_date'];
    out.push(c);
  }
  return out;
}

const slotName = (type: CredentialType, slot: 1 | 2) => (type === 'key' ? `access_key_${slot}` : `cert_${slot}`);
const noun = (type: CredentialType) => (type === 'key' ? 'access key' : 'signing certificate');

/** Key or certificate changes of one user, matched by creation time (by slot when a time is missing). */
function credentialChanges(user: string, before: ReportRow, after: ReportRow, type: CredentialType, out: ReportChange[]): void {
  const old = credentialsOf(before, type);
  const now = credentialsOf(after, type);
  const matched = new Map<Credential, Credential>();
  const matchedNow = new Set<Credential>();
  for (const o of old) {
    const n = now.find((x) => !matchedNow.has(x) && (o.created !== undefined ? x.created === o.created : x.created === undefined && x.slot === o.slot));
    if (n) {
      matched.set(o, n);
      matchedNow.add(n);
    }
  }
  const deleted = old.filter((o) => !matched.has(o));
  const created = now.filter((n) => !matchedNow.has(n));
  const kind = (k: 'created' | 'deleted' | 'rotated' | 'activated' | 'deactivated') => `${type}-${k}` as ReportChangeKind;
  const col = (c: Credential, field: string) => `${slotName(type, c.slot)}_${field}`;
  // One deleted and one created between the reports: the credential was rotated (replaced).
  if (deleted.length === 1 && created.length === 1) {
    const d = deleted[0] as Credential;
    const c = created[0] as Credential;
    out.push({
      change: kind('rotated'),
      user,
      credential: slotName(type, c.slot),
      cells: [`${col(d, 'last_rotated')}: ${raw(d.createdCell)} -> (gone)`, `${col(c, 'last_rotated')}: (none) -> ${raw(c.createdCell)}`],
      text: `${who(user)}: the ${noun(type)} created ${raw(d.createdCell)} was replaced by one created ${raw(c.createdCell)} (${bool(c.activeCell) === false ? 'inactive' : 'active'}).`,
    });
  } else {
    for (const d of deleted) {
      out.push({ change: kind('deleted'), user, credential: slotName(type, d.slot), cells: [`${col(d, 'last_rotated')}: ${raw(d.createdCell)} -> (gone)`], text: `${who(user)}: the ${noun(type)} created ${raw(d.createdCell)} was deleted.` });
    }
    for (const c of created) {
      out.push({
        change: kind('created'),
        user,
        credential: slotName(type, c.slot),
        cells: [`${col(c, 'last_rotated')}: (none) -> ${raw(c.createdCell)}`, `${col(c, 'active')}: ${raw(c.activeCell)}`],
        text: `${who(user)}: a new ${noun(type)} was created ${raw(c.createdCell)} (${bool(c.activeCell) === false ? 'inactive' : 'active'}).`,
      });
    }
  }
  for (const [o, n] of matched) {
    const [a, b] = [bool(o.activeCell), bool(n.activeCell)];
    if (a === b || a === undefined || b === undefined) continue;
    out.push({
      change: kind(b ? 'activated' : 'deactivated'),
      user,
      credential: slotName(type, n.slot),
      cells: [`${col(n, 'active')}: ${raw(o.activeCell)} -> ${raw(n.activeCell)}`],
      text: `${who(user)}: the ${noun(type)} created ${raw(n.createdCell)} was ${b ? 'activated' : 'deactivated'}.`,
    });
  }
  // Root's keys: a later last-used date means root was used in between.
  if (user === ROOT_USER && type === 'key') {
    for (const [o, n] of matched) rootUse(user, `${slotName(type, n.slot)}_last_used_date`, o.lastUsedCell, n.lastUsedCell, `its ${noun(type)} created ${raw(n.createdCell)}`, out);
    for (const c of created) rootUse(user, `${slotName(type, c.slot)}_last_used_date`, undefined, c.lastUsedCell, `its new ${noun(type)}`, out);
  }
}

function rootUse(user: string, column: string, before: DateCell | undefined, after: DateCell | undefined, what: string, out: ReportChange[]): void {
  const t = after ? date(after) : undefined;
  if (t === undefined || !after) return;
  const was = before ? date(before) : undefined;
  if (was !== undefined && t <= was) return;
  out.push({
    change: 'root-used',
    user,
    credential: column.replace(/_last_used(_date)?$/, ''),
    cells: [`${column}: ${before ? raw(before) : '(none)'} -> ${raw(after)}`],
    text: `Root used ${what} between the reports (last used ${raw(after)}${was !== undefined ? `; before: ${raw(before as DateCell)}` : ''}).`,
  });
}

function flip(user: string, before: BoolCell, after: BoolCell, column: string, on: ReportChangeKind, off: ReportChangeKind, what: string, out: ReportChange[]): boolean {
  const [a, b] = [bool(before), bool(after)];
  if (a === undefined || b === undefined || a === b) return false;
  out.push({ change: b ? on : off, user, credential: column === 'mfa_active' ? 'mfa' : 'password', cells: [`${column}: ${raw(before)} -> ${raw(after)}`], text: `${who(user)}: ${what} ${b ? 'turned on' : 'turned off'}.` });
  return true;
}

/** Changes of one user present in both reports. */
function userChanges(before: ReportRow, after: ReportRow, out: ReportChange[]): void {
  const user = after.user;
  const [c0, c1] = [date(before.dates.user_creation_time), date(after.dates.user_creation_time)];
  if (c0 !== undefined && c1 !== undefined && c0 !== c1) {
    out.push({
      change: 'user-recreated',
      user,
      cells: [`user_creation_time: ${raw(before.dates.user_creation_time)} -> ${raw(after.dates.user_creation_time)}`],
      text: `${who(user)} was deleted and created again (user_creation_time ${raw(before.dates.user_creation_time)} -> ${raw(after.dates.user_creation_time)}); its credentials are a new user's.`,
    });
    return;
  }
  const passwordFlipped = flip(user, before.bools.password_enabled, after.bools.password_enabled, 'password_enabled', 'password-enabled', 'password-disabled', 'console password', out);
  const [p0, p1] = [date(before.dates.password_last_changed), date(after.dates.password_last_changed)];
  if (!passwordFlipped && p0 !== undefined && p1 !== undefined && p1 > p0) {
    out.push({
      change: 'password-changed',
      user,
      credential: 'password',
      cells: [`password_last_changed: ${raw(before.dates.password_last_changed)} -> ${raw(after.dates.password_last_changed)}`],
      text: `${who(user)}: the password was changed ${raw(after.dates.password_last_changed)}.`,
    });
  }
  flip(user, before.bools.mfa_active, after.bools.mfa_active, 'mfa_active', 'mfa-enabled', 'mfa-disabled', 'MFA', out);
  if (after.isRoot) rootUse(user, 'password_last_used', before.dates.password_last_used, after.dates.password_last_used, 'its password', out);
  credentialChanges(user, before, after, 'key', out);
  credentialChanges(user, before, after, 'cert', out);
}

/** First row per user name (a hand-made file may repeat one; the parser already flags that). */
function rowsByUser(report: CredentialReport): Map<string, ReportRow> {
  const m = new Map<string, ReportRow>();
  for (const r of report.rows) if (!m.has(r.user)) m.set(r.user, r);
  return m;
}

const reportTime = (r: CredentialReport): number | undefined => r.generatedTime ?? r.fileTime;

/** What changed from `older` to `newer` (two reports of one account), users in the newer report's order. */
export function diffCredentialReports(older: CredentialReport, newer: CredentialReport): ReportDiff {
  const out: ReportChange[] = [];
  const before = rowsByUser(older);
  const after = rowsByUser(newer);
  for (const [user, row] of after) {
    const old = before.get(user);
    if (old) userChanges(old, row, out);
    else out.push({ change: 'user-added', user, cells: [`user_creation_time: ${raw(row.dates.user_creation_time)}`], text: `${who(user)} was added (created ${raw(row.dates.user_creation_time)}).` });
  }
  for (const [user, row] of before) {
    if (!after.has(user)) out.push({ change: 'user-removed', user, cells: [`line ${row.line} of ${older.input}`], text: `${who(user)} is no longer in the report (deleted).` });
  }
  const side = (r: CredentialReport) => {
    const t = reportTime(r);
    return t === undefined ? { input: r.input } : { input: r.input, time: toIso(t) };
  };
  return { accountId: newer.accountId ?? older.accountId, older: side(older), newer: side(newer), changes: out };
}

/**
 * The diffs of an account's reports, oldest first, one per consecutive pair whose generation times
 * are known and differ (reports of equal or unknown time cannot be put in order).
 */
export function reportDiffsOf(reports: readonly CredentialReport[]): ReportDiff[] {
  const timed = reports.filter((r) => reportTime(r) !== undefined).sort((a, b) => (reportTime(a) as number) - (reportTime(b) as number));
  const out: ReportDiff[] = [];
  for (let i = 1; i < timed.length; i++) {
    const [a, b] = [timed[i - 1] as CredentialReport, timed[i] as CredentialReport];
    if (reportTime(a) !== reportTime(b)) out.push(diffCredentialReports(a, b));
  }
  return out;
}
