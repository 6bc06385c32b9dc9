// AWS Security Finding Format (ASFF, SchemaVersion 2018-10-08) for Security Hub's
// BatchImportFindings, through the custom-integration product every account has:
// ProductArn `arn:PARTITION:securityhub:REGION:ACCOUNT:product/ACCOUNT/default`.
//
// Output: JSON lines; each line is one JSON array of at most 100 findings (BatchImportFindings takes
// at most 100 per call), so `while read -r batch` can post each line as one --findings file (README).
// Each finding is imported into its own account's product (ProductArn and AwsAccountId are the
// finding's account): call BatchImportFindings with that account's credentials or from the Security
// Hub administrator account. Findings whose account is unknown (a report without ARNs) are left out:
// Security Hub requires an account id.
//
// Mapping: Compliance.Status PASS PASSED, FAIL and EXCEPTED FAILED, NEEDS_EVIDENCE WARNING,
// NOT_APPLICABLE NOT_AVAILABLE; Workflow.Status SUPPRESSED for EXCEPTED (exception in Note and
// ProductFields), else NEW; Severity.Label from the rule's severity; Title <= 256, Description <=
// 1,024, Remediation.Recommendation.Text <= 512 characters; RelatedRequirements <= 32. A finding
// the baseline failed and this audit no longer reports is sent with RecordState ARCHIVED.
import { RULES_BY_ID } from '../rules/registry';
import type { AccountView, AuditResult, Finding, FindingChange, Severity, Status } from '../types';
import { clipText, controlText, evidenceText, findingsChangesFirst, stableFindingUid, stableFindingUids, stripControls } from './common';

export const ASFF_SCHEMA_VERSION = '2018-10-08';
export const ASFF_BATCH_SIZE = 100;
export const DEFAULT_ASFF_REGION = 'us-east-1';

export const ASFF_SEVERITY: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFORMATIONAL' };
export const ASFF_COMPLIANCE: Record<Status, string> = { PASS: 'PASSED', FAIL: 'FAILED', EXCEPTED: 'FAILED', NEEDS_EVIDENCE: 'WARNING', NOT_APPLICABLE: 'NOT_AVAILABLE' };

const TYPE_BEST_PRACTICES = 'Software and Configuration Checks/AWS Security Best Practices';
const TYPE_CIS = 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';

/** Limits of the ASFF fields credaudit fills (characters). */
export const ASFF_LIMITS = { title: 256, description: 1024, recommendation: 512, note: 512, productFieldValue: 2048, productFields: 50, relatedRequirements: 32 } as const;

/** An AWS region name: letters, digits and dashes (us-east-1, us-gov-west-1, cn-north-1). */
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

type Json = Record<string, unknown>;
const text = (s: string, max: number) => clipText(stripControls(s), max);

export interface AsffOptions {
  /** The Security Hub region the findings are imported into (default us-east-1). */
  region?: string;
}

interface Context {
  result: AuditResult;
  region: string;
  accounts: Map<string | null, AccountView>;
}

function productFields(entries: [string, string | number | undefined][]): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of entries) {
    if (v === undefined || n >= ASFF_LIMITS.productFields) continue;
    out[k] = text(String(v), ASFF_LIMITS.productFieldValue);
    n++;
  }
  return out;
}

function base(ctx: Context, f: Pick<Finding, 'ruleId' | 'window' | 'resource' | 'resourceArn' | 'severity' | 'controls' | 'title'> & { accountId: string }, uid: string, description: string, createdAt: string): Json {
  const account = ctx.accounts.get(f.accountId);
  const partition = account?.partition ?? 'aws';
  const isRoot = f.resource === '<root_account>';
  const resource: Json = isRoot
    ? { Type: 'AwsAccount', Id: `AWS::::Account:${f.accountId}`, Partition: partition, Region: ctx.region }
    : { Type: 'AwsIamUser', Id: f.resourceArn ?? `${f.accountId}/${f.resource}`, Partition: partition, Region: ctx.region, Details: { AwsIamUser: { UserName: f.resource } } };
  const types = [TYPE_BEST_PRACTICES];
  if (f.controls.some((c) => c.framework === 'CIS AWS Foundations')) types.push(TYPE_CIS);
  const updatedAt = ctx.result.evaluatedAt;
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: `credaudit/${f.accountId}/${f.ruleId}${f.window !== undefined ? `/${f.window}d` : ''}/${uid}`,
    ProductArn: `arn:${partition}:securityhub:${ctx.region}:${f.accountId}:product/${f.accountId}/default`,
    ProductName: 'credaudit',
    CompanyName: 'credaudit',
    GeneratorId: f.ruleId,
    AwsAccountId: f.accountId,
    Region: ctx.region,
    Types: types,
    // CreatedAt may not be after UpdatedAt (the evaluation clock).
    CreatedAt: createdAt < updatedAt ? createdAt : updatedAt,
    UpdatedAt: updatedAt,
    Severity: { Label: ASFF_SEVERITY[f.severity], Original: f.severity },
    Title: text(`${f.title}${f.window !== undefined ? ` (${f.window} days)` : ''}: ${f.resource}`, ASFF_LIMITS.title),
    Description: text(description, ASFF_LIMITS.description),
    Resources: [resource],
  };
}

function requirements(f: Pick<Finding, 'controls'>): string[] {
  return [...new Set(f.controls.map((c) => text(controlText(c), 256)))].slice(0, ASFF_LIMITS.relatedRequirements);
}

function findingJson(ctx: Context, f: Finding & { accountId: string }, uid: string, change: FindingChange | undefined): Json {
  const asOf = ctx.accounts.get(f.accountId)?.asOf.time ?? ctx.result.asOf.time;
  const e = base(ctx, f, uid, f.message, change?.failingSince ?? asOf);
  if (change?.failingSince) e.FirstObservedAt = change.failingSince;
  e.LastObservedAt = asOf;
  e.Compliance = { Status: ASFF_COMPLIANCE[f.status], RelatedRequirements: requirements(f) };
  e.Workflow = { Status: f.status === 'EXCEPTED' ? 'SUPPRESSED' : 'NEW' };
  e.RecordState = 'ACTIVE';
  const rule = RULES_BY_ID.get(f.ruleId);
  if (rule && (f.status === 'FAIL' || f.status === 'EXCEPTED' || f.status === 'NEEDS_EVIDENCE')) {
    const rec: Json = { Text: text(rule.remediation.console.join(' '), ASFF_LIMITS.recommendation) };
    if (rule.references[0]) rec.Url = rule.references[0];
    e.Remediation = { Recommendation: rec };
  }
  const x = f.exception;
  if (x) {
    e.Note = { Text: text(`Exception: owner ${x.owner}, expires ${x.expires}${x.ticket ? `, ticket ${x.ticket}` : ''}. ${x.justification}`, ASFF_LIMITS.note), UpdatedBy: text(x.owner, 512) || 'credaudit', UpdatedAt: ctx.result.evaluatedAt };
  }
  e.ProductFields = productFields([
    ['credaudit/status', f.status],
    ['credaudit/window_days', f.window],
    ['credaudit/change', change?.change],
    ['credaudit/change_text', change?.text],
    ['credaudit/failing_since', change?.failingSince],
    ['credaudit/exception_owner', x?.owner],
    ['credaudit/exception_expires', x?.expires],
    ['credaudit/exception_ticket', x?.ticket],
    ['credaudit/exception_justification', x?.justification],
    ...f.evidence.map((ev, i): [string, string] => [`credaudit/evidence/${String(i + 1).padStart(2, '0')}`, evidenceText(ev)]),
  ]);
  return e;
}

function goneJson(ctx: Context, c: FindingChange & { accountId: string }): Json {
  const rule = RULES_BY_ID.get(c.ruleId);
  const f = { ...c, controls: rule?.controls ?? [] };
  const e = base(ctx, f, stableFindingUid(c), c.text, ctx.result.changes?.baseline.asOf ?? ctx.result.asOf.time);
  e.Compliance = { Status: 'NOT_AVAILABLE', RelatedRequirements: requirements(f) };
  e.Workflow = { Status: 'NEW' };
  e.RecordState = 'ARCHIVED';
  e.ProductFields = productFields([
    ['credaudit/change', c.change],
    ['credaudit/change_text', c.text],
  ]);
  return e;
}

const known = <T extends { accountId: string | null }>(x: T): x is T & { accountId: string } => x.accountId !== null;

/** The ASFF findings (changed first), without the batching. */
export function buildAsff(result: AuditResult, opts: AsffOptions = {}): Json[] {
  const ctx: Context = { result, region: opts.region ?? DEFAULT_ASFF_REGION, accounts: new Map(result.accounts.map((a) => [a.accountId, a])) };
  const uids = stableFindingUids(result.findings);
  const out: Json[] = [];
  for (const { finding, change } of findingsChangesFirst(result)) if (known(finding)) out.push(findingJson(ctx, finding, uids.get(finding) as string, change));
  for (const c of result.changes?.items ?? []) if (c.after === undefined && known(c)) out.push(goneJson(ctx, c));
  return out;
}

/** How many findings the ASFF output leaves out because their account is unknown. */
export function asffOmitted(result: AuditResult): number {
  return result.findings.filter((f) => f.accountId === null).length;
}

/** JSON lines: one array of at most 100 findings per line (nothing at all when there is no finding). */
export function toAsff(result: AuditResult, opts: AsffOptions = {}): string {
  const findings = buildAsff(result, opts);
  const lines: string[] = [];
  for (let i = 0; i < findings.length; i += ASFF_BATCH_SIZE) lines.push(JSON.stringify(findings.slice(i, i + ASFF_BATCH_SIZE)));
  return lines.map((l) => `${l}\n`).join('');
}
