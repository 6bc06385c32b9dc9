// Remediation commands filled with what a finding knows (RULES.md "Remediation content": commands
// use the finding's own account id and key id where the inputs know them, placeholders only where
// they do not). Rules write the placeholders below; the page, the workpaper and the tests fill them.
// Pure and small: the page imports it (test/architecture allows it) to render a finding's steps.
import type { Evidence, Remediation } from './types';

/** Placeholders a rule may write in its remediation, each filled from one fact of the finding. */
export const PLACEHOLDER = {
  accountId: 'ACCOUNT_ID',
  /** A root long-term access key (AKIA...). */
  rootKeyId: 'ROOT_ACCESS_KEY_ID',
  userName: 'USER_NAME',
} as const;

/** What a finding knows that its commands can use. Values are only set when safe to paste into a shell. */
export interface RemediationFacts {
  accountId?: string;
  /** Root long-term access key ids, in the order the finding cites them. */
  rootKeyIds: string[];
  userName?: string;
}

// Only values of these shapes are filled in: anything else (a hand-edited report, a hostile name)
// keeps the placeholder, so a copied command can never carry shell syntax from an input file.
const ACCOUNT_ID = /^\d{12}$/;
const LONG_TERM_KEY_ID = /^AKIA[A-Z0-9]{12,124}$/;
/** IAM user names: 1–64 of letters, digits and + = , . @ _ - (IAM's own rule). */
const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
const ROOT_RESOURCE = '<root_account>';

/** The evidence field that names a root access key id (CT-ROOT-LONG-TERM-KEY-USED cites each key so). */
export const ACCESS_KEY_ID_FIELD = 'userIdentity.accessKeyId';

/** The facts a finding holds: its account, its IAM user (user findings), root AKIA keys it cites. */
export function remediationFacts(finding: { accountId: string | null; resource: string; evidence: readonly Evidence[] }): RemediationFacts {
  const facts: RemediationFacts = { rootKeyIds: [] };
  if (finding.accountId !== null && ACCOUNT_ID.test(finding.accountId)) facts.accountId = finding.accountId;
  const isRoot = finding.resource === ROOT_RESOURCE;
  if (!isRoot && IAM_USER_NAME.test(finding.resource)) facts.userName = finding.resource;
  if (isRoot) {
    const seen = new Set<string>();
    for (const e of finding.evidence) {
      const key = e.field === ACCESS_KEY_ID_FIELD ? e.value.trim() : '';
      if (LONG_TERM_KEY_ID.test(key) && !seen.has(key)) {
        seen.add(key);
        facts.rootKeyIds.push(key);
      }
    }
  }
  return facts;
}

/** The facts every one of `findings` shares (one account, one user), and the root keys any of them cites. */
export function sharedRemediationFacts(findings: readonly { accountId: string | null; resource: string; evidence: readonly Evidence[] }[]): RemediationFacts {
  const each = findings.map(remediationFacts);
  const first = each[0];
  const shared: RemediationFacts = { rootKeyIds: [...new Set(each.flatMap((f) => f.rootKeyIds))] };
  if (first?.accountId !== undefined && each.every((f) => f.accountId === first.accountId)) shared.accountId = first.accountId;
  if (first?.userName !== undefined && each.every((f) => f.userName === first.userName)) shared.userName = first.userName;
  return shared;
}

const word = (placeholder: string): RegExp => new RegExp(`\\b${placeholder}\\b`, 'g');
const ACCOUNT_RE = word(PLACEHOLDER.accountId);
const KEY_RE = word(PLACEHOLDER.rootKeyId);
const USER_RE = word(PLACEHOLDER.userName);

/** One line with the known facts in place; a line naming the root key is repeated once per known key. */
function fillLine(line: string, facts: RemediationFacts): string[] {
  let out = line;
  if (facts.accountId !== undefined) out = out.replace(ACCOUNT_RE, facts.accountId);
  if (facts.userName !== undefined) out = out.replace(USER_RE, facts.userName);
  if (facts.rootKeyIds.length === 0 || !out.includes(PLACEHOLDER.rootKeyId)) return [out];
  return facts.rootKeyIds.map((key) => out.replace(KEY_RE, key));
}

/** `remediation` with every placeholder the facts can fill filled; the others stay as written. */
export function fillRemediation(remediation: Remediation, facts: RemediationFacts): Remediation {
  const fill = (lines: readonly string[]) => lines.flatMap((l) => fillLine(l, facts));
  return { console: fill(remediation.console), cli: fill(remediation.cli), prevention: fill(remediation.prevention), verify: fill(remediation.verify) };
}
