// Typed model of an IAM credential report. Sentinels stay distinct from dates and from each other.

export const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

export type ReportColumn = (typeof REPORT_COLUMNS)[number];

export const BOOLEAN_COLUMNS = [
  'password_enabled',
  'mfa_active',
  'access_key_1_active',
  'access_key_2_active',
  'cert_1_active',
  'cert_2_active',
] as const satisfies readonly ReportColumn[];

export const DATE_COLUMNS = [
  'user_creation_time',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'cert_1_last_rotated',
  'cert_2_last_rotated',
] as const satisfies readonly ReportColumn[];

export type BooleanColumn = (typeof BOOLEAN_COLUMNS)[number];
export type DateColumn = (typeof DATE_COLUMNS)[number];

export type SentinelKind = 'N/A' | 'no_information' | 'not_supported';

/** A cell as read. `missing` = the column is absent from the file; `empty` = the cell is blank. */
export type Cell<T> =
  | { kind: 'value'; value: T; raw: string }
  | { kind: SentinelKind; raw: string }
  | { kind: 'empty'; raw: '' }
  | { kind: 'missing' }
  | { kind: 'invalid'; raw: string };

export type DateCell = Cell<number>;
export type BoolCell = Cell<boolean>;

export interface ReportRow {
  /** 1-based physical line number in the CSV text (header is line 1). */
  line: number;
  user: string;
  arn?: string;
  isRoot: boolean;
  bools: Record<BooleanColumn, BoolCell>;
  dates: Record<DateColumn, DateCell>;
  /** Raw text of every cell in file order; names are in CredentialReport.columns (extra columns included). */
  cells: string[];
}

export interface CredentialReport {
  input: string;
  /** The envelope the CSV came in. */
  format: string;
  accountId: string | null;
  partition?: string;
  /** Generation time (epoch ms) from the API envelope, when present. */
  generatedTime?: number;
  /** File's lastModified, offered as as-of when the report carries no generation time. */
  fileTime?: number;
  columns: string[];
  missingColumns: ReportColumn[];
  extraColumns: string[];
  rows: ReportRow[];
  root?: ReportRow;
  users: ReportRow[];
  /** 2025+ format: root password_enabled is a real boolean and timestamps end in Z. */
  formatGeneration: '2025' | 'legacy' | 'unknown';
}

export const ROOT_USER = '<root_account>';
