import type { CredentialReport } from '../credential-report/model';
import type { CloudTrailAccountData } from '../cloudtrail/model';
import type { AccountSummaryEvidence, AlarmEvidence, MetricFilterEvidence, OrganizationFeaturesEvidence, VirtualMfaEvidence } from '../evidence-files/model';
import type { ControlRef, Evidence, Problem, Remediation, Severity, Status } from '../types';

/** Everything known about one account, as rules see it. */
export interface AccountData {
  accountId: string | null;
  name?: string;
  report?: CredentialReport;
  /** Reports for this account that lost to a newer one. */
  olderReports: CredentialReport[];
  cloudtrail?: CloudTrailAccountData;
  virtualMfa?: VirtualMfaEvidence;
  accountSummary?: AccountSummaryEvidence;
  metricFilters?: MetricFilterEvidence;
  alarms?: AlarmEvidence;
  /** `aws iam list-organizations-features` files loaded with the batch (an organization setting: not tied to one account). */
  organizationFeatures?: OrganizationFeaturesEvidence[];
}

export interface RuleSettings {
  reportMaxAgeDays: number;
  unusedCredentialDays: number;
  keyRotationDays: number;
}

export interface RuleContext {
  account: AccountData;
  /** The instant windows are measured back from (epoch ms). */
  asOf: number;
  /** The evaluation clock (epoch ms). */
  now: number;
  windows: number[];
  settings: RuleSettings;
  /** Report a problem found while evaluating (e.g. a timestamp later than as-of). */
  problem: (p: Problem) => void;
}

/** What a rule returns; the registry adds rule id, title, severity, account and controls. */
export interface FindingDraft {
  status: Status;
  resource: string;
  message: string;
  evidence: Evidence[];
  window?: number;
}

export type RuleSource = 'credential-report' | 'cloudtrail' | 'cross-source' | 'evidence-files';

export interface RuleDefinition {
  id: string;
  title: string;
  severity: Severity;
  /** Inputs the rule reads. */
  needs: RuleSource[];
  /** One finding per configured window. */
  perWindow?: boolean;
  /** Root rules produce findings for `<root_account>`; user rules per IAM user. */
  scope: 'root' | 'user' | 'report';
  rationale: string;
  remediation: Remediation;
  references: string[];
  controls: ControlRef[];
  evaluate: (ctx: RuleContext) => FindingDraft[];
}

export function defineRule(def: RuleDefinition): RuleDefinition {
  return def;
}

export const ROOT_RESOURCE = '<root_account>';
