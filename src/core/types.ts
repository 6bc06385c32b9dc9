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
  | 'exceptions'
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

export type AsOfSource = 'pinned' | 'report' | 'file-date' | 'now';

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
  manifestSha256?: string;
}

export interface UserCredentialAge {
  accountId: string | null;
  user: string;
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
  tool?: { name: string; version: string; build: string };
}

/** A file handed to the engine. `read` is lazy so large batches are not all held at once. */
export interface AuditInput {
  name: string;
  size: number;
  lastModified?: number;
  read: () => Promise<Uint8Array>;
}
