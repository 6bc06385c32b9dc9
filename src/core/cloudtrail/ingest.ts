// CloudTrail ingest. Placeholder until the CloudTrail issue lands: detection returns undefined,
// so no CloudTrail findings are produced. The shape of these functions is the contract.
import type { Problem } from '../types';
import type { AssumeRootCall, CloudTrailAccountData, RootEvent } from './model';

export interface CloudTrailFileResult {
  format: string;
  /** Records read (any identity). */
  records: number;
  skipped: number;
  rootEvents: RootEvent[];
  assumeRootCalls: AssumeRootCall[];
  /** Per account: earliest/latest event of any identity, count, and UTC days seen. */
  coverage: Map<string | null, { start: number; end: number; count: number; days: Set<string> }>;
  /** Event ids of every record seen (for de-duplication across files), when the format has them. */
  problems: Problem[];
  /** True when the format has no MFA flag and no sign-in result (console CSV). */
  limitedFormat: boolean;
}

/** Returns the CloudTrail format name when the text is a CloudTrail shape, else undefined. */
export function detectCloudTrail(_text: string): string | undefined {
  return undefined;
}

export function parseCloudTrail(_text: string, input: string, format: string, _opts: { naiveTimeOffsetMinutes: number }): CloudTrailFileResult {
  return { format, records: 0, skipped: 0, rootEvents: [], assumeRootCalls: [], coverage: new Map(), problems: [{ input, severity: 'info', message: 'CloudTrail is not read yet.' }], limitedFormat: false };
}

/** Merges per-file results into per-account data, de-duplicating root events by event id. */
export function buildCloudTrailAccounts(_files: CloudTrailFileResult[]): Map<string | null, CloudTrailAccountData> {
  return new Map();
}
