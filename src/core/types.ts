// The contracts shared by every room (worker, CLI, UI, tests). Pure types, no code.

export type Status = 'PASS' | 'FAIL' | 'NOT_APPLICABLE' | 'NEEDS_EVIDENCE' | 'EXCEPTED';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type ProblemSeverity = 'error' | 'warning' | 'info';

export const STATUSES: readonly Status[] = ['FAIL', 'EXCEPTED', 'NEEDS_EVIDENCE', 'PASS', 'NOT_APPLICABLE'];
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Something in the input we could not use, or want the reader to know. Never thrown. */
export interface Problem {
  input: string;
  line?: number;
  record?: number;
  severity: ProblemSeverity;
  message: string;
}

/** One cited piece of evidence: where it came from and what it said. */
export interface Evidence {
  input: string;
  line?: number;
  eventId?: string;
  field: string;
  value: string;
  /** Whole days between the value (a timestamp) and asOf; negative when later than asOf. */
  ageDays?: number;
  note?: string;
  /** When the value is long: `value` is clipped and the whole of it is `AuditResult.values[valueRef]`. */
  valueRef?: number;
}

export interface ControlRef {
  framework: string;
  version: string;
  control: string;
  /** Suggested mappings are for the reviewer to confirm. */
  suggested?: boolean;
}

export interface Remediation {
  console: string[];
  cli: string[];
  prevention: string[];
  verify: string[];
}

export interface ExceptionEntry {
  ruleId: string;
  accountId: string;
  resource?: string;
  owner: string;
  justification: string;
  /** YYYY-MM-DD or ISO date-time. */
  expires: string;
  ticket?: string;
}

export interface Finding {
  ruleId: string;
  window?: number;
  status: Status;
  /** When EXCEPTED, the status before the exception (always FAIL). */
  underlyingStatus?: Status;
  severity: Severity;
  accountId: string | null;
  resource: string;
  title: string;
  message: string;
  evidence: Evidence[];
  controls: ControlRef[];
  remediationId: string;
  exception?: ExceptionEntry;
  /** The resource's ARN as the credential report gives it (root's `arn:…:root`), when known. */
  resourceArn?: string;
  /** When the resource name is long: `resource` is clipped and the whole name is `AuditResult.values[resourceRef]`. */
  resourceRef?: number;
}

export type InputKind =
  | 'credential-report'
  | 'credential-report-error'
  | 'cloudtrail'
  | 'virtual-mfa-devices'
  | 'account-summary'
  | 'metric-filters'
  | 'metric-alarms'
  | 'organizations-accounts'
  | 'organization-features'
  | 'exceptions'
  | 'previous-audit'
  | 'ignored'
  | 'unknown';

export interface InputSummary {
  name: string;
  sha256: string;
  bytes: number;
  kind: InputKind;
  /** Detected format within the kind, e.g. 'csv', 'api-json-base64', 'placebo-json'. */
  format: string;
  records: number;
  skipped: number;
  accountIds: string[];
  generatedTime?: string;
}

/** Where as-of came from (RULES.md "Time"): `file-name` a date-time in a CSV report's name, `cloudtrail-end` the latest loaded CloudTrail event. */
export type AsOfSource = 'pinned' | 'report' | 'file-name' | 'file-date' | 'cloudtrail-end' | 'now';

export interface AsOf {
  time: string;
  source: AsOfSource;
}

/** A root credential's state as the page's root card shows it. */
export interface RootCredentialView {
  credential: 'password' | 'access_key_1' | 'access_key_2' | 'cert_1' | 'cert_2' | 'mfa';
  state: string;
  lastUsed?: string;
  lastUsedAgeDays?: number;
  lastRotated?: string;
  withinWindows: number[];
}

/** One account in the result: as-of, root credential card, CloudTrail coverage and the verdict line. */
export interface AccountView {
  accountId: string | null;
  name?: string;
  partition?: string;
  asOf: AsOf;
  reportInput?: string;
  reportGeneratedTime?: string;
  hasRootRow: boolean;
  userCount: number;
  root?: RootCredentialView[];
  /** Latest root use per the report (any credential). */
  rootLastUsed?: string;
  cloudtrail?: {
    coverageStart?: string;
    coverageEnd?: string;
    events: number;
    rootEvents: number;
  };
  /** Short verdict a newcomer understands. */
  verdict: string;
  verdictSeverity: Severity | 'pass';
}

export interface AuditResult {
  tool: { name: string; version: string; build: string };
  asOf: AsOf;
  evaluatedAt: string;
  windows: number[];
  /** What changed since a previous audit (present when one was loaded as the baseline). */
  changes?: AuditChanges;
  /** What changed between two credential reports of one account (present when such a pair was loaded). */
  reportChanges?: ReportDiff[];
  inputs: InputSummary[];
  accounts: AccountView[];
  findings: Finding[];
  problems: Problem[];
  exceptions: ExceptionEntry[];
  /** Counts of the findings (what "summary" means in credaudit; the CLI text's "Summary:" line). */
  summary: {
    byStatus: Record<Status, number>;
    bySeverity: Record<Severity, number>;
    /** FAIL findings only, by severity. */
    failBySeverity: Record<Severity, number>;
  };
  /** Extra detail for UI and exports (root events, user credential ages). */
  details: AuditDetails;
  /**
   * Input values too long to repeat (a 10 MB cell): each held once here, cited by index from
   * `Evidence.valueRef`, `Finding.resourceRef` and `UserCredentialAge.userRef`, where a clipped
   * copy says how long the value is. Absent when no value is that long.
   */
  values?: string[];
  manifestSha256?: string;
}

/** How a finding moved since the baseline (a previous audit's evidence JSON); see changes.ts. */
export type ChangeKind = 'new' | 'exception-ended' | 'still-failing' | 'status-changed' | 'exception-added' | 'resolved';

/** One finding that changed (or still fails) since the baseline, matched by account + rule + window + resource. */
export interface FindingChange {
  change: ChangeKind;
  ruleId: string;
  window?: number;
  accountId: string | null;
  resource: string;
  severity: Severity;
  title: string;
  /** Status in the baseline; absent when the baseline did not report it. */
  before?: Status;
  /** Status now; absent when this audit no longer reports it. */
  after?: Status;
  /** new, still-failing, exception-ended: the earliest as-of at which it is known to fail (ISO). */
  failingSince?: string;
  /** Whole days from failingSince to the account's as-of in this audit. */
  failingDays?: number;
  /** exception-added: the exception now; exception-ended: the one in the baseline. */
  exception?: ExceptionEntry;
  /** exception-ended: expired by this audit's clock, or no longer in the exceptions. */
  ended?: 'expired' | 'removed';
  /** The sentence every format prints. */
  text: string;
}

/** `AuditResult.changes`: what changed since a previous audit of the same accounts. */
export interface AuditChanges {
  baseline: { input: string; asOf: string; evaluatedAt: string; tool: { name: string; version: string; build: string }; manifestSha256?: string };
  /** Accounts of this audit that the baseline also covers. */
  accountsCompared: (string | null)[];
  /** Accounts new in this audit (every FAIL of theirs is new). */
  accountsNew: (string | null)[];
  /** Accounts only the baseline covers: not compared (their findings are not called resolved). */
  accountsOnlyInBaseline: (string | null)[];
  counts: Record<ChangeKind, number>;
  /** In CHANGE_KINDS order, then severity, account, rule, window, resource. */
  items: FindingChange[];
}

/** What changed between two credential reports of one account (report-diff.ts). */
export type ReportChangeKind =
  | 'user-added'
  | 'user-removed'
  | 'user-recreated'
  | 'password-enabled'
  | 'password-disabled'
  | 'password-changed'
  | 'mfa-enabled'
  | 'mfa-disabled'
  | 'key-created'
  | 'key-deleted'
  | 'key-rotated'
  | 'key-activated'
  | 'key-deactivated'
  | 'cert-created'
  | 'cert-deleted'
  | 'cert-rotated'
  | 'cert-activated'
  | 'cert-deactivated'
  | 'root-used';

export interface ReportChange {
  change: ReportChangeKind;
  user: string;
  /** The credential the change is about (`access_key_1`, `cert_2`, `password`, `mfa`), when one. */
  credential?: string;
  /** The cell(s) it was read from: `column: before -> after`. */
  cells: string[];
  /** The sentence every format prints. */
  text: string;
}

/** Two reports of one account at different generation times, and what changed between them. */
export interface ReportDiff {
  accountId: string | null;
  older: { input: string; time?: string };
  newer: { input: string; time?: string };
  changes: ReportChange[];
}

export interface UserCredentialAge {
  accountId: string | null;
  user: string;
  /** When the user name is long: `user` is clipped and the whole name is `AuditResult.values[userRef]`. */
  userRef?: number;
  credential: 'password' | 'access_key_1' | 'access_key_2';
  /** Days since last use (or since creation / rotation when never used). */
  ageDays: number;
  neverUsed: boolean;
}

export interface RootEventView {
  accountId: string | null;
  time: string;
  eventName: string;
  eventSource: string;
  sourceIp?: string;
  userAgent?: string;
  region?: string;
  mfaUsed?: string;
  result?: string;
  accessKeyId?: string;
  assumedRoot: boolean;
  eventId?: string;
  input: string;
}

export interface AuditDetails {
  userCredentialAges: UserCredentialAge[];
  rootEvents: RootEventView[];
  /** Per account: root events per UTC day (YYYY-MM-DD -> count). */
  rootEventsPerDay: { accountId: string | null; day: string; count: number }[];
}

export interface AuditOptions {
  /** Evaluation clock, epoch ms. Required: core never reads the clock. */
  now: number;
  /** Pinned asOf (epoch ms); otherwise each account uses its report's generation time. */
  asOf?: number;
  windows?: number[];
  reportMaxAgeDays?: number;
  unusedCredentialDays?: number;
  keyRotationDays?: number;
  exceptions?: ExceptionEntry[];
  /** Zone offset, minutes east of UTC, for console CSV times that carry no zone (default 0: UTC). Parse user text with options.ts. */
  naiveTimeOffsetMinutes?: number;
  /** Largest file read, in bytes, plain or once decompressed (default 256 MB, DEFAULT_MAX_FILE_MB in options.ts). */
  maxFileBytes?: number;
  /** Most bytes read from all files together (decompressed), per session (default DEFAULT_MAX_TOTAL_GB in options.ts). */
  maxTotalBytes?: number;
  tool?: { name: string; version: string; build: string };
}

/** A file handed to the engine. `read` is lazy so large batches are not all held at once. */
export interface AuditInput {
  name: string;
  size: number;
  lastModified?: number;
  read: () => Promise<Uint8Array>;
  /**
   * Reads the bytes [from, to) without the rest, where the host can (Blob.slice, a file handle): a
   * zip archive larger than the per-file limit is then opened in place instead of refused.
   */
  range?: (from: number, to: number) => Promise<Uint8Array>;
}
