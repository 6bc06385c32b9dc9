// Exceptions (risk acceptances): a FAIL covered by an unexpired entry becomes EXCEPTED. Reading an
// exceptions file is exceptions-file.ts; this module stays small and pure (the page imports
// expiryMs from it without pulling in a YAML parser).
import { clip } from './text';
import { parseUtc, DAY_MS } from './time';
import type { ExceptionEntry, Finding, Problem } from './types';

/** End of the expiry: a bare date is valid through the end of that UTC day. */
export function expiryMs(expires: string): number | undefined {
  const p = parseUtc(expires);
  if (!p) return undefined;
  return p.dateOnly ? p.ms + DAY_MS - 1 : p.ms;
}

export function isExpired(e: ExceptionEntry, now: number): boolean {
  const ms = expiryMs(e.expires);
  return ms === undefined || ms < now;
}

/** Turns matching FAILs into EXCEPTED. Expired entries are reported once and ignored. */
export function applyExceptions(findings: Finding[], entries: ExceptionEntry[], now: number, knownRuleIds: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const live: ExceptionEntry[] = [];
  entries.forEach((e) => {
    if (!knownRuleIds.has(e.ruleId)) {
      problems.push({ input: 'exceptions', severity: 'warning', message: `Exception for unknown rule ${clip(e.ruleId)} (account ${e.accountId}) matches nothing.` });
      return;
    }
    if (isExpired(e, now)) {
      problems.push({ input: 'exceptions', severity: 'warning', message: `Exception for ${e.ruleId} in ${e.accountId}${e.resource ? ` (${e.resource})` : ''} owned by ${e.owner} expired on ${e.expires}; ignored.` });
      return;
    }
    live.push(e);
  });
  for (const f of findings) {
    if (f.status !== 'FAIL') continue;
    const match = live.find((e) => e.ruleId === f.ruleId && e.accountId === f.accountId && (e.resource === undefined || e.resource === f.resource));
    if (match) {
      f.underlyingStatus = 'FAIL';
      f.status = 'EXCEPTED';
      f.exception = match;
    }
  }
  return problems;
}
