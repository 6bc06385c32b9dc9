// The page's side of saving files: the audit worker builds every evidence export (text, name and
// type, from the export registry) and the page only hands the Blob to the browser as a download
// (Blob + <a download>). The exceptions file is the page's own list, written in the format the
// CLI's --exceptions takes. Nothing is sent anywhere.
import type { ExceptionEntry } from '../core/types';

export interface DownloadFile {
  name: string;
  mime: string;
  /** The text, or a Blob of its UTF-8 bytes (as the worker sends it). */
  content: string | Blob;
}

/** The exceptions file the CLI's --exceptions takes. */
export function exceptionsFile(entries: readonly ExceptionEntry[]): DownloadFile {
  const clean = entries.map((e) => {
    const o: ExceptionEntry = { ruleId: e.ruleId, accountId: e.accountId, owner: e.owner, justification: e.justification, expires: e.expires };
    if (e.resource !== undefined && e.resource !== '') o.resource = e.resource;
    if (e.ticket !== undefined && e.ticket !== '') o.ticket = e.ticket;
    return o;
  });
  return { name: 'credaudit-exceptions.json', mime: 'application/json', content: `${JSON.stringify({ exceptions: clean }, null, 2)}\n` };
}

/**
 * Saves `file` through the browser's download (no network: a blob: URL on this page). Returns the
 * size in bytes (UTF-8), which the Blob knows without a second pass over the text.
 */
export function download(file: DownloadFile): number {
  // A Blob from the worker is wrapped, not copied: only its type is set here.
  const blob = new Blob([file.content], { type: file.mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return blob.size;
}
