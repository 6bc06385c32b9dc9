// The exceptions file: `{"exceptions":[...]}` as JSON or YAML, as the CLI's --exceptions and the
// page's Exceptions panel (through the worker) take it. Malformed entries become problems.
import { parse as parseYaml } from 'yaml';
import { expiryMs } from './exceptions';
import { clip } from './text';
import { utcDay } from './time';
import type { ExceptionEntry, Problem } from './types';

const REQUIRED = ['ruleId', 'accountId', 'owner', 'justification', 'expires'] as const;

export interface ParsedExceptions {
  /** Well-formed entries (expired ones included; they are filtered at evaluation time). */
  entries: ExceptionEntry[];
  problems: Problem[];
}

/** Reads `{"exceptions":[...]}` as JSON or YAML. Malformed entries become problems and are dropped. */
export function parseExceptions(text: string, input: string): ParsedExceptions {
  const problems: Problem[] = [];
  let doc: unknown;
  try {
    const t = text.replace(/^\uFEFF/, '').trim();
    doc = t.startsWith('{') || t.startsWith('[') ? JSON.parse(t) : parseYaml(t, { maxAliasCount: 50 });
  } catch (e) {
    problems.push({ input, severity: 'error', message: `Exceptions file is neither valid JSON nor YAML: ${clip(e instanceof Error ? e.message : String(e), 160)}` });
    return { entries: [], problems };
  }
  const list = Array.isArray(doc) ? doc : (doc as { exceptions?: unknown } | null)?.exceptions;
  if (!Array.isArray(list)) {
    problems.push({ input, severity: 'error', message: 'Exceptions file must hold {"exceptions": [ ... ]}.' });
    return { entries: [], problems };
  }
  const entries: ExceptionEntry[] = [];
  list.forEach((raw, i) => {
    const rec = i + 1;
    if (!raw || typeof raw !== 'object') {
      problems.push({ input, record: rec, severity: 'error', message: `Exception #${rec} is not an object; ignored.` });
      return;
    }
    const o = raw as Record<string, unknown>;
    const missing = REQUIRED.filter((k) => typeof o[k] !== 'string' || (o[k] as string).trim() === '');
    // YAML reads an unquoted date as a string with `yaml` v2 core schema; accept Date objects too.
    if (o.expires instanceof Date) o.expires = utcDay(o.expires.getTime());
    if (typeof o.accountId === 'number') o.accountId = String(o.accountId).padStart(12, '0');
    // Re-check after the conversions above; an empty or blank value still counts as missing.
    const stillMissing = missing.filter((k) => typeof o[k] !== 'string' || (o[k] as string).trim() === '');
    if (stillMissing.length > 0) {
      problems.push({ input, record: rec, severity: 'error', message: `Exception #${rec} lacks ${stillMissing.join(', ')}; ignored.` });
      return;
    }
    if (!/^\d{12}$/.test(o.accountId as string)) {
      problems.push({ input, record: rec, severity: 'error', message: `Exception #${rec}: accountId "${clip(String(o.accountId))}" is not 12 digits; ignored.` });
      return;
    }
    if (expiryMs(o.expires as string) === undefined) {
      problems.push({ input, record: rec, severity: 'error', message: `Exception #${rec}: expires "${clip(String(o.expires))}" is not a date (YYYY-MM-DD); ignored.` });
      return;
    }
    const e: ExceptionEntry = {
      ruleId: (o.ruleId as string).trim(),
      accountId: o.accountId as string,
      owner: o.owner as string,
      justification: o.justification as string,
      expires: o.expires as string,
    };
    if (typeof o.resource === 'string' && o.resource !== '') e.resource = o.resource;
    if (typeof o.ticket === 'string' && o.ticket !== '') e.ticket = o.ticket;
    entries.push(e);
  });
  return { entries, problems };
}
