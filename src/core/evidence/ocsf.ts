// OCSF 1.3.0 Compliance Finding events (class_uid 2003, category 2 Findings, activity 1 Create,
// type_uid 200301), one per finding, as a JSON array for a SIEM or a security data lake.
//
// Mapping (attribute names and enum values as the OCSF schema defines them):
//  - severity_id: info 1 Informational, low 2, medium 3, high 4, critical 5 Critical.
//  - compliance.status_id: PASS 1 Pass; FAIL and EXCEPTED 3 Fail; NEEDS_EVIDENCE 2 Warning (the
//    reason in unmapped); NOT_APPLICABLE 99 Other, status "Not applicable".
//  - status_id (the finding's own status): EXCEPTED 3 Suppressed (owner, justification, expiry in
//    unmapped.credaudit.exception); a finding resolved since the baseline 4 Resolved; else 1 New.
//  - time: the evaluation clock in epoch milliseconds; finding_info.created_time the account's as-of;
//    first_seen_time when a baseline says since when it fails.
//  - finding_info.uid: stable across runs (SHA-256 of account + rule + window + resource).
//  - Everything OCSF has no attribute for (exact status, window, cited cells with file and line,
//    change since the baseline) is in `unmapped.credaudit`.
// A finding the baseline failed and this audit no longer reports is emitted too, status Resolved,
// so a SIEM that keys on finding_info.uid closes it. Changed findings come first.
import { RULES_BY_ID } from '../rules/registry';
import { parseUtcMs } from '../time';
import type { AccountView, AuditResult, Evidence, Finding, FindingChange, Severity, Status } from '../types';
import { controlText, findingsChangesFirst, stableFindingUid, stableFindingUids } from './common';

export const OCSF_VERSION = '1.3.0';
export const OCSF_CLASS_UID = 2003;
export const OCSF_CATEGORY_UID = 2;
export const OCSF_ACTIVITY_CREATE = 1;
export const OCSF_TYPE_UID = OCSF_CLASS_UID * 100 + OCSF_ACTIVITY_CREATE;

export const OCSF_SEVERITY: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

export const OCSF_COMPLIANCE_STATUS: Record<Status, { id: number; name: string }> = {
  PASS: { id: 1, name: 'Pass' },
  NEEDS_EVIDENCE: { id: 2, name: 'Warning' },
  FAIL: { id: 3, name: 'Fail' },
  EXCEPTED: { id: 3, name: 'Fail' },
  NOT_APPLICABLE: { id: 99, name: 'Not applicable' },
};

const FINDING_STATUS = { new: { id: 1, name: 'New' }, suppressed: { id: 3, name: 'Suppressed' }, resolved: { id: 4, name: 'Resolved' } } as const;

type Json = Record<string, unknown>;

const msOf = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : parseUtcMs(iso));

function evidenceJson(e: Evidence): Json {
  const o: Json = { input: e.input, field: e.field, value: e.value };
  if (e.line !== undefined) o.line = e.line;
  if (e.eventId !== undefined) o.event_id = e.eventId;
  if (e.ageDays !== undefined) o.age_days = e.ageDays;
  if (e.note !== undefined) o.note = e.note;
  return o;
}

function changeJson(c: FindingChange): Json {
  const o: Json = { change: c.change, text: c.text };
  if (c.before !== undefined) o.before = c.before;
  if (c.after !== undefined) o.after = c.after;
  if (c.failingSince !== undefined) o.failing_since = c.failingSince;
  if (c.failingDays !== undefined) o.failing_days = c.failingDays;
  return o;
}

/** The resource a finding is about: the account (root) or an IAM user, with its ARN when the report gives it. */
function resourceOf(f: Pick<Finding, 'accountId' | 'resource' | 'resourceArn'>, partition: string | undefined): Json {
  if (f.resource === '<root_account>') {
    const uid = f.resourceArn ?? (f.accountId ? `arn:${partition ?? 'aws'}:iam::${f.accountId}:root` : f.resource);
    return { type: 'AWS Account (root user)', uid, name: f.resource };
  }
  return { type: 'AWS IAM User', uid: f.resourceArn ?? f.resource, name: f.resource };
}

interface Context {
  result: AuditResult;
  accounts: Map<string | null, AccountView>;
  evaluatedMs: number;
}

function standardsOf(f: Pick<Finding, 'controls'>): string[] {
  const list = [...new Set(f.controls.map((c) => `${c.framework} ${c.version}`.trim()))];
  return list.length > 0 ? list : ['credaudit rule catalogue'];
}

function baseEvent(ctx: Context, f: Pick<Finding, 'accountId' | 'ruleId' | 'severity' | 'title' | 'controls' | 'resource' | 'resourceArn'>, uid: string, message: string): Json {
  const account = ctx.accounts.get(f.accountId);
  const sev = OCSF_SEVERITY[f.severity];
  const cloud: Json = { provider: 'AWS' };
  if (f.accountId !== null) cloud.account = account?.name ? { uid: f.accountId, name: account.name } : { uid: f.accountId };
  const info: Json = { uid, title: f.title, desc: message, types: [f.ruleId] };
  const created = msOf(account?.asOf.time);
  if (created !== undefined) info.created_time = created;
  return {
    activity_id: OCSF_ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: OCSF_CATEGORY_UID,
    category_name: 'Findings',
    class_uid: OCSF_CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: OCSF_TYPE_UID,
    type_name: 'Compliance Finding: Create',
    time: ctx.evaluatedMs,
    severity_id: sev.id,
    severity: sev.name,
    message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: ctx.result.tool.name, vendor_name: 'credaudit', version: ctx.result.tool.version },
      profiles: ['cloud'],
    },
    finding_info: info,
    cloud,
    resources: [resourceOf(f, account?.partition)],
  };
}

function findingEvent(ctx: Context, f: Finding, uid: string, change: FindingChange | undefined): Json {
  const e = baseEvent(ctx, f, uid, f.message);
  const cs = OCSF_COMPLIANCE_STATUS[f.status];
  e.compliance = { standards: standardsOf(f), requirements: f.controls.map(controlText), control: f.ruleId, status_id: cs.id, status: cs.name };
  const status = f.status === 'EXCEPTED' ? FINDING_STATUS.suppressed : change?.change === 'resolved' ? FINDING_STATUS.resolved : FINDING_STATUS.new;
  e.status_id = status.id;
  e.status = status.name;
  const since = msOf(change?.failingSince);
  if (since !== undefined) (e.finding_info as Json).first_seen_time = since;
  const lastSeen = msOf(ctx.accounts.get(f.accountId)?.asOf.time);
  if (lastSeen !== undefined) (e.finding_info as Json).last_seen_time = lastSeen;
  const rule = RULES_BY_ID.get(f.ruleId);
  if (rule && (f.status === 'FAIL' || f.status === 'EXCEPTED' || f.status === 'NEEDS_EVIDENCE')) {
    e.remediation = { desc: rule.remediation.console.join(' '), references: rule.references };
  }
  const own: Json = { status: f.status, rule_id: f.ruleId, resource: f.resource, evidence: f.evidence.map(evidenceJson) };
  if (f.window !== undefined) own.window_days = f.window;
  if (f.underlyingStatus !== undefined) own.underlying_status = f.underlyingStatus;
  if (f.status === 'NEEDS_EVIDENCE') own.reason = f.message;
  if (f.exception) {
    const x = f.exception;
    own.exception = { owner: x.owner, justification: x.justification, expires: x.expires, ...(x.ticket !== undefined ? { ticket: x.ticket } : {}) };
  }
  if (change) own.change = changeJson(change);
  e.unmapped = { credaudit: own };
  return e;
}

/** A finding the baseline failed that this audit no longer reports: Resolved, compliance unknown. */
function goneEvent(ctx: Context, c: FindingChange): Json {
  const rule = RULES_BY_ID.get(c.ruleId);
  const f = { accountId: c.accountId, ruleId: c.ruleId, severity: c.severity, title: c.title, controls: rule?.controls ?? [], resource: c.resource };
  const e = baseEvent(ctx, f, stableFindingUid(c), c.text);
  e.compliance = { standards: standardsOf(f), requirements: f.controls.map(controlText), control: c.ruleId, status_id: 0, status: 'Unknown' };
  e.status_id = FINDING_STATUS.resolved.id;
  e.status = FINDING_STATUS.resolved.name;
  const own: Json = { rule_id: c.ruleId, resource: c.resource, change: changeJson(c) };
  if (c.window !== undefined) own.window_days = c.window;
  e.unmapped = { credaudit: own };
  return e;
}

/** The OCSF events as objects: changed findings first, then the rest, then those no longer reported. */
export function buildOcsf(result: AuditResult): Json[] {
  const ctx: Context = { result, accounts: new Map(result.accounts.map((a) => [a.accountId, a])), evaluatedMs: parseUtcMs(result.evaluatedAt) ?? 0 };
  const uids = stableFindingUids(result.findings);
  const events = findingsChangesFirst(result).map(({ finding, change }) => findingEvent(ctx, finding, uids.get(finding) as string, change));
  for (const c of result.changes?.items ?? []) if (c.after === undefined) events.push(goneEvent(ctx, c));
  return events;
}

/** A JSON array with one event per line (valid JSON, and easy to split for a line-oriented shipper). */
export function toOcsf(result: AuditResult): string {
  const events = buildOcsf(result);
  return events.length === 0 ? '[]\n' : `[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;
}
