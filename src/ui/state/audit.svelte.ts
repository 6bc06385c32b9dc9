// The page's audit state: files, options and the latest result. All work happens in the worker;
// this class only sends requests and keeps the answers. Arrays and results are `$state.raw`
// (replaced, never mutated) so they can be posted to the worker and stay cheap when large.
import { DEFAULT_WINDOWS, timeOffsetText } from '../../core/options';
import type { ExceptionEntry, Finding, Problem } from '../../core/types';
import type { EvalOptions, ExportFile, ExportFormatMeta, FindingsPage, FindingsQuery, LoadedFile, PageResult, PageViews, ProgressInfo, RuleMeta, WorkerReply, WorkpaperData } from '../../worker/protocol';
import { AuditClient } from '../../worker/client';
import { fmtInt, plural } from '../format';

/** The windows offered as checkboxes (a menu, not the default: that is DEFAULT_WINDOWS). */
export const WINDOW_PRESETS = [1, 30, 45, 90] as const;

export interface NamedFile {
  file: File;
  /** Defaults to the file name; the relative path for folder picks. */
  name?: string;
}

export class AuditState {
  rules = $state.raw<ReadonlyMap<string, RuleMeta>>(new Map());
  /** The export formats the worker builds (from its registry), for the export buttons. */
  exportFormats = $state.raw<readonly ExportFormatMeta[]>([]);
  files = $state.raw<LoadedFile[]>([]);
  /** The result without its findings (they stay in the worker and come in pages). */
  result = $state.raw<PageResult | null>(null);
  /** Views of the result built in the worker: verdict band, roll-up, frameworks, counts. */
  views = $state.raw<PageViews | null>(null);
  timing = $state.raw<{ ingestMs: number; evaluateMs: number } | null>(null);
  progress = $state.raw<ProgressInfo | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  /** Short status for the live region. */
  status = $state('No files loaded yet.');
  /** Counts results received; lets views react to "a new result arrived". */
  resultSerial = $state(0);

  pinnedAsOf = $state<number | undefined>(undefined);
  windows = $state.raw<number[]>([...DEFAULT_WINDOWS]);
  exceptions = $state.raw<ExceptionEntry[]>([]);
  /** Zone offset (minutes east of UTC) for console CSV times written without a zone. */
  timeOffsetMinutes = $state(0);

  #client: AuditClient | null = null;
  #nextId = 1;
  #pasteCount = 0;
  #awaiting = 0;
  #startedAt = 0;

  /** Starts the worker. Separate from the constructor so tests and SSR can skip it. */
  start(): void {
    if (this.#client) return;
    try {
      this.#client = new AuditClient({
        ready: (rules, exportFormats) => {
          this.rules = new Map(rules.map((r) => [r.id, r]));
          this.exportFormats = exportFormats;
        },
        progress: (p) => (this.progress = p),
        result: (r) => this.#onResult(r),
        error: (message) => {
          this.error = message;
          this.status = `Error: ${message}`;
          this.busy = false;
          this.progress = null;
        },
      });
    } catch (e) {
      this.error = `The audit worker could not start: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  options(): EvalOptions {
    const o: EvalOptions = { now: Date.now(), windows: [...this.windows], exceptions: [...this.exceptions], naiveTimeOffset: timeOffsetText(this.timeOffsetMinutes) };
    if (this.pinnedAsOf !== undefined) o.asOf = this.pinnedAsOf;
    return o;
  }

  #begin(req: number | undefined, status: string): void {
    if (req === undefined) return;
    this.#awaiting = req;
    this.#startedAt = performance.now();
    this.busy = true;
    this.error = null;
    this.status = status;
  }

  addFiles(list: NamedFile[]): void {
    if (list.length === 0) return;
    this.start();
    const refs = list.map(({ file, name }) => ({ id: this.#nextId++, name: name || file.name, file }));
    // Sizes come with the worker's first progress: reading `file.size` here costs Chromium a
    // synchronous look at the disk per picked file (120 ms on this thread for a 300-file folder).
    this.progress = { files: 0, totalFiles: refs.length, bytes: 0, totalBytes: 0, rootEvents: 0 };
    this.#begin(this.#client?.add(refs, this.options()), `Reading ${plural(refs.length, 'file')}…`);
  }

  /** Adds pasted text as a file; JSON-looking text gets a .json name, anything else .csv. */
  addText(text: string): string | undefined {
    if (text.trim() === '') return undefined;
    this.#pasteCount++;
    const t = text.trimStart();
    const name = `pasted-${this.#pasteCount}.${t.startsWith('{') || t.startsWith('[') ? 'json' : 'csv'}`;
    this.addFiles([{ file: new File([text], name, { type: 'text/plain', lastModified: Date.now() }) }]);
    return name;
  }

  remove(id: number): void {
    const f = this.files.find((x) => x.id === id);
    this.files = this.files.filter((x) => x.id !== id);
    this.#begin(this.#client?.remove([id], this.options()), `Removing ${f?.name ?? 'file'}…`);
  }

  clear(): void {
    this.files = [];
    this.#begin(this.#client?.clear(this.options()), 'Removing all files…');
  }

  cancel(): void {
    this.#client?.cancel();
    this.status = 'Cancelling…';
  }

  /**
   * An export of the result on screen (UTF-8 text in a Blob, with its file name and type), built in
   * the worker: it keeps that result, with the same options and exceptions, and the page does not
   * freeze on a large audit.
   */
  exportFile(format: string): Promise<ExportFile> {
    return this.#ask((client) => client.export(format));
  }

  /** The print view's verdicts, exception states, remediation and manifest of the result on screen. */
  workpaper(): Promise<WorkpaperData> {
    return this.#ask((client) => client.workpaper());
  }

  /** Lines of the findings list for `query`, from the result on screen. */
  findings(query: FindingsQuery, from: number, count: number): Promise<FindingsPage> {
    return this.#ask((client) => client.findings(query, from, count));
  }

  /** One finding of the result on screen, in full (the detail dialog). */
  finding(index: number): Promise<Finding> {
    return this.#ask((client) => client.finding(index));
  }

  /** Reads an exceptions file (JSON or YAML) in the worker, as the CLI's --exceptions does. */
  parseExceptions(name: string, text: string): Promise<{ entries: ExceptionEntry[]; problems: Problem[] }> {
    return this.#ask((client) => client.parseExceptions(name, text));
  }

  /** Asks the worker; a rejected promise (never a throw) when it did not start. */
  #ask<T>(question: (client: AuditClient) => Promise<T>): Promise<T> {
    return this.#client ? question(this.#client) : Promise.reject(new Error('the audit worker is not running'));
  }

  /** Re-evaluates with the current options (fast: no file is read again). */
  reevaluate(): void {
    if (!this.#client || this.files.length === 0) return;
    const req = this.#client.setOptions(this.options());
    this.#awaiting = req;
    this.#startedAt = performance.now();
  }

  pinAsOf(ms: number | undefined): void {
    this.pinnedAsOf = ms;
    this.reevaluate();
  }

  /** `windows` as parseWindows returns them (checked, unique, ascending). */
  setWindows(windows: number[]): void {
    this.windows = windows;
    this.reevaluate();
  }

  setExceptions(list: ExceptionEntry[]): void {
    this.exceptions = [...list];
    this.reevaluate();
  }

  /** `minutes` as parseTimeOffset returns them. A change reads the files again. */
  setTimeOffset(minutes: number): void {
    if (minutes === this.timeOffsetMinutes) return;
    this.timeOffsetMinutes = minutes;
    if (this.#client && this.files.length > 0) this.#begin(this.#client.setOptions(this.options()), 'Re-reading files with the new time zone…');
  }

  #onResult(r: Extract<WorkerReply, { type: 'result' }>): void {
    this.result = r.result;
    this.views = r.views;
    this.files = r.files;
    this.timing = r.timing;
    this.resultSerial++;
    if (r.req < this.#awaiting) return;
    const wasBusy = this.busy;
    this.busy = false;
    this.progress = null;
    const res = r.result;
    const cancelled = r.cancelled.length > 0 ? ` Cancelled: ${plural(r.cancelled.length, 'file')} not read.` : '';
    if (!res) {
      this.status = `No files loaded.${cancelled}`;
      return;
    }
    if (!wasBusy && !cancelled) {
      // Option changes re-evaluate quietly; say only what changed in the numbers.
      this.status = `Re-evaluated: ${summaryLine(res)}`;
      return;
    }
    const ms = Math.round(performance.now() - this.#startedAt);
    const read = r.reads.byReaders + r.reads.here;
    const how = r.reads.byReaders > 0 ? ` (${plural(read, 'file')} read, ${fmtInt(r.reads.byReaders)} by ${plural(r.reads.readers, 'reader')} in parallel)` : '';
    this.status = `Audit ready in ${fmtInt(ms)} ms${how}: ${summaryLine(res)}${cancelled}`;
  }
}

export function summaryLine(res: PageResult): string {
  const f = res.summary.failBySeverity;
  const fails = res.summary.byStatus.FAIL;
  const worst = (['critical', 'high', 'medium', 'low', 'info'] as const).filter((s) => f[s] > 0).map((s) => `${fmtInt(f[s])} ${s}`);
  return `${plural(res.accounts.length, 'account')}, ${plural(res.findingCount, 'finding')}, ${fmtInt(fails)} failing${worst.length ? ` (${worst.join(', ')})` : ''}, ${plural(res.problems.length, 'problem')}.`;
}
