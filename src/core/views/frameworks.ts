// The framework view: the findings regrouped by framework and edition, requirement by requirement,
// each with its status and a pass percentage per edition (what Prowler and Security Hub users
// navigate by). Also the search tokens of a finding's mappings (every control id in every edition,
// Config rule names), so a search for "IAM.4", "2.4" or "iam-root-access-key-check" finds it.
// Pure: reads only the findings' own `controls`.
import { STATUSES, type ControlRef, type Finding, type Status } from '../types';

/** CIS AWS Foundations editions in release order; a mapping written as a range covers each between. */
export const CIS_EDITIONS: readonly string[] = ['1.2', '1.3', '1.4', '1.5', '2.0', '3.0', '4.0', '5.0', '6.0', '7.0'];
const CIS = 'CIS AWS Foundations';

/** The editions a mapping's `version` stands for: "1.3–4.0" is every CIS edition from 1.3 to 4.0. */
export function editionsOf(c: Pick<ControlRef, 'framework' | 'version'>): string[] {
  const range = /^(\d+\.\d+)\s*[–-]\s*(\d+\.\d+)$/.exec(c.version);
  if (c.framework !== CIS || !range) return [c.version];
  const from = CIS_EDITIONS.indexOf(range[1] as string);
  const to = CIS_EDITIONS.indexOf(range[2] as string);
  return from < 0 || to < from ? [c.version] : CIS_EDITIONS.slice(from, to + 1);
}

/** `framework|edition`: the key a framework selector and the findings filter use. */
export const editionKey = (framework: string, edition: string): string => `${framework}|${edition}`;

/** Every edition key a finding's mappings cover (the findings filter "maps to"). */
export function editionKeysOf(controls: readonly ControlRef[]): string[] {
  const out = new Set<string>();
  for (const c of controls) for (const e of editionsOf(c)) out.add(editionKey(c.framework, e));
  return [...out];
}

/**
 * Lower-case tokens a search term must equal to match a mapping: every control id ("2.4", "iam.4",
 * "iam-root-access-key-check", "cc6.1"). Exact, so "1.1" does not find CIS 1.12.
 */
export function controlTokens(controls: readonly ControlRef[]): string[] {
  return [...new Set(controls.map((c) => c.control.toLowerCase()))];
}

/** Words of the mappings for free-text search: framework names and editions. */
export function controlWords(controls: readonly ControlRef[]): string {
  const words = new Set<string>();
  for (const c of controls) {
    words.add(c.framework.toLowerCase());
    for (const e of editionsOf(c)) words.add(e.toLowerCase());
  }
  return [...words].join(' ');
}

const rank = (s: Status): number => STATUSES.indexOf(s);
const worst = (a: Status, b: Status): Status => (rank(a) <= rank(b) ? a : b);
const zeroCounts = (): Record<Status, number> => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;

export interface RequirementRow {
  control: string;
  /** Every mapping to it is marked suggested (for the reviewer to confirm). */
  suggested: boolean;
  /** The rules that decide it (those mapped directly; the suggested ones when none is), in the order first met. */
  ruleIds: string[];
  /** Rules with a suggested mapping to a requirement that also has direct ones: listed, not counted. */
  relatedRuleIds: string[];
  /** Worst status of the deciding rules' findings: FAIL, EXCEPTED, NEEDS_EVIDENCE, PASS, NOT_APPLICABLE. */
  status: Status;
  /** The deciding rules' findings by status. */
  counts: Record<Status, number>;
}

export interface EditionView {
  /** `editionKey(framework, edition)`. */
  key: string;
  framework: string;
  edition: string;
  /** "CIS AWS Foundations v7.0", "AWS Security Hub CSPM control". */
  label: string;
  /** Every requirement of this edition is a suggested mapping. */
  suggested: boolean;
  requirements: RequirementRow[];
  /** Requirements by their status. */
  byStatus: Record<Status, number>;
  /** Requirements that count for the percentage: all but NOT_APPLICABLE ones. */
  decided: number;
  /** Requirements whose every applicable finding passes. */
  passing: number;
  /** `passing / decided` as a whole percentage (rounded down, so 99.6 % is not shown as 100); null when nothing applies. */
  passPercent: number | null;
}

/** Framework order in the selector: CIS editions first, then AWS, then the rest by name. */
const FRAMEWORK_ORDER = [CIS, 'AWS Security Hub', 'AWS Config', 'NIST SP 800-53', 'ISO/IEC 27001', 'SOC 2'];

function frameworkRank(f: string): number {
  const i = FRAMEWORK_ORDER.indexOf(f);
  return i < 0 ? FRAMEWORK_ORDER.length : i;
}

/** Compares control ids numerically part by part ("1.10" after "1.9"), text parts in code-unit order. */
export function compareControls(a: string, b: string): number {
  const pa = a.split(/([0-9]+)/);
  const pb = b.split(/([0-9]+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (x !== '' && y !== '' && Number.isInteger(nx) && Number.isInteger(ny) && /^\d+$/.test(x) && /^\d+$/.test(y)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function editionLabel(framework: string, edition: string): string {
  if (framework === CIS) return `${framework} v${edition}`;
  if (framework === 'AWS Security Hub') return `AWS Security Hub ${edition}`;
  if (framework === 'AWS Config') return `AWS Config ${edition}s`;
  return `${framework} ${edition}`;
}

/**
 * One view per framework edition that any finding maps to, requirement by requirement. A
 * requirement's status is the worst of the findings mapped to it (every account, user and window);
 * the pass percentage counts requirements, leaving out those where nothing applies.
 */
export function frameworkViews(findings: readonly Finding[]): EditionView[] {
  // The controls arrays are shared per rule: group findings by (rule, controls) first, so 25,000
  // findings of 24 rules cost one pass plus 24 small walks.
  const byRule = new Map<string, { controls: readonly ControlRef[]; counts: Record<Status, number> }>();
  for (const f of findings) {
    let r = byRule.get(f.ruleId);
    if (!r) byRule.set(f.ruleId, (r = { controls: f.controls, counts: zeroCounts() }));
    r.counts[f.status]++;
  }
  // Per requirement: the rules mapped directly and those only suggested, with their findings' counts.
  interface Acc {
    control: string;
    direct: Map<string, Record<Status, number>>;
    suggested: Map<string, Record<Status, number>>;
  }
  const editions = new Map<string, { framework: string; edition: string; rows: Map<string, Acc> }>();
  for (const [ruleId, { controls, counts }] of byRule) {
    for (const c of controls) {
      for (const edition of editionsOf(c)) {
        const key = editionKey(c.framework, edition);
        let ed = editions.get(key);
        if (!ed) editions.set(key, (ed = { framework: c.framework, edition, rows: new Map() }));
        let acc = ed.rows.get(c.control);
        if (!acc) ed.rows.set(c.control, (acc = { control: c.control, direct: new Map(), suggested: new Map() }));
        (c.suggested ? acc.suggested : acc.direct).set(ruleId, counts);
      }
    }
  }
  const rowOf = (acc: Acc): RequirementRow => {
    // A direct mapping decides; a suggested one decides only where nothing maps directly (a CloudTrail
    // rule suggested for "no root access key" must not turn a report's PASS into NEEDS_EVIDENCE).
    const deciding = acc.direct.size > 0 ? acc.direct : acc.suggested;
    const counts = zeroCounts();
    let status: Status = 'NOT_APPLICABLE';
    for (const c of deciding.values()) {
      for (const s of STATUSES) {
        counts[s] += c[s];
        if (c[s] > 0) status = worst(status, s);
      }
    }
    return {
      control: acc.control,
      suggested: acc.direct.size === 0,
      ruleIds: [...deciding.keys()],
      relatedRuleIds: acc.direct.size > 0 ? [...acc.suggested.keys()].filter((r) => !acc.direct.has(r)) : [],
      status,
      counts,
    };
  };
  const out: EditionView[] = [];
  for (const [key, ed] of editions) {
    const requirements = [...ed.rows.values()].map(rowOf).sort((a, b) => compareControls(a.control, b.control));
    const byStatus = zeroCounts();
    for (const r of requirements) byStatus[r.status]++;
    const decided = requirements.length - byStatus.NOT_APPLICABLE;
    const passing = byStatus.PASS;
    out.push({
      key,
      framework: ed.framework,
      edition: ed.edition,
      label: editionLabel(ed.framework, ed.edition),
      suggested: requirements.every((r) => r.suggested),
      requirements,
      byStatus,
      decided,
      passing,
      passPercent: decided === 0 ? null : Math.floor((passing * 100) / decided),
    });
  }
  const cisIndex = (e: string) => {
    const i = CIS_EDITIONS.indexOf(e);
    return i < 0 ? CIS_EDITIONS.length : i;
  };
  return out.sort(
    (a, b) =>
      frameworkRank(a.framework) - frameworkRank(b.framework) ||
      (a.framework < b.framework ? -1 : a.framework > b.framework ? 1 : 0) ||
      cisIndex(a.edition) - cisIndex(b.edition) ||
      (a.edition < b.edition ? -1 : a.edition > b.edition ? 1 : 0),
  );
}
