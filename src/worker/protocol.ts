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
  | { type: 'cancel' };

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
  | { type: 'error'; req: number; message: string };
