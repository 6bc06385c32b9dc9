// Normalized CloudTrail model (FORMATS.md §2): what one file yields (read.ts) and what the files
// of one account add up to (merge.ts). Problems travel with the file that raised them.
import type { Problem } from '../types';
import type { KeyList, Span, TimeList } from './coverage';

export interface RootEvent {
  /** Epoch ms, UTC. */
  time: number;
  accountId: string | null;
  identityType: string;
  accessKeyId?: string;
  invokedBy?: string;
  eventType?: string;
  eventName: string;
  eventSource: string;
  region?: string;
  sourceIp?: string;
  userAgent?: string;
  /** ConsoleLogin result: 'Success' | 'Failure' (undefined when the format cannot show it). */
  signInResult?: string;
  /** additionalEventData.MFAUsed as written ('Yes'/'No'), when present. */
  mfaUsed?: string;
  errorCode?: string;
  errorMessage?: string;
  /** userIdentity.sessionContext.assumedRoot === "true" (a centralized root task session). */
  assumedRoot: boolean;
  /** requestParameters.userName (JSON), or the IAM user a console CSV names in Resources: CreateAccessKey for someone else. */
  targetUserName?: string;
  /**
   * True when the format cannot show whose key CreateAccessKey made (a console CSV or a lookup-events
   * summary naming no IAM user): the call may have been for root itself or for a user.
   */
  targetNotShown?: boolean;
  eventId?: string;
  input: string;
  /** Record index in the input (1-based) or CSV line. */
  record?: number;
  /**
   * `responseElements[eventName]` when it is a string: the result of sign-in-type events
   * (`ConsoleLogin`, `PasswordUpdated`, `PasswordRecoveryRequested`, ...): 'Success' / 'Failure'.
   */
  outcome?: string;
  /** userIdentity.sessionContext.attributes.mfaAuthenticated as written ('true'/'false'), when present. */
  mfaAuthenticated?: string;
}

/** Non-root events that still matter to root rules (the caller side of sts:AssumeRoot). */
export interface AssumeRootCall {
  time: number;
  accountId: string | null;
  targetAccountId?: string;
  callerArn?: string;
  taskPolicyArn?: string;
  eventId?: string;
  input: string;
  /** Record index in the input (1-based) or CSV line. */
  record?: number;
  /** Set when the AssumeRoot call failed (no session was issued). */
  errorCode?: string;
}

export interface CloudTrailAccountData {
  accountId: string | null;
  /**
   * Earliest and latest event of any identity loaded for this account (epoch ms), times before
   * CloudTrail existed left out. Events later than the evaluation clock are not coverage either:
   * the rules clip at the clock (coverageAtClock).
   */
  coverageStart?: number;
  coverageEnd?: number;
  /** Days that have at least one event of any identity (YYYY-MM-DD, UTC). */
  daysWithEvents: string[];
  /** Every event time of any identity (copies included), sorted: for holes and the evaluation clock. */
  eventTimes: Float64Array;
  /** Stretches of more than 24 h between two consecutive events (anywhere; the rules clip them). */
  gaps: Span[];
  /** Distinct events of any identity (copies across and within files counted once). */
  totalEvents: number;
  rootEvents: RootEvent[];
  assumeRootCalls: AssumeRootCall[];
  /** Formats the events came from; a console CSV cannot show MFA or failed sign-ins. */
  formats: string[];
  /** True when every event came from formats without MFA and sign-in result fields. */
  onlyConsoleCsv: boolean;
  inputs: string[];
  /** Events of any identity loaded more than once (same eventID, time and name), beyond the first copy. */
  duplicatesRemoved?: number;
}

/** Events of any identity loaded for one account from one file (times before CloudTrail existed left out). */
export interface Coverage {
  /** Earliest and latest event (epoch ms). */
  start: number;
  end: number;
  /** Events counted, copies inside the file included. */
  count: number;
  /** UTC days (YYYY-MM-DD) with at least one event. */
  days: Set<string>;
  /** Every event time, in reading order. */
  times: TimeList;
  /** Keys (eventID + time + name) of the events that carry an eventID, for de-duplication. */
  keys: KeyList;
}

/** One CloudTrail file, read. */
export interface CloudTrailFileResult {
  format: string;
  /** Records read and used (any identity). */
  records: number;
  /** Records met but not used (unreadable time, invalid JSON, not a CloudTrail record); each reason is a problem. */
  skipped: number;
  rootEvents: RootEvent[];
  assumeRootCalls: AssumeRootCall[];
  /** Per account: earliest/latest event of any identity, count, and UTC days seen. */
  coverage: Map<string | null, Coverage>;
  problems: Problem[];
  /** True when the format has no MFA flag and no sign-in result (console CSV). */
  limitedFormat: boolean;
  /** The input's name. */
  input?: string;
}
