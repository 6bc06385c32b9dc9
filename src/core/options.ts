// What the user chooses, parsed and validated once: look-back windows and the zone offset for
// zone-less console CSV times. Every adapter (CLI flags, the page's fields, the worker's messages)
// calls these and shows the problem text as it is; nothing else re-checks the syntax. Pure.
import type { RuleSettings } from './rules/define-rule';
import { parseOffsetMinutes } from './time';

/** The look-back windows, in days, when the user picks none. The only place they are written. */
export const DEFAULT_WINDOWS: readonly number[] = Object.freeze([30, 90]);

/** Thresholds of the user-credential rules (CIS: 45 days unused, 90 days rotation; a week-old report). */
export const DEFAULT_RULE_SETTINGS: Readonly<RuleSettings> = Object.freeze({ reportMaxAgeDays: 7, unusedCredentialDays: 45, keyRotationDays: 90 });

/** Longest window accepted: a century. Longer ones say nothing a century does not. */
export const MAX_WINDOW_DAYS = 36_500;

/** Largest file read by default (MB), plain or once decompressed: the gzip-bomb limit, for plain files too. */
export const DEFAULT_MAX_FILE_MB = 256;
/**
 * The most a file may be: the text of one file is held as one string, and engines hold strings of
 * at most about 512 MiB (V8: 2^29 - 24 characters).
 */
export const MAX_FILE_MB = 512;
/** Most bytes read from all files together by default (GB, decompressed): an organization trail of a year fits. */
export const DEFAULT_MAX_TOTAL_GB = 64;

/** A parsed value, or the sentence that says why the text could not be used. */
export type Parsed<T> = { value: T } | { problem: string };

/**
 * Windows as typed ("30,90", "30 90", "30; 90") or as numbers: whole days from 1 to
 * MAX_WINDOW_DAYS, returned unique and ascending. An empty list is a problem, not the default.
 */
export function parseWindows(input: string | readonly number[]): Parsed<number[]> {
  const parts = typeof input === 'string' ? input.split(/[\s,;]+/).filter((s) => s !== '') : input.map(String);
  if (parts.length === 0) return { problem: `Give at least one window (whole days, e.g. ${DEFAULT_WINDOWS.join(',')}).` };
  const bad = parts.filter((s) => !/^\d+$/.test(s) || Number(s) < 1 || Number(s) > MAX_WINDOW_DAYS);
  if (bad.length > 0) return { problem: `Not a whole number of days from 1 to ${MAX_WINDOW_DAYS}: ${bad.join(', ')}.` };
  return { value: [...new Set(parts.map(Number))].sort((a, b) => a - b) };
}

/** `--max-file-mb`: whole megabytes from 1 to MAX_FILE_MB, as bytes. */
export function parseMaxFileMb(text: string): Parsed<number> {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > MAX_FILE_MB) return { problem: `"${t}" is not a whole number of megabytes from 1 to ${MAX_FILE_MB} (the longest text one file can be read into).` };
  return { value: Number(t) * 1048576 };
}

/** `--max-total-gb`: a positive number of gigabytes (decimals allowed, e.g. 0.5), as bytes. */
export function parseMaxTotalGb(text: string): Parsed<number> {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t) || !(Number(t) > 0)) return { problem: `"${t}" is not a positive number of gigabytes, e.g. ${DEFAULT_MAX_TOTAL_GB} or 0.5.` };
  return { value: Math.round(Number(t) * 1073741824) };
}

/** `UTC`, `Z` or `±HH:MM` / `±HHMM` (any case, up to ±14:00) as minutes east of UTC. */
export function parseTimeOffset(text: string): Parsed<number> {
  const minutes = parseOffsetMinutes(text);
  if (minutes === undefined) return { problem: `"${text.trim()}" is not UTC or a zone offset such as +05:30 or -08:00.` };
  return { value: minutes };
}

/** The canonical text of an offset in minutes: `UTC` or `±HH:MM` (what the engine reads). */
export function timeOffsetText(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}:${mm}`;
}
