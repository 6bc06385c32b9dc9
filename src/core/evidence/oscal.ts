// OSCAL 1.1.2 assessment-results (JSON) from an AuditResult.
//
// Shape (names as in the NIST model): metadata; import-ap (required; there is no plan, so it points
// at a back-matter resource saying so); local-definitions.objectives-and-methods (one per rule, with
// its framework mappings as props); results[0] with reviewed-controls (the rules evaluated),
// local-definitions.inventory-items (one per AWS account), observations (one per finding, carrying
// every cited cell as relevant-evidence and the inputs as subjects), risks (one per approved
// exception, status deviation-approved) and findings (target = the rule, status satisfied /
// not-satisfied); back-matter.resources = the reviewed input files with their SHA-256.
//
// Reproducible: every UUID is an RFC 4122 version-5 UUID (SHA-1, name-based) derived from the
// content, so the same result always gives byte-identical output. Inputs and accounts keep their
// UUIDs across audits (same file, same account); observations, findings and risks are scoped to
// this document (derived from a hash of what determines the result: tool, inputs, clock, options).
//
// Statuses OSCAL cannot say directly are kept exactly in a `status` prop (ns below) and mapped:
// PASS -> satisfied/pass; FAIL -> not-satisfied/fail; EXCEPTED -> not-satisfied/fail plus a
// deviation-approved risk; NEEDS_EVIDENCE -> not-satisfied/other (undetermined is not a pass);
// NOT_APPLICABLE -> satisfied/other with implementation-status not-applicable.
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { changeOfFinding } from '../changes';
import { expiryMs } from '../exceptions';
import { RULES, RULES_BY_ID } from '../rules/registry';
import { toIso } from '../time';
import type { AuditResult, Evidence, Finding, Status } from '../types';
import { canonicalJson } from './canonical';
import { AS_OF_SOURCE_LABEL } from '../labels';
import { accountLabel, controlText, evidenceText } from './common';
import { mdEscape } from './markdown';

export const OSCAL_VERSION = '1.1.2';
/** Namespace of credaudit's own OSCAL props. A URN: it names, it does not point anywhere. */
export const OSCAL_NS = 'urn:credaudit:oscal';
/** UUID v5 namespace for every UUID credaudit derives (fixed forever: changing it changes every UUID). */
export const CREDAUDIT_UUID_NAMESPACE = 'c48c639d-e8c8-4c2e-90d4-241e278c0752';

const utf8 = (s: string) => new TextEncoder().encode(s);
const hexOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function uuidBytes(uuid: string): Uint8Array {
  const h = uuid.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** RFC 4122 §4.3 name-based UUID, version 5 (SHA-1). */
export function uuidV5(name: string, namespace: string = CREDAUDIT_UUID_NAMESPACE): string {
  const ns = uuidBytes(namespace);
  const nm = utf8(name);
  const buf = new Uint8Array(ns.length + nm.length);
  buf.set(ns, 0);
  buf.set(nm, ns.length);
  const b = sha1(buf).slice(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = hexOf(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Text from the inputs in an OSCAL markup-line / markup-multiline field (titles, descriptions,
 * remarks, statements: OSCAL reads them as Markdown). Escaped as the Markdown export escapes
 * (HTML, links, code, bidi controls), on one line, so a user name such as
 * `<img src=x onerror=…>` or `[x](javascript:…)` stays text in every GRC tool that renders it.
 */
const md = (text: string): string => mdEscape(text.replace(/\s*(?:\r\n|\r|\n)+\s*/g, ' '));

/** OSCAL StringDatatype: non-empty, no leading/trailing or embedded line breaks. Undefined when empty. */
function oscalString(v: string | number | undefined | null): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v).replace(/\s+/g, ' ').trim();
  return s === '' ? undefined : s;
}

/** OSCAL TokenDatatype: starts with a letter or _, then letters, digits, . - _ */
export function oscalToken(s: string): string {
  const t = s.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^[\p{L}_]/u.test(t) ? t : `_${t}`;
}

interface Prop {
  name: string;
  ns: string;
  value: string;
  class?: string;
}

function props(entries: [string, string | number | undefined | null][]): Prop[] {
  const out: Prop[] = [];
  for (const [name, v] of entries) {
    const value = oscalString(v);
    if (value !== undefined) out.push({ name, ns: OSCAL_NS, value });
  }
  return out;
}

/** Adds `key: list` only when the list is non-empty (OSCAL arrays have minItems 1). */
function withList<T extends object, K extends string, V>(o: T, key: K, list: V[]): T {
  if (list.length > 0) (o as Record<string, unknown>)[key] = list;
  return o;
}

const uriPath = (name: string) => name.split('/').map(encodeURIComponent).join('/');

const TARGET: Record<Status, { state: 'satisfied' | 'not-satisfied'; reason: string }> = {
  PASS: { state: 'satisfied', reason: 'pass' },
  FAIL: { state: 'not-satisfied', reason: 'fail' },
  EXCEPTED: { state: 'not-satisfied', reason: 'fail' },
  NEEDS_EVIDENCE: { state: 'not-satisfied', reason: 'other' },
  NOT_APPLICABLE: { state: 'satisfied', reason: 'other' },
};

const STATUS_REMARK: Partial<Record<Status, string>> = {
  EXCEPTED: 'Failed; covered by an approved exception (see the related risk).',
  NEEDS_EVIDENCE: 'Undetermined: the inputs cannot decide this check; the description says which file or command would.',
  NOT_APPLICABLE: 'Not applicable to this account (for example, root credentials were removed).',
};

/** The OSCAL document as a plain object. */
export function buildOscal(result: AuditResult): Record<string, unknown> {
  // What determines the result: the engine (tool), the inputs (by hash), the clock, as-of, windows and
  // exceptions; the summary is added as a check. Hashing these instead of the whole result keeps a
  // 25,000-finding document fast, and the same audit still gives the same UUIDs.
  const identity = {
    tool: result.tool,
    evaluatedAt: result.evaluatedAt,
    asOf: result.asOf,
    accountsAsOf: result.accounts.map((a) => [a.accountId, a.asOf]),
    windows: result.windows,
    inputs: result.inputs.map((i) => [i.name, i.sha256, i.bytes]),
    exceptions: result.exceptions,
    summary: result.summary,
    findings: result.findings.length,
  };
  const contentHash = hexOf(sha256(utf8(canonicalJson(identity))));
  const docUuid = uuidV5(`assessment-results|${contentHash}`);
  const resultUuid = uuidV5(`result|${contentHash}`);
  const scoped = (kind: string, key: string) => uuidV5(`${kind}|${contentHash}|${key}`);

  // Inputs: back-matter resources, stable per file (same bytes and name -> same UUID).
  const inputUuid = new Map<string, string>();
  for (const i of result.inputs) inputUuid.set(i.name, uuidV5(`input|${i.sha256}|${i.name}`));
  const noPlanUuid = uuidV5('no-assessment-plan');
  const resources: Record<string, unknown>[] = [
    {
      uuid: noPlanUuid,
      title: 'No separate assessment plan',
      description:
        'credaudit evaluates the files it is given against its built-in rule catalogue; no OSCAL assessment plan was written for this run. The rules evaluated are listed in reviewed-controls; the inputs are the other back-matter resources.',
    },
    ...result.inputs.map((i) => ({
      uuid: inputUuid.get(i.name),
      title: md(i.name),
      description: md(`Reviewed input: ${i.kind} (${i.format}), ${i.records} records, ${i.skipped} skipped, ${i.bytes} bytes. The SHA-256 is over the file's bytes as loaded.`),
      props: props([
        ['input-kind', i.kind],
        ['input-format', i.format],
        ['records', i.records],
        ['skipped', i.skipped],
        ['bytes', i.bytes],
        ['generated-time', i.generatedTime],
        ...i.accountIds.map((a): [string, string] => ['account-id', a]),
      ]),
      rlinks: [{ href: uriPath(i.name), hashes: [{ algorithm: 'SHA-256', value: i.sha256 }] }],
    })),
  ];

  // Accounts: inventory items, stable per account id.
  const accountUuid = (id: string | null) => uuidV5(`aws-account|${id ?? 'unknown'}`);
  const accountIds = [...new Set([...result.accounts.map((a) => a.accountId), ...result.findings.map((f) => f.accountId)])];
  const inventoryItems = accountIds.map((id) => {
    const a = result.accounts.find((x) => x.accountId === id);
    return {
      uuid: accountUuid(id),
      description: md(`AWS account ${accountLabel(id)}${a?.name ? ` (${a.name})` : ''}${a ? `: ${a.verdict}` : ''}`),
      props: props([
        ['account-id', id ?? 'unknown'],
        ['account-name', a?.name],
        ['as-of', a?.asOf.time],
        ['as-of-source', a?.asOf.source],
      ]),
    };
  });
  const asOfOf = (id: string | null) => result.accounts.find((a) => a.accountId === id)?.asOf.time ?? result.asOf.time;

  const used = new Map<string, number>();
  const keyOf = (f: Finding) => {
    const base = `${f.accountId ?? 'unknown'}|${f.ruleId}|${f.window ?? ''}|${f.resource}`;
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    return n === 0 ? base : `${base}#${n}`;
  };

  const changeOf = changeOfFinding(result.changes, result.findings);
  const observations: Record<string, unknown>[] = [];
  const risks: Record<string, unknown>[] = [];
  const findings: Record<string, unknown>[] = [];
  for (const f of result.findings) {
    const key = keyOf(f);
    const obsUuid = scoped('observation', key);
    const cited = [...new Set(f.evidence.map((e) => e.input))];
    const reportInput = result.accounts.find((a) => a.accountId === f.accountId)?.reportInput;
    const subjectInputs = cited.length > 0 ? cited : reportInput ? [reportInput] : [];
    const subjects = [
      { 'subject-uuid': accountUuid(f.accountId), type: 'inventory-item', title: md(`AWS account ${accountLabel(f.accountId)}`) },
      ...subjectInputs.filter((n) => inputUuid.has(n)).map((n) => ({ 'subject-uuid': inputUuid.get(n), type: 'resource', title: md(n) })),
    ];
    const evidence = f.evidence.map((e: Evidence) => {
      // The description carries field, value, age, file and line; the href points at the file's
      // back-matter resource (and so its SHA-256). No per-cell props: they tripled the size.
      const re: Record<string, unknown> = { description: md(evidenceText(e)) };
      const res = inputUuid.get(e.input);
      if (res) re.href = `#${res}`;
      return re;
    });
    const observationProps = props([
      ['rule-id', f.ruleId],
      ['resource', f.resource],
      ['window-days', f.window],
    ]);
    const observation: Record<string, unknown> = {
      uuid: obsUuid,
      title: `${f.ruleId}: ${f.title}`,
      description: md(f.message),
      props: observationProps,
      methods: ['EXAMINE'],
      subjects,
    };
    withList(observation, 'relevant-evidence', evidence);
    // When the evidence was collected: the account's as-of (the report's generation time by default).
    observation.collected = asOfOf(f.accountId);
    observations.push(observation);

    let riskUuid: string | undefined;
    if (f.status === 'EXCEPTED' && f.exception) {
      const e = f.exception;
      riskUuid = scoped('risk', key);
      const risk: Record<string, unknown> = {
        uuid: riskUuid,
        title: md(`Accepted risk: ${f.ruleId} for ${f.resource} in account ${accountLabel(f.accountId)}`),
        description: md(e.justification),
        statement: md(`${f.title}. Accepted by ${e.owner} until ${e.expires}${e.ticket ? ` (${e.ticket})` : ''}.`),
        props: props([
          ['exception-owner', e.owner],
          ['exception-expires', e.expires],
          ['exception-ticket', e.ticket],
        ]),
        status: 'deviation-approved',
      };
      const end = expiryMs(e.expires);
      if (end !== undefined) risk.deadline = toIso(end);
      risk['related-observations'] = [{ 'observation-uuid': obsUuid }];
      risks.push(risk);
    }

    const t = TARGET[f.status];
    const status: Record<string, unknown> = { state: t.state, reason: t.reason };
    const remark = STATUS_REMARK[f.status];
    if (remark) status.remarks = remark;
    const target: Record<string, unknown> = {
      type: 'objective-id',
      'target-id': oscalToken(f.ruleId),
      title: f.title,
      status,
    };
    if (f.status === 'NOT_APPLICABLE') target['implementation-status'] = { state: 'not-applicable' };
    const finding: Record<string, unknown> = {
      uuid: scoped('finding', key),
      title: md(`${f.ruleId}${f.window !== undefined ? ` (${f.window} days)` : ''}: ${f.resource} in account ${accountLabel(f.accountId)}`),
      description: md(f.message),
      props: props([
        ['status', f.status],
        ['underlying-status', f.underlyingStatus],
        ['severity', f.severity],
        ['rule-id', f.ruleId],
        ['change', changeOf.get(f)?.change],
        ['failing-since', changeOf.get(f)?.failingSince],
      ]),
      target,
      'related-observations': [{ 'observation-uuid': obsUuid }],
    };
    if (riskUuid) finding['related-risks'] = [{ 'risk-uuid': riskUuid }];
    if (f.exception) finding.remarks = md(`Exception: owner ${f.exception.owner}, expires ${f.exception.expires}${f.exception.ticket ? `, ticket ${f.exception.ticket}` : ''}. ${f.exception.justification}`);
    findings.push(finding);
  }

  // The rules evaluated, each once, with its framework mappings (kept here, not on every finding).
  const ruleIds = result.findings.length > 0 ? [...new Set(result.findings.map((f) => f.ruleId))] : RULES.map((r) => r.id);
  const objectives = ruleIds.map((id) => {
    const rule = RULES_BY_ID.get(id);
    const first = result.findings.find((f) => f.ruleId === id);
    const controls = first?.controls ?? rule?.controls ?? [];
    const o: Record<string, unknown> = { 'control-id': oscalToken(id), description: rule?.title ?? first?.title ?? id };
    withList(o, 'props', [
      ...props([['severity', rule?.severity ?? first?.severity]]),
      ...controls.map((c) => ({ name: c.suggested ? 'suggested-control' : 'control', ns: OSCAL_NS, value: oscalString(controlText(c)) ?? id })),
    ]);
    o.parts = [{ name: 'assessment-objective', prose: rule?.rationale ?? first?.title ?? id }];
    return o;
  });
  const accountsText = result.accounts.map((a) => accountLabel(a.accountId)).join(', ') || 'no account identified';
  const localDefinitions: Record<string, unknown> = {};
  withList(localDefinitions, 'inventory-items', inventoryItems);
  const res: Record<string, unknown> = {
    uuid: resultUuid,
    title: `AWS root credential audit as of ${result.asOf.time}`,
    description: md(`credaudit evaluated ${result.inputs.length} input file(s) for ${accountsText}. As of ${result.asOf.time} (${AS_OF_SOURCE_LABEL[result.asOf.source]}); windows ${result.windows.join(', ')} days.`),
    start: result.evaluatedAt,
    end: result.evaluatedAt,
    props: props([
      ['as-of', result.asOf.time],
      ['as-of-source', result.asOf.source],
      ['windows-days', result.windows.join(' ')],
      ['changes-since', result.changes?.baseline.asOf],
      ...Object.entries(result.changes?.counts ?? {}).map(([k, n]): [string, number] => [`changes-${k}`, n]),
      ...Object.entries(result.summary.byStatus).map(([s, n]): [string, number] => [`count-${s.toLowerCase().replace(/_/g, '-')}`, n]),
    ]),
  };
  if (Object.keys(localDefinitions).length > 0) res['local-definitions'] = localDefinitions;
  res['reviewed-controls'] = {
    description:
      'The credaudit rules evaluated (its own catalogue). Their framework mappings (CIS AWS Foundations, AWS Security Hub, NIST SP 800-53, ...) are the "control" props of local-definitions.objectives-and-methods; "suggested-control" mappings are for the reviewer to confirm.',
    'control-selections': [{ 'include-controls': ruleIds.map((id) => ({ 'control-id': oscalToken(id) })) }],
  };
  withList(res, 'observations', observations);
  withList(res, 'risks', risks);
  withList(res, 'findings', findings);
  if (result.problems.length > 0) {
    res.remarks = `Problems reported while reading the inputs:\n\n${result.problems.map((p) => `* ${p.severity}: ${md(`${p.input}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`)}`).join('\n')}`;
  }

  return {
    'assessment-results': {
      uuid: docUuid,
      metadata: {
        title: md(`credaudit assessment results: ${accountsText}`),
        'last-modified': result.evaluatedAt,
        version: result.tool.version,
        'oscal-version': OSCAL_VERSION,
        props: props([
          ['tool', result.tool.name],
          ['tool-version', result.tool.version],
          ['tool-build', result.tool.build],
          ['manifest-sha256', result.manifestSha256],
        ]),
        remarks: 'Generated offline by credaudit. UUIDs are name-based (version 5) and derived from the content, so the same audit gives the same document.',
      },
      'import-ap': { href: `#${noPlanUuid}`, remarks: 'There is no assessment plan; the referenced back-matter resource says so.' },
      'local-definitions': { 'objectives-and-methods': objectives },
      results: [res],
      'back-matter': { resources },
    },
  };
}

export interface OscalOptions {
  /** Spaces of indentation; default 2, or 0 (one line) above 2,000 findings to keep big audits small. */
  indent?: number;
}

/** OSCAL assessment-results JSON text with a trailing newline. */
export function toOscal(result: AuditResult, opts: OscalOptions = {}): string {
  const indent = opts.indent ?? (result.findings.length > 2000 ? 0 : 2);
  return `${JSON.stringify(buildOscal(result), null, indent || undefined)}\n`;
}
