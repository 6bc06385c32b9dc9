// The typed message union between the page and the audit worker. The page sends File objects
// (structured-cloned handles, not their contents); the worker reads, parses and evaluates.
import type { RuleDefinition } from '../core/rules/define-rule';
import type { AuditResult, ExceptionEntry, InputSummary } from '../core/types';

/** Rule metadata for display: everything but the evaluate function. */
export type RuleMeta = Omit<RuleDefinition, 'evaluate'>;

/** Options that change what is evaluated. Sent with every request; the newest wins. */
export interface EvalOptions {
  /** Evaluation clock (epoch ms), taken by the page when it sends the request. */
  now: number;
  /** Pinned as-of (epoch ms); absent means "each report's own generation time". */
  asOf?: number;
  windows: number[];
  exceptions: ExceptionEntry[];
  /** Offset for zone-less console CSV times: 'UTC' or ±HH:MM. A change re-reads the files. */
  naiveTimeOffset: string;
}

export interface FileRef {
  /** Page-assigned id, stable for the file's life in the list. */
  id: number;
  /** Display name; the relative path when the file came from a folder. */
  name: string;
  file: File;
}

export type WorkerRequest =
  | { type: 'add'; req: number; files: FileRef[]; options: EvalOptions }
  | { type: 'remove'; req: number; ids: number[]; options: EvalOptions }
  | { type: 'clear'; req: number; options: EvalOptions }
  | { type: 'options'; req: number; options: EvalOptions }
  /** Stops the ingest in progress between two files; files not yet read are dropped. */
  | { type: 'cancel' }
  /**
   * Builds an export of the last result the worker computed. Not queued with the requests above and
   * numbered in its own id space, so it never replaces an evaluation ("newest wins" is untouched).
   * `of` is the evaluation request id of the result the page shows; when the worker's last result
   * is another one, the export is refused (the page is about to show a newer result).
   */
  | { type: 'export'; req: number; format: ExportFormatId; of: number };

/** Export formats the worker builds: evidence JSON, findings CSV, Markdown summary, OSCAL. */
export type ExportFormatId = 'json' | 'csv' | 'md' | 'oscal';

/** A file the worker holds, with what the engine made of it. */
export interface LoadedFile {
  id: number;
  name: string;
  size: number;
  input: InputSummary;
}

export interface ProgressInfo {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  /** The file being read now. */
  current?: string;
}

export type WorkerReply =
  | { type: 'ready'; rules: RuleMeta[] }
  | ({ type: 'progress'; req: number } & ProgressInfo)
  | {
      type: 'result';
      req: number;
      /** Null when no file is loaded. */
      result: AuditResult | null;
      files: LoadedFile[];
      /** Names of files dropped by a cancel (not read). */
      cancelled: string[];
      timing: { ingestMs: number; evaluateMs: number };
    }
  | { type: 'error'; req: number; message: string }
  /**
   * An export (`req` is the export's own id): its text as a Blob of UTF-8 bytes, made here so the
   * page neither receives a string of tens of MB nor encodes it (that took over a second on the
   * main thread for a 25,000-finding OSCAL document). `fileName` is the suggested name.
   */
  | { type: 'export-result'; req: number; format: ExportFormatId; blob: Blob; fileName?: string }
  | { type: 'export-error'; req: number; format: ExportFormatId; message: string };
