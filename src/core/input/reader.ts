// The shape of an input reader: `detect` says whether a file is its kind (by content, never by
// name), `read` turns it into typed content plus problems. readers.ts lists them in order.
import type { BaselineAudit } from '../changes';
import type { CloudTrailFileResult } from '../cloudtrail/model';
import { cloudTrailHead } from '../cloudtrail/detect';
import { ANY_WORD } from '../cloudtrail/quoted-words';
import type { CredentialReport } from '../credential-report/model';
import type { AccountSummaryEvidence, AlarmEvidence, MetricFilterEvidence, OrgAccountNames, OrganizationFeaturesEvidence, VirtualMfaEvidence } from '../evidence-files/model';
import type { AuditInput, ExceptionEntry, InputKind, Problem } from '../types';

/** JSON bigger than this is not parsed to look for a small JSON file (a report or an evidence file). */
export const MAX_SMALL_JSON = 64 * 1024 * 1024;

/** The text parsed as JSON, or why it is not JSON. */
export type JsonProbe = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * What detection looks at: the decoded text and its name, plus views computed once and shared by
 * every reader (the CloudTrail head, the parsed JSON).
 */
export class InputText {
  private head: string | undefined;
  private parsed: JsonProbe | null | undefined;

  constructor(
    /** Decoded text (gzip, BOM and UTF-8 handled by decode.ts). */
    readonly text: string,
    /** The input's name, for problems (detection never looks at it). */
    readonly name: string,
    /**
     * Which of QUOTED_WORDS the CloudTrail head may quote (quoted-words.ts bits), when the host has
     * looked (the byte reader does, in one pass): detection skips the shapes that need the others.
     */
    readonly quoted: number = ANY_WORD,
  ) {}

  /** The first 64 KB after leading white space: what CloudTrail shapes are told apart by. */
  get cloudTrailHead(): string {
    this.head ??= cloudTrailHead(this.text);
    return this.head;
  }

  /**
   * The text parsed as JSON (once, whoever asks first), or undefined when it does not start with
   * `{` or `[` or is larger than MAX_SMALL_JSON (a big JSON file is CloudTrail or nothing).
   */
  json(): JsonProbe | undefined {
    if (this.parsed === undefined) {
      const trimmed = this.text.trimStart();
      if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && this.text.length <= MAX_SMALL_JSON) {
        try {
          this.parsed = { ok: true, value: JSON.parse(trimmed) };
        } catch (e) {
          this.parsed = { ok: false, error: e instanceof Error ? e.message : String(e) };
        }
      } else this.parsed = null;
    }
    return this.parsed ?? undefined;
  }

  /** The parsed JSON when it is an object (not an array or a scalar): what the evidence files are. */
  jsonObject(): Record<string, unknown> | undefined {
    const p = this.json();
    return p?.ok && p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value) ? (p.value as Record<string, unknown>) : undefined;
  }
}

/** What the host knows besides the text. */
export interface ReadContext {
  /** Minutes east of UTC for console CSV times without a zone; undefined when the offset given was not valid. */
  naiveTimeOffsetMinutes: number | undefined;
  /** The bytes were gzip (CloudTrail format names say so). */
  gzip: boolean;
  /** The file's date (epoch ms) when the host knows it: the as-of fallback of a raw CSV report. */
  lastModified?: number;
}

/** The typed content a reader hands on (none when the file was recognised but holds nothing usable). */
export type InputContent =
  | { type: 'credential-report'; report: CredentialReport }
  | { type: 'cloudtrail'; file: CloudTrailFileResult }
  | { type: 'virtual-mfa'; byAccount: Map<string | null, VirtualMfaEvidence> }
  | { type: 'account-summary'; summary: AccountSummaryEvidence }
  | { type: 'metric-filters'; filters: MetricFilterEvidence }
  | { type: 'alarms'; byAccount: Map<string | null, AlarmEvidence> }
  | { type: 'org-accounts'; names: OrgAccountNames }
  | { type: 'org-features'; features: OrganizationFeaturesEvidence }
  | { type: 'exceptions'; entries: ExceptionEntry[] }
  | { type: 'previous-audit'; baseline: BaselineAudit }
  /** A zip archive: its entries, read in its place (ingest.ts), and what could not be listed. */
  | { type: 'archive'; inputs: AuditInput[]; problems: Problem[] };

/** One file, read: what the input summary says about it, its problems, and its content. */
export interface InputRead {
  kind: InputKind;
  format: string;
  records: number;
  skipped: number;
  accountIds: string[];
  /** A report's GeneratedTime (epoch ms). */
  generatedTime?: number;
  problems: Problem[];
  content?: InputContent;
}

/** A new InputRead with nothing counted yet. */
export function inputRead(kind: InputKind, format: string, problems: Problem[] = []): InputRead {
  return { kind, format, records: 0, skipped: 0, accountIds: [], problems };
}

/**
 * `detect` returns what it found (any value; `read` receives it, so nothing is parsed twice) or
 * undefined when the file is not this kind.
 */
export interface InputReader<Match = unknown> {
  /** Unique, stable: names the reader in the documented order and in tests. */
  id: string;
  /** The InputSummary.kind it produces. */
  kind: InputKind;
  /** Audit inputs are detected among everything dropped; the exceptions file only when named as such. */
  purpose: 'audit' | 'exceptions';
  detect: (input: InputText) => Match | undefined;
  read: (input: InputText, match: Match, ctx: ReadContext) => InputRead | Promise<InputRead>;
}

/** Types a reader with its own match type; the table holds them as InputReader<unknown>. */
export function defineReader<Match>(reader: InputReader<Match>): InputReader {
  return reader as InputReader;
}
