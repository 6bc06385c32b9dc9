// Evidence files: small optional AWS CLI outputs that sharpen some root checks (FORMATS.md). Read
// by `read.ts`, detected by the input reader table, used by the rules. Each records the file it
// came from, so findings can cite it.

/** `aws iam list-virtual-mfa-devices`, for one account. */
export interface VirtualMfaEvidence {
  input: string;
  /** Serial numbers of virtual MFA devices assigned to root in this account. */
  rootDevices: { serial: string; enableDate?: string }[];
  deviceCount: number;
  /**
   * Entries of the file's VirtualMFADevices that could not be read (not an object, no SerialNumber
   * string: lower-case keys, nulls, nesting). Any of them could be root's device, so the file cannot
   * show that root has none. Counted for the whole file, on every account it names.
   */
  unreadable: number;
}

/** `aws iam get-account-summary`. */
export interface AccountSummaryEvidence {
  input: string;
  accountMfaEnabled?: number;
  accountAccessKeysPresent?: number;
  accountSigningCertificatesPresent?: number;
}

/** `aws logs describe-metric-filters`. */
export interface MetricFilterEvidence {
  input: string;
  filters: { name: string; logGroup: string; pattern: string; metrics: { name: string; namespace: string }[] }[];
}

/** `aws cloudwatch describe-alarms`, for one account. */
export interface AlarmEvidence {
  input: string;
  alarms: { name: string; arn?: string; metricName?: string; namespace?: string; actions: string[]; actionsEnabled: boolean }[];
}

/** `aws organizations list-accounts`: account id -> account name. */
export type OrgAccountNames = Map<string, string>;

/**
 * `aws iam list-organizations-features` (management or delegated admin account): the organization's
 * centralized root access features, e.g. `RootCredentialsManagement`, `RootSessions`. Names no account.
 */
export interface OrganizationFeaturesEvidence {
  input: string;
  organizationId?: string;
  enabledFeatures: string[];
}
