// The typed message union between the page and the audit worker. The page sends File objects
// (structured-cloned handles, not their contents); the worker reads, parses, evaluates, builds
// exports and the workpaper (an adapter over core's AuditSession). Two kinds of request:
//  - evaluation requests (add, remove, clear, options), numbered by `req`; the newest wins and only
//    it gets a `result` (see AuditSession);
//  - queries (export, parse-exceptions, workpaper), numbered in their own id space and answered
//    once each, outside that queue: they never replace an evaluation.
import type { ExportFormatMeta } from '../core/evidence/registry';
import type { ReadCounts } from './read-pool';
import type { WorkpaperData } from '../core/evidence/workpaper';
import type { RuleDefinition } from '../core/rules/define-rule';
import type { LoadedFile, SessionOutcome, SessionProgress } from '../core/session';
import type { ExceptionEntry, Finding, Problem } from '../core/types';
import type { FindingsQuery, ListLine, PageResult, PageViews } from '../core/views';

export type { ExportFormatMeta, LoadedFile, ReadCounts, WorkpaperData };
export type { FindingsQuery, ListLine, PageResult, PageViews };

/**
 * A result as the page receives it: without its findings (they come in pages, `findings` queries)
 * and with the views the page shows, built in the worker (core/views).
 */
export type PageOutcome = Omit<SessionOutcome, 'result'> & { result: PageResult | null; views: PageViews | null; reads: ReadCounts };

/** One page of the findings list: the lines `from`… of the list `query` selects, and its counts. */
export interface FindingsPage {
  query: FindingsQuery;
  from: number;
  lines: ListLine[];
  /** Lines in the whole list (group headers and how-tos included). */
  lineCount: number;
  matched: number;
  byStatus: Record<Finding['status'], number>;
  total: number;
}

/** Rule metadata for display: everything but the evaluate function. */
export type RuleMeta = Omit<RuleDefinition, 'evaluate'>;

/** Options as the page holds them. Sent with every request; the worker validates them (options.ts). */
export interface EvalOptions {
  /** Evaluation clock (epoch ms), taken by the page when it sends the request. */
  now: number;
  /** Pinned as-of (epoch ms); absent means "each report's own generation time". */
  asOf?: number;
  windows: number[];
  exceptions: ExceptionEntry[];
  /** Offset for zone-less console CSV times, as typed: 'UTC' or ±HH:MM. A change re-reads the files. */
  naiveTimeOffset: string;
}

export interface FileRef {
  /** Page-assigned id, stable for the file's life in the list. */
  id: number;
  /** Display name; the relative path when the file came from a folder. */
  name: string;
  file: File;
}

export type ProgressInfo = SessionProgress;

/** Workers started with a name beginning so are readers of the page's read pool (read-pool.ts), not audit workers. */
export const READER_NAME = 'credaudit-reader';

/** The one message a reader gets from the page: the port its tasks come in on. */
export interface ReaderSetup {
  type: 'serve';
  port: MessagePort;
}

export type WorkerRequest =
  | { type: 'add'; req: number; files: FileRef[]; options: EvalOptions }
  /** The first files of add `req`, handed over in parts before the `add` itself (which brings the last part). */
  | { type: 'stage'; req: number; files: FileRef[] }
  | { type: 'remove'; req: number; ids: number[]; options: EvalOptions }
  | { type: 'clear'; req: number; options: EvalOptions }
  | { type: 'options'; req: number; options: EvalOptions }
  /** Stops the read in progress at once (the file being read too); files not yet read are dropped (and named). */
  | { type: 'cancel' }
  /** Ports to the readers of the read pool (replacing earlier ones). */
  | { type: 'readers'; ports: MessagePort[] }
  /** Reader `index` (of the last `readers`) failed: its reads are done by the audit worker. */
  | { type: 'reader-failed'; index: number }
  /**
   * An export of the result of evaluation request `of` (the one the page shows); refused when the
   * worker's last result is another one (the page is about to show a newer result).
   */
  | { type: 'export'; req: number; format: string; of: number }
  /** Reads an exceptions file (JSON or YAML) the user picked. */
  | { type: 'parse-exceptions'; req: number; name: string; text: string }
  /** The workpaper's computed parts for the result of evaluation request `of`. */
  | { type: 'workpaper'; req: number; of: number }
  /** Lines `from` to `from + count` of the findings list `query` selects, of the result of request `of`. */
  | { type: 'findings'; req: number; of: number; query: FindingsQuery; from: number; count: number }
  /** One finding in full (the detail view), by its index in the result of request `of`. */
  | { type: 'finding'; req: number; of: number; index: number };

export type WorkerReply =
  | { type: 'ready'; rules: RuleMeta[]; exportFormats: ExportFormatMeta[] }
  | ({ type: 'progress'; req: number } & ProgressInfo)
  | ({ type: 'result' } & PageOutcome)
  | { type: 'error'; req: number; message: string }
  /**
   * An export: its text as a Blob of UTF-8 bytes, made here so the page neither receives a string of
   * tens of MB nor encodes it (that took over a second on the main thread for a 25,000-finding OSCAL
   * document). `fileName` is the name to save it under, as is.
   */
  | { type: 'export-result'; req: number; format: string; blob: Blob; fileName: string; mime: string }
  | { type: 'exceptions-result'; req: number; entries: ExceptionEntry[]; problems: Problem[] }
  | { type: 'workpaper-result'; req: number; workpaper: WorkpaperData }
  | { type: 'findings-result'; req: number; page: FindingsPage }
  | { type: 'finding-result'; req: number; finding: Finding }
  /** A query could not be answered. */
  | { type: 'query-error'; req: number; message: string };

/** What `AuditClient.export` resolves to. */
export interface ExportFile {
  blob: Blob;
  fileName: string;
  mime: string;
}
